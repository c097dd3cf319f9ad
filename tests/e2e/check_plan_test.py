#!/usr/bin/env python3
"""End-to-end tests of issue 5's read-only fleet commands: `licmig snapshot`, `check` and `plan`
against a simulated fleet in iosxe-sim (real SSH on loopback), plus `matrix`, `rules` and `diff`.

The fleet covers the demo cases: 16.x PAK routers with and without a saved boot level, a 17.6 PAK
router, a registered 17.3 Smart router, a 17.9 router carrying a PAK snapshot, a 17.7 router in
No-License mode, a consistent and an inconsistent HA pair, a router reached over a data port, a
call-home profile sending over http:// and a router refusing connections. Each router's expected
findings (rule IDs with severities) and plan step kinds are written out below, for two targets.

Proven here:
  * check: the findings per router, exactly; exit codes 0 / 1 / 3; --from-store gives the same;
  * plan: the step kinds per router, or its refusal; exit code;
  * read-only: after snapshot, check and plan the simulator's saved state of every router
    (running and startup configuration, release, mode, level, reload count, ...) is unchanged;
  * stored snapshots: STORE/snapshots/HOST/*.json and .xml, mode 0600, loadable (`licmig diff`),
    and no file under the store (transcripts included) holds a password or the enable secret;
  * JUnit XML: the schema's required structure and consistent counts; JSON equals the table;
  * matrix / rules output; exit code 2 for usage and input errors (file:line for a bad inventory).

Usage: check_plan_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim
                          [--work-dir DIR] [unittest args]
The working folder is removed after a clean run and kept (path printed) when a test fails.
"""
import argparse
import glob
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sim, report_of, run_licmig, keep_or_remove, run_tests  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures")
LICMIG = None
SIM = None
WORK = None

IMG_179 = "asr920-universalk9_npe.17.09.04a.SPA.bin"
IMG_1712 = "asr920-universalk9_npe.17.12.01.SPA.bin"
MD5_179 = "9c2e4d6f8a0b1c3d5e7f9a1b3c5d7e9f"
MD5_1712 = "1f3e5d7c9b0a2f4e6d8c0b2a4f6e8d0c"
BAD_MD5 = "00000000000000000000000000000bad"

IMAGES = [{"file": IMG_179, "md5": MD5_179, "size": 702310784},
          {"file": IMG_1712, "md5": MD5_1712, "size": 725101568}]
PAK_ADV = [{"feature": "advancedmetroipaccess", "type": "Permanent"}]
PAK_MIP = [{"feature": "metroipaccess", "type": "Permanent"}]
ADV = "advancedmetroipaccess"


def img(release_file):
    return "asr920-universalk9_npe.%s.SPA.bin" % release_file


DEVICES = [
    # 16.x PAK: with a saved boot level (its 17.12.1 image on bootflash is corrupt: wrong md5) ...
    {"name": "pe16-level", "image": img("16.09.04"), "pak_licenses": PAK_ADV, "boot_level": ADV,
     "license_level": ADV, "images": [IMAGES[0], dict(IMAGES[1], md5=BAD_MD5)]},
    # ... and without one
    {"name": "pe16-nolevel", "image": img("16.12.05"), "pak_licenses": PAK_MIP, "license_level": "metroipaccess"},
    # 17.6 PAK with a saved boot level; only the 17.9.4a image on bootflash
    {"name": "pe176-pak", "image": img("17.06.01"), "pak_licenses": PAK_ADV, "boot_level": ADV,
     "license_level": ADV, "images": [IMAGES[0]]},
    # 17.3 Smart, registered
    {"name": "pe173-smart", "image": img("17.03.04a"), "license_mode": "smart", "license_level": ADV,
     "smart": {"registration": "REGISTERED"}, "call_home": {"secure_trustpoint": "SLA-TrustPoint"}},
    # 17.9 Smart carrying the PAK snapshot taken when it came from 16.x
    {"name": "pe179-snapshot", "image": img("17.09.04a"), "license_mode": "smart", "pak_licenses": PAK_ADV,
     "license_level": ADV},
    # 17.7 that came up in No-License mode
    {"name": "pe177-nolicense", "image": img("17.07.01"), "license_mode": "no-license"},
    # Smart with an http:// call-home destination
    {"name": "pe173-badcallhome", "image": img("17.03.04a"), "license_mode": "smart",
     "call_home": {"profiles": [{"name": "CiscoTAC-1",
                                 "http_destinations": ["http://tools.cisco.com/its/service/oddce/services/DDCEService"]}]}},
    # consistent HA pair
    {"name": "ha1-a", "image": img("16.09.04"), "pak_licenses": PAK_ADV, "boot_level": ADV, "license_level": ADV,
     "ha": {"group": "ha1", "role": "active"}},
    {"name": "ha1-b", "image": img("16.09.04"), "pak_licenses": PAK_ADV, "boot_level": ADV, "license_level": ADV,
     "ha": {"group": "ha1", "role": "standby"}},
    # inconsistent HA pair: different PAK licenses (and boot levels)
    {"name": "ha2-a", "image": img("16.09.04"), "pak_licenses": PAK_ADV, "boot_level": ADV, "license_level": ADV,
     "ha": {"group": "ha2", "role": "active"}},
    {"name": "ha2-b", "image": img("16.09.04"), "pak_licenses": PAK_MIP, "license_level": "metroipaccess",
     "ha": {"group": "ha2", "role": "standby"}},
    # Smart router whose SSH sessions arrive on a data port
    {"name": "pe-dataport", "image": img("17.03.04a"), "license_mode": "smart", "license_level": ADV,
     "interfaces": {"session_via": "GigabitEthernet0/0/1"}},
    # LM030 from the router itself (issue 17): the same without any inventory variable -- licmig asks the
    # router which interface owns the address its session reached ...
    {"name": "pe-dataport-noinv", "image": img("17.03.04a"), "license_mode": "smart", "license_level": ADV,
     "interfaces": {"session_via": "GigabitEthernet0/0/1"}},
    # ... and a router reached on its management port whose inventory variable wrongly names a data
    # port: the router's answer wins (no LM030), the disagreement is LM031
    {"name": "pe-mgmt-wronginv", "image": img("17.03.04a"), "license_mode": "smart", "license_level": ADV},
    # refuses connections
    {"name": "pe-refuse", "image": img("16.09.04"), "faults": {"refuse_connections": True}},
]
DEFAULTS = {
    "images": IMAGES,
    "smart": {"smart_account": "E2E Account", "virtual_account": "ASR920", "tokens": [{"token": "E2E-TOKEN-1"}]},
    "call_home": {"service_enabled": True, "profiles": [
        {"name": "CiscoTAC-1", "active": True, "transport": "http",
         "http_destinations": ["https://tools.cisco.com/its/service/oddce/services/DDCEService"]}]},
}
HOST_VARS = {"pe-dataport": {"mgmt_interface": "GigabitEthernet0/0/1"},
             "pe-mgmt-wronginv": {"mgmt_interface": "GigabitEthernet0/0/1"}}
