#!/usr/bin/env python3
"""End-to-end tests of licmig's safety checks: the real licmig binary against iosxe-sim over real
SSH on loopback. No router is changed on a record, a plan or a store it cannot trust:

  a. a router whose `show license` and `show platform software sl-infra` commands are denied by AAA
     command authorization (iosxe-sim fault `deny_commands`): `migrate --yes` refuses it, naming
     the command and the cause, and never reloads it, while a healthy router of the same run
     migrates; `check` reports LM003;
  b. routers changed behind licmig's back (over OpenSSH: a saved boot level, a hostname) while an
     earlier wave of `--serial 1` is reloading: refused as "changed since the plan", naming what
     changed, never reloaded; the other routers migrate;
  c. two real `migrate --yes` runs on one store with overlapping hosts started at once: exactly one
     is refused (exit 5, naming the holder's run ID and PID), the other completes, no router
     reloads twice, every journal is consistent;
  d. `migrate --yes` with an unknown --target-release, or with an image of another release than
     --target-release: exit 2 before any connection (the simulator saw none, the store stays empty).

Helpers (routers, targets, journal reading) come from migrate_test.py, OpenSSH's here-doc shell
from sim_ssh_test.py.

Usage: safety_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
                      [unittest args]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import migrate_test as mt  # noqa: E402
from harness import e2e_main, ENABLE, PASSWORD, Sim, read_journal, run_licmig  # noqa: E402
from migrate_test import (ADV, DEFAULTS, IMG_169, IMG_1712, MD5, PAK_ADV, MigrateTestCase, by_host,  # noqa: E402
                          parse_json_output, router, target_args, wait_for_event)
from sim_ssh_test import ssh_shell  # noqa: E402

MIP = "metroipaccess"
DENIED = ["show license", "show platform software sl-infra"]


def pak_router(name, **extra):
    """A traditional 16.9.4 router with a permanent PAK and a saved boot level (migrate_test's cases)."""
    return router(name, IMG_169, boot_level=ADV, paks=PAK_ADV, **extra)


def journal_lines(path):
    """Every line of a journal, each parsed as JSON (fails on one that is not)."""
    return read_journal(path)


def store_files(store):
    if not os.path.isdir(store):
        return []
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(store) for f in fs)


class AuthorizationDenied(MigrateTestCase):
    def test_denied_license_commands_refuse_the_router_and_the_other_migrates(self):
        devices = [pak_router("denied", faults={"deny_commands": DENIED}), pak_router("healthy")]
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            # the simulator denies them as IOS does (the fault itself, seen through OpenSSH); pak-info
            # does not exist on 16.9 and stays `% Invalid input`, as licmig expects there
            for command in ("show license", "sh lic udi"):
                self.assertEqual(mt.ssh_exec(sim.ports["denied"], command).strip(), "% Authorization failed.")
            self.assertIn("% Invalid input", mt.ssh_exec(sim.ports["denied"], "show platform software sl-infra pak-info"))

            # check: LM003 (record incomplete), naming the denied command and the cause
            r = run_licmig(mt.LICMIG, ["check", "-i", inv, "-l", "denied", "--format", "json"] + sim.common_args()
                           + target_args("179-nolic"), sim.env())
            self.assertEqual(r.returncode, 1, r.stdout[-2000:] + r.stderr[-2000:])
            checked = {x["host"]: x for x in parse_json_output(self, r)["routers"]}["denied"]
            lm003 = [f for f in checked["findings"] if f["rule"] == "LM003"]
            self.assertEqual(len(lm003), 1, checked)
            self.assertEqual(lm003[0]["severity"], "error", lm003)
            self.assertIn("show license", lm003[0]["message"])
            self.assertIn("authorization failed", lm003[0]["message"].lower())

            # migrate --yes to a target that reloads: the denied router is refused, the other migrates
            r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json"] + target_args("179-nolic"))
            report = parse_json_output(self, r)
            self.assertEqual(r.returncode, 1, r.stdout[-2000:] + r.stderr[-3000:])
            res = by_host(report)
            self.assertEqual(res["denied"]["status"], "refused", res["denied"])
            message = res["denied"]["message"]
            self.assertIn("show license", message)
            self.assertIn("authorization", message.lower())
            self.assertEqual(res["healthy"]["status"], "migrated", res["healthy"])
            sim.stop()
            denied = sim.sim_state("denied")
            self.assertEqual((denied["release"], denied["reload_count"]), ("16.9.4", 0))
            self.assertEqual(denied["startup"]["boot_system"], ["bootflash:" + IMG_169])
            self.assertEqual(denied["running"], denied["startup"], "the denied router was reconfigured")
            healthy = sim.sim_state("healthy")
            self.assertEqual((healthy["release"], healthy["reload_count"]), ("17.9.4a", 1))


