"""Expected values for `show redundancy` from genieparser (red_sys_info / slot dicts) and
ntc-templates (flat active_* / standby_* records).

licmig keeps the processor it ran on ("Current Processor Information") in active_location,
my_state, uptime_in_state, image_version, boot, config_register, and its peer in standby_location,
peer_state, peer_* fields.
"""

GENIE_SYSTEM = {
    "available_system_uptime": "available_uptime",
    "switchovers_system_experienced": "switchovers",
    "standby_failures": "standby_failures",
    "last_switchover_reason": "last_switchover_reason",
    "hw_mode": "hardware_mode",
    "conf_red_mode": "configured_mode",
    "oper_red_mode": "mode",
    "maint_mode": "maintenance_mode",
    "communications": "communications",
    "communications_reason": "communications_reason",
}

# genie slot key -> (licmig key for this processor, licmig key for the peer)
GENIE_SLOT = {
    "curr_sw_state": ("my_state", "peer_state"),
    "uptime_in_curr_state": ("uptime_in_state", "peer_uptime_in_state"),
    "image_ver": ("image_version", "peer_image_version"),
    "boot": ("boot", "peer_boot"),
    "config_register": ("config_register", "peer_config_register"),
}

NTC_FIELDS = {
    "active_software_state": "my_state",
    "standby_software_state": "peer_state",
    "standby_status": "peer_state",
    "configured_redundancy_mode": "configured_mode",
    "operating_redundancy_mode": "mode",
    "hardware_mode": "hardware_mode",
    "maintenance_mode": "maintenance_mode",
    "last_switchover_reason": "last_switchover_reason",
    "standby_failures": "standby_failures",
    "switchovers": "switchovers",
    "active_config_register": "config_register",
    "standby_config_register": "peer_config_register",
}

UPTIME_UNITS = ("years", "weeks", "days", "hours", "minutes")


def _genie(data):
    out = []
    for theirs, ours in GENIE_SYSTEM.items():
        if theirs in data.get("red_sys_info", {}):
            out.append((ours, data["red_sys_info"][theirs]))
    slots = data.get("slot", {})
    for slot, info in slots.items():
        # the processor the command ran on is the active one (every sample ran on the active)
        mine = info.get("curr_sw_state") == "ACTIVE" or len(slots) == 1
        out.append(("active_location" if mine else "standby_location", slot))
        for theirs, (ours_mine, ours_peer) in GENIE_SLOT.items():
            if theirs in info:
                out.append((ours_mine if mine else ours_peer, info[theirs]))
    return out


def _uptime(rec, prefix):
    """ntc splits "1 year, 13 weeks, 6 days, 58 minutes" into parts; rebuilds the printed text."""
    parts = []
    for unit in UPTIME_UNITS:
        value = rec.get(f"{prefix}_uptime_{unit}", "")
        if value:
            parts.append(f"{value} {unit[:-1] if value == '1' else unit}")
    return ", ".join(parts)


def _ntc(rec):
    out = []
    for theirs, ours in NTC_FIELDS.items():
        if rec.get(theirs):
            out.append((ours, rec[theirs]))
    status = rec.get("communication_status", "")
    if status:  # ntc keeps "Down      Reason: Failure" whole; licmig splits state and reason
        state, _, reason = status.partition("Reason:")
        out.append(("communications", state.strip()))
        if reason.strip():
            out.append(("communications_reason", reason.strip()))
    for side, location_key, boot_key in (("active", "active_location", "boot"),
                                         ("standby", "standby_location", "peer_boot")):
        if rec.get(f"{side}_slot"):
            out.append((location_key, "slot " + rec[f"{side}_slot"]))
        if rec.get(f"{side}_boot_directory") and rec.get(f"{side}_boot_file"):
            out.append((boot_key, rec[f"{side}_boot_directory"] + ":" + rec[f"{side}_boot_file"]))
    for prefix, ours in (("system", "available_uptime"), ("active", "uptime_in_state"),
                         ("standby", "peer_uptime_in_state")):
        text = _uptime(rec, prefix)
        if text:
            out.append((ours, text))
    return out


def expected_values(data, source):
    if source == "genie":
        return _genie(data)
    if source == "ntc":
        out = []
        for rec in data.get("parsed_sample") or []:
            out.extend(_ntc(rec))
        return out
    return []
