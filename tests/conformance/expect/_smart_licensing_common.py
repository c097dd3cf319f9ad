"""Shared mapping of genieparser's and ntc-templates' Smart Licensing results to licmig's fields,
used by the show_license_{summary,status,all,usage,udi,tech_support} mappers (not a mapper itself).

licmig's usage entry: `license` is the name printed first ("network-advantage"), `entitlement_tag`
the text printed in parentheses ("C9300-48 Network Advan...") or after "Entitlement Tag:". Genie's
summary table calls the parenthesised text "entitlement" and the first column "license".
licmig splits the policy layout's "Smart Account: NAME As of DATE" into smart_account and
smart_account_as_of; genie keeps the whole text, so the mapper splits it the same way.
"""

AS_OF = " As of "

# genie "usage_reporting" keys -> licmig
USAGE_REPORTING = {
    "last_ack_received": "last_ack_received",
    "next_ack_deadline": "next_ack_deadline",
    "reporting_push_interval": "reporting_push_interval",
    "next_ack_push_check": "next_ack_push_check",
    "next_report_push": "next_report_push",
    "last_report_push": "last_report_push",
    "last_report_file_write": "last_report_file_write",
}

# genie per-license block keys -> licmig usage entry keys (strings as printed)
USAGE_BLOCK = {
    "license": "license",
    "entitlement_tag": "entitlement_tag",
    "description": "description",
    "version": "version",
    "status": "status",
    "export_status": "export_status",
    "feature_name": "feature_name",
    "feature_description": "feature_description",
    "enforcement_type": "enforcement_type",
    "license_type": "license_type",
}

ROLE_RANK = {"active": 0, "standby": 1, "member": 2}


def smart_account(value):
    """'NAME As of DATE' -> [(path, value)] the way licmig splits it."""
    if AS_OF in value:
        name, date = value.split(AS_OF, 1)
        return [("smart_account", name.strip()), ("smart_account_as_of", date.strip())]
    return [("smart_account", value)]


def enabled(value):
    return {"ENABLED": True, "DISABLED": False}.get(str(value).upper())


def status_section(s):
    """genie's smart-licensing status part (top level of `show license status`, or the
    'smart_licensing_status' dict of `all` / `tech support`)."""
    out = []
    if "utility" in s and "status" in s["utility"]:
        out.append(("utility_status", s["utility"]["status"]))
    slup = s.get("smart_licensing_using_policy", {})
    if enabled(slup.get("status")) is not None:
        out.append(("smart_enabled", enabled(slup["status"])))
    if "reporting_mode" in slup:
        out.append(("reporting_mode", slup["reporting_mode"]))
    acct = s.get("account_information", {})
    if "smart_account" in acct:
        out += smart_account(acct["smart_account"])
    if "virtual_account" in acct:
        out.append(("virtual_account", acct["virtual_account"]))
    tr = s.get("transport", {})
    for theirs, ours in (("type", "transport_type"), ("url", "transport_url"), ("cslu_address", "cslu_address")):
        if theirs in tr:
            out.append((ours, tr[theirs]))
    proxy = tr.get("proxy")
    if isinstance(proxy, dict):
        if "address" in proxy:
            out.append(("proxy_address", str(proxy["address"])))
        if "port" in proxy:
            out.append(("proxy_port", str(proxy["port"])))
    pol = s.get("policy", {})
    for key in ("policy_in_use", "policy_name"):
        if key in pol:
            out.append((key, pol[key]))
    for theirs, ours in USAGE_REPORTING.items():
        if theirs in s.get("usage_reporting", {}):
            out.append((ours, s["usage_reporting"][theirs]))
    if isinstance(s.get("trust_code_installed"), str):
        out.append(("trust_code_installed", s["trust_code_installed"]))
    return out


def usage_block(i, block):
    out = []
    for theirs, ours in USAGE_BLOCK.items():
        if theirs in block:
            out.append((f"usage/{i}/{ours}", block[theirs]))
    if "count" in block:  # genie: int; licmig: as printed
        out.append((f"usage/{i}/count", str(block["count"])))
    return out


def named_blocks(blocks):
    """{'name (tag):': {...}} in printed order."""
    out = []
    for i, (key, block) in enumerate(blocks.items()):
        head = key.rstrip(":").strip()
        if head.endswith(")") and " (" in head:
            name, tag = head[:-1].split(" (", 1)
            out.append((f"usage/{i}/license", name.strip()))
            out.append((f"usage/{i}/entitlement_tag", tag.strip()))
        out += usage_block(i, block)
    return out


def handle_blocks(blocks):
    """{handle: {...}} of tech support, in handle order (the printed order)."""
    out = []
    for i, handle in enumerate(sorted(blocks)):
        out.append((f"usage/{i}/handle", int(handle)))
        out += usage_block(i, blocks[handle])
    return out


def summary_table(rows):
    """`show license summary` table: {key: {'license'?, 'entitlement', 'count', 'status'}}. Newer
    genie keys rows by the parenthesised text, older genie by the first column (then no 'license')."""
    out = []
    for i, (key, row) in enumerate(rows.items()):
        out.append((f"usage/{i}/license", row.get("license", key)))
        if "entitlement" in row:
            out.append((f"usage/{i}/entitlement_tag", row["entitlement"]))
        if "count" in row:
            out.append((f"usage/{i}/count", str(row["count"])))
        if "status" in row:
            out.append((f"usage/{i}/status", row["status"]))
    return out


def role_order(key):
    base = key.rstrip("0123456789")
    suffix = key[len(base):]
    return (ROLE_RANK.get(base, 9), int(suffix) if suffix else 1, key)


def product_information(p, udi_key="udi"):
    out = []
    udi = p.get(udi_key, {})
    for key in ("pid", "sn"):
        if key in udi:
            out.append((f"udi/0/{key}", udi[key]))
    ha = p.get("ha_udi_list", {})
    for i, role in enumerate(sorted(ha, key=role_order)):
        out.append((f"ha_udi/{i}/role", role.rstrip("0123456789").capitalize()))
        for key in ("pid", "sn"):
            if key in ha[role]:
                out.append((f"ha_udi/{i}/{key}", ha[role][key]))
    return out


def agent_version(data):
    a = data.get("agent_version", {})
    if "smart_agent_for_licensing" in a:
        return [("agent_version", a["smart_agent_for_licensing"])]
    return []
