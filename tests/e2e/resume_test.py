#!/usr/bin/env python3
"""End-to-end tests of `licmig migrate --resume`, of interrupting a run, and of a store that fills:
the real licmig binary against iosxe-sim over real SSH on loopback.

  1. a resumed router is proved before it is touched: with the inventory re-addressed between the
     kill and the resume (A's name now points at B's router and back) both are refused as "not the
     one this run changed", naming the serials and the move, and neither is reconfigured or
     reloaded; with A's pre-change snapshot file changed by one byte, or deleted, A is refused and
     never reloaded while B completes;
  2. SIGINT (and SIGTERM) in the middle of a wave: exit 130 (143), an `interrupted` record, every
     reload sent before the signal verified, and the printed resume command -- run as printed --
     finishes the batch with every router reloaded exactly once; a second SIGINT exits at once with
     130 and the resume finishes all the same;
  3. the resume gets the run's connection options (known_hosts file, accepting new host keys,
     timeouts) from the journal: `--resume ID --store STORE` alone is enough;
  4. a router whose session dropped mid-steps is retried by the resume once it is healthy; one
     whose reload went out and never came back is left alone: "needs a person", not reloaded again;
  5. a full store (a small tmpfs, as root): pre-flight snapshots that do not fit stop the run before
     any change (exit 5); a store that fills after the pre-flight fails the routers with the
     store's error (exit 5), no router is reloaded without its pre-change snapshot on disk or
     without its reload on record, and once there is room again the resume finishes the batch.

Helpers (routers, targets, journal reading, waits) come from migrate_test.py and safety_test.py.

Usage: resume_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
                      [unittest args]
"""
import argparse
import glob
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import migrate_test as mt  # noqa: E402
from harness import e2e_main, Sim, run_licmig  # noqa: E402
from migrate_test import (DEFAULTS, MigrateTestCase, by_host, parse_json_output, target_args,  # noqa: E402
                          wait_for_event)
from safety_test import journal_lines, pak_router  # noqa: E402

TARGET = "179-nolic"            # 16.9.4 traditional -> 17.9.4 no-license: one reload
TARGET_RELEASE = "17.9.4a"      # what the simulator's state records after it
FIRST_RELEASE = "16.9.4"
# the plan steps that change a router (migrate/plan.cpp's names)
CHANGING_STEPS = ("set-boot-level", "smart-enable", "smart-disable", "set-boot-image", "save-config",
                  "register-smart", "reload")


# --- helpers --------------------------------------------------------------------------------------

