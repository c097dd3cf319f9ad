"""Expected values for `show license usage` from genieparser's expected dicts (see
_smart_licensing_common.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _smart_licensing_common as common  # noqa: E402


def expected_values(data, source):
    if source != "genie":
        return []
    out = []
    auth = data.get("license_authorization", {})
    if "status" in auth:
        out.append(("authorization_status", auth["status"]))
    out += common.named_blocks(data.get("license_name", {}))
    return out
