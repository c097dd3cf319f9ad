"""Expected values for `show call-home profile all` from genieparser's expected dicts.

genie keys profiles by name; licmig lists them in printed order (see expected_values).
genie joins several addresses with commas and keeps "Not yet set up" as the address; licmig lists
the addresses and lists none for "Not yet set up".
"""

STRING_FIELDS = {
    "status": "status",
    "mode": "mode",
    "reporting_data": "reporting_data",
    "preferred_message_format": "preferred_message_format",
    "transport_method": "transport_method",
    "message_size_limit_in_bytes": "message_size_limit_bytes",
}

ADDRESS_FIELDS = {
    "http_address": "http_destinations",
    "email_address": "email_destinations",
    "other_address": "other_destinations",
}


def _addresses(value):
    if value.strip().lower() == "not yet set up":
        return []
    return [a.strip() for a in value.replace(",", " ").split() if a.strip()]


def expected_values(data, source):
    """genie keys profiles by name (in its own order); licmig lists them in printed order. So each
    profile is compared whole, as the object licmig would print for it, at whichever index it is."""
    if source != "genie":
        return []
    profiles = data.get("profile", {}).get("name", {})
    paths = [f"profiles/{i}" for i in range(len(profiles))]
    out = []
    for name, prof in profiles.items():
        want = {"name": name}
        for theirs, ours in STRING_FIELDS.items():
            if theirs in prof:
                want[ours] = prof[theirs]
        for theirs, ours in ADDRESS_FIELDS.items():
            want[ours] = _addresses(prof[theirs]) if theirs in prof else []
        out.append((f"profile {name}", ("any_of", paths, want)))
    return out