class Running:
    """licmig started in the background; its stdout and stderr are read as they come."""

    def __init__(self, args, env):
        self.proc = subprocess.Popen([mt.LICMIG] + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True)
        self.out, self.err = [], []
        self.readers = [threading.Thread(target=self._read, args=(s, into), daemon=True)
                        for s, into in ((self.proc.stdout, self.out), (self.proc.stderr, self.err))]
        for t in self.readers:
            t.start()

    @staticmethod
    def _read(stream, into):
        for line in stream:
            into.append(line)

    def stderr(self):
        return "".join(self.err)

    def wait_stderr(self, pattern, timeout=120):
        """The first match of `pattern` in stderr, waiting for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, self.stderr(), re.M)
            if m:
                return m
            if self.proc.poll() is not None:
                for t in self.readers:
                    t.join(timeout=10)
                m = re.search(pattern, self.stderr(), re.M)
                if m:
                    return m
                raise AssertionError("licmig ended (exit %s) before printing /%s/:\n%s" %
                                     (self.proc.returncode, pattern, self.stderr()[-3000:]))
            time.sleep(0.02)
        raise AssertionError("licmig did not print /%s/ within %d s:\n%s" % (pattern, timeout, self.stderr()[-3000:]))

    def finish(self, timeout=300):
        self.proc.wait(timeout=timeout)
        self._close()
        return subprocess.CompletedProcess(self.proc.args, self.proc.returncode, "".join(self.out), self.stderr())

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self._close()

    def _close(self):
        for t in self.readers:
            t.join(timeout=10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if not stream.closed:
                stream.close()


def journal_path(store, run_id):
    return os.path.join(store, "journal", run_id + ".jsonl")


def the_run_id(store):
    """The one run of a store (None before its journal exists)."""
    paths = glob.glob(os.path.join(store, "journal", "*.jsonl"))
    if len(paths) > 1:
        raise AssertionError("more than one run in %s: %s" % (store, paths))
    return os.path.basename(paths[0])[:-len(".jsonl")] if paths else None


def last_results(events):
    """host -> its last `result` record."""
    out = {}
    for e in events:
        if e["event"] == "result":
            out[e["host"]] = e
    return out


def reloads_sent(events, host):
    return [e for e in events if e.get("host") == host and e["event"] == "reload-sent"]


def unverified_reloads(events):
    """(host, step) of every reload-sent with no later done/failed record of that step."""
    out = []
    for i, e in enumerate(events):
        if e["event"] != "reload-sent":
            continue
        if not any(x["event"] in ("done", "failed") and x.get("host") == e["host"] and x.get("step") == e["step"]
                   for x in events[i + 1:]):
            out.append((e["host"], e["step"]))
    return out


def printed_resume_command(test, stderr):
    """The resume command licmig printed last (`... Resume with: licmig migrate --resume ...`, or
    `... then resume with: ...`), split as a shell would split it."""
    found = re.findall(r"[Rr]esume with: (licmig migrate --resume [^\n]*?)\)?\s*$", stderr, re.M)
    test.assertTrue(found, "no resume command printed:\n" + stderr[-3000:])
    argv = shlex.split(found[-1])
    test.assertEqual(argv[0], "licmig", argv)
    return argv


def restart(sim):
    """Stops the simulator and starts it again on the fleet file as it now is (each router keeps
    its state and host key)."""
    sim.stop()
    sim.write_fleet()
    sim.start()


def states_now(sim):
    """Every router's persisted state, read by stopping the simulator (then started again)."""
    sim.stop()
    states = {name: sim.sim_state(name) for name in sim.ports}
    sim.start()
    return states


def files_under(path):
    return [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs]


class ResumeTestCase(MigrateTestCase):
    def start(self, sim, args, env=None):
        """`licmig migrate` in the background with this test's store and known_hosts."""
        return Running(["migrate", "--store", self.store, "--known-hosts", os.path.join(self.work, "known_hosts"),
                        "--accept-new-host-keys"] + args, env or sim.env())

    def resume(self, sim, run_id, extra=(), env=None, timeout=300):
        """`licmig migrate --resume RUN --store STORE` and nothing else of the run's options."""
        return run_licmig(mt.LICMIG, ["migrate", "--resume", run_id, "--store", self.store] + list(extra),
                          env or sim.env(), timeout=timeout)


# --- 1. a resumed router is proved before it is touched -------------------------------------------

