#!/usr/bin/env python3
"""End-to-end tests of the way back (issue 15): `licmig rollback RUN-ID` and
`licmig migrate --rollback-on-failure`, the real licmig binary against iosxe-sim over real SSH.

The routers come back from the migration's reload in the wrong state through the simulator's fault
`wrong_level_reloads: 1` (the first reload brings them up at metroaccess whatever is saved), so the
migration's verification fails; later reloads behave.

  1. a migration that verified wrong, then `rollback RUN-ID --dry-run` (exit 0, the plan in the
     licmig/1 envelope, no change on the router, no new run), then `rollback RUN-ID --yes`: the
     router is back on its pre-change image, release, mode, level, saved boot level and boot system
     -- as the router itself answers over OpenSSH and as licmig's post-snapshot records it --, the
     rollback is a journaled run of its own naming the run it rolls back, and rolling back again
     finds it unchanged;
  2. a second rollback while the first one holds the store (the router mid-reload) is refused by the
     run lock (exit 5) and changes nothing; a rollback killed (SIGKILL) while the router reloads is
     finished by `rollback --resume` without a second reload;
  3. an HA pair is refused together on the way back, as on the way there (LM104 for the standby,
     LM043 for its active), and nothing moves;
  4. `migrate --rollback-on-failure`: the router that came back wrong is rolled back at once, in the
     same run ("rolled back to ..."), the healthy one is migrated and left migrated, the one that
     never came back is not rolled back; the run record keeps the flag;
  5. the way back out of Smart on a router with a port license (10GEupgradelicense), by `rollback`
     and by `--rollback-on-failure`: after the reload of `no license smart enable`, restore-ports and
     a second reload bring the licensed ports back (none administratively down, 3 reloads in all).

Usage: rollback_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
                        [unittest args]
"""
import glob
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import migrate_test as mt  # noqa: E402
from harness import Sim, e2e_main, read_journal, report_of, run_licmig  # noqa: E402
from migrate_test import (ADV, DEFAULTS, IMG_176, PAK_ADV, MigrateTestCase, by_host, journal_events,  # noqa: E402
                          router, show_version_facts, ssh_exec, target_args)

TARGET = "179-nolic"  # 17.6.1 traditional -> 17.9.4 no-license: pin the level, new image, one reload
WRONG = {"wrong_level_reloads": 1}


def faulty(name, **extra):
    """17.6.1 traditional, a permanent PAK license, no saved boot level: the plan pins it."""
    return router(name, IMG_176, paks=PAK_ADV, faults=dict(WRONG), **extra)


def healthy(name, **extra):
    return router(name, IMG_176, paks=PAK_ADV, **extra)


def boot_lines(port):
    text = ssh_exec(port, "show running-config")
    return ([l.strip() for l in text.splitlines() if l.startswith("boot system")],
            [l.strip() for l in text.splitlines() if l.startswith("license boot level")])


def journals(store):
    return sorted(glob.glob(os.path.join(store, "journal", "*.jsonl")))


class RollbackTestCase(MigrateTestCase):
    def rollback(self, sim, args, timeout=300):
        common = ["--store", self.store, "--known-hosts", os.path.join(self.work, "known_hosts"),
                  "--accept-new-host-keys"]
        return run_licmig(mt.LICMIG, ["rollback"] + common + args, sim.env(), timeout=timeout)

    def migrate_wrong(self, sim, inv, host, extra=()):
        r = self.migrate(sim, ["-i", inv, "-l", host, "--yes", "--format", "json"] + list(extra) + target_args(TARGET))
        self.assertEqual(r.returncode, 4, r.stdout[-3000:] + r.stderr[-3000:])
        doc = report_of(r.stdout, "migrate")
        row = by_host(doc)[host]
        self.assertEqual(row["status"], "failed", row)
        self.assertIn("after the reload the router shows", row["message"])
        self.assertIn("level metroaccess", row["message"])
        return doc["run"], row

    def assert_pre_change_state(self, sim, host):
        version, ltype, level = show_version_facts(ssh_exec(sim.ports[host], "show version"))
        self.assertEqual((version, ltype, level), ("17.06.01", "Permanent", ADV), host)
        boots, levels = boot_lines(sim.ports[host])
        self.assertEqual(boots, ["boot system bootflash:" + IMG_176], host)
        self.assertEqual(levels, [], host)  # none was saved before the change