NAMES = [d["name"] for d in DEVICES]
UNREACHABLE = "UNREACHABLE"

# --- expected findings: rule -> severity per router ---------------------------------------------
# Target 17.12.1 No-License, --image 17.12.01 --image-md5 <good md5>
CHECK_1712_NOLICENSE = {
    "pe16-level": {"LM011": "info", "LM081": "error"},  # boot level saved; the image on bootflash is corrupt
    "pe16-nolevel": {"LM010": "error", "LM011": "warning"},  # comes up at metroaccess; no snapshot on 17.12
    "pe176-pak": {"LM011": "info", "LM080": "error"},  # 17.6 -> 17.12 skips the snapshot; image missing
    # Smart without a saved boot level boots the default level (guide: Upgrading to Default Smart Licensing)
    "pe173-smart": {"LM013": "error"},
    # its level comes only from the PAK snapshot, which 17.12 does not use (guide silent: conservative)
    "pe179-snapshot": {"LM013": "error"},
    "pe177-nolicense": {},
    "pe173-badcallhome": {"LM050": "error"},
    "ha1-a": {"LM011": "info"},
    "ha1-b": {"LM011": "info"},
    "ha2-a": {"LM011": "info", "LM040": "error", "LM042": "error"},
    "ha2-b": {"LM010": "error", "LM011": "warning", "LM040": "error", "LM042": "error"},
    "pe-dataport": {"LM013": "error", "LM030": "error"},  # `no license smart enable` would cut the data-port session
    "pe-dataport-noinv": {"LM013": "error", "LM030": "error"},  # the router says data port
    "pe-mgmt-wronginv": {"LM013": "error", "LM031": "warning"},  # the router says management
    "pe-refuse": UNREACHABLE,
}
# Target 17.9.4a Smart, --image 17.09.04a
CHECK_1794_SMART = {
    "pe16-level": {},
    "pe16-nolevel": {"LM010": "error"},  # relies on the PAK snapshot 17.9 takes (one severity: issue 13)
    "pe176-pak": {},
    "pe173-smart": {"LM013": "error"},
    "pe179-snapshot": {},
    "pe177-nolicense": {},
    "pe173-badcallhome": {"LM050": "error"},
    "ha1-a": {},
    "ha1-b": {},
    "ha2-a": {"LM040": "error", "LM042": "error"},
    "ha2-b": {"LM010": "error", "LM040": "error", "LM042": "error"},
    "pe-dataport": {"LM013": "error"},  # stays Smart: no `no license smart enable`
    "pe-dataport-noinv": {"LM013": "error"},
    "pe-mgmt-wronginv": {"LM013": "error", "LM031": "warning"},
    "pe-refuse": UNREACHABLE,
}

# --- expected plans: step kinds (reload as reload:MODE:LEVEL), or REFUSED:<rule or words> ---------
UPGRADE = ["verify-image", "set-boot-image", "save-config"]


def reload(mode, level):
    return "reload:%s:%s" % (mode, level)


PLAN_1712_NOLICENSE = {
    "pe16-level": ["pre-snapshot"] + UPGRADE + [reload("no-license", ADV), "post-snapshot"],
    "pe16-nolevel": ["pre-snapshot", "set-boot-level"] + UPGRADE + [reload("no-license", "metroipaccess"),
                                                                    "post-snapshot"],
    # the 17.12.1 image is not on its bootflash: `check` says LM080 (error), so `plan` refuses it
    "pe176-pak": "REFUSED:LM080",
    "pe173-smart": ["pre-snapshot", "set-boot-level", "smart-disable"] + UPGRADE + [reload("no-license", ADV),
                                                                                    "post-snapshot"],
    "pe179-snapshot": ["pre-snapshot", "set-boot-level", "smart-disable"] + UPGRADE + [reload("no-license", ADV),
                                                                                       "post-snapshot"],
    "pe177-nolicense": ["pre-snapshot", "set-boot-level"] + UPGRADE + [reload("no-license", "metroaccess"),
                                                                       "post-snapshot"],
    "pe173-badcallhome": ["pre-snapshot", "set-boot-level", "smart-disable"] + UPGRADE +
                         [reload("no-license", "metroaccess"), "post-snapshot"],
    "ha1-a": ["pre-snapshot"] + UPGRADE + [reload("no-license", ADV), "post-snapshot"],
    "ha1-b": ["pre-snapshot"] + UPGRADE + [reload("no-license", ADV), "post-snapshot"],
    "ha2-a": "REFUSED:PAK licenses differ",
    "ha2-b": "REFUSED:PAK licenses differ",
    "pe-dataport": "REFUSED:data port",
    "pe-dataport-noinv": "REFUSED:data port",
    "pe-mgmt-wronginv": ["pre-snapshot", "set-boot-level", "smart-disable"] + UPGRADE + [reload("no-license", ADV),
                                                                                         "post-snapshot"],
    "pe-refuse": UNREACHABLE,
}
PLAN_1794_SMART = {
    "pe16-level": ["pre-snapshot"] + UPGRADE + [reload("no-license", ADV), "smart-enable", "save-config",
                                                reload("smart", ADV), "post-snapshot"],
    "pe16-nolevel": ["pre-snapshot", "set-boot-level"] + UPGRADE +
                    [reload("no-license", "metroipaccess"), "smart-enable", "save-config",
                     reload("smart", "metroipaccess"), "post-snapshot"],
    "pe176-pak": ["pre-snapshot", "smart-enable"] + UPGRADE + [reload("smart", ADV), "post-snapshot"],
    "pe173-smart": ["pre-snapshot", "set-boot-level"] + UPGRADE + [reload("smart", ADV), "post-snapshot"],
    "pe179-snapshot": ["pre-snapshot", "post-snapshot"],  # already there
    "pe177-nolicense": ["pre-snapshot", "set-boot-level", "smart-enable"] + UPGRADE +
                       [reload("smart", "metroaccess"), "post-snapshot"],
    "pe173-badcallhome": ["pre-snapshot", "set-boot-level"] + UPGRADE + [reload("smart", "metroaccess"),
                                                                         "post-snapshot"],
    "ha1-a": ["pre-snapshot"] + UPGRADE + [reload("no-license", ADV), "smart-enable", "save-config",
                                           reload("smart", ADV), "post-snapshot"],
    "ha1-b": ["pre-snapshot"] + UPGRADE + [reload("no-license", ADV), "smart-enable", "save-config",
                                           reload("smart", ADV), "post-snapshot"],
    "ha2-a": "REFUSED:PAK licenses differ",
    "ha2-b": "REFUSED:PAK licenses differ",
    "pe-dataport": ["pre-snapshot", "set-boot-level"] + UPGRADE + [reload("smart", ADV), "post-snapshot"],
    "pe-dataport-noinv": ["pre-snapshot", "set-boot-level"] + UPGRADE + [reload("smart", ADV), "post-snapshot"],
    "pe-mgmt-wronginv": ["pre-snapshot", "set-boot-level"] + UPGRADE + [reload("smart", ADV), "post-snapshot"],
    "pe-refuse": UNREACHABLE,
}

