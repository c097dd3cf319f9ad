"""Expected values for `show license tech support` from genieparser's expected dicts (see
_smart_licensing_common.py). licmig reads the status, usage, product and agent parts only."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _smart_licensing_common as common  # noqa: E402


def expected_values(data, source):
    if source != "genie":
        return []
    out = common.status_section(data.get("smart_licensing_status", {}))
    out += common.handle_blocks(data.get("license_usage", {}).get("handle", {}))
    out += common.product_information(data.get("product_information", {}))
    out += common.agent_version(data)
    return out
