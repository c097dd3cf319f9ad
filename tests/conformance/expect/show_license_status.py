"""Expected values for `show license status` from genieparser's expected dicts and ntc-templates'
parsed samples (ntc: empty strings mean "not printed" and are not compared; ntc's smart_acct drops
the " As of DATE" suffix, as licmig's smart_account does)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _smart_licensing_common as common  # noqa: E402

# ntc key -> licmig key (strings as printed)
NTC_FIELDS = {
    "reg_status": "registration_status",
    "license_auth": "authorization_status",
    "smart_acct": "smart_account",
    "virt_acct": "virtual_account",
    "transport_type": "transport_type",
    "last_ack_received": "last_ack_received",
    "next_ack_deadline": "next_ack_deadline",
    "rpt_push_interval": "reporting_push_interval",
    "next_ack_push_check": "next_ack_push_check",
    "next_rpt_push": "next_report_push",
    "last_rpt_push": "last_report_push",
    "last_rpt_file_write": "last_report_file_write",
    "proxy_address": "proxy_address",
    "proxy_port": "proxy_port",
}


def ntc_values(sample):
    out = []
    for theirs, ours in NTC_FIELDS.items():
        if sample.get(theirs):
            out.append((ours, sample[theirs]))
    if common.enabled(sample.get("sl_enabled")) is not None:
        out.append(("smart_enabled", common.enabled(sample["sl_enabled"])))
    if sample.get("url"):  # the Smart transport URL or the CSLU address
        out.append(("url", ("any_of", ["transport_url", "cslu_address"], sample["url"])))
    return out


def expected_values(data, source):
    if source == "ntc":
        samples = data.get("parsed_sample") or []
        return ntc_values(samples[0]) if samples else []
    if source != "genie":
        return []
    return common.status_section(data)