class DriftBetweenPlanAndWave(MigrateTestCase):
    def test_routers_changed_while_an_earlier_wave_runs_are_refused(self):
        # --serial 1: waves [d1] [d2] [d3] [d4]; d1 takes 3 s to boot, long enough to change d2 (its
        # saved boot level) and d3 (its hostname: its identity) meanwhile; d4 is left alone
        devices = [pak_router("d1", boot_seconds=3), pak_router("d2"), pak_router("d3"), pak_router("d4")]
        changes = {"d2": ["license boot level " + MIP], "d3": ["hostname D3-RENAMED"]}
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            proc = subprocess.Popen([mt.LICMIG, "migrate", "--store", self.store, "--known-hosts",
                                     os.path.join(self.work, "known_hosts"), "--accept-new-host-keys", "-i", inv,
                                     "--yes", "--serial", "1", "--format", "json"] + target_args("179-nolic"),
                                    env=sim.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    stdin=subprocess.DEVNULL, text=True)
            try:
                run_id, _ = wait_for_event(self.store, lambda e: e.get("host") == "d1" and
                                           e["event"] == "reload-sent", proc, timeout=120)
                # behind licmig's back, through OpenSSH: configure and save
                for name, lines in changes.items():
                    shell = ssh_shell(sim.ports[name], ["enable", ENABLE, "configure terminal"] + lines +
                                      ["end", "write memory", "exit"], password=PASSWORD)
                    self.assertEqual(shell.returncode, 0, shell.stdout + shell.stderr)
                    self.assertIn("[OK]", shell.stdout)
                # the changes landed before licmig touched d2 and d3 (else this test proves nothing)
                touched = [e for e in mt.journal_events(self.store, run_id) if e.get("host") in changes
                           and e["event"] != "plan"]
                self.assertEqual(touched, [], "licmig worked on a router before it was changed")
                out, err = proc.communicate(timeout=300)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate()
            r = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
            report = parse_json_output(self, r)
            self.assertEqual(r.returncode, 1, out[-2000:] + err[-3000:])
            res = by_host(report)
            for name, changed in (("d2", "configured_boot_level was %s, now %s" % (ADV, MIP)),
                                  ("d3", "hostname was D3, now D3-RENAMED")):
                self.assertEqual(res[name]["status"], "refused", res[name])
                self.assertIn("changed since the plan", res[name]["message"])
                self.assertIn(changed, res[name]["message"])
            for name in ("d1", "d4"):
                self.assertEqual(res[name]["status"], "migrated", res[name])
            sim.stop()
            for name in ("d1", "d4"):
                st = sim.sim_state(name)
                self.assertEqual((st["release"], st["reload_count"]), ("17.9.4a", 1), name)
            for name in changes:
                st = sim.sim_state(name)
                self.assertEqual((st["release"], st["reload_count"]), ("16.9.4", 0), name)
                self.assertEqual(st["startup"]["boot_system"], ["bootflash:" + IMG_169], "%s was reconfigured" % name)
                self.assertEqual(st["running"], st["startup"], "%s was reconfigured" % name)
            self.assertEqual(sim.sim_state("d2")["startup"].get("boot_level"), MIP, "d2 lost the level given by hand")