# Saved simulator state that a read-only command must leave as it was.
STATE_KEYS = ["running", "startup", "release", "image", "mode", "level", "reload_count", "generation", "paks",
              "smart", "standby_loop", "last_reload_reason"]


def findings_of(check_json):
    """{host: {rule: severity} | UNREACHABLE} from `check --format json`."""
    out = {}
    for r in check_json["routers"]:
        if not r["checked"]:
            out[r["host"]] = UNREACHABLE if r["status"] == "unreachable" else "NOT CHECKED: " + r.get("error", "")
            continue
        rules = {}
        for f in r["findings"]:
            # a rule may fire more than once; all its findings must agree on the severity here
            assert rules.get(f["rule"], f["severity"]) == f["severity"], (r["host"], f)
            rules[f["rule"]] = f["severity"]
        out[r["host"]] = rules
    return out


def plans_of(plan_json):
    out = {}
    for p in plan_json["routers"]:
        if "error" in p:
            out[p["host"]] = UNREACHABLE if p["status"] == "unreachable" else "ERROR: " + p["error"]
        elif p["refused"]:
            out[p["host"]] = p
        else:
            out[p["host"]] = [("reload:%s:%s" % (s.get("expect_mode"), s.get("expect_level"))) if s["kind"] == "reload"
                              else s["kind"] for s in p["steps"]]
    return out


