"""Expected values for `show license summary` from genieparser's expected dicts (see
_smart_licensing_common.py for how genie's usage keys map to licmig's)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _smart_licensing_common as common  # noqa: E402


def expected_values(data, source):
    if source != "genie":
        return []
    out = []
    acct = data.get("account_information", {})
    if "smart_account" in acct:
        out += common.smart_account(acct["smart_account"])
    if "virtual_account" in acct:
        out.append(("virtual_account", acct["virtual_account"]))
    out += common.summary_table(data.get("license_usage", {}))
    return out
