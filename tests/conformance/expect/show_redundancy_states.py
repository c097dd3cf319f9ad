"""Expected values for `show redundancy states` from genieparser's expected dicts.

licmig keeps one meaning per field across `show redundancy` and `show redundancy states`:
`mode` is the operating redundancy mode ("Redundancy Mode (Operational)"), `hardware_mode` the
Duplex/Simplex state (genie's `mode`, printed as "Mode = Duplex").
"""

# genie key -> licmig key (same meaning, same value as printed)
STRING_FIELDS = {
    "my_state": "my_state",
    "peer_state": "peer_state",
    "mode": "hardware_mode",
    "unit": "unit",
    "redundancy_mode_operational": "mode",
    "redundancy_mode_configured": "configured_mode",
    "redundancy_state": "redundancy_state",
    "maintenance_mode": "maintenance_mode",
    "manual_swact": "manual_swact",
    "manual_swact_reason": "manual_swact_reason",
    "communications": "communications",
    "communications_reason": "communications_reason",
}


def expected_values(data, source):
    if source != "genie":
        return []
    out = []
    for theirs, ours in STRING_FIELDS.items():
        if theirs in data:
            out.append((ours, data[theirs]))
    if "unit_id" in data:  # genie: int; licmig: as printed
        out.append(("unit_id", str(data["unit_id"])))
    if "client_count" in data:
        out.append(("client_count", data["client_count"]))
    return out
