"""Expected values for `show license` (traditional layout) from genieparser and ntc-templates.

genie: licenses{index: {feature, period_left, period_minutes, period_seconds, license_type,
license_state, count | count_in_use + count_violation, license_priority}} -- the dict keeps the
router's order, so the n-th index is our licenses/n. Its period_minutes/period_seconds are our
period_used split up: compared as period_used_seconds (minutes * 60 + seconds).
ntc: parsed_sample is a list in the router's order; "" means the field was not printed, which is
absent in ours and is not compared.
"""

GENIE_FIELDS = {
    "feature": "feature",
    "period_left": "period_left",
    "license_type": "license_type",
    "license_state": "license_state",
    "count": "license_count",
    "count_in_use": "license_count_in_use",
    "count_violation": "license_count_violation",
    "license_priority": "license_priority",
}

NTC_FIELDS = {
    "feature": "feature",
    "period_left": "period_left",
    "period_used": "period_used",
    "license_type": "license_type",
    "license_state": "license_state",
    "license_count": "license_count",
    "license_priority": "license_priority",
}


def expected_values(data, source):
    out = []
    if source == "genie":
        for pos, (index, lic) in enumerate(data.get("licenses", {}).items()):
            base = f"licenses/{pos}/"
            out.append((base + "index", int(index)))
            for theirs, ours in GENIE_FIELDS.items():
                if theirs in lic:
                    out.append((base + ours, lic[theirs]))
            if "period_minutes" in lic or "period_seconds" in lic:
                seconds = lic.get("period_minutes", 0) * 60 + lic.get("period_seconds", 0)
                out.append((base + "period_used_seconds", seconds))
    elif source == "ntc":
        for pos, rec in enumerate(data.get("parsed_sample", [])):
            base = f"licenses/{pos}/"
            for theirs, ours in NTC_FIELDS.items():
                value = rec.get(theirs, "")
                if value != "":
                    out.append((base + ours, value))
    return out
