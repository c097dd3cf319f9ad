#!/usr/bin/env python3
"""End-to-end tests of `licmig migrate` and `licmig diff`: the real licmig binary against iosxe-sim
over real SSH on loopback (issue 6, "Tests that must pass").

  - every distinct plan shape of the planner table (tests/fixtures/planner/table.txt) migrated on a
    simulated router, then verified three ways: licmig's stored post-snapshot, the router's own
    `show version` read with OpenSSH's `ssh`, and the simulator's persisted state after it stopped
    (release, license mode, level, reload count) -- including the PAK routers without a saved boot
    level that a careless upgrade would bring up at another level;
  - a fleet of 50 with dropped sessions, routers that never come back, authentication failing and
    host keys rotating after the reload, and garbled output: every healthy router migrated, every
    faulty one reported with its cause, every router's pre-change snapshot on disk;
  - SIGKILL during a reload and between steps, then --resume: the batch completes and no router
    reloaded twice;
  - --canary, --serial and --max-fail-percentage stop where they should;
  - --dry-run and a missing --yes change nothing; --token-file must be 0600, the token registers
    the router and is written to no file of the store;
  - `licmig diff PRE POST` names the release and mode change.

Usage: migrate_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim
                       [--work-dir DIR] [unittest args]
"""
import argparse
import fcntl
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PASSWORD, USER, Sim, keep_or_remove, read_journal, run_licmig, run_tests  # noqa: E402

LICMIG = None
SIM = None
WORK = None

IMG_176 = "asr920-universalk9_npe.17.06.01.SPA.bin"
IMG_179 = "asr920-universalk9_npe.17.09.04a.SPA.bin"
IMG_1712 = "asr920-universalk9_npe.17.12.01.SPA.bin"
IMG_169 = "asr920-universalk9_npe.16.09.04.SPA.bin"
IMG_1612 = "asr920-universalk9_npe.16.12.05.SPA.bin"
IMG_177 = "asr920-universalk9_npe.17.07.01.SPA.bin"
MD5 = {IMG_176: "5b6f3a7e1c0d4e2f8a9b0c1d2e3f4a5b",
       IMG_179: "9c2e4d6f8a0b1c3d5e7f9a1b3c5d7e9f",
       IMG_1712: "1f3e5d7c9b0a2f4e6d8c0b2a4f6e8d0c"}
IMAGES = [{"file": IMG_176, "md5": MD5[IMG_176], "size": 681526380},
          {"file": IMG_179, "md5": MD5[IMG_179], "size": 702310784},
          {"file": IMG_1712, "md5": MD5[IMG_1712], "size": 725101568}]
TOKEN = "E2E-SMART-TOKEN-7Hq2Lm9Xw4Rt"
DEFAULTS = {
    "images": IMAGES,
    "smart": {"smart_account": "E2E Account", "virtual_account": "ASR920",
              "tokens": [{"token": TOKEN}, {"token": "E2E-EXPIRED-0002", "valid": False}]},
    "call_home": {"service_enabled": True, "secure_trustpoint": "SLA-TrustPoint",
                  "profiles": [{"name": "CiscoTAC-1", "active": True, "transport": "http",
                                "http_destinations": ["https://tools.cisco.com/its/service/oddce/services/DDCEService"]}]},
}
ADV = "advancedmetroipaccess"
MIP = "metroipaccess"
PAK_ADV = [{"feature": ADV, "type": "Permanent"}]
PAK_MIP = [{"feature": MIP, "type": "Permanent"}]
# a port license ("Device 2-10G PORT LICENSE") before the level
PAK_PORT_ADV = [{"feature": "10GEupgradelicense", "type": "Permanent"}, {"feature": ADV, "type": "Permanent"}]

TARGETS = {  # name -> (release, mode, image)
    "179-nolic": ("17.9.4", "no-license", IMG_179),
    "179-smart": ("17.9.4", "smart", IMG_179),
    "1712-smart": ("17.12.1", "smart", IMG_1712),
    "1712-nolic": ("17.12.1", "no-license", IMG_1712),
    "176-smart": ("17.6.1", "smart", IMG_176),
    "176-trad": ("17.6.1", "traditional", IMG_176),
}


def target_args(target):
    release, mode, image = TARGETS[target]
    return ["--target-release", release, "--target-mode", mode, "--image", "bootflash:" + image,
            "--image-md5", MD5[image]]


def router(name, image, mode="traditional", level=ADV, boot_level=None, paks=None, **extra):
    d = {"name": name, "image": image, "license_mode": mode, "license_level": level}
    if boot_level:
        d["boot_level"] = boot_level
    if paks:
        d["pak_licenses"] = paks
    d.update(extra)
    return d


