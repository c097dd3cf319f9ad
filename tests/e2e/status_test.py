#!/usr/bin/env python3
"""End-to-end tests of what `licmig migrate` shows an operator (issue 16, "Live status on a TTY",
"Logging through spdlog"): the real licmig against iosxe-sim over real SSH on loopback.

  - under a real pseudo-terminal (os.openpty as stderr): the live block names the routers in flight,
    their step and, during a reload, the time left of the reload timeout; the footer shows the wave
    and the counts; the block is cleared at the end (the last thing on the terminal is no block);
  - without a terminal: plain lines, one per event (wave started, each step started/done, each
    router's result), no escape code;
  - -q shows no event lines; -v shows the commands sent (debug) on the terminal; --log-file at -vv
    holds one event per line with time, run ID and router, the commands and the routers' answers --
    and no password, enable secret or configuration secret of the simulator, in any of it;
  - --log-file in a folder that does not exist: exit 2 and an error naming the file.

No timing assertions: the tests wait for the process with generous deadlines.

Usage: status_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import ENABLE, PASSWORD, Sim, e2e_main, run_licmig  # noqa: E402
from migrate_test import ADV, DEFAULTS, IMG_169, PAK_ADV, target_args  # noqa: E402
from secrets_test import secret_config, secret_values  # noqa: E402

LICMIG = None
SIM = None
WORK = None

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def routers(names, **extra):
    return [dict({"name": n, "image": IMG_169, "license_mode": "traditional", "license_level": ADV,
                  "boot_level": ADV, "pak_licenses": PAK_ADV}, **extra) for n in names]


def run_on_pty(args, env, timeout=300):
    """Runs licmig with stderr on a pseudo-terminal; (exit code, stdout, everything the terminal got)."""
    master, slave = os.openpty()
    proc = subprocess.Popen([LICMIG] + args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=slave)
    os.close(slave)
    got = b""
    deadline = time.monotonic() + timeout
    os.set_blocking(proc.stdout.fileno(), False)
    out = b""
    while True:
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("licmig did not end within %d s; the terminal got: %r" % (timeout, got[-3000:]))
        ready, _, _ = select.select([master, proc.stdout], [], [], 0.5)
        if master in ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                chunk = b""
            if not chunk and proc.poll() is not None:
                break
            got += chunk
        if proc.stdout in ready:
            out += proc.stdout.read() or b""
        if proc.poll() is not None and master not in ready:
            # drain what is left
            while select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                got += chunk
            break
    os.close(master)
    out += proc.stdout.read() or b""
    proc.stdout.close()
    proc.wait()
    return proc.returncode, out.decode("utf-8", "replace"), got.decode("utf-8", "replace")


class StatusTest(unittest.TestCase):
    def setUp(self):
        self.work = os.path.join(WORK, self.id().split(".")[-1])
        shutil.rmtree(self.work, ignore_errors=True)

    def migrate_args(self, sim, extra=()):
        return ["migrate", "-i", sim.inventory(), "--yes"] + sim.common_args() + list(extra) + target_args("179-nolic")

    def test_live_block_on_a_terminal(self):
        with Sim(SIM, self.work, routers(["tty1", "tty2", "tty3"]), defaults=DEFAULTS, boot_seconds=3) as sim:
            code, out, term = run_on_pty(self.migrate_args(sim, ["--parallel", "2"]), sim.env(TERM="xterm"))
        self.assertEqual(code, 0, term[-3000:])
        self.assertIn("\x1b[", term, "no cursor movement on a terminal")
        plain = ANSI.sub("", term).replace("\r", "")
        for name in ("tty1", "tty2", "tty3"):
            self.assertRegex(plain, r"(?m)^  %s\s+step \d+/\d+ \S+" % name)
            self.assertRegex(plain, r"(?m)^%s: migrated" % name)
        self.assertRegex(plain, r"step \d+/\d+ reload\s+\S+\s+reload: \d+s left of 1m00s")
        self.assertRegex(plain, r"wave 1 of 1 \| \d+ done, \d+ failed, \d+ refused \| \d+/3 routers \| ETA ")
        self.assertRegex(plain, r"ETA ~\d+")  # once a router finished, an estimate
        # the block is cleared at the end: after the last clear, no block line is left
        last_clear = term.rfind("\x1b[J")
        self.assertGreater(last_clear, 0)
        self.assertNotIn("routers | ETA", ANSI.sub("", term[last_clear:]))
        # the report still goes to stdout, without escape codes
        self.assertIn("tty1", out)
        self.assertNotIn("\x1b", out)

    def test_plain_lines_without_a_terminal_and_quiet(self):
        with Sim(SIM, self.work, routers(["pl1", "pl2"]), defaults=DEFAULTS, boot_seconds=1) as sim:
            r = run_licmig(LICMIG, self.migrate_args(sim, ["--color", "auto"]), sim.env())
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            self.assertNotIn("\x1b", r.stderr)
            stamp = r"\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] "
            self.assertRegex(r.stderr, r"(?m)^%swave 1/1 started: pl1, pl2$" % stamp)
            for name in ("pl1", "pl2"):
                self.assertRegex(r.stderr, r"(?m)^%s%s: step 1/\d+ pre-snapshot started$" % (stamp, name))
                self.assertRegex(r.stderr, r"(?m)^%s%s: step \d+/\d+ reload done$" % (stamp, name))
                self.assertRegex(r.stderr, r"(?m)^%s%s: step \d+/\d+ reload sent; waiting up to 1m00s" % (stamp, name))
                self.assertRegex(r.stderr, r"(?m)^%s%s: migrated \(" % (stamp, name))
            # --color always colours the outcome words, also in plain lines
            sim_args = self.migrate_args(sim, ["--color", "always"])
            r = run_licmig(LICMIG, sim_args, sim.env())
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            self.assertRegex(r.stderr, r"pl1: \x1b\[32m(migrated|unchanged)\x1b\[0m")
            # -q: no event lines
            r = run_licmig(LICMIG, ["-q"] + self.migrate_args(sim), sim.env())
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            self.assertNotRegex(r.stderr, r"step \d+")
            self.assertNotIn("wave 1", r.stderr)

    def test_ctrl_c_says_the_run_stops_at_the_next_safe_point_naming_routers_in_flight(self):
        with Sim(SIM, self.work, routers(["int1", "int2"]), defaults=DEFAULTS, boot_seconds=3) as sim:
            proc = subprocess.Popen([LICMIG] + self.migrate_args(sim), env=sim.env(), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            lines = []
            try:
                deadline = time.monotonic() + 120
                for line in proc.stderr:  # wait for a reload in flight
                    lines.append(line)
                    if "reload sent" in line or time.monotonic() > deadline:
                        break
                proc.send_signal(signal.SIGINT)
                _, rest = proc.communicate(timeout=180)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            err = "".join(lines) + rest
            self.assertIn("reload sent", "".join(lines), err[-3000:])
            self.assertEqual(proc.returncode, 130, err[-3000:])
            m = re.search(r"(?m)^licmig: SIGINT: stopping at the next safe point; starting no more routers; "
                          r"(\d+) in flight \(([^)]*)\) finish their current step", err)
            self.assertTrue(m, err[-3000:])
            self.assertTrue(set(m.group(2).split(", ")) <= {"int1", "int2"}, m.group(2))
            self.assertIn("Resume with:", err)

    def test_verbose_and_log_file_keep_secrets_masked(self):
        config = secret_config()
        secrets = secret_values() + [PASSWORD, ENABLE]
        log = os.path.join(self.work, "licmig.log")
        with Sim(SIM, self.work, routers(["lg1"], extra_config=config), defaults=DEFAULTS, boot_seconds=1) as sim:
            r = run_licmig(LICMIG, ["-vv", "--log-file", log] + self.migrate_args(sim), sim.env())
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            with open(log) as f:
                text = f.read()
            run_id = re.search(r"licmig: run (\S+) ", r.stderr).group(1)
            lines = text.splitlines()
            self.assertTrue(lines)
            for line in lines:
                self.assertRegex(line, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (trace|debug|info|warning|error) "
                                       r"run=\S+ host=\S+: ")
            self.assertRegex(text, r"(?m) info run=%s host=-: run %s starts: target 17.9.4 no-license$"
                             % (re.escape(run_id), re.escape(run_id)))
            self.assertRegex(text, r"(?m) debug run=%s host=lg1: plan: \d+ steps, " % re.escape(run_id))
            self.assertRegex(text, r"(?m) info run=%s host=-: wave 1 starts: lg1$" % re.escape(run_id))
            self.assertRegex(text, r"(?m) info run=%s host=lg1: step 1 pre-snapshot started$" % re.escape(run_id))
            self.assertRegex(text, r"(?m) info run=%s host=lg1: result: migrated " % re.escape(run_id))
            self.assertRegex(text, r"(?m) debug run=\S+ host=lg1: > show running-config$")
            self.assertRegex(text, r"(?m) trace run=\S+ host=lg1: < .*<secret:[0-9a-f]{6}>")
            # the terminal at -vv has the trace lines too
            self.assertRegex(r.stderr, r"(?m)^licmig: trace: run=\S+ host=lg1: < ")
            for s in secrets:
                self.assertNotIn(s, text, "a secret in the log file")
                self.assertNotIn(s, r.stderr, "a secret on the terminal")
                self.assertNotIn(s, r.stdout)
            # appended, not replaced: a second run adds its lines after the first's
            r = run_licmig(LICMIG, ["-v", "--log-file", log] + self.migrate_args(sim), sim.env())
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            with open(log) as f:
                again = f.read()
            self.assertTrue(again.startswith(text))
            self.assertGreater(len(again), len(text))
            self.assertRegex(r.stderr, r"(?m)^licmig: debug: run=\S+ host=lg1: > show version$")
            self.assertNotRegex(r.stderr, r"licmig: trace:")
            for s in secrets:
                self.assertNotIn(s, again + r.stderr)
        # a log file that cannot be opened: exit 2, naming it
        missing = os.path.join(self.work, "no-such-folder", "x.log")
        r = run_licmig(LICMIG, ["--log-file", missing, "matrix"], dict(os.environ))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--log-file " + missing, r.stderr)


def main():
    def set_paths(licmig, sim, work):
        global LICMIG, SIM, WORK
        LICMIG, SIM, WORK = licmig, sim, work

    e2e_main("status-e2e-", set_paths)


if __name__ == "__main__":
    main()