def validate_junit(test, text):
    """The JUnit XML schema's required structure, and counts consistent with the children."""
    root = ET.fromstring(text)
    test.assertEqual(root.tag, "testsuites")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    suites = root.findall("testsuite")
    test.assertTrue(suites, "no testsuite")
    test.assertEqual(len(list(root)), len(suites), "only testsuite elements under testsuites")
    for suite in suites:
        for attr in ("name", "tests", "failures", "errors"):
            test.assertIn(attr, suite.attrib, "testsuite without %s" % attr)
        cases = suite.findall("testcase")
        test.assertTrue(cases, "testsuite %s has no testcase" % suite.get("name"))
        failed = errored = 0
        for case in cases:
            test.assertTrue(case.get("name"), "testcase without name")
            test.assertTrue(case.get("classname"), "testcase without classname")
            for child in case:
                test.assertIn(child.tag, ("failure", "error", "skipped", "system-out", "system-err"))
            for f in case.findall("failure") + case.findall("error"):
                test.assertIn("message", f.attrib)
                test.assertIn("type", f.attrib)
            failed += 1 if case.find("failure") is not None else 0
            errored += 1 if case.find("error") is not None else 0
        test.assertEqual(int(suite.get("tests")), len(cases), suite.get("name"))
        test.assertEqual(int(suite.get("failures")), failed, suite.get("name"))
        test.assertEqual(int(suite.get("errors")), errored, suite.get("name"))
        if "timestamp" in suite.attrib:
            test.assertRegex(suite.get("timestamp"), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")
        for k in totals:
            totals[k] += int(suite.get(k))
    for k, v in totals.items():
        if k in root.attrib:
            test.assertEqual(int(root.get(k)), v, "testsuites %s" % k)
    return root


class FleetCommands(unittest.TestCase):
    """One simulator run: state saved, then snapshot / check / plan, then state compared."""

    @classmethod
    def setUpClass(cls):
        cls.work = os.path.join(WORK, "fleet")
        shutil.rmtree(cls.work, ignore_errors=True)
        cls.ok = False
        cls.sim = Sim(SIM, cls.work, DEVICES, defaults=DEFAULTS, boot_seconds=1)
        sim = cls.sim
        with sim:
            sim.stop()  # the simulator saves every router's state: the "before"
            cls.before = {n: sim.sim_state(n) for n in NAMES}
            sim.start()
            inv = sim.inventory(HOST_VARS)
            cls.inv = inv
            env = sim.env()
            common = ["-i", inv] + sim.common_args()
            cls.store = os.path.join(cls.work, "store")
            cls.out_dir = os.path.join(cls.work, "out")
            os.makedirs(cls.out_dir, exist_ok=True)

            def run(*args):
                return run_licmig(LICMIG, list(args), env, timeout=300)

            cls.snapshot = run("snapshot", *common, "--format", "json")
            t1712 = ["--target-release", "17.12.1", "--target-mode", "no-license"]
            t1794 = ["--target-release", "17.9.4a", "--target-mode", "smart"]
            cls.check_1712 = run("check", *common, *t1712, "--image", IMG_1712, "--image-md5", MD5_1712,
                                 "--format", "json")
            cls.check_1712_table = run("check", *common, *t1712, "--image", IMG_1712, "--image-md5", MD5_1712)
            cls.junit_file = os.path.join(cls.out_dir, "check.junit.xml")
            cls.check_1712_junit = run("check", *common, *t1712, "--image", IMG_1712, "--image-md5", MD5_1712,
                                       "--format", "junit", "-o", cls.junit_file)
            cls.check_1794 = run("check", *common, *t1794, "--image", IMG_179, "--format", "json")
            cls.check_1794_store = run("check", *common, *t1794, "--from-store", "--format", "json")
            cls.check_errors_only = run("check", *common, *t1712, "-l", "all:!pe-refuse")
            cls.check_clean = run("check", *common, *t1794, "-l", "pe176-pak:pe179-snapshot:ha1-a:ha1-b")
            cls.plan_1712 = run("plan", *common, *t1712, "--image", IMG_1712, "--format", "json")
            cls.plan_1794 = run("plan", *common, *t1794, "--image", IMG_179, "--format", "json")
            cls.plan_1794_table = run("plan", *common, *t1794, "--image", IMG_179)
            cls.plan_clean = run("plan", *common, *t1794, "--image", IMG_179, "-l", "pe179-snapshot:pe173-smart")
            # `plan` and `migrate --dry-run` give one verdict (issue 10): an HA pair with different PAK
            # licenses going to 17.6.1 traditional, and a router whose --image is not on bootflash
            t176 = ["--target-release", "17.6.1", "--target-mode", "traditional"]
            # issue 13 item 7: one HA policy for targets before 17.7.1 — `check` gives the same verdict too
            t173s = ["--target-release", "17.3.4a", "--target-mode", "smart"]
            cls.agree = {}
            for case, args in {"ha-pak-176": t176 + ["-l", "ha2-a:ha2-b"],
                               "ha-pak-173-smart": t173s + ["-l", "ha2-a:ha2-b"],
                               "ha-image-missing-176": t176 + ["--image", "bootflash:" + img("17.06.01"),
                                                               "-l", "ha1-a:ha1-b"],
                               "image-missing": t1712 + ["--image", IMG_1712, "-l", "pe176-pak:pe16-level"],
                               # LM030 from the router (issue 17): one decision in plan, dry run and check
                               "session-interface": t1712 + ["--image", IMG_1712, "-l",
                                                             "pe-dataport-noinv:pe-mgmt-wronginv"],
                               # every target option reaches all three: Specific License Reservation
                               # before 17.8.1 is refused by migrate as by plan and check (LM091)
                               "slr-176": ["--target-release", "17.6.1", "--target-mode", "smart", "--slr",
                                           "-l", "pe173-smart"]}.items():
                cls.agree[case] = (run("plan", *common, *args), run("migrate", *common, *args, "--dry-run"),
                                   run("plan", *common, *args, "--format", "json"),
                                   run("check", *common, *args, "--format", "json"))
            # LM063 (issue 13 item 5): "In Cisco IOS XE Cupertino 17.8.1, the router in Smart Licensing mode
            # may go into an Unregistered-Registration state post reload ... when you try to reregister
            # Smart Licensing on the router with the same token" (guide line 157)
            token = os.path.join(cls.work, "token")
            with open(token, "w") as f:
                f.write("E2E-TOKEN-1\n")
            os.chmod(token, 0o600)
            t1781 = ["--target-release", "17.8.1", "--target-mode", "smart", "--token-file", token]
            cls.check_1781 = run("check", *common, *t1781, "--format", "json", "-l", "pe173-smart:pe173-badcallhome")
            # --via (issue 13 item 11): through 17.9.4a, where the router records its PAK snapshot
            cls.plan_via = run("plan", *common, *t1712, "--image", IMG_1712, "--via", "17.9.4a", "--via-image",
                               IMG_179, "-l", "pe16-nolevel", "--format", "json")
            sim.stop()
            cls.after = {n: sim.sim_state(n) for n in NAMES}

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def json_of(self, r):
        try:
            return json.loads(r.stdout)
        except ValueError:
            self.fail("not JSON (exit %d): %s\nstderr: %s" % (r.returncode, r.stdout[:2000], r.stderr[:2000]))

    # --- snapshot ---------------------------------------------------------------------------------

    def test_snapshot_reports_every_router(self):
        r = self.snapshot
        self.assertEqual(r.returncode, 3, r.stderr)  # pe-refuse
        rep = {e["host"]: e for e in self.json_of(r)["routers"]}
        self.assertEqual(sorted(rep), sorted(NAMES))
        for n in NAMES:
            if n == "pe-refuse":
                self.assertEqual(rep[n]["status"], "unreachable")
            else:
                self.assertEqual(rep[n]["status"], "recorded", rep[n])
                self.assertTrue(os.path.isfile(rep[n]["snapshot"]), rep[n])

    # --- check ------------------------------------------------------------------------------------

    def test_check_17_12_1_no_license_findings(self):
        r = self.check_1712
        self.assertEqual(r.returncode, 3, r.stderr)
        j = self.json_of(r)
        self.assertEqual(j["summary"]["exit_code"], 3)
        self.assertEqual(findings_of(j), CHECK_1712_NOLICENSE)

    def test_check_17_9_4a_smart_findings(self):
        r = self.check_1794
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(findings_of(self.json_of(r)), CHECK_1794_SMART)

    def test_check_from_store_equals_live(self):
        r = self.check_1794_store
        self.assertEqual(r.returncode, 2, r.stderr)  # pe-refuse has no stored snapshot: no data, not unreachable
        got = findings_of(self.json_of(r))
        want = dict(CHECK_1794_SMART)
        self.assertNotEqual(got["pe-refuse"], {})
        got["pe-refuse"] = UNREACHABLE if got["pe-refuse"].startswith("NOT CHECKED") else got["pe-refuse"]
        self.assertEqual(got, want)

    def test_check_findings_carry_guide_and_remedy(self):
        j = self.json_of(self.check_1712)
        by_host = {r["host"]: r for r in j["routers"]}
        for r in j["routers"]:
            for f in r.get("findings", []):
                self.assertTrue(f["guide"], f)
                self.assertTrue(f["message"], f)
        lm010 = [f for f in by_host["pe16-nolevel"]["findings"] if f["rule"] == "LM010"][0]
        self.assertIn("metroaccess", lm010["message"])     # the level it will get
        self.assertIn("metroipaccess", lm010["message"])   # the level it has
        self.assertIn("license boot level metroipaccess", lm010["remediation"])
        lm040 = [f for f in by_host["ha2-b"]["findings"] if f["rule"] == "LM040"][0]
        self.assertIn("factory", " ".join(lm040["remediation"]))
        lm050 = [f for f in by_host["pe173-badcallhome"]["findings"] if f["rule"] == "LM050"][0]
        self.assertTrue(any(c.startswith("destination address http https://") for c in lm050["remediation"]), lm050)
        lm081 = [f for f in by_host["pe16-level"]["findings"] if f["rule"] == "LM081"][0]
        self.assertIn(BAD_MD5, lm081["message"])

    def test_check_table_matches_json(self):
        r = self.check_1712_table
        self.assertEqual(r.returncode, 3, r.stderr)
        blocks = {}
        host = None
        for line in r.stdout.splitlines():
            m = re.match(r"^(\S+):(.*)$", line)
            if m and not line.startswith(" "):
                host = m.group(1)
                blocks[host] = {} if "UNREACHABLE" not in m.group(2) else UNREACHABLE
                continue
            m = re.match(r"^  (error|warning|info)\s+(LM\d{3}) ", line)
            if m and host:
                blocks[host][m.group(2)] = m.group(1)
        self.assertEqual(blocks, CHECK_1712_NOLICENSE)
        errors = sum(1 for v in CHECK_1712_NOLICENSE.values() if v != UNREACHABLE for s in v.values() if s == "error")
        self.assertIn("%d routers: %d errors" % (len(NAMES), errors), r.stdout)

    def test_plan_via_an_intermediate_release_reloads_twice(self):
        # "If you want to take a snapshot, then we recommend you to choose a release where the router can
        # take a snapshot of any PAK license" (guide line 1005)
        self.assertEqual(self.plan_via.returncode, 0, self.plan_via.stdout + self.plan_via.stderr)
        plan = json.loads(self.plan_via.stdout)["routers"][0]
        reloads = [(s["expect_release"], s["expect_level"]) for s in plan["steps"] if s["kind"] == "reload"]
        self.assertEqual(reloads, [("17.9.4a", "metroipaccess"), ("17.12.1", "metroipaccess")], plan)

    def test_lm063_in_check_and_plan_with_a_token_file(self):
        j = self.json_of(self.check_1781)
        rules = {r["host"]: [f["rule"] for f in r.get("findings", [])] for r in j["routers"]}
        self.assertIn("LM063", rules["pe173-smart"], j)  # registered: re-registration on 17.8.1
        self.assertNotIn("LM063", rules["pe173-badcallhome"], j)  # never registered
        # the planner notes it too (planner_test PlannerGuide.RegistrationOn17_8_1OfARegisteredRouterIsNoted):
        # here no 17.8.1 image is on bootflash, so the plan is refused (LM082) before any note

    def test_check_exit_codes(self):
        self.assertEqual(self.check_errors_only.returncode, 1, self.check_errors_only.stdout)
        self.assertNotIn("pe-refuse", self.check_errors_only.stdout)
        self.assertEqual(self.check_clean.returncode, 0, self.check_clean.stdout + self.check_clean.stderr)
        self.assertEqual(self.check_clean.stdout.count(": clean"), 4, self.check_clean.stdout)

    # --- JUnit ------------------------------------------------------------------------------------

    def test_check_junit(self):
        r = self.check_1712_junit
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(r.stdout, "", "-o FILE: nothing on stdout")
        with open(self.junit_file) as f:
            root = validate_junit(self, f.read())
        suites = {s.get("name"): s for s in root.findall("testsuite")}
        self.assertEqual(sorted(suites), sorted(NAMES))
        for host, want in CHECK_1712_NOLICENSE.items():
            suite = suites[host]
            if want == UNREACHABLE:
                self.assertEqual(suite.get("errors"), "1")
                self.assertEqual(suite.find("testcase/error").get("type"), "unreachable")
                continue
            failed = {c.get("name").split()[0] for c in suite.findall("testcase") if c.find("failure") is not None}
            self.assertEqual(failed, {rule for rule, sev in want.items() if sev == "error"}, host)
            noted = {c.get("name").split()[0] for c in suite.findall("testcase") if c.find("system-out") is not None}
            self.assertEqual(noted, {rule for rule, sev in want.items() if sev != "error"}, host)

    # --- plan -------------------------------------------------------------------------------------

    def check_plans(self, r, expected):
        self.assertEqual(r.returncode, 3, r.stderr)  # pe-refuse
        got = plans_of(self.json_of(r))
        self.assertEqual(sorted(got), sorted(expected))
        for host, want in expected.items():
            with self.subTest(host=host):
                if isinstance(want, str) and want.startswith("REFUSED:"):
                    self.assertIsInstance(got[host], dict, "%s: expected a refusal, got %s" % (host, got[host]))
                    self.assertIn(want[len("REFUSED:"):], got[host]["refusal"])
                    self.assertTrue(got[host]["remedy"], got[host])
                    self.assertEqual(got[host]["steps"], [])
                else:
                    self.assertEqual(got[host], want)

    def test_plan_17_12_1_no_license(self):
        self.check_plans(self.plan_1712, PLAN_1712_NOLICENSE)

    def test_plan_17_9_4a_smart(self):
        self.check_plans(self.plan_1794, PLAN_1794_SMART)

    def test_plan_steps_carry_commands(self):
        plans = {p["host"]: p for p in self.json_of(self.plan_1794)["routers"]}
        steps = plans["pe16-nolevel"]["steps"]
        level = [s for s in steps if s["kind"] == "set-boot-level"][0]
        self.assertIn("license boot level metroipaccess", level["commands"])
        boot = [s for s in steps if s["kind"] == "set-boot-image"][0]
        self.assertIn("boot system bootflash:" + IMG_179, boot["commands"])
        enable = [s for s in steps if s["kind"] == "smart-enable"][0]
        self.assertIn("license smart enable", enable["commands"])
        self.assertTrue(all(s["why"] for s in steps), steps)
        last_reload = [s for s in steps if s["kind"] == "reload"][-1]
        self.assertEqual((last_reload["expect_release"], last_reload["expect_mode"], last_reload["expect_level"]),
                         ("17.9.4a", "smart", "metroipaccess"))

    def test_plan_table_and_exit_codes(self):
        t = self.plan_1794_table
        self.assertEqual(t.returncode, 3, t.stderr)
        self.assertIn("ha2-a: REFUSED", t.stdout)
        self.assertIn("pe-refuse: NO PLAN", t.stdout)
        self.assertEqual(self.plan_clean.returncode, 0, self.plan_clean.stdout + self.plan_clean.stderr)

    def test_plan_and_migrate_dry_run_give_one_verdict(self):
        for case, want in {"ha-pak-176": {"ha2-a": "LM040", "ha2-b": "LM040"},
                           "ha-pak-173-smart": {"ha2-a": "LM040", "ha2-b": "LM040"},
                           "ha-image-missing-176": {"ha1-a": "LM080", "ha1-b": "LM080"},
                           "image-missing": {"pe176-pak": "LM080", "pe16-level": None},
                           "session-interface": {"pe-dataport-noinv": "LM030", "pe-mgmt-wronginv": None},
                           "slr-176": {"pe173-smart": "LM091"}}.items():
            with self.subTest(case=case):
                plan, dry, plan_json, check_json = self.agree[case]
                # `check` agrees: the same exit code, and every rule that refuses a plan is an error it reports
                self.assertEqual(check_json.returncode, plan.returncode, check_json.stdout + check_json.stderr)
                found = findings_of(self.json_of(check_json))
                for host, rule in want.items():
                    if rule is not None:
                        self.assertEqual(found[host].get(rule), "error", (host, found[host]))
                self.assertEqual(plan.returncode, 1, plan.stdout + plan.stderr)
                self.assertEqual(dry.returncode, plan.returncode, dry.stdout + dry.stderr)
                self.assertEqual(dry.stdout, plan.stdout, "migrate --dry-run shows other plans than plan")
                got = {p["host"]: p for p in self.json_of(plan_json)["routers"]}
                self.assertEqual(sorted(got), sorted(want))
                for host, rule in want.items():
                    if rule is None:
                        self.assertFalse(got[host]["refused"], got[host])
                        continue
                    self.assertTrue(got[host]["refused"], got[host])
                    self.assertIn(rule, got[host]["refused_by"], got[host])
                    self.assertRegex(got[host]["refusal"], r"\b" + rule + r" [a-z0-9-]+: ")
                    self.assertEqual(got[host]["steps"], [])
                    self.assertIn(host + ": REFUSED", plan.stdout)

    def test_session_interface_from_the_router(self):
        # every stored snapshot records the interface owning the address the session reached (issue 17)
        want = {"pe-dataport": ("GigabitEthernet0/0/1", False), "pe-dataport-noinv": ("GigabitEthernet0/0/1", False),
                "pe-mgmt-wronginv": ("GigabitEthernet0", True), "pe173-smart": ("GigabitEthernet0", True)}
        for host, (interface, management) in want.items():
            with self.subTest(host=host):
                paths = sorted(glob.glob(os.path.join(self.store, "snapshots", host, "*.json")))
                self.assertTrue(paths, host)
                for path in paths:
                    with open(path) as f:
                        session = json.load(f)["session"]
                    self.assertEqual(session["address"], "127.0.0.1", session)
                    self.assertEqual((session["interface"], session["management"]), (interface, management), session)
                    self.assertIn("show ip interface brief gives to " + interface, session["basis"])
        # the findings say where the decision comes from
        text = self.check_1712.stdout
        self.assertIn("licmig reaches this router over data port GigabitEthernet0/0/1 (as the router says)", text)
        self.assertIn("the inventory's mgmt_interface says the session arrives on GigabitEthernet0/0/1, the router "
                      "says GigabitEthernet0", text)

    # --- read-only proof --------------------------------------------------------------------------

    def test_read_only(self):
        for n in NAMES:
            with self.subTest(router=n):
                for key in STATE_KEYS:
                    self.assertIn(key, self.before[n], "state file lacks %s" % key)
                    self.assertEqual(self.after[n][key], self.before[n][key], "%s: %s changed" % (n, key))
        # the sessions really happened (not a vacuous pass): transcripts of every reachable router
        for n in NAMES:
            if n != "pe-refuse":
                self.assertTrue(glob.glob(os.path.join(self.store, "transcripts", n, "*")), n)

    # --- the store --------------------------------------------------------------------------------

    def test_stored_snapshots(self):
        for n in NAMES:
            files = sorted(glob.glob(os.path.join(self.store, "snapshots", n, "*")))
            if n == "pe-refuse":
                self.assertEqual(files, [])
                continue
            js = [f for f in files if f.endswith(".json")]
            xs = [f for f in files if f.endswith(".xml")]
            # `snapshot` records; a check or plan only when the record differs from the latest
            # (here: a --image adds its `verify /md5`), so at least one and at most one per live command
            self.assertGreaterEqual(len(js), 1, n)
            self.assertLessEqual(len(js), 12, n)
            self.assertEqual(sorted(os.path.splitext(f)[0] for f in js), sorted(os.path.splitext(f)[0] for f in xs))
            for f in files:
                self.assertEqual(stat.S_IMODE(os.stat(f).st_mode), 0o600, f)
                if f.endswith(".json"):
                    with open(f) as fh:
                        snap = json.load(fh)
                    self.assertEqual(snap["host"], n)
                else:
                    root = ET.parse(f).getroot()
                    self.assertEqual(root.tag, "snapshot", f)
                    self.assertEqual(root.findtext("host"), n, f)

    def test_diff_of_stored_snapshots(self):
        js = sorted(glob.glob(os.path.join(self.store, "snapshots", "pe176-pak", "*.json")))
        xs = sorted(glob.glob(os.path.join(self.store, "snapshots", "pe176-pak", "*.xml")))
        self.assertGreaterEqual(len(js), 2, js)
        with open(js[0]) as f:
            first = json.load(f)
        # read-only commands changed nothing on the router: no license-relevant change, said as such
        r = run_licmig(LICMIG, ["diff", js[0], js[-1], "--format", "json"], os.environ.copy())
        self.assertEqual(r.returncode, 0, r.stderr)
        d = report_of(r.stdout, "diff")["routers"][0]
        self.assertEqual((d["host"], d["status"], d["before"], d["changes"]), ("pe176-pak", "same", first["taken_at"], []),
                         d)
        r = run_licmig(LICMIG, ["diff", js[0], xs[0]], os.environ.copy())  # the same record, JSON vs XML
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("--- pe176-pak %s\n" % first["taken_at"], r.stdout)
        self.assertIn("(no license-relevant change)", r.stdout)
        # a record with a changed level, mode, release and session interface: each named with both values
        changed = dict(first, license_level="metroipaccess", license_mode="smart",
                       version=dict(first["version"], version="17.09.04a"),
                       session=dict(first["session"], interface="GigabitEthernet0/0/1"))
        other = os.path.join(self.work, "pe176-pak-changed.json")
        with open(other, "w") as f:
            json.dump(changed, f)
        r = run_licmig(LICMIG, ["diff", js[0], other], os.environ.copy())
        self.assertEqual(r.returncode, 1, r.stderr)  # they differ (as diff(1))
        for line in ("version: 17.06.01 -> 17.09.04a", "license_mode: traditional -> smart",
                     "license_level: advancedmetroipaccess -> metroipaccess",
                     "session_interface: GigabitEthernet0 -> GigabitEthernet0/0/1"):
            self.assertIn(line + "\n", r.stdout)
        r = run_licmig(LICMIG, ["diff", "--format", "json", js[0], other], os.environ.copy())
        self.assertEqual(r.returncode, 1, r.stderr)
        row = report_of(r.stdout, "diff")["routers"][0]
        self.assertEqual(row["status"], "changed", row)
        got = {c["field"]: (c["before"], c["after"]) for c in row["changes"]}
        self.assertEqual(got, {"version": ("17.06.01", "17.09.04a"), "license_mode": ("traditional", "smart"),
                               "license_level": ("advancedmetroipaccess", "metroipaccess"),
                               "session_interface": ("GigabitEthernet0", "GigabitEthernet0/0/1")})
        r = run_licmig(LICMIG, ["diff", js[0], os.path.join(self.store, "nope.json")], os.environ.copy())
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)

    def test_no_secret_in_store(self):
        secrets = [harness.PASSWORD, harness.ENABLE]
        checked = 0
        for root, _dirs, files in os.walk(self.store):
            for name in files:
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    data = f.read()
                checked += 1
                for s in secrets:
                    self.assertNotIn(s.encode(), data, "%s holds a secret" % path)
        outputs = [self.snapshot, self.check_1712, self.check_1712_table, self.check_1794, self.plan_1712,
                   self.plan_1794_table]
        for r in outputs:
            for s in secrets:
                self.assertNotIn(s, r.stdout + r.stderr)
        self.assertGreater(checked, 2 * len(NAMES))  # snapshots and transcripts were written