class ProvedBeforeResume(ResumeTestCase):
    """ra and rb answer every command 400 ms late, so the steps after the pre-change snapshot take
    seconds: the kill lands after both pre-change snapshots are on record, before any reload."""

    def kill_after_pre_snapshots(self, sim, inv):
        """Starts the migration, SIGKILLs licmig once every router's pre-snapshot step is done; returns
        (run id, {host: facts of its pre-snapshot record})."""
        names = set(sim.ports)
        p = self.start(sim, ["-i", inv, "--yes", "--format", "json"] + target_args(TARGET))
        try:
            deadline = time.monotonic() + 180
            facts = {}
            while True:
                run_id = the_run_id(self.store)
                if run_id:
                    facts = {e["host"]: e.get("facts", {}) for e in mt.journal_events(self.store, run_id)
                             if e["event"] == "done" and e.get("kind") == "pre-snapshot"}
                if set(facts) >= names:
                    break
                if p.proc.poll() is not None:
                    raise AssertionError("licmig ended (exit %s) first:\n%s" % (p.proc.returncode, p.stderr()[-3000:]))
                if time.monotonic() > deadline:
                    raise AssertionError("no pre-snapshot record of %s within 180 s" % sorted(names - set(facts)))
                time.sleep(0.02)
        finally:
            p.kill()
        events = journal_lines(journal_path(self.store, run_id))
        self.assertEqual([e for e in events if e["event"] in ("reload-sent", "result")], [],
                         "the kill came too late: a reload was sent or a router finished")
        for name in names:
            for key in ("pre_snapshot", "pre_snapshot_sha256", "address", "hostname", "serial", "udi"):
                self.assertTrue(facts[name].get(key), "%s: pre-snapshot record without %s: %s"
                                % (name, key, facts[name]))
            self.assertEqual(facts[name]["address"], "127.0.0.1:%d" % sim.ports[name])
        self.assertNotEqual(facts["ra"]["serial"], facts["rb"]["serial"])
        return run_id, facts

    def slow_pair(self):
        return [pak_router(n, faults={"command_delay_ms": 400}) for n in ("ra", "rb")]

    def assert_untouched_by_resume(self, sim, before, names):
        for name in names:
            st = sim.sim_state(name)
            self.assertEqual((st["release"], st["reload_count"]), (FIRST_RELEASE, 0), name)
            self.assertEqual(st["running"], before[name]["running"], "%s was reconfigured by the resume" % name)
            self.assertEqual(st["startup"], before[name]["startup"], "%s was reconfigured by the resume" % name)

    def test_readdressed_inventory_both_routers_refused(self):
        with Sim(mt.SIM, self.work, self.slow_pair(), defaults=DEFAULTS, boot_seconds=2) as sim:
            inv = sim.inventory()
            run_id, facts = self.kill_after_pre_snapshots(sim, inv)
            before = states_now(sim)
            lines_before = len(journal_lines(journal_path(self.store, run_id)))
            # the inventory (the file the run record names) now swaps the two routers' addresses
            self.assertEqual(sim.inventory(host_vars={"ra": {"ansible_port": sim.ports["rb"]},
                                                      "rb": {"ansible_port": sim.ports["ra"]}}), inv)
            r = self.resume(sim, run_id, ["--format", "json"])
            self.assertEqual(r.returncode, 1, r.stdout[-2000:] + r.stderr[-3000:])
            res = by_host(parse_json_output(self, r))
            for name, other in (("ra", "rb"), ("rb", "ra")):
                message = res[name]["message"]
                self.assertEqual(res[name]["status"], "refused", res[name])
                self.assertIn("refusing to go on", message)
                self.assertIn("is not the one this run changed", message)
                self.assertIn("serial was %s, now %s" % (facts[name]["serial"], facts[other]["serial"]), message)
                moved = "the inventory moved it from %s to %s" % (facts[name]["address"], facts[other]["address"])
                self.assertIn(moved, message)
            # the resume worked on neither: no step, no reload on record
            new = journal_lines(journal_path(self.store, run_id))[lines_before:]
            # (a wave record says which routers a wave took up; it is not a step)
            self.assertEqual([e for e in new if e["event"] not in ("result", "wave")], [], "the resume journaled steps")
            sim.stop()
            self.assert_untouched_by_resume(sim, before, ("ra", "rb"))

    def tampered_pre_snapshot(self, tamper, words):
        with Sim(mt.SIM, self.work, self.slow_pair(), defaults=DEFAULTS, boot_seconds=2) as sim:
            inv = sim.inventory()
            run_id, facts = self.kill_after_pre_snapshots(sim, inv)
            path = facts["ra"]["pre_snapshot"]
            tamper(path)
            before = states_now(sim)
            r = self.resume(sim, run_id, ["--format", "json"])
            self.assertEqual(r.returncode, 1, r.stdout[-2000:] + r.stderr[-3000:])
            res = by_host(parse_json_output(self, r))
            self.assertEqual(res["ra"]["status"], "refused", res["ra"])
            self.assertIn("refusing to go on", res["ra"]["message"])
            self.assertIn(path, res["ra"]["message"])
            self.assertIn(words, res["ra"]["message"])
            self.assertEqual(res["rb"]["status"], "migrated", res["rb"])
            events = journal_lines(journal_path(self.store, run_id))
            self.assertEqual(reloads_sent(events, "ra"), [])
            self.assertEqual(len(reloads_sent(events, "rb")), 1)
            sim.stop()
            self.assert_untouched_by_resume(sim, before, ("ra",))
            rb = sim.sim_state("rb")
            self.assertEqual((rb["release"], rb["reload_count"]), (TARGET_RELEASE, 1))

    def test_pre_snapshot_changed_by_one_byte_is_refused_the_other_completes(self):
        def flip_one_byte(path):
            with open(path, "rb") as f:
                data = bytearray(f.read())
            # one letter of the hostname's value: still valid JSON, only its sha256 tells
            at = data.index(b'"RA"') + 2
            data[at] = ord("X")
            with open(path, "wb") as f:
                f.write(data)
            with open(path) as f:
                json.load(f)
        self.tampered_pre_snapshot(flip_one_byte, "is not the file the run wrote")

    def test_pre_snapshot_deleted_is_refused_the_other_completes(self):
        self.tampered_pre_snapshot(os.unlink, "cannot be read")