class Rollback(RollbackTestCase):
    def test_rollback_after_a_migration_that_verified_wrong(self):
        with Sim(mt.SIM, self.work, [faulty("rb1")], defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            run_id, row = self.migrate_wrong(sim, inv, "rb1")
            self.assertNotIn("rolled_back", row)  # not asked for
            version, _, level = show_version_facts(ssh_exec(sim.ports["rb1"], "show version"))
            self.assertEqual((version, level), ("17.09.04a", "metroaccess"))

            # --dry-run: the plan, nothing else
            before = ssh_exec(sim.ports["rb1"], "show running-config")
            r = self.rollback(sim, [run_id, "--dry-run", "--format", "json"])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            plan = report_of(r.stdout, "rollback")
            self.assertIsNone(plan["run"])
            prow = by_host(plan)["rb1"]
            kinds = [s["kind"] for s in prow["steps"]]
            self.assertEqual(kinds, ["pre-snapshot", "verify-image", "set-boot-level", "set-boot-image",
                                     "save-config", "reload", "verify-restored", "post-snapshot"], prow)
            commands = [c for s in prow["steps"] for c in s["commands"]]
            self.assertIn("boot system bootflash:" + IMG_176, commands)
            self.assertIn("no license boot level", commands)
            self.assertEqual(ssh_exec(sim.ports["rb1"], "show running-config"), before)
            self.assertEqual(len(journals(self.store)), 1)  # no run was started

            # the rollback itself
            r = self.rollback(sim, [run_id, "--yes", "--format", "json"])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            doc = report_of(r.stdout, "rollback")
            rrow = by_host(doc)["rb1"]
            self.assertEqual(rrow["status"], "rolled-back", rrow)
            self.assertEqual(rrow["reloads"], 1, rrow)
            self.assertEqual(rrow["level_after"], ADV, rrow)
            self.assert_pre_change_state(sim, "rb1")
            # the plan the dry run showed is the plan that ran
            events = journal_events(self.store, doc["run"])
            self.assertEqual(events[0]["event"], "run")
            self.assertEqual(events[0]["rollback_of"], run_id)
            ran = [e for e in events if e["event"] == "plan" and e["host"] == "rb1"][0]["plan"]
            self.assertEqual([s["kind"] for s in ran["steps"]], kinds)
            # licmig's post-snapshot says the same
            with open(rrow["post_snapshot"]) as f:
                post = json.load(f)
            self.assertEqual((post["license_mode"], post["license_level"], post["version"]["image_file"]),
                             ("traditional", ADV, IMG_176))

            # rolled back already: nothing to do
            r = self.rollback(sim, [run_id, "--yes", "--format", "json"])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            self.assertEqual(by_host(report_of(r.stdout, "rollback"))["rb1"]["status"], "unchanged")
            sim.stop()
            self.assertEqual(sim.sim_state("rb1")["reload_count"], 2)  # the migration's and the rollback's

    def test_a_second_rollback_is_refused_by_the_run_lock(self):
        # the router takes long to boot, so the first rollback holds the store while it reloads
        dev = faulty("rb2")
        dev["faults"]["boot_extra_seconds"] = 20
        with Sim(mt.SIM, self.work, [dev], defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            run_id, _ = self.migrate_wrong(sim, inv, "rb2")
            first = subprocess.Popen([mt.LICMIG, "rollback", "--store", self.store, "--known-hosts",
                                      os.path.join(self.work, "known_hosts"), "--accept-new-host-keys", run_id,
                                      "--yes", "--format", "json"],
                                     env=sim.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True)
            try:
                # wait for the first rollback's reload to be on record: it holds the lock until it ends
                def reload_sent():
                    for path in journals(self.store):
                        events = read_journal(path, torn_last=True)
                        if (events and events[0].get("rollback_of") == run_id
                                and any(e["event"] == "reload-sent" for e in events)):
                            return True
                    return False
                mt.wait_until(reload_sent, 120, "the first rollback's reload in its journal")
                second = self.rollback(sim, [run_id, "--yes"])
                self.assertEqual(second.returncode, 5, second.stdout[-2000:] + second.stderr[-2000:])
                self.assertIn("in use", second.stderr)
                out, err = first.communicate(timeout=300)
            finally:
                if first.poll() is None:
                    first.kill()
                    first.wait()
            self.assertEqual(first.returncode, 0, out[-3000:] + err[-3000:])
            self.assertEqual(by_host(report_of(out, "rollback"))["rb2"]["status"], "rolled-back")
            self.assert_pre_change_state(sim, "rb2")
            self.assertEqual(len(journals(self.store)), 2)  # the migration and one rollback
            sim.stop()
            self.assertEqual(sim.sim_state("rb2")["reload_count"], 2)


class RollbackResume(RollbackTestCase):
    def test_a_killed_rollback_resumes_without_a_second_reload(self):
        dev = faulty("rb3")
        dev["faults"]["boot_extra_seconds"] = 10
        with Sim(mt.SIM, self.work, [dev], defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            run_id, _ = self.migrate_wrong(sim, inv, "rb3")
            first = subprocess.Popen([mt.LICMIG, "rollback", "--store", self.store, "--known-hosts",
                                      os.path.join(self.work, "known_hosts"), "--accept-new-host-keys", run_id,
                                      "--yes"],
                                     env=sim.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL)
            rollback_run = {}
            try:
                def reload_sent():
                    for path in journals(self.store):
                        events = read_journal(path, torn_last=True)
                        if (events and events[0].get("rollback_of") == run_id
                                and any(e["event"] == "reload-sent" for e in events)):
                            rollback_run["id"] = events[0]["run"]
                            return True
                    return False
                mt.wait_until(reload_sent, 120, "the rollback's reload in its journal")
                first.kill()  # SIGKILL while the router reloads
                first.wait()
            finally:
                if first.poll() is None:
                    first.kill()
                    first.wait()
            r = self.rollback(sim, ["--resume", rollback_run["id"], "--format", "json"])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            row = by_host(report_of(r.stdout, "rollback"))["rb3"]
            self.assertEqual(row["status"], "rolled-back", row)
            self.assert_pre_change_state(sim, "rb3")
            self.assertEqual(len(journals(self.store)), 2)  # the resume is the same run
            sim.stop()
            self.assertEqual(sim.sim_state("rb3")["reload_count"], 2)  # the reload was not sent again


class RollbackPortLicense(RollbackTestCase):
    def test_the_way_out_of_smart_brings_the_licensed_ports_back(self):
        """17.6.1 traditional with a port license, migrated to 17.9.4 Smart, rolled back: `no license
        smart enable` puts every port admin down and the reload brings back only the license-free ones
        (guide: Enable and Register Smart Licensing, step 2, note); the rollback sends `no shutdown` to
        the interfaces that were up before the change and reloads again, as a migration does."""
        dev = router("rbp", mt.IMG_176, boot_level=ADV, paks=mt.PAK_PORT_ADV)
        with Sim(mt.SIM, self.work, [dev], defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json"] + target_args("179-smart"))
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            run_id = report_of(r.stdout, "migrate")["run"]
            self.assertEqual(by_host(report_of(r.stdout, "migrate"))["rbp"]["status"], "migrated")

            r = self.rollback(sim, [run_id, "--dry-run", "--format", "json"])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            planned = [s["kind"] for s in by_host(report_of(r.stdout, "rollback"))["rbp"]["steps"]]
            self.assertEqual(planned, ["pre-snapshot", "verify-image", "smart-disable", "set-boot-image",
                                       "save-config", "reload", "restore-ports", "save-config", "reload",
                                       "verify-restored", "post-snapshot"])

            r = self.rollback(sim, [run_id, "--yes", "--format", "json"])
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            row = by_host(report_of(r.stdout, "rollback"))["rbp"]
            self.assertEqual(row["status"], "rolled-back", row)
            self.assertEqual(row["reloads"], 2, row)
            version, ltype, level = show_version_facts(ssh_exec(sim.ports["rbp"], "show version"))
            self.assertEqual((version, ltype, level), ("17.06.01", "Permanent", ADV))
            brief = ssh_exec(sim.ports["rbp"], "show ip interface brief")
            self.assertNotIn("administratively down", brief)
            sim.stop()
            state = sim.sim_state("rbp")
            self.assertEqual(state["ports_down"], [])
            self.assertEqual(state["reload_count"], 3)  # the migration's, then the rollback's two


class RollbackHaPair(RollbackTestCase):
    def test_an_ha_pair_is_refused_together(self):
        """The HA rule of migrate (fleet_plan.hpp rule (e)) holds on the way back: the standby's
        pre-change snapshot gone from the store (LM104) refuses the active too (LM043)."""
        devices = [healthy("hap-a", ha={"group": "hap", "role": "active"}),
                   healthy("hap-b", ha={"group": "hap", "role": "standby"})]
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json"] + target_args(TARGET))
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            run_id = report_of(r.stdout, "migrate")["run"]
            pre = [e["facts"]["pre_snapshot"] for e in journal_events(self.store, run_id)
                   if e.get("host") == "hap-b" and "pre_snapshot" in e.get("facts", {})]
            self.assertTrue(pre, "the run journaled no pre-change snapshot of the standby")
            os.remove(pre[0])  # the standby's pre-change record is gone
            before = {h: ssh_exec(sim.ports[h], "show running-config") for h in ("hap-a", "hap-b")}
            r = self.rollback(sim, [run_id, "--dry-run", "--format", "json"])
            self.assertEqual(r.returncode, 1, r.stdout[-3000:] + r.stderr[-3000:])
            rows = by_host(report_of(r.stdout, "rollback"))
            self.assertTrue(rows["hap-b"]["refused"], rows["hap-b"])
            self.assertIn("LM104", json.dumps(rows["hap-b"]))
            self.assertTrue(rows["hap-a"]["refused"], rows["hap-a"])
            self.assertIn("LM043", json.dumps(rows["hap-a"]))
            self.assertIn("hap-b", rows["hap-a"]["refusal"])
            # and without --dry-run nothing moves either
            r = self.rollback(sim, [run_id, "--yes", "--format", "json"])
            self.assertEqual(r.returncode, 1, r.stdout[-3000:] + r.stderr[-3000:])
            for h in ("hap-a", "hap-b"):
                self.assertEqual(ssh_exec(sim.ports[h], "show running-config"), before[h], h)
            sim.stop()
            self.assertEqual(sim.sim_state("hap-a")["reload_count"], 1)  # the migration's reload only


class RollbackOnFailure(RollbackTestCase):
    def test_rolls_back_the_router_that_came_back_wrong_only(self):
        devices = [faulty("bad"), healthy("good"),
                   healthy("gone", faults={"never_return_after_reload": True})]
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json", "--rollback-on-failure",
                                   "--reload-timeout", "15"] + target_args(TARGET))
            self.assertIn(r.returncode, (3, 4), r.stdout[-3000:] + r.stderr[-3000:])
            doc = report_of(r.stdout, "migrate")
            rows = by_host(doc)
            self.assertEqual(rows["bad"]["status"], "failed", rows["bad"])
            self.assertTrue(rows["bad"]["rolled_back"].startswith("rolled back to 17.6.1 traditional " + ADV),
                            rows["bad"])
            self.assertIn("rolled back", rows["bad"]["message"])
            self.assertEqual(rows["good"]["status"], "migrated", rows["good"])
            self.assertNotIn("rolled_back", rows["good"])
            self.assertIn(rows["gone"]["status"], ("failed", "unreachable"), rows["gone"])
            self.assertNotIn("rolled_back", rows["gone"])
            self.assert_pre_change_state(sim, "bad")
            version, ltype, level = show_version_facts(ssh_exec(sim.ports["good"], "show version"))
            self.assertEqual((version, ltype, level), ("17.09.04a", "No License Mode", ADV))
            # one run: its record keeps the flag; the rollback's records are its rollback phase
            events = journal_events(self.store, doc["run"])
            self.assertTrue(events[0]["rollback_on_failure"])
            phase = [e for e in events if e.get("phase") == "rollback"]
            self.assertTrue(phase)
            self.assertEqual({e["host"] for e in phase}, {"bad"})
            self.assertEqual(len(journals(self.store)), 1)
            sim.stop()
            self.assertEqual(sim.sim_state("bad")["reload_count"], 2)
            self.assertEqual(sim.sim_state("good")["reload_count"], 1)
            self.assertEqual(sim.sim_state("gone")["reload_count"], 1)


class RollbackOnFailurePortLicense(RollbackTestCase):
    def test_the_rollback_of_a_failed_move_to_smart_brings_the_licensed_ports_back(self):
        """--rollback-on-failure on the way back out of Smart: the migration to 17.9.4 Smart comes back at
        the wrong level, the rollback sends `no license smart enable`, and the licensed ports come back
        with restore-ports and a second reload (licmig's record of the PAK licenses: the pre-change
        snapshot in the store)."""
        dev = router("rbfp", mt.IMG_176, paks=mt.PAK_PORT_ADV, faults=dict(WRONG))
        with Sim(mt.SIM, self.work, [dev], defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json", "--rollback-on-failure"]
                             + target_args("179-smart"))
            self.assertEqual(r.returncode, 4, r.stdout[-3000:] + r.stderr[-3000:])
            row = by_host(report_of(r.stdout, "migrate"))["rbfp"]
            self.assertEqual(row["status"], "failed", row)
            self.assertTrue(row["rolled_back"].startswith("rolled back to 17.6.1 traditional " + ADV), row)
            version, ltype, level = show_version_facts(ssh_exec(sim.ports["rbfp"], "show version"))
            self.assertEqual((version, ltype, level), ("17.06.01", "Permanent", ADV))
            self.assertNotIn("administratively down", ssh_exec(sim.ports["rbfp"], "show ip interface brief"))
            phase = [e for e in journal_events(self.store, report_of(r.stdout, "migrate")["run"])
                     if e.get("phase") == "rollback" and e["event"] == "plan"]
            self.assertEqual(len(phase), 1, phase)
            self.assertIn("restore-ports", [st["kind"] for st in phase[0]["plan"]["steps"]])
            sim.stop()
            state = sim.sim_state("rbfp")
            self.assertEqual(state["ports_down"], [])
            self.assertEqual(state["reload_count"], 3)  # the migration's, then the rollback's two


def main():
    def set_paths(licmig, sim, work):
        mt.LICMIG, mt.SIM, mt.WORK = licmig, sim, work

    e2e_main("licmig-e2e-rollback-", set_paths)


if __name__ == "__main__":
    main()