class ConcurrentRunsOnOneStore(MigrateTestCase):
    def test_two_runs_at_once_one_is_refused_no_router_reloads_twice(self):
        devices = [pak_router("c1"), pak_router("c2"), pak_router("c3")]
        runs = {"a": "c1,c2", "b": "c2,c3"}
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=2) as sim:
            inv = sim.inventory()
            common = ["--store", self.store, "--known-hosts", os.path.join(self.work, "known_hosts"),
                      "--accept-new-host-keys", "-i", inv, "--yes", "--format", "json"] + target_args("179-nolic")
            procs = {}
            for name, hosts in runs.items():
                procs[name] = subprocess.Popen([mt.LICMIG, "migrate", "-l", hosts] + common, env=sim.env(),
                                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                               stdin=subprocess.DEVNULL, text=True)
            done = {}
            try:
                for name, p in procs.items():
                    out, err = p.communicate(timeout=300)
                    done[name] = subprocess.CompletedProcess(p.args, p.returncode, out, err)
            finally:
                for p in procs.values():
                    if p.poll() is None:
                        p.kill()
                        p.communicate()
            codes = sorted(r.returncode for r in done.values())
            self.assertEqual(codes, [0, 5], {n: (r.returncode, r.stderr[-2000:]) for n, r in done.items()})
            winner = [n for n, r in done.items() if r.returncode == 0][0]
            loser = [n for n, r in done.items() if r.returncode == 5][0]

            journals = glob.glob(os.path.join(self.store, "journal", "*.jsonl"))
            self.assertEqual(len(journals), 1, "one run started: %s" % journals)
            run_id = os.path.basename(journals[0])[:-len(".jsonl")]
            # the refusal names the holder: its run ID and PID.
            # KNOWN LICMIG BUG (migrate/run_lock.cpp, left to the owner of migrate/): RunLock::acquire
            # takes the flock, then truncates STORE/lock and writes the holder record (ftruncate,
            # pwrite, fsync); a run refused inside that window reads an empty file and says "in use by
            # another licmig run (its record is unreadable)" instead of naming the holder, and this
            # assertion fails -- 3 runs in 51 on the development machine. (~RunLock truncates
            # before it closes: the same window at the end of a run.)
            refusal = done[loser].stderr
            self.assertRegex(refusal, r"licmig: error: store .* is in use by run %s \(pid %d\b" %
                             (re.escape(run_id), procs[winner].pid))
            self.assertNotIn("licmig: run ", refusal, "the refused run started a run of its own")
            migrated = set(runs[winner].split(","))
            res = by_host(parse_json_output(self, done[winner]))
            self.assertEqual(set(res), migrated)
            for name in migrated:
                self.assertEqual(res[name]["status"], "migrated", res[name])

            for path in journals:
                events = journal_lines(path)
                for name in sim.ports:
                    sent = [e for e in events if e.get("host") == name and e["event"] == "reload-sent"]
                    self.assertLessEqual(len(sent), 1, "%s: reload sent %d times in %s" % (name, len(sent), path))
            sim.stop()
            for name in sim.ports:
                st = sim.sim_state(name)
                self.assertEqual(st["reload_count"], 1 if name in migrated else 0, name)
                self.assertEqual(st["release"], "17.9.4a" if name in migrated else "16.9.4", name)


class TargetCheckedBeforeAnyConnection(MigrateTestCase):
    def test_unknown_release_and_image_of_another_release_exit_2_without_connecting(self):
        # check, plan and migrate --dry-run are covered by check_plan_test.py against a router that
        # listens nowhere; here a real `migrate --yes` against a live router, whose simulator logs
        # every connection it accepts (-v)
        devices = [pak_router("t1")]
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1, sim_args=["-v"]) as sim:
            inv = sim.inventory()
            cases = [
                (["--target-release", "99999.1.1", "--target-mode", "no-license"], r"--target-release 99999\.1\.1"),
                (["--target-release", "17.12.1", "--target-mode", "no-license", "--image",
                  "bootflash:" + mt.IMG_179, "--image-md5", MD5[mt.IMG_179]],
                 r"--image \S+17\.09\.04a\.SPA\.bin is release 17\.9\.4a, not the target release 17\.12\.1"),
            ]
            sim_log = os.path.join(self.work, "sim.log")

            def accepted():
                with open(sim_log, errors="replace") as f:
                    return [line for line in f if "connection accepted" in line]

            for target, message in cases:
                r = self.migrate(sim, ["-i", inv, "--yes"] + target)
                self.assertEqual(r.returncode, 2, (target, r.stdout[-2000:], r.stderr[-2000:]))
                self.assertRegex(r.stderr, r"licmig: error: " + message)
                self.assertEqual(r.stdout, "", target)
                self.assertEqual(store_files(self.store), [], target)
                self.assertEqual(accepted(), [], target)
            # the control: a good target does connect, and the simulator logs it
            r = self.migrate(sim, ["-i", inv, "--dry-run", "--target-release", "17.12.1", "--target-mode",
                                   "no-license", "--image", "bootflash:" + IMG_1712])
            self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-2000:])
            mt.wait_until(lambda: accepted(), 30, "the control run's connection in the simulator's log")
            sim.stop()
            st = sim.sim_state("t1")
            self.assertEqual((st["release"], st["reload_count"]), ("16.9.4", 0))


def main():
    def set_paths(licmig, sim, work):
        # migrate_test's helpers (MigrateTestCase, migrate()) read its globals
        mt.LICMIG, mt.SIM, mt.WORK = licmig, sim, work

    e2e_main("licmig-e2e-safety-", set_paths)



if __name__ == "__main__":
    main()