# --- 2. SIGINT / SIGTERM in the middle of a wave ---------------------------------------------------

class InterruptThenResume(ResumeTestCase):
    ROUTERS = ["i%d" % n for n in range(1, 7)]

    def interrupt_then_resume(self, first, second=None):
        """Six routers, two at a time; `first` is sent when the first reload goes out, `second` (if any)
        0.3 s later. Then the resume command licmig printed, as printed."""
        devices = [pak_router(n) for n in self.ROUTERS]
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=3) as sim:
            inv = sim.inventory()
            p = self.start(sim, ["-i", inv, "--yes", "--parallel", "2", "--format", "json"] + target_args(TARGET))
            try:
                run_id, sent = wait_for_event(self.store, lambda e: e["event"] == "reload-sent", p.proc, timeout=180)
                p.proc.send_signal(first)
                if second is not None:
                    time.sleep(0.3)
                    p.proc.send_signal(second)
                r = p.finish(timeout=300)
            finally:
                p.kill()
            name = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}[first]
            self.assertEqual(r.returncode, 128 + first, r.stdout[-2000:] + r.stderr[-3000:])
            argv = printed_resume_command(self, r.stderr)
            self.assertEqual(argv[1:], ["migrate", "--resume", run_id, "--store", os.path.abspath(self.store)])
            # the journal is consistent: every line a whole record
            events = journal_lines(journal_path(self.store, run_id))
            results = last_results(events)
            self.assertLess(len(results), len(self.ROUTERS), "the batch was done before the signal")
            if second is None:
                self.assertIn("licmig: interrupted by %s" % name, r.stderr)
                records = [e for e in events if e["event"] == "interrupted"]
                self.assertEqual(len(records), 1, records)
                record = records[0]
                self.assertEqual(record["signal"], name)
                started = {e["host"] for e in events if e["event"] == "start"}
                in_flight, not_started = set(record["in_flight"]), set(record["not_started"])
                self.assertLessEqual(in_flight, started)
                self.assertFalse(in_flight & set(results), "a router in flight has a result record")
                self.assertFalse(not_started & started, "a router 'not started' was started")
                self.assertTrue(not_started, "no router was waiting: the signal came too late to test anything")
                self.assertEqual(in_flight | not_started | set(results), set(self.ROUTERS), record)
                self.assertIn(sent["host"], in_flight | set(results))
                # a reload in progress was waited for and verified
                self.assertEqual(unverified_reloads(events), [])
                report = by_host(parse_json_output(self, r))
                for host in in_flight:
                    self.assertEqual(report[host]["status"], "interrupted", report[host])
                for host in not_started:
                    self.assertEqual(report[host]["status"], "skipped", report[host])
            else:
                self.assertIn("%s again: exiting now" % name, r.stderr)

            # the printed command, as a person would type it (with the credentials in the environment)
            r = subprocess.run([mt.LICMIG] + argv[1:], env=sim.env(), capture_output=True, text=True, timeout=300,
                               stdin=subprocess.DEVNULL)
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            events = journal_lines(journal_path(self.store, run_id))
            results = last_results(events)
            self.assertEqual(sorted(results), self.ROUTERS)
            for host in self.ROUTERS:
                self.assertEqual(results[host]["outcome"], "migrated", results[host])
                self.assertTrue(os.path.isfile(results[host]["pre_snapshot"]), results[host])
                self.assertTrue(os.path.isfile(results[host]["post_snapshot"]), results[host])
                self.assertEqual(len(reloads_sent(events, host)), 1, "%s: reload sent more than once" % host)
            self.assertEqual(unverified_reloads(events), [])
            sim.stop()
            for host in self.ROUTERS:
                st = sim.sim_state(host)
                self.assertEqual((st["release"], st["reload_count"]), (TARGET_RELEASE, 1), host)

    def test_sigint_mid_wave_then_the_printed_resume(self):
        self.interrupt_then_resume(signal.SIGINT)

    def test_sigterm_mid_wave_then_the_printed_resume(self):
        self.interrupt_then_resume(signal.SIGTERM)

    def test_double_sigint_exits_at_once_then_the_printed_resume(self):
        self.interrupt_then_resume(signal.SIGINT, signal.SIGINT)


