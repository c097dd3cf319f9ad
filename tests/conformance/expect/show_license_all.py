"""Expected values for `show license all` from genieparser's expected dicts (see
_smart_licensing_common.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _smart_licensing_common as common  # noqa: E402


def expected_values(data, source):
    if source != "genie":
        return []
    out = common.status_section(data.get("smart_licensing_status", {}))
    out += common.named_blocks(data.get("license_usage", {}).get("license_name", {}))
    out += common.product_information(data.get("product_information", {}))
    out += common.agent_version(data)
    return out