class OfflineCommands(unittest.TestCase):
    """matrix, rules and usage/input errors: no simulator needed."""

    def run_ok(self, *args):
        r = run_licmig(LICMIG, list(args), os.environ.copy())
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_matrix(self):
        out = self.run_ok("matrix")
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("train"), out)
        trains = [l.split()[0] for l in lines[1:] if re.match(r"^1[67]", l)]
        self.assertEqual(trains, ["16.x"] + ["17.%d" % i for i in range(1, 12)])
        row = {l.split()[0]: l.split()[1:6] for l in lines[1:] if re.match(r"^1[67]", l)}
        self.assertEqual(row["17.9"], ["no", "yes", "yes", "yes", "yes"])
        self.assertEqual(row["17.7"], ["no", "no", "yes", "yes", "no"])
        self.assertEqual(row["17.3"], ["yes", "no", "yes", "no", "no"])
        # users are shown the guide's titles, never our line numbers or file names (issue 13 item 12)
        self.assertIn("guide: Table 3: License Support Matrix", [l for l in lines if l.startswith("17.9 ")][0])
        self.assertIn("16.06.10", [l for l in lines if l.startswith("16.x ")][0])
        self.assertNotIn("DESIGN", out)
        self.assertIn("after 17.11 behave as 17.11", out)
        j = json.loads(self.run_ok("matrix", "--format", "json"))
        self.assertEqual(j["schema"], "licmig/1")
        self.assertEqual(len(j["matrix"]["rows"]), 12)

    def test_matrix_release(self):
        out = self.run_ok("matrix", "--release", "17.9.1")
        self.assertIn("release 17.9.1 (train 17.9)", out)
        self.assertRegex(out, r"PAK licenses:\s+no")
        self.assertRegex(out, r"PAK snapshot:\s+yes")
        self.assertRegex(out, r"Smart Licensing:\s+yes")
        self.assertRegex(out, r"No-License mode:\s+yes")
        # the source: the guide's title; the line number only in JSON, for comparing with the guide
        self.assertIn('source: guide: Table 3: License Support Matrix: "17.9.1', out)
        j = json.loads(self.run_ok("matrix", "--release", "17.9.1", "--format", "json"))["matrix"]
        m = re.match(r"(\d+)$", j["guide_line"])
        self.assertTrue(m, j)
        m = (m.group(1), j["guide_text"])
        # the line licmig names is the guide's: tests/fixtures/support_matrix/guide_table_3.tsv holds the
        # guide's Table 3 as LINE<TAB>TEXT (a missing fixture fails the test)
        table = {}
        with open(os.path.join(FIXTURES, "support_matrix", "guide_table_3.tsv"), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#") and "\t" in line:
                    number, text = line.rstrip("\n").split("\t", 1)
                    table[int(number)] = text
        self.assertGreater(len(table), 10)
        self.assertIn(int(m[0]), table, "guide line %s is not in Table 3" % m[0])
        self.assertEqual(table[int(m[0])].strip(), m[1].strip())
        for release in ("17.1.1", "17.3.1", "17.6.1", "17.7.1", "17.8.1", "17.10.1", "17.11.1"):
            row = report_of(self.run_ok("matrix", "--release", release, "--format", "json"), "matrix")["matrix"]
            self.assertEqual(table.get(int(row["guide_line"]), "").strip(), row["guide_text"].strip(), release)
            self.assertTrue(table[int(row["guide_line"])].startswith(release + "\t"), (release, row))
        later = self.run_ok("matrix", "--release", "17.12.1")
        self.assertIn("train 17.11", later)
        self.assertIn("behave as 17.11", later)
        self.assertEqual((j["train"], j["snapshot"], j["guide_line"]), ("17.9", True, m[0]))
        # a train is accepted as well as a release (issue 13 item 13)
        train = self.run_ok("matrix", "--release", "17.11")
        self.assertIn("release 17.11.1 (train 17.11)", train)

    def test_rules(self):
        out = self.run_ok("rules")
        ids = re.findall(r"^(LM\d{3})\s+(error|warning|info)\s", out, re.M)
        self.assertEqual(len(ids), len(out.splitlines()))
        got = dict(ids)
        for rule in ("LM001", "LM010", "LM011", "LM020", "LM021", "LM030", "LM040", "LM050", "LM051", "LM052",
                     "LM060", "LM061", "LM062", "LM063", "LM070", "LM080", "LM081", "LM090", "LM091"):
            self.assertIn(rule, got)
        # every rule the fleet expectations use exists with that default severity or a lowered one
        for table in (CHECK_1712_NOLICENSE, CHECK_1794_SMART):
            for want in table.values():
                if want != UNREACHABLE:
                    for rule in want:
                        self.assertIn(rule, got)
        md = self.run_ok("rules", "--format", "markdown")
        docs = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "rules.md")
        with open(docs) as f:
            self.assertEqual(f.read(), md, "docs/rules.md differs from `licmig rules --format markdown`")

    def usage_error(self, args, *expect_in_stderr):
        r = run_licmig(LICMIG, args, os.environ.copy())
        self.assertEqual(r.returncode, 2, "%s: %s %s" % (args, r.stdout, r.stderr))
        for e in expect_in_stderr:
            self.assertRegex(r.stderr, e)
        return r

    def test_usage_errors(self):
        tmp = tempfile.mkdtemp(dir=WORK)
        good = os.path.join(tmp, "good.yaml")
        with open(good, "w") as f:
            f.write("all:\n  hosts:\n    r1: {ansible_host: 127.0.0.1, ansible_port: 1}\n")
        bad_value = os.path.join(tmp, "bad_value.yaml")
        with open(bad_value, "w") as f:
            f.write("all:\n  hosts:\n    r1:\n      ansible_port: notaport\n")
        bad_syntax = os.path.join(tmp, "bad_syntax.yaml")
        with open(bad_syntax, "w") as f:
            f.write("all:\n  hosts:\n    r1: {ansible_port: 22\n    r2: [\n")
        target = ["--target-release", "17.9.4", "--target-mode", "smart"]
        self.usage_error(["check", "-i", good, "--target-release", "17.9.4", "--target-mode", "bogus"],
                         r"--target-mode")
        self.usage_error(["plan", "-i", good, "--target-release", "17.9.4", "--target-mode", "pak"], r"--target-mode")
        self.usage_error(["check", "-i", os.path.join(tmp, "missing.yaml")] + target, r"missing\.yaml")
        self.usage_error(["check"] + target, r"--inventory")
        self.usage_error(["check", "-i", good, "--target-mode", "smart"], r"--target-release")
        self.usage_error(["check", "-i", bad_value] + target, re.escape(bad_value) + r":4: .*ansible_port")
        self.usage_error(["snapshot", "-i", bad_syntax], re.escape(bad_syntax) + r":\d+: ")
        self.usage_error(["plan", "-i", good, "--format", "junit"] + target, r"--format")
        self.usage_error(["check", "-i", good, "--parallel", "0"] + target, r"--parallel")
        self.usage_error(["check", "-i", good, "-l", "nomatch["] + target)
        self.usage_error(["matrix", "--release", "banana"], r"--release")
        self.usage_error(["frobnicate"])
        # nothing was written to stdout by a usage error that could be taken for a report
        r = self.usage_error(["check", "-i", bad_value, "--format", "json"] + target)
        self.assertEqual(r.stdout, "")

    def test_target_validated_before_any_connection(self):
        # issue 11: an unknown target release, or an image built for another release, is a usage
        # error of check, plan and migrate --dry-run alike, before any router is contacted (the
        # inventory's router listens nowhere; the store stays empty: no snapshot, no transcript)
        tmp = tempfile.mkdtemp(dir=WORK)
        inv = os.path.join(tmp, "inv.yaml")
        with open(inv, "w") as f:
            f.write("all:\n  hosts:\n    r1: {ansible_host: 127.0.0.1, ansible_port: 1}\n")
        store = os.path.join(tmp, "store")
        cases = [
            (["--target-release", "99999.1.1", "--target-mode", "no-license"], r"--target-release 99999\.1\.1"),
            (["--target-release", "17.x", "--target-mode", "no-license"], r"--target-release '17\.x': not a release"),
            (["--target-release", "17.12.1", "--target-mode", "no-license", "--image",
              "bootflash:" + img("17.09.04")], r"--image \S+17\.09\.04\.SPA\.bin is release 17\.9\.4, not the target release 17\.12\.1"),
        ]
        for target, message in cases:
            for cmd in (["check"], ["plan"], ["migrate", "--dry-run"]):
                r = self.usage_error(cmd + ["-i", inv, "--store", store] + target, r"licmig: error: " + message)
                self.assertNotRegex(r.stderr, r"unreachable|connect", (cmd, target))
                self.assertEqual(r.stdout, "", (cmd, target))
                files = [os.path.join(d, f) for d, _, fs in os.walk(store) for f in fs] if os.path.isdir(store) else []
                self.assertEqual(files, [], (cmd, target))
        # a release past the newest known train is admitted with --allow-unlisted-release
        r = run_licmig(LICMIG, ["plan", "-i", inv, "--store", store, "--target-release", "17.99.1", "--target-mode",
                                "no-license", "--allow-unlisted-release", "--connect-timeout", "2"], os.environ.copy())
        self.assertNotEqual(r.returncode, 2, r.stderr)

    def test_help_documents_exit_codes(self):
        out = self.run_ok("--help")
        for code in ("0  ", "1  ", "2  ", "3  "):
            self.assertIn("  " + code, out)


def main():
    global LICMIG, SIM, WORK
    parser = argparse.ArgumentParser()
    parser.add_argument("--licmig", required=True)
    parser.add_argument("--sim", required=True)
    parser.add_argument("--work-dir", default=None)
    args, rest = parser.parse_known_args()
    LICMIG = os.path.abspath(args.licmig)
    SIM = os.path.abspath(args.sim)
    WORK = os.path.abspath(args.work_dir) if args.work_dir else tempfile.mkdtemp(prefix="licmig-e2e-check-")
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK, exist_ok=True)
    ok = run_tests(rest)
    keep_or_remove(WORK, ok)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