# --- 3. the resume restores the run's connection options --------------------------------------------

class ConnectionOptionsRestored(ResumeTestCase):
    def test_resume_with_only_run_id_and_store(self):
        names = ["c1", "c2", "c3"]
        with Sim(mt.SIM, self.work, [pak_router(n) for n in names], defaults=DEFAULTS, boot_seconds=2) as sim:
            inv = sim.inventory()
            # HOME without known_hosts: the resume must not fall back to ~/.ssh/known_hosts
            home = os.path.join(self.work, "home")
            os.makedirs(home)
            env = sim.env(HOME=home)
            known_hosts = os.path.join(self.work, "ssh", "known_hosts.lab")
            os.makedirs(os.path.dirname(known_hosts))
            p = Running(["migrate", "--store", self.store, "--known-hosts", known_hosts, "--accept-new-host-keys",
                         "--connect-timeout", "7", "--max-output", "8M", "-i", inv, "--yes", "--parallel", "1"] +
                        target_args(TARGET), env)
            try:
                run_id, sent = wait_for_event(self.store, lambda e: e["event"] == "reload-sent", p.proc, timeout=180)
                mt.wait_until(lambda: not mt.port_open(sim.ports[sent["host"]]), 20, "the router going down")
            finally:
                p.kill()
            events = journal_lines(journal_path(self.store, run_id))
            self.assertLess(len(last_results(events)), len(names), "the kill came after the batch was done")
            run = events[0]
            self.assertEqual((run["event"], run["known_hosts"], run["accept_new_host_keys"], run["connect_timeout_s"],
                              run["max_output"]), ("run", known_hosts, True, 7, 8 << 20), run)
            # the lab's known_hosts is lost too: the resume can only go on if it also accepts new keys
            # again (as the run did), and writes them to the run's file, not to ~/.ssh
            os.unlink(known_hosts)
            r = self.resume(sim, run_id, ["--format", "json"], env=env)
            self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
            self.assertNotIn("host key", r.stderr.lower())
            res = by_host(parse_json_output(self, r))
            for n in names:
                self.assertEqual(res[n]["status"], "migrated", res[n])
            self.assertFalse(os.path.exists(os.path.join(home, ".ssh", "known_hosts")), "the resume used ~/.ssh")
            with open(known_hosts) as f:
                recorded = f.read()
            for n in names:
                self.assertIn("[127.0.0.1]:%d" % sim.ports[n], recorded, "no key of %s in the run's known_hosts" % n)
            sim.stop()
            for n in names:
                st = sim.sim_state(n)
                self.assertEqual((st["release"], st["reload_count"]), (TARGET_RELEASE, 1), n)


