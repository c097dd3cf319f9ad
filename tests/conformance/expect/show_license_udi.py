"""Expected values for `show license udi` from genieparser's expected dicts: the classic table row
(slotid/pid/sn/udi at top level) or the policy layout's UDI and HA UDI list."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _smart_licensing_common as common  # noqa: E402

TABLE = {"slotid": "slot", "pid": "pid", "sn": "sn", "udi": "udi"}


def expected_values(data, source):
    if source != "genie":
        return []
    out = [(f"udi/0/{ours}", data[theirs]) for theirs, ours in TABLE.items() if theirs in data]
    out += common.product_information(data, udi_key="udi_details")
    return out
