"""Expected values for `show version` from genieparser and ntc-templates results.

genieparser (iosxe/ios "ShowVersion"): the dict's "version" key holds the fields below. Its
"version" is the version on the "Cisco IOS Software" line (ours: ios_version); "xe_version" is the
"Cisco IOS XE Software, Version" text (ours: version, plus version_annotation for " - SMU-PATCHED").
The generic "show version" parser files (top-level os/pid/version) use lower-case os names.
ntc-templates: parsed_sample[0]; its version is also the "Cisco IOS Software" line's.
"""
import os

# genie key -> our key, compared as-is
GENIE_SAME = {
    "hostname": "hostname",
    "uptime": "uptime",
    "license_level": "license_level",
    "license_type": "license_type",
    "next_reload_license_level": "next_reload_license_level",
    "air_license_level": "air_license_level",
    "next_reload_air_license_level": "next_reload_air_license_level",
    "smart_licensing_status": "smart_licensing_status",
    "system_image": "image",
    "chassis": "platform",
    "chassis_sn": "processor_board_id",
    "processor_board_id": "processor_board_id",
    "curr_config_register": "config_register",
    "next_config_register": "next_config_register",
    "os": "os",
    "code_name": "code_name",
    "location": "code_name",
}


def split_returned_to_rom(text):
    """Newer genie splits "reload at <time> (SP by x)" into by/at/sp_by; older keeps it whole."""
    text = text.strip()
    sp = None
    if text.endswith(")") and "(SP by " in text:
        i = text.index("(SP by ")
        sp = text[i + len("(SP by "):-1]
        text = text[:i].strip()
    at = None
    i = text.rfind(" at ")
    if i >= 0 and text[i + 4:].strip()[:1].isdigit():
        at = text[i + 4:].strip()
        text = text[:i].strip()
    return text, at, sp


def _genie(v):
    out = []
    if "version" in v:
        out.append(("ios_version", v["version"]))
    if "xe_version" in v:
        xe = v["xe_version"]
        if " - " in xe:  # "17.03.03 - SMU-PATCHED"
            xe, note = xe.split(" - ", 1)
            out.append(("version_annotation", note.strip()))
        out.append(("version", xe.strip()))
    else:
        out.append(("version", v.get("version")))
    for theirs, ours in GENIE_SAME.items():
        if theirs not in v or v[theirs] in (None, ""):
            continue
        value = v[theirs]
        if theirs == "license_level" and "air_license_level" not in v and str(value).startswith("AIR "):
            # older genie stored the "AIR License Level" line under license_level
            ours = "air_license_level"
        if theirs == "next_reload_license_level" and "next_reload_air_license_level" not in v \
                and str(value).startswith("AIR "):
            ours = "next_reload_air_license_level"
        out.append((ours, value))
    # genie's last_reload_reason is whichever of these lines it saw last
    if v.get("last_reload_reason"):
        out.append(("last_reload_reason", ("any_of", ["last_reload_reason", "returned_to_rom_by", "last_reset_from"],
                                           v["last_reload_reason"])))
    if v.get("returned_to_rom_by"):
        by, at, sp = split_returned_to_rom(v["returned_to_rom_by"])
        out.append(("returned_to_rom_by", by))
        at = v.get("returned_to_rom_at", at)
        sp = v.get("sp_by", sp)
        if at:
            out.append(("returned_to_rom_at", at))
        if sp:
            out.append(("returned_to_rom_sp_by", sp))
    if "rom" in v:
        rom = v["rom"]
        # the cat6k parser splits the "(fc1)" label of the ROM line off into rom_version
        if str(v.get("rom_version", "")).startswith("(fc"):
            rom = rom + " " + v["rom_version"]
        out.append(("rom", rom))
    if "main_mem" in v:
        out.append(("main_memory_kb", int(v["main_mem"])))
    return [(p, val) for p, val in out if val is not None]


def _genie_generic(d):
    out = []
    if "version" in d:
        out.append(("ios_version", d["version"]))
    if "os" in d:
        out.append(("os", {"iosxe": "IOS-XE", "ios": "IOS"}.get(d["os"], d["os"])))
    if "pid" in d:
        out.append(("platform", d["pid"]))
    return out


def _ntc(rec):
    out = []
    for theirs, ours in (("version", "ios_version"), ("hostname", "hostname"), ("uptime", "uptime"),
                         ("config_register", "config_register")):
        if rec.get(theirs):
            out.append((ours, rec[theirs]))
    if rec.get("reload_reason"):
        out.append(("reload_reason",
                    ("any_of", ["last_reload_reason", "returned_to_rom_by"], rec["reload_reason"])))
    if rec.get("running_image"):
        # ntc keeps what follows the device name ("/c180x-....bin"); compare file names
        out.append(("image_file", os.path.basename(rec["running_image"])))
    if rec.get("hardware"):
        out.append(("platform", rec["hardware"][0]))
    if rec.get("serial"):
        out.append(("processor_board_id", rec["serial"][0]))
    seconds = 0
    any_part = False
    for unit, mult in (("years", 365 * 86400), ("weeks", 7 * 86400), ("days", 86400), ("hours", 3600),
                       ("minutes", 60)):
        text = rec.get("uptime_" + unit)
        if text:
            seconds += int(text) * mult
            any_part = True
    if any_part:
        out.append(("uptime_seconds", seconds))
    return out


def expected_values(data, source):
    if source == "ntc":
        samples = data.get("parsed_sample") or []
        return _ntc(samples[0]) if samples else []
    v = data.get("version")
    if isinstance(v, dict):
        return _genie(v)
    return _genie_generic(data)