# --- 4. what a resume retries and what it leaves to a person ---------------------------------------

class RetryOnResume(ResumeTestCase):
    def test_dropped_router_is_retried_unverified_reload_needs_a_person(self):
        # drop: its session closes after its 20th command -- the pre-flight needs 20, so the router is
        # planned, then its migration session drops after the pre-change snapshot, before the reload;
        # gone: its reload goes out and it never comes back (reload_timeout 8 s in the inventory)
        devices = [pak_router("drop", faults={"drop_after_commands": 20}),
                   pak_router("gone", faults={"never_return_after_reload": True}), pak_router("fine")]
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory(host_vars={"gone": {"reload_timeout": 8}})
            r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json"] + target_args(TARGET))
            self.assertEqual(r.returncode, 4, r.stdout[-2000:] + r.stderr[-3000:])
            res = by_host(parse_json_output(self, r))
            self.assertIn(res["drop"]["status"], ("failed", "unreachable"), res["drop"])
            self.assertTrue(os.path.isfile(res["drop"]["pre_snapshot"]), res["drop"])
            self.assertEqual(res["gone"]["status"], "failed", res["gone"])
            self.assertIn("did not come back", res["gone"]["message"])
            self.assertEqual(res["fine"]["status"], "migrated", res["fine"])
            run_id = the_run_id(self.store)
            events = journal_lines(journal_path(self.store, run_id))
            self.assertTrue([e for e in events if e.get("host") == "drop" and e["event"] == "done"
                             and e.get("kind") == "pre-snapshot"], "drop dropped before its pre-change snapshot")
            self.assertEqual(reloads_sent(events, "drop"), [])
            self.assertEqual(len(reloads_sent(events, "gone")), 1)
            first = len(events)

            # drop is healthy again (the simulator restarted without its fault; gone keeps its own)
            for d in sim.devices:
                if d["name"] == "drop":
                    del d["faults"]
            restart(sim)
            r = self.resume(sim, run_id, ["--format", "json"])
            self.assertEqual(r.returncode, 4, r.stdout[-2000:] + r.stderr[-3000:])
            res = by_host(parse_json_output(self, r))
            self.assertEqual(res["drop"]["status"], "migrated", res["drop"])
            self.assertEqual(res["fine"]["status"], "migrated", res["fine"])
            self.assertEqual(res["gone"]["status"], "failed", res["gone"])
            self.assertIn("needs a person", res["gone"]["message"])
            events = journal_lines(journal_path(self.store, run_id))
            new = events[first:]
            self.assertEqual([e for e in new if e.get("host") in ("gone", "fine")], [],
                             "the resume worked on a router it should have left alone")
            self.assertEqual(len(reloads_sent(new, "drop")), 1)
            steps = [e["step"] for e in events if e.get("host") == "drop" and e["event"] == "done"]
            self.assertEqual(sorted(steps), sorted(set(steps)), "drop: a step done twice: %s" % steps)
            sim.stop()
            for n, count in (("drop", 1), ("gone", 1), ("fine", 1)):
                self.assertEqual(sim.sim_state(n)["reload_count"], count, n)
            self.assertEqual(sim.sim_state("drop")["release"], TARGET_RELEASE)


# --- 5. a store that cannot hold the records ---------------------------------------------------------