def ssh_exec(port, command, timeout=30):
    """The router's own answer to an exec command, through OpenSSH (not licmig)."""
    r = subprocess.run(["sshpass", "-p", PASSWORD, "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
                        "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
                        "-p", str(port), USER + "@127.0.0.1", command],
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise AssertionError("ssh %s on port %d failed (%d): %s" % (command, port, r.returncode, r.stderr))
    return r.stdout


def show_version_facts(text):
    """(version, license type, license level) from `show version` as the router printed it."""
    version = re.search(r"Cisco IOS XE Software, Version (\S+)", text)
    ltype = re.search(r"^License Type: (.+?)\s*$", text, re.M)
    level = re.search(r"^License Level: (\S+)", text, re.M)
    return (version.group(1) if version else None, ltype.group(1) if ltype else None,
            level.group(1) if level else None)


def release_of_version(v):
    """'17.09.04a' -> '17.9.4a' (what the simulator's state records)."""
    parts = v.split(".")
    return ".".join([str(int(parts[0])), str(int(parts[1])), re.sub(r"^0+(?=\d)", "", parts[2])])


MODE_OF_TYPE = {"Smart License": "smart", "No License Mode": "no-license", "Permanent": "traditional",
                "EvalRightToUse": "traditional"}


def parse_json_output(test, r):
    try:
        return json.loads(r.stdout)
    except ValueError:
        test.fail("licmig did not print JSON (exit %d):\nstdout: %s\nstderr: %s" % (r.returncode, r.stdout[-2000:],
                                                                                  r.stderr[-3000:]))


def by_host(report):
    return {r["host"]: r for r in report["routers"]}


def journal_events(store, run_id):
    return read_journal(os.path.join(store, "journal", run_id + ".jsonl"), torn_last=True)


class MigrateTestCase(unittest.TestCase):
    """Each test owns a folder under WORK; it is removed after a clean test and kept after a failure."""

    def setUp(self):
        self.work = os.path.join(WORK, self.id().split(".")[-1])
        if os.path.isdir(self.work):
            subprocess.run(["rm", "-rf", self.work], check=False)
        os.makedirs(self.work)
        self._ok = False

    def tearDown(self):
        outcome = getattr(self, "_outcome", None)
        ok = True
        if outcome is not None:
            result = getattr(outcome, "result", None)
            if result is not None:
                errs = list(getattr(result, "errors", [])) + list(getattr(result, "failures", []))
                ok = not any(t is self for t, _ in errs)
            if hasattr(outcome, "success"):
                ok = ok and outcome.success
        keep_or_remove(self.work, ok)

    def migrate(self, sim, args, timeout=300, known_hosts=None):
        store = os.path.join(self.work, "store")
        common = ["--store", store, "--known-hosts", known_hosts or os.path.join(self.work, "known_hosts"),
                  "--accept-new-host-keys"]
        return run_licmig(LICMIG, ["migrate"] + common + args, sim.env(), timeout=timeout)

    @property
    def store(self):
        return os.path.join(self.work, "store")


# --- 1. every plan shape, verified on the router ---------------------------------------------------

# (router, target, expected final (release, mode, level), reloads the plan takes)
PLAN_CASES = [
    # 16.x traditional -> 17.8-17.10 no-license (saved boot level)
    (router("r16-nolic", IMG_169, boot_level=ADV, paks=PAK_ADV), "179-nolic", ("17.9.4a", "no-license", ADV), 1),
    # 16.x traditional -> 17.11+ smart: upgrade comes up No-License, then switch to Smart (two reloads)
    (router("r16-smart", IMG_169, boot_level=ADV, paks=PAK_ADV), "1712-smart", ("17.12.1", "smart", ADV), 2),
    # 16.x traditional -> 17.3-17.6 smart: the upgrade comes up traditional, then the switch to Smart
    # (two reloads)
    (router("r16-smart176", IMG_169, boot_level=ADV, paks=PAK_ADV), "176-smart", ("17.6.1", "smart", ADV), 2),
    # Smart -> Smart upgrades: 17.3-17.6 -> 17.8-17.10, and 17.8-17.10 -> 17.11+
    (router("r176-smart-up", IMG_176, mode="smart", boot_level=ADV), "179-smart", ("17.9.4a", "smart", ADV), 1),
    (router("r179-smart-up", IMG_179, mode="smart", boot_level=ADV), "1712-smart", ("17.12.1", "smart", ADV), 1),
    # 16.x traditional -> 17.3-17.6 traditional
    (router("r16-trad", IMG_169, boot_level=ADV, paks=PAK_ADV), "176-trad", ("17.6.1", "traditional", ADV), 1),
    # careless-migration cases: PAK routers WITHOUT a saved boot level going to 17.12
    (router("r16-careless-mip", IMG_1612, level=MIP, paks=PAK_MIP), "1712-nolic", ("17.12.1", "no-license", MIP), 1),
    (router("r16-careless-adv", IMG_169, paks=PAK_ADV), "1712-nolic", ("17.12.1", "no-license", ADV), 1),
    # 17.3-17.6 traditional -> 17.8-17.10 smart (mode switch configured before the upgrade)
    (router("r176-trad", IMG_176, boot_level=ADV, paks=PAK_ADV), "179-smart", ("17.9.4a", "smart", ADV), 1),
    # 17.3-17.6 traditional -> 17.3-17.6 smart (same release, mode switch only)
    (router("r176-trad-same", IMG_176, boot_level=ADV, paks=PAK_ADV), "176-smart", ("17.6.1", "smart", ADV), 1),
    # 17.3-17.6 smart -> 17.11+ no-license (no license smart enable, then upgrade)
    (router("r176-smart", IMG_176, mode="smart"), "1712-nolic", ("17.12.1", "no-license", ADV), 1),
    # 17.8-17.10 no-license -> 17.3-17.6 smart: switch to Smart first, then downgrade (two reloads)
    (router("r179-nolic-down", IMG_179, mode="no-license", boot_level=ADV), "176-smart", ("17.6.1", "smart", ADV), 2),
    # 17.7 no-license -> 17.8-17.10 no-license
    (router("r177-nolic", IMG_177, mode="no-license", boot_level=ADV), "179-nolic", ("17.9.4a", "no-license", ADV), 1),
    # 17.8-17.10 no-license -> 17.8-17.10 smart (same release)
    (router("r179-nolic-smart", IMG_179, mode="no-license", boot_level=ADV), "179-smart", ("17.9.4a", "smart", ADV), 1),
    # 17.8-17.10 smart -> 17.8-17.10 no-license (same release)
    (router("r179-smart-nolic", IMG_179, mode="smart", boot_level=ADV), "179-nolic", ("17.9.4a", "no-license", ADV), 1),
    # issue 13 item 9 — 17.8-17.10 smart with a port license (its PAK snapshot says so) -> 17.3-17.6
    # traditional: "All ports go to admin down state on executing the no smart license enable command ...
    # Licensed ports—Perform no shutdown of router followed by reload" (guide lines 416-418): the
    # mode-switch reload, then no shutdown and a second reload
    (router("r179-smart-port", IMG_179, mode="smart", boot_level=ADV, paks=PAK_PORT_ADV), "176-trad",
     ("17.6.1", "traditional", ADV), 2),
    # nothing to do: pre- and post-snapshot only
    (router("r1712-nolic", IMG_1712, mode="no-license", boot_level=ADV), "1712-nolic", ("17.12.1", "no-license", ADV), 0),
]


class PlanClasses(MigrateTestCase):
    def test_every_plan_shape_migrates_and_keeps_its_level(self):
        devices = [c[0] for c in PLAN_CASES]
        with Sim(SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            # one licmig run per target, all at once (each with its own known_hosts file and its own
            # store: one migrate run per store at a time)
            procs = {}
            for target in sorted({c[1] for c in PLAN_CASES}):
                hosts = ",".join(c[0]["name"] for c in PLAN_CASES if c[1] == target)
                args = ["migrate", "--store", os.path.join(self.work, "store-" + target), "--known-hosts",
                        os.path.join(self.work, "kh-" + target), "--accept-new-host-keys", "-i", inv, "-l", hosts,
                        "--yes", "--format", "json"] + target_args(target)
                procs[target] = subprocess.Popen([LICMIG] + args, env=sim.env(), stdout=subprocess.PIPE,
                                                 stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
            results = {}
            for target, p in procs.items():
                out, err = p.communicate(timeout=240)
                r = subprocess.CompletedProcess(p.args, p.returncode, out, err)
                self.assertEqual(r.returncode, 0, "target %s: exit %d\n%s\n%s" % (target, r.returncode, out[-3000:],
                                                                                  err[-3000:]))
                results.update(by_host(parse_json_output(self, r)))

            shown = {}
            for dev, target, (release, mode, level), reloads in PLAN_CASES:
                name = dev["name"]
                res = results[name]
                self.assertEqual(res["result"], "unchanged" if reloads == 0 else "migrated", res)
                self.assertEqual(res["reloads"], reloads, res)
                self.assertEqual(res["level_before"], level, res)
                self.assertEqual(res["level_after"], level, res)
                self.assertTrue(os.path.isfile(res["pre_snapshot"]), res)
                self.assertTrue(os.path.isfile(res["post_snapshot"]), res)
                # licmig's own post-snapshot
                with open(res["post_snapshot"]) as f:
                    post = json.load(f)
                self.assertEqual(release_of_version(post["version"]["version"]), release, name)
                self.assertEqual(post["license_mode"], mode, name)
                self.assertEqual(post["license_level"], level, name)
                # the router's own show version, through OpenSSH
                version, ltype, shown_level = show_version_facts(ssh_exec(sim.ports[name], "show version"))
                shown[name] = (version, ltype, shown_level)
                self.assertEqual(release_of_version(version), release, name)
                self.assertEqual(MODE_OF_TYPE.get(ltype), mode, "%s: License Type %s" % (name, ltype))
                self.assertEqual(shown_level, level, name)
                brief = ssh_exec(sim.ports[name], "show ip interface brief")
                self.assertNotIn("administratively down", brief, name)
                port_license = any(p["feature"] == "10GEupgradelicense" for p in dev.get("pak_licenses", []))
                self.assertEqual("TenGigabitEthernet0/0/24" in brief, port_license, name)

            # the careless cases: nothing pinned the level before; licmig pinned it, it held
            for name in ("r16-careless-mip", "r16-careless-adv"):
                with open(results[name]["pre_snapshot"]) as f:
                    pre = json.load(f)
                self.assertFalse(pre.get("configured_boot_level"), "%s had a boot level already" % name)
            sim.stop()
            for dev, target, (release, mode, level), reloads in PLAN_CASES:
                st = sim.sim_state(dev["name"])
                self.assertEqual((st["release"], st["mode"], st["level"]), (release, mode, level), dev["name"])
                self.assertEqual(st["reload_count"], reloads, dev["name"])
            # no port left administratively down, the licensed ports included (r179-smart-port): licmig
            # brought them back with no shutdown and a reload, and verified it
            for dev, target, _, _ in PLAN_CASES:
                self.assertEqual(sim.sim_state(dev["name"]).get("ports_down"), [], dev["name"])
            for name in ("r16-careless-mip", "r16-careless-adv"):
                lvl = MIP if "mip" in name else ADV
                self.assertEqual(sim.sim_state(name)["startup"].get("boot_level"), lvl, name)

            # 6. licmig diff PRE POST names the release and mode change (and no level change)
            res = results["r176-trad"]
            d = run_licmig(LICMIG, ["diff", res["pre_snapshot"], res["post_snapshot"]], sim.env())
            self.assertEqual(d.returncode, 0, d.stderr)
            self.assertRegex(d.stdout, r"version: 17\.06\.01 -> 17\.09\.04a")
            self.assertRegex(d.stdout, r"license_mode: traditional -> smart")
            self.assertNotRegex(d.stdout, r"license_level:")
            dj = run_licmig(LICMIG, ["diff", "--format", "json", res["pre_snapshot"], res["post_snapshot"]], sim.env())
            self.assertEqual(dj.returncode, 0, dj.stderr)
            self.assertIn("17.09.04a", dj.stdout)
            # the stored diff next to the post-snapshot says the same
            with open(res["diff"]) as f:
                self.assertIn("license_mode: traditional -> smart", f.read())


# --- 2. a fleet of 50 with faults ---------------------------------------------------------------

# --- 1b. the differential test's sample over SSH (issue 13) -----------------------------------------
# A few cases of tests/unit/differential_test.cpp's space, end to end: licmig's plan (`plan --format
# json`, its prediction after every reload) against what the simulated routers came up as after
# `migrate` over SSH — an HA pair (the standby must come up as its active), a two-reload hop through
# 17.9.4a with --via (guide: "choose a release where the router can take a snapshot"), and a router with
# a port license leaving Smart Licensing (guide: "Licensed ports—Perform no shutdown of router followed
# by reload").
DIFF_SAMPLE = [  # (router, target, extra plan/migrate arguments)
    (router("d16-via", IMG_169, paks=PAK_PORT_ADV), "1712-nolic",
     ["--via", "17.9.4a", "--via-image", IMG_179]),
    (router("d16-ha-a", IMG_169, boot_level=ADV, paks=PAK_ADV, ha={"group": "dha", "role": "active"}),
     "179-nolic", []),
    (router("d16-ha-b", IMG_169, boot_level=ADV, paks=PAK_ADV, ha={"group": "dha", "role": "standby"}),
     "179-nolic", []),
    (router("d179-smart-port", IMG_179, mode="smart", boot_level=ADV, paks=PAK_PORT_ADV), "176-trad", []),
    (router("d176-trad-mip", IMG_176, level=MIP, paks=PAK_MIP), "179-smart", []),
    (router("d177-nolic", IMG_177, mode="no-license", boot_level=ADV), "1712-smart", []),
]
# ... and a grid: six starting states x four targets, planned or refused as the planner decides. A
# refused router must come out untouched; a planned one as predicted.
GRID_STARTS = {
    "169adv": dict(image=IMG_169, boot_level=ADV, paks=PAK_ADV),
    "169mip": dict(image=IMG_169, level=MIP, paks=PAK_MIP),
    "1612port": dict(image=IMG_1612, boot_level=ADV, paks=PAK_PORT_ADV),
    "176trad": dict(image=IMG_176, boot_level=ADV, paks=PAK_ADV),
    "177nolic": dict(image=IMG_177, mode="no-license", boot_level=ADV),
    "179smart": dict(image=IMG_179, mode="smart", boot_level=ADV, paks=PAK_ADV),
}
GRID_TARGETS = ["179-nolic", "1712-smart", "176-trad", "179-smart"]
DIFF_GRID = [(router("g%s-%s" % (s, t.replace("-", "")), **kw), t, [])
             for s, kw in GRID_STARTS.items() for t in GRID_TARGETS]


IMAGE_OF_RELEASE = {"16.9.4": IMG_169, "16.12.5": IMG_1612, "17.6.1": IMG_176, "17.7.1": IMG_177,
                    "17.9.4": IMG_179, "17.12.1": IMG_1712}


def base_release(r):
    return re.sub(r"[a-z]+$", "", r)


class DifferentialSample(MigrateTestCase):
    def test_plans_predict_what_the_routers_come_up_as_over_ssh(self):
        cases = DIFF_SAMPLE + DIFF_GRID
        devices = [c[0] for c in cases]
        grid = {c[0]["name"] for c in DIFF_GRID}
        with Sim(SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            spec = {d["name"]: d for d in devices}
            predicted = {}
            untouched = {}  # grid routers the plan leaves as they are: refused, or already at the target
            groups = {}
            for dev, target, extra in cases:
                groups.setdefault((target, tuple(extra)), []).append(dev["name"])
            for (target, extra), hosts in sorted(groups.items()):
                common = ["--known-hosts", os.path.join(self.work, "kh"), "--accept-new-host-keys", "-i", inv,
                          "-l", ":".join(hosts)] + target_args(target) + list(extra)
                store = ["--store", os.path.join(self.work, "store-" + hosts[0])]
                plan = run_licmig(LICMIG, ["plan"] + store + common + ["--format", "json"], sim.env())
                self.assertIn(plan.returncode, (0, 1), plan.stdout[-3000:] + plan.stderr[-3000:])
                for p in parse_json_output(self, plan):
                    if p["host"] in grid and (p["refused"] or not any(st["kind"] == "reload" for st in p["steps"])):
                        untouched[p["host"]] = "refused" if p["refused"] else "unchanged"  # (already there)
                        continue
                    self.assertFalse(p["refused"], p)
                    reloads = [st for st in p["steps"] if st["kind"] == "reload"]
                    self.assertTrue(reloads, p)
                    last = reloads[-1]
                    predicted[p["host"]] = {
                        "state": (last["expect_release"], last["expect_mode"], last["expect_level"]),
                        "reloads": len(reloads),
                        "kinds": [st["kind"] for st in p["steps"]],
                    }
                r = run_licmig(LICMIG, ["migrate"] + store + common + ["--yes", "--format", "json"], sim.env(),
                               timeout=300)
                any_refused = any(untouched.get(h) == "refused" for h in hosts)
                self.assertEqual(r.returncode, 1 if any_refused else 0, r.stdout[-3000:] + r.stderr[-3000:])
                for host, res in by_host(parse_json_output(self, r)).items():
                    self.assertEqual(res["result"], untouched.get(host, "migrated"), res)
            sim.stop()
            self.assertEqual(sorted(set(predicted) | set(untouched)), sorted(d["name"] for d in devices))
            # both outcomes are in the grid (a planner that refused or planned everything would not be)
            self.assertTrue(untouched and grid - set(untouched), (untouched, sorted(grid - set(untouched))))
            for name in untouched:
                with self.subTest(router=name):
                    st = sim.sim_state(name)
                    d = spec[name]
                    self.assertEqual((st["mode"], st["level"], st["reload_count"]),
                                     (d["license_mode"], d["license_level"], 0))
                    self.assertEqual(IMAGE_OF_RELEASE.get(base_release(st["release"])), d["image"])
            for name, want in predicted.items():
                with self.subTest(router=name):
                    st = sim.sim_state(name)
                    release, mode, level = want["state"]
                    self.assertEqual((base_release(st["release"]), st["mode"], st["level"]),
                                     (base_release(release), mode, level))
                    self.assertEqual(st["ports_down"], [])
                    if name != "d16-ha-b":  # the standby reloads with its active
                        self.assertEqual(st["reload_count"], want["reloads"])
            sys.stderr.write("differential sample over SSH: %d routers, %d migrated as predicted, %d left as they "
                             "were (refused or already at the target)\n" % (len(devices), len(predicted),
                                                                            len(untouched)))
            # the shapes the sample is there for
            self.assertEqual(predicted["d16-via"]["reloads"], 2)
            self.assertIn("restore-ports", predicted["d179-smart-port"]["kinds"])
            self.assertEqual(predicted["d16-ha-a"]["state"], predicted["d16-ha-b"]["state"])


def healthy(name, replicas, **extra):
    d = router(name + "{n}", IMG_169, boot_level=ADV, paks=PAK_ADV, replicas=replicas)
    d.update(extra)
    return d


FAULTY = {  # name prefix -> (faults, words the reported cause must contain)
    # the session drops after 20 commands: mid-change, after the pre-change snapshot
    "drop": ({"drop_after_commands": 20}, ("closed", "not connected")),
    "neverback": ({"never_return_after_reload": True}, ("did not come back", "timed out")),
    "authfail": ({"auth_fail_after_reload": True}, ("auth",)),
    "rekey": ({"rotate_host_key_on_reload": True}, ("host key",)),
    # `show license` (the PAK record a 16.x upgrade erases) comes back cut in half: no record, no change
    "garble": ({"garble": ["show license"]}, ("show license",)),
}


def expand_replicas(devices):
    """The router names iosxe-sim gives `replicas:` entries ({n} -> 1..N)."""
    names = []
    for d in devices:
        for n in range(1, d.get("replicas", 1) + 1):
            names.append(d["name"].replace("{n}", str(n)))
    return names


class Sim50(Sim):
    """A Sim whose fleet uses `replicas:`: ports are spaced by the replica count."""

    def __init__(self, binary, work, devices, **kw):
        total = sum(d.get("replicas", 1) for d in devices)
        super().__init__(binary, work, [{"name": "placeholder%d" % i} for i in range(total)], **kw)
        port = self.base
        self.devices = []
        for d in devices:
            d = dict(d)
            d["port"] = port
            d.setdefault("hostname", d["name"].upper().replace("{N}", "{n}"))
            port += d.get("replicas", 1)
            self.devices.append(d)
        self.ports = {}
        for d in self.devices:
            for n in range(1, d.get("replicas", 1) + 1):
                self.ports[d["name"].replace("{n}", str(n))] = d["port"] + n - 1

    def inventory(self, host_vars=None, name="inventory.yaml"):
        hosts = {h: {"ansible_host": "127.0.0.1", "ansible_port": p} for h, p in self.ports.items()}
        path = os.path.join(self.work, name)
        import yaml
        with open(path, "w") as f:
            yaml.safe_dump({"all": {"vars": {"reload_timeout": 60}, "hosts": hosts}}, f, sort_keys=False)
        return path


class Faults(MigrateTestCase):
    def test_fleet_of_50_with_faults(self):
        devices = [healthy("ok", 30)]
        for prefix, (faults, _) in FAULTY.items():
            devices.append(healthy(prefix, 4, faults=faults))
        with Sim50(SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            self.assertEqual(len(sim.ports), 50)
            inv = sim.inventory()
            # a generous deadline for the run (its speed is scripts/bench's migration phase)
            r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json", "--reload-timeout", "15",
                                   "--parallel", "50", "--command-timeout", "8"] + target_args("179-nolic"),
                             timeout=900)
            report = parse_json_output(self, r)
            self.assertEqual(r.returncode, 4, r.stderr[-3000:])
            self.assertEqual(report["exit_code"], 4)
            res = by_host(report)
            self.assertEqual(sorted(res), sorted(sim.ports), "one result per router")
            for name, rr in res.items():
                prefix = re.sub(r"\d+$", "", name)
                if prefix == "garble":
                    # no complete record could be taken: the router is not worked on at all
                    self.assertEqual(rr["result"], "unreachable", rr)
                    self.assertIn("show license", rr["message"], rr)
                    self.assertEqual(rr["pre_snapshot"], "", rr)
                    continue
                # every router that was worked on has its pre-change record on disk
                self.assertTrue(rr["pre_snapshot"] and os.path.isfile(rr["pre_snapshot"]),
                                "%s: no pre-snapshot on disk: %s" % (name, rr))
                with open(rr["pre_snapshot"]) as f:
                    pre = json.load(f)
                self.assertEqual(pre["host"], name)
                self.assertEqual(pre["license_level"], ADV, name)
                if prefix == "ok":
                    self.assertEqual(rr["result"], "migrated", rr)
                    self.assertEqual(rr["level_after"], ADV, rr)
                    self.assertTrue(os.path.isfile(rr["post_snapshot"]), rr)
                else:
                    self.assertIn(rr["result"], ("failed", "unreachable"), rr)
                    words = FAULTY[prefix][1]
                    self.assertTrue(any(w in rr["message"].lower() for w in words),
                                    "%s: cause not named (%s): %s" % (name, words, rr["message"]))
            sim.stop()
            for name in sim.ports:
                st = sim.sim_state(name)
                prefix = re.sub(r"\d+$", "", name)
                self.assertLessEqual(st["reload_count"], 1, name)
                if prefix == "ok":
                    self.assertEqual((st["release"], st["mode"], st["level"], st["reload_count"]),
                                     ("17.9.4a", "no-license", ADV, 1), name)
                elif prefix in ("garble", "drop"):
                    # never reloaded, still booting what it booted
                    self.assertEqual((st["release"], st["reload_count"]), ("16.9.4", 0), name)
                    if prefix == "garble":
                        self.assertEqual(st["startup"]["boot_system"], st["running"]["boot_system"], name)
                        self.assertNotIn("17.09", " ".join(st["startup"]["boot_system"]), name)
                else:
                    self.assertEqual(st["reload_count"], 1, name)


# --- 3. SIGKILL in the middle of a batch, then --resume ----------------------------------------

def wait_for_event(store, predicate, proc, timeout=120):
    """Polls the run's journal until an event matches; returns (run id, event)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in glob.glob(os.path.join(store, "journal", "*.jsonl")):
            run_id = os.path.basename(path)[:-len(".jsonl")]
            for e in journal_events(store, run_id):
                if predicate(e):
                    return run_id, e
        if proc.poll() is not None:
            raise AssertionError("licmig ended (exit %s) before the awaited journal event" % proc.returncode)
        time.sleep(0.02)
    raise AssertionError("no such journal event within %d s" % timeout)


def port_open(port):
    import socket
    with socket.socket() as s:
        s.settimeout(1)
        try:
            s.connect(("127.0.0.1", port))
            return True
        except OSError:
            return False


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, what))


class KillAndResume(MigrateTestCase):
    ROUTERS = 5

    def kill_then_resume(self, predicate):
        devices = [router("k%d" % i, IMG_169, boot_level=ADV, paks=PAK_ADV) for i in range(1, self.ROUTERS + 1)]
        with Sim(SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=2) as sim:
            inv = sim.inventory()
            kh = os.path.join(self.work, "known_hosts")
            common = ["--store", self.store, "--known-hosts", kh, "--accept-new-host-keys"]
            # 16.x -> 17.12 Smart: two reloads per router; two routers at a time, so some wait
            proc = subprocess.Popen([LICMIG, "migrate"] + common + ["-i", inv, "--yes", "--parallel", "2",
                                                                    "--format", "json"] + target_args("1712-smart"),
                                    env=sim.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    stdin=subprocess.DEVNULL)
            try:
                run_id, event = wait_for_event(self.store, predicate, proc)
                if event["event"] == "reload-sent":
                    # the command goes out just after the journal says so: kill once the router
                    # is really down (its SSH port refuses), i.e. in the middle of its reload
                    wait_until(lambda: not port_open(sim.ports[event["host"]]), 20, "the router going down")
            finally:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            events = journal_events(self.store, run_id)
            finished = {e["host"] for e in events if e["event"] == "result"}
            self.assertLess(len(finished), self.ROUTERS, "the kill came after the batch was done")

            r = self.migrate(sim, ["--resume", run_id, "--yes", "--format", "json"], timeout=240)
            report = parse_json_output(self, r)
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            res = by_host(report)
            self.assertEqual(sorted(res), sorted(sim.ports))
            for name, rr in res.items():
                self.assertEqual(rr["result"], "migrated", rr)
                self.assertTrue(os.path.isfile(rr["pre_snapshot"]), rr)
                self.assertTrue(os.path.isfile(rr["post_snapshot"]), rr)
                self.assertEqual(rr["level_after"], ADV, rr)
            # every step of every router ran exactly once over both attempts (the resume repeated none)
            events = journal_events(self.store, run_id)
            for name in sim.ports:
                done = [e["step"] for e in events if e.get("host") == name and e["event"] == "done"]
                self.assertEqual(sorted(done), sorted(set(done)), "%s: a step was done twice: %s" % (name, done))
            if event["event"] == "reload-sent":
                # the reload in flight at the kill was verified after the resume, not sent again
                sent = [e for e in events if e.get("host") == event["host"] and e["event"] == "reload-sent"
                        and e["step"] == event["step"]]
                self.assertEqual(len(sent), 1, sent)
            sim.stop()
            for name in sim.ports:
                st = sim.sim_state(name)
                self.assertEqual(st["reload_count"], 2, "%s reloaded %d times (plan: 2)" % (name, st["reload_count"]))
                self.assertEqual((st["release"], st["mode"], st["level"]), ("17.12.1", "smart", ADV), name)
            return event

    def test_sigkill_during_a_reload_then_resume(self):
        event = self.kill_then_resume(lambda e: e["event"] == "reload-sent")
        self.assertEqual(event["event"], "reload-sent")

    def test_sigkill_between_steps_then_resume(self):
        # after the mode switch was configured on the new release, before it was saved
        self.kill_then_resume(lambda e: e["event"] == "done" and e.get("kind") == "smart-enable")


# --- 4. --canary, --serial, --max-fail-percentage -----------------------------------------------

class Waves(MigrateTestCase):
    """Six routers w1..w6 in inventory order; `bad` names the ones that fail."""

    def run_waves(self, bad, args, fault):
        devices = []
        for i in range(1, 7):
            d = router("w%d" % i, IMG_169, boot_level=ADV, paks=PAK_ADV)
            if d["name"] in bad:
                d["faults"] = fault
            devices.append(d)
        sim = Sim(SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1)
        with sim:
            inv = sim.inventory()
            r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json", "--reload-timeout", "5"] + args
                             + target_args("179-nolic"))
            report = parse_json_output(self, r)
            sim.stop()
            counts = {name: sim.sim_state(name)["reload_count"] for name in sim.ports}
            events = [e for path in glob.glob(os.path.join(self.store, "journal", "*.jsonl"))
                      for e in journal_events(self.store, os.path.basename(path)[:-6])]
        return r, by_host(report), counts, events

    def assert_not_started(self, res, counts, names):
        for n in names:
            self.assertEqual(res[n]["result"], "skipped", res[n])
            self.assertIn("not started", res[n]["message"], res[n])
            self.assertEqual(res[n]["pre_snapshot"], "", res[n])
            self.assertEqual(counts[n], 0, n)

    def test_canary_failure_stops_the_rest(self):
        r, res, counts, events = self.run_waves({"w2"}, ["--canary", "2"], {"refuse_connections": True})
        self.assertEqual(res["w1"]["result"], "migrated", res["w1"])
        self.assertEqual(counts["w1"], 1)
        self.assertEqual(res["w2"]["result"], "unreachable", res["w2"])
        self.assert_not_started(res, counts, ["w3", "w4", "w5", "w6"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("canary", r.stderr)
        started = {e["host"] for e in events if e["event"] == "start"}
        self.assertFalse(started & {"w3", "w4", "w5", "w6"}, "the journal shows steps of routers after the canary")

    def test_canary_success_goes_on_in_serial_waves(self):
        r, res, counts, events = self.run_waves(set(), ["--canary", "1", "--serial", "2"], {})
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        for n in ("w1", "w2", "w3", "w4", "w5", "w6"):
            self.assertEqual(res[n]["result"], "migrated", res[n])
            self.assertEqual(counts[n], 1, n)
        # waves [w1] [w2 w3] [w4 w5] [w6]: no router of a wave starts before the previous wave ended
        waves = [["w1"], ["w2", "w3"], ["w4", "w5"], ["w6"]]
        first_start = {}
        last_result = {}
        for e in events:
            if e["event"] == "start":
                first_start.setdefault(e["host"], e["ts"])
            if e["event"] == "result":
                last_result[e["host"]] = e["ts"]
        for before, after in zip(waves, waves[1:]):
            self.assertLess(max(last_result[h] for h in before), min(first_start[h] for h in after),
                            "wave %s started before wave %s ended" % (after, before))

    def test_serial_with_max_fail_percentage_stops_after_the_failing_wave(self):
        # waves of 2: [w1 w2] [w3 w4] [w5 w6]; w3 never comes back from its reload: 1 of 6 > 10%
        r, res, counts, events = self.run_waves({"w3"}, ["--serial", "2", "--max-fail-percentage", "10"],
                                                {"never_return_after_reload": True})
        for n in ("w1", "w2", "w4"):
            self.assertEqual(res[n]["result"], "migrated", res[n])
            self.assertEqual(counts[n], 1, n)
        self.assertEqual(res["w3"]["result"], "failed", res["w3"])
        self.assertIn("did not come back", res["w3"]["message"])
        self.assert_not_started(res, counts, ["w5", "w6"])
        self.assertEqual(r.returncode, 4)

    def test_max_fail_percentage_stops_starting_routers(self):
        # one at a time; w1 and w2 cannot be reached: 2 of 6 = 33% > 20% after w2
        r, res, counts, events = self.run_waves({"w1", "w2"}, ["--parallel", "1", "--max-fail-percentage", "20"],
                                                {"refuse_connections": True})
        self.assertEqual(res["w1"]["result"], "unreachable", res["w1"])
        self.assertEqual(res["w2"]["result"], "unreachable", res["w2"])
        self.assert_not_started(res, counts, ["w3", "w4", "w5", "w6"])
        self.assertIn("20%", r.stderr)


# --- 5. nothing changes without consent; the token stays secret ---------------------------------

def all_files(root):
    for dirpath, _, files in os.walk(root):
        for f in files:
            yield os.path.join(dirpath, f)


class Safety(MigrateTestCase):
    def test_dry_run_and_missing_yes_change_nothing_and_token_file_rules(self):
        devices = [router("s16", IMG_169, boot_level=ADV, paks=PAK_ADV),
                   router("s179", IMG_179, mode="no-license", boot_level=ADV)]
        with Sim(SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            base = ["-i", inv, "-l", "s16"] + target_args("179-nolic")
            # --dry-run: the plan, then stop
            r = self.migrate(sim, base + ["--dry-run"])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("[reload] reload into 17.9.4", r.stdout)
            # no --yes, stdin not a terminal (even one saying yes): refused, exit 2
            r = self.migrate(sim, base)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("nothing changed", r.stderr)
            r = subprocess.run([LICMIG, "migrate", "--store", self.store, "--known-hosts",
                                os.path.join(self.work, "known_hosts"), "--accept-new-host-keys"] + base,
                               env=sim.env(), input="yes\n", capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertFalse(os.path.isdir(os.path.join(self.store, "journal")) and
                             os.listdir(os.path.join(self.store, "journal")), "a run was started")

            # --token-file readable by others: refused before anything
            token_file = os.path.join(self.work, "token")
            with open(token_file, "w") as f:
                f.write(TOKEN + "\n")
            os.chmod(token_file, 0o644)
            smart = ["-i", inv, "-l", "s179", "--yes", "--format", "json", "--token-file", token_file] + \
                target_args("179-smart")
            r = self.migrate(sim, smart)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("chmod 600", r.stderr)
            self.assertFalse(os.path.isdir(os.path.join(self.store, "journal")) and
                             os.listdir(os.path.join(self.store, "journal")), "a run was started")
            # 0600: the router is switched to Smart and registered with the token
            os.chmod(token_file, 0o600)
            r = self.migrate(sim, smart)
            self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-3000:])
            res = by_host(parse_json_output(self, r))["s179"]
            self.assertEqual(res["result"], "migrated", res)
            with open(res["post_snapshot"]) as f:
                post = json.load(f)
            self.assertEqual(post["license_mode"], "smart")
            self.assertIn("REGISTERED", json.dumps(post["smart"]))
            with open(glob.glob(os.path.join(self.store, "journal", "*.jsonl"))[0]) as f:
                self.assertIn("register-smart", f.read())
            self.assertNotIn(TOKEN, r.stdout + r.stderr)
            sim.stop()
            s16 = sim.sim_state("s16")
            self.assertEqual((s16["release"], s16["reload_count"]), ("16.9.4", 0))
            self.assertEqual(s16["startup"]["boot_system"], ["bootflash:" + IMG_169])
            self.assertEqual(s16["running"], s16["startup"])
            s179 = sim.sim_state("s179")
            self.assertEqual((s179["mode"], s179["smart"]["registration"]), ("smart", "REGISTERED"))
            self.assertEqual(s179["smart"]["last_token"], TOKEN, "the router was registered with another token")
            # the token is in no file licmig wrote (snapshots, transcripts, journal, diffs)
            files = list(all_files(self.store))
            self.assertTrue(any("/transcripts/" in f for f in files))
            for path in files:
                with open(path, "rb") as f:
                    self.assertNotIn(TOKEN.encode(), f.read(), "the token was written to " + path)


# --- iosxe-sim: sessions of one router survive other routers' clients leaving -----------------

class StoreLock(MigrateTestCase):
    def test_a_second_migrate_on_a_held_store_is_refused_read_only_commands_work(self):
        # issue 11: one migrate run per store; the store lock is held by another run (here: this
        # test, with flock on STORE/lock and a holder record, as licmig itself writes it)
        devices = [router("l16", IMG_169, boot_level=ADV, paks=PAK_ADV)]
        with Sim(SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            store = os.path.join(self.work, "store")
            os.makedirs(store, exist_ok=True)
            holder = {"run": "20260101T000000Z-held", "pid": os.getpid(), "host": "other-host",
                      "started_at": "2026-01-01T00:00:00Z"}
            fd = os.open(os.path.join(store, "lock"), os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.ftruncate(fd, 0)
                os.write(fd, (json.dumps(holder) + "\n").encode())
                base = ["-i", inv, "-l", "l16", "--yes"] + target_args("179-nolic")
                r = self.migrate(sim, base)
                self.assertEqual(r.returncode, 5, r.stdout[-2000:] + r.stderr[-3000:])
                self.assertRegex(r.stderr, r"licmig: error: store .* is in use by .*20260101T000000Z-held")
                self.assertFalse(os.path.isdir(os.path.join(store, "journal")) and
                                 os.listdir(os.path.join(store, "journal")), "a run was started")
                # --resume takes the same lock
                r = self.migrate(sim, ["--resume", "20260101T000000Z-held"])
                self.assertEqual(r.returncode, 5, r.stderr)
                # read-only commands do not take it
                common = ["--store", store, "--known-hosts", os.path.join(self.work, "known_hosts"),
                          "--accept-new-host-keys", "-i", inv, "-l", "l16"]
                for cmd in (["snapshot"], ["check"] + target_args("179-nolic"), ["plan"] + target_args("179-nolic"),
                            ["migrate", "--dry-run"] + target_args("179-nolic")):
                    r = run_licmig(LICMIG, cmd + common, sim.env())
                    self.assertEqual(r.returncode, 0, "%s: %s %s" % (cmd, r.stdout[-2000:], r.stderr[-2000:]))
            finally:
                os.close(fd)
            # released: the migrate runs
            r = self.migrate(sim, base)
            self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-3000:])
            sim.stop()
            self.assertEqual(sim.sim_state("l16")["reload_count"], 1)


class SimConcurrency(MigrateTestCase):
    def test_sessions_survive_other_clients_closing(self):
        """Regression: libssh's flush inside a channel write polled every connection of the event;
        another client closing at that moment broke a healthy session (`the connection ... was
        closed`, `Connection reset by peer`) -- about one run in three with four routers."""
        devices = [router("c%d" % i, IMG_179, mode="no-license", boot_level=ADV) for i in range(1, 13)]
        with Sim(SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            for attempt in range(4):
                # short OpenSSH exec sessions come and go while licmig reads all twelve routers
                churn = [subprocess.Popen(["sshpass", "-p", PASSWORD, "ssh", "-F", "/dev/null", "-o",
                                           "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                                           "-o", "LogLevel=ERROR", "-o", "PubkeyAuthentication=no",
                                           "-p", str(sim.ports["c%d" % (i % 12 + 1)]), USER + "@127.0.0.1",
                                           "show clock"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                         for i in range(12)]
                r = run_licmig(LICMIG, ["snapshot", "-i", inv, "--store", self.store, "--known-hosts",
                                        os.path.join(self.work, "known_hosts"), "--accept-new-host-keys",
                                        "--parallel", "12"], sim.env(), timeout=120)
                for p in churn:
                    p.wait(timeout=60)
                self.assertEqual(r.returncode, 0, "attempt %d:\n%s\n%s" % (attempt, r.stdout[-3000:],
                                                                            r.stderr[-2000:]))


def main():
    global LICMIG, SIM, WORK
    ap = argparse.ArgumentParser()
    ap.add_argument("--licmig", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--work-dir", default=None)
    args, rest = ap.parse_known_args()
    LICMIG = os.path.abspath(args.licmig)
    SIM = os.path.abspath(args.sim)
    WORK = os.path.abspath(args.work_dir) if args.work_dir else tempfile.mkdtemp(prefix="licmig-e2e-migrate-")
    os.makedirs(WORK, exist_ok=True)
    sys.exit(0 if run_tests(rest) else 1)


if __name__ == "__main__":
    main()