class FullStore(ResumeTestCase):
    FILLER = "filler.bin"

    def mount_tmpfs(self, path, size):
        os.makedirs(path, exist_ok=True)
        try:
            m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s,mode=0700" % size, "tmpfs", path],
                               capture_output=True, text=True)
            why = "" if m.returncode == 0 else m.stderr.strip() or "mount exited %d" % m.returncode
        except OSError as e:
            why = str(e)
        if why:
            self.skipTest("cannot mount a tmpfs (%s): %s" % (size, why))  # a failure under CI (harness)

    def unmount(self, path):
        # kept next to it for inspection (without the filler); a tmpfs vanishes with its mount
        if os.path.ismount(path):
            shutil.copytree(path, path + "-kept", ignore=shutil.ignore_patterns(self.FILLER), dirs_exist_ok=True)
            subprocess.run(["umount", path], check=True)

    def test_pre_flight_snapshots_do_not_fit(self):
        names = ["f1", "f2"]
        with Sim(mt.SIM, self.work, [pak_router(n) for n in names], defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            try:
                self.mount_tmpfs(self.store, "16k")
                r = self.migrate(sim, ["-i", inv, "--yes", "--format", "json"] + target_args(TARGET))
                self.assertFalse(os.path.isdir(os.path.join(self.store, "journal")), "a run was started")
            finally:
                self.unmount(self.store)
            self.assertEqual(r.returncode, 5, r.stdout[-2000:] + r.stderr[-3000:])
            self.assertIn("licmig: error: the store %s cannot hold the routers' snapshots" % self.store, r.stderr)
            self.assertIn("nothing was changed", r.stderr)
            self.assertIn("No space left on device", r.stdout + r.stderr)
            sim.stop()
            for n in names:
                st = sim.sim_state(n)
                self.assertEqual((st["release"], st["reload_count"]), (FIRST_RELEASE, 0), n)
                self.assertEqual(st["running"], st["startup"], n)

    def store_fills_during_the_run(self, leave, nothing_fits=False):
        """Three routers (answering 150 ms late, so the rollout is slow to reach its first write); the
        moment the run starts (its `licmig: run ... (resume with` line) a filler leaves the store
        leave(bytes one router's pre-flight records take) bytes. nothing_fits: too few for any pre-change
        snapshot, so no router may be changed at all."""
        names = ["s1", "s2", "s3"]
        devices = [pak_router(n, faults={"command_delay_ms": 150}) for n in names]
        with Sim(mt.SIM, self.work, devices, defaults=DEFAULTS, boot_seconds=2) as sim:
            inv = sim.inventory()
            original = states_now(sim)
            try:
                self.mount_tmpfs(self.store, "4m")
                p = self.start(sim, ["-i", inv, "--yes", "--format", "json"] + target_args(TARGET))
                try:
                    p.wait_stderr(r"^licmig: run \S+ \(resume with", timeout=180)
                    one_router = sum(os.path.getsize(f) for f in
                                     files_under(os.path.join(self.store, "snapshots", "s1")) +
                                     files_under(os.path.join(self.store, "transcripts", "s1")))
                    self.fill(self.store, leave(one_router))
                    r = p.finish(timeout=300)
                finally:
                    p.kill()
                run_id = the_run_id(self.store)
                self.assertEqual(r.returncode, 5, r.stdout[-3000:] + r.stderr[-3000:])
                self.assertIn("licmig: error: the store failed during the run", r.stderr)
                self.assertIn("No space left on device", r.stdout + r.stderr)
                res = by_host(parse_json_output(self, r))
                failed = [n for n in names if res[n]["status"] == "failed"]
                self.assertTrue(failed, res)
                self.assertTrue(any("No space left on device" in res[n]["message"] for n in failed), res)
                # the journal's lines are whole records, as far as they go (a torn last line aside)
                events = mt.journal_events(self.store, run_id)
                sim.stop()
                counts = {n: sim.sim_state(n)["reload_count"] for n in names}
                for n in names:
                    self.assertLessEqual(counts[n], 1, n)
                    # no change without a record: a router whose configuration changed has the start
                    # of a changing step on record (the journal takes it before the step)
                    st = sim.sim_state(n)
                    if (st["running"], st["startup"]) != (original[n]["running"], original[n]["startup"]):
                        self.assertTrue([e for e in events if e.get("host") == n and e["event"] == "start"
                                         and e.get("kind") in CHANGING_STEPS],
                                        "%s was reconfigured with no changing step on record" % n)
                    if nothing_fits:
                        self.assertEqual(counts[n], 0, "%s reloaded though no pre-change snapshot fits" % n)
                        self.assertEqual((st["running"], st["startup"]),
                                         (original[n]["running"], original[n]["startup"]),
                                         "%s reconfigured though no pre-change snapshot fits" % n)
                    if counts[n] == 0:
                        continue
                    # reloaded: its pre-change snapshot is on disk and whole, and its reload on record
                    pre = res[n]["pre_snapshot"] or next((e["facts"]["pre_snapshot"] for e in events
                                                          if e.get("host") == n and e["event"] == "done"
                                                          and e.get("kind") == "pre-snapshot"), "")
                    self.assertTrue(pre and os.path.isfile(pre), "%s reloaded without its pre-change snapshot: %s"
                                    % (n, res[n]))
                    with open(pre) as f:
                        self.assertEqual(json.load(f)["host"], n)
                    self.assertEqual(len(reloads_sent(events, n)), 1, "%s reloaded, its reload not on record" % n)

                # room again: the resume retries what the store failed and finishes the batch
                os.unlink(os.path.join(self.store, self.FILLER))
                sim.start()
                resumed = run_licmig(mt.LICMIG, ["migrate"] + printed_resume_command(self, r.stderr)[2:]
                                     + ["--format", "json"], sim.env(), timeout=300)
                self.assertEqual(resumed.returncode, 0, resumed.stdout[-3000:] + resumed.stderr[-3000:])
                res = by_host(parse_json_output(self, resumed))
                for n in names:
                    self.assertEqual(res[n]["status"], "migrated", res[n])
                # a record cut off by the full store was not buried by the resume's records: every
                # line is whole, and each router's one reload is on record once
                events = journal_lines(journal_path(self.store, run_id))
                for n in names:
                    self.assertEqual(len(reloads_sent(events, n)), 1, n)
                self.assertEqual(unverified_reloads(events), [])
                sim.stop()
                for n in names:
                    st = sim.sim_state(n)
                    self.assertEqual((st["release"], st["reload_count"]), (TARGET_RELEASE, 1), n)
            finally:
                self.unmount(self.store)

    def fill(self, store, leave):
        """Writes a filler file that leaves about `leave` bytes free on the store's file system."""
        st = os.statvfs(store)
        size = max(0, st.f_bavail * st.f_frsize - leave)
        chunk = b"\0" * (64 * 1024)
        # unbuffered: licmig writes to the store meanwhile, so the last write may meet a full store
        fd = os.open(os.path.join(store, self.FILLER), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            written = 0
            while written < size:
                try:
                    n = os.write(fd, chunk[:min(len(chunk), size - written)])
                except OSError:
                    break
                written += n
        finally:
            os.close(fd)

    def test_store_full_right_after_the_pre_flight(self):
        self.store_fills_during_the_run(lambda one_router: 4096, nothing_fits=True)

    def test_store_fills_after_one_router_and_a_half(self):
        self.store_fills_during_the_run(lambda one_router: one_router * 3 // 2)


def main():
    def set_paths(licmig, sim, work):
        # migrate_test's helpers (MigrateTestCase, migrate()) read its globals
        mt.LICMIG, mt.SIM, mt.WORK = licmig, sim, work

    e2e_main("licmig-e2e-resume-", set_paths)



if __name__ == "__main__":
    main()
