#!/usr/bin/env python3
"""End-to-end tests of licmig's session against hostile routers (issue 12), through the real licmig
binary against iosxe-sim faults over real SSH:

  - a router that prints its own prompt inside `show version` and pauses right after it
    (fake_prompt_in): every command still gets its own output, and a snapshot reads the router right;
  - endless output, with and without newlines (flood, flood_no_newlines): the command fails at
    --max-output with that cause, and the peak RSS of the licmig process (getrusage of that child)
    stays within a bound set by the cap, not by the 50 MiB the router sends;
  - a long line without newlines below the cap is read whole;
  - output that trickles in (16 bytes every 20 ms, the prompt last): read whole, each command its own;
    beyond --command-timeout the command fails with that cause instead of holding the session;
  - a router that never prints a prompt: the login waits --connect-timeout, not a fixed 30 s;
  - a reload that asks to overwrite the saved configuration: answered no, the router fails, no reload;
  - escape sequences, C0 and UTF-8 C1 controls, NUL and invalid UTF-8 in output (control_chars_in):
    stdout and stderr carry none of them raw, in table and JSON form; JSON is valid and keeps the
    text; transcripts record them escaped.

Usage: hostile_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import e2e_main, Sim  # noqa: E402

LICMIG = None
SIM = None
WORK = None

ADV = "advancedmetroipaccess"
MiB = 1 << 20


def router(name, **extra):
    d = {"name": name, "image": "asr920-universalk9_npe.16.09.04.SPA.bin",
         "pak_licenses": [{"feature": ADV, "type": "Permanent"}], "boot_level": ADV, "license_level": ADV}
    d.update(extra)
    return d


DEVICES = [
    router("fakeprompt", faults={"fake_prompt_in": ["show version", "show license"]}),
    router("flood", faults={"flood": ["show running-config"], "flood_bytes": 50 * MiB}),
    router("flat", faults={"flood_no_newlines": ["show running-config", "show clock"], "flood_bytes": 50 * MiB}),
    router("longline", faults={"flood_no_newlines": ["show clock"], "flood_bytes": 6 * MiB}),
    router("controls", faults={"control_chars_in": ["show clock", "show license"]}),
    router("silent", faults={"no_prompt": True}),
    router("eraser", faults={"erase_question_on_reload": True}),
    # 16 bytes every 20 ms (800 B/s): `show version` (about 3 KB) takes seconds, its prompt last.
    router("trickle", faults={"trickle": ["show version", "show clock"]}),
    router("steady"),  # the same router without the fault: what the trickled outputs must equal
]
IMG_1712 = "asr920-universalk9_npe.17.12.01.SPA.bin"
MD5_1712 = "1f3e5d7c9b0a2f4e6d8c0b2a4f6e8d0c"
IMAGES = [{"file": IMG_1712, "md5": MD5_1712, "size": 725101568}]
TARGET_1712 = ["--target-release", "17.12.1", "--target-mode", "no-license", "--image", "bootflash:" + IMG_1712,
               "--image-md5", MD5_1712]

# Bytes a terminal acts on: C0 but tab and newline, DEL, and UTF-8 encoded C1 (U+0080-U+009F).
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


class HostileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = os.path.join(WORK, "hostile")
        cls.sim = Sim(SIM, cls.work, DEVICES, defaults={"images": IMAGES})
        cls.sim.__enter__()
        cls.inv = cls.sim.inventory()
        cls.store = os.path.join(cls.work, "store")

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)

    def licmig(self, args, timeout=240):
        """Runs licmig; returns (exit code, stdout bytes, stderr bytes, peak RSS in KiB of that process)."""
        common = ["--store", self.store, "--known-hosts", os.path.join(self.work, "kh"), "--accept-new-host-keys"]
        env = self.sim.env()
        # Under AddressSanitizer (scripts/test's tree) freed memory waits in a quarantine of up to
        # 256 MiB: off, so that the peak RSS is what licmig holds (a plain build ignores the variable).
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=0"
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            p = subprocess.Popen([LICMIG] + args[:1] + common + args[1:], env=env, stdout=out,
                                 stderr=err, stdin=subprocess.DEVNULL)
            try:
                _, status, usage = os.wait4(p.pid, 0)  # the rusage of this child alone
            finally:
                p.returncode = 0  # reaped above
            code = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            return code, out.read(), err.read(), usage.ru_maxrss

    def show(self, host, *commands, fmt="json", extra=()):
        # --keep-transcripts: the sessions are recorded as every other command's are (the memory
        # bounds below were set with transcripts on; `show` without them is e2e_contract's)
        return self.licmig(["show", "--keep-transcripts", "-i", self.inv, "-l", host, "--format", fmt] + list(extra)
                           + ["--"] + list(commands))

    def outputs(self, stdout):
        try:
            return [c for c in json.loads(stdout)["routers"][0]["commands"]]
        except ValueError:
            self.fail("not JSON:\n%r" % stdout[-2000:])

    # --- synchronisation ----------------------------------------------------------------------------

    def test_prompt_inside_output_does_not_shift_outputs(self):
        cmds = ["show version", "show clock", "show license", "show license udi", "show version"]
        code, out, err, _ = self.show("fakeprompt", *cmds)
        self.assertEqual(code, 0, err)
        got = self.outputs(out)
        self.assertEqual([c["command"] for c in got], cmds)
        for c in got:
            self.assertIsNone(c["error"], c)
        # The fake prompt stays inside show version's output, and the rest of it too.
        for i in (0, 4):
            self.assertIn("\nFAKEPROMPT#\n", got[i]["output"])
            self.assertIn("Configuration register", got[i]["output"])
            self.assertIn("uptime is", got[i]["output"])
        self.assertRegex(got[1]["output"], r"^\*?\d\d:\d\d:\d\d")
        self.assertIn("Index 1 Feature: " + ADV, got[2]["output"])
        self.assertIn("\nFAKEPROMPT#\n", got[2]["output"])
        self.assertIn("UDI", got[3]["output"].upper())
        # A snapshot of that router reads it right.
        code, out, err, _ = self.licmig(["snapshot", "-i", self.inv, "-l", "fakeprompt", "--format", "json"])
        self.assertEqual(code, 0, err)
        rep = json.loads(out)["routers"][0]
        self.assertEqual(rep["status"], "recorded", rep)
        with open(rep["snapshot"]) as f:
            snap = json.load(f)
        self.assertEqual(snap["license_level"], ADV)

    # --- output bounds ------------------------------------------------------------------------------

    def baseline_kib(self):
        """The peak RSS of the same binary showing a short output: what the bounds below add to (the
        sanitizers' runtime and shadow memory in scripts/test's tree, the libraries in any)."""
        if not hasattr(type(self), "_baseline"):
            code, _, err, rss_kib = self.show("steady", "show clock")
            self.assertEqual(code, 0, err)
            type(self)._baseline = rss_kib
        return type(self)._baseline

    def assert_rss_within(self, rss_kib, bound_bytes):
        grew = rss_kib * 1024 - self.baseline_kib() * 1024
        self.assertLess(grew, bound_bytes, "peak RSS %d KiB, %d KiB over the baseline %d KiB" % (
            rss_kib, grew // 1024, self.baseline_kib()))

    def assert_capped(self, host, cap_mib):
        code, out, err, rss_kib = self.show(host, "show running-config", extra=["--max-output", "%dM" % cap_mib])
        self.assertEqual(code, 4, err)
        cmd = self.outputs(out)[0]
        self.assertIn("exceeds the limit of %d bytes (--max-output)" % (cap_mib * MiB), cmd["error"] or "")
        self.assertLess(len(cmd["error"]), 400)
        # The router sends 50 MiB; licmig holds at most a few copies of the capped output.
        self.assert_rss_within(rss_kib, 8 * MiB + 4 * cap_mib * MiB)
        return rss_kib

    def test_endless_output_is_capped(self):
        self.assert_capped("flood", 4)

    def test_endless_output_without_newlines_is_capped(self):
        self.assert_capped("flat", 4)
        # One line of 50 MiB with the default cap (32 MiB) fails too, quoting little of it.
        code, out, err, rss_kib = self.show("flat", "show clock")
        self.assertEqual(code, 4, err)
        self.assertIn("exceeds the limit of %d bytes" % (32 * MiB), self.outputs(out)[0]["error"])
        self.assert_rss_within(rss_kib, 8 * MiB + 4 * 32 * MiB)

    def test_long_line_below_the_cap_is_read_whole(self):
        code, out, err, rss_kib = self.show("longline", "show clock", "show license")
        self.assertEqual(code, 0, err)
        got = self.outputs(out)
        self.assertGreaterEqual(got[0]["output"].count("x"), 6 * MiB)
        # held a few times over (the session's buffer, the report, its JSON text), never per read
        self.assert_rss_within(rss_kib, 8 * MiB + 5 * 6 * MiB)
        self.assertIn("Index 1 Feature: " + ADV, got[1]["output"])

    # --- slow trickle ---------------------------------------------------------------------------------

    def test_slow_trickle_is_read_whole(self):
        """Output that arrives a few bytes at a time, with pauses longer than a read's, is still one
        command's whole output: every command gets its own, equal to the same router's without the
        fault, and the snapshot reads the router right."""
        code, out, err, _ = self.show("trickle", "show version", "show clock", "show license")
        self.assertEqual(code, 0, err)
        slow = self.outputs(out)
        code, out, err, _ = self.show("steady", "show version", "show license")
        self.assertEqual(code, 0, err)
        fast = self.outputs(out)
        # the two routers differ only in name and serial number
        same = lambda text, name: re.sub(r"Processor board ID \S+", "ID", re.sub(name, "R", text, flags=re.I))
        self.maxDiff = None
        self.assertEqual(same(slow[0]["output"], "trickle"), same(fast[0]["output"], "steady"))
        self.assertGreater(len(slow[0]["output"]), 1000)
        self.assertRegex(slow[1]["output"], r"\d\d:\d\d:\d\d")
        self.assertNotIn("Cisco IOS", slow[1]["output"])
        self.assertEqual(slow[2]["output"], fast[1]["output"])
        code, out, err, _ = self.licmig(["snapshot", "-i", self.inv, "-l", "trickle", "--format", "json"])
        self.assertEqual(code, 0, err)
        rep = json.loads(out)["routers"][0]
        self.assertEqual(rep["status"], "recorded", rep)
        with open(rep["snapshot"]) as f:
            snap = json.load(f)
        self.assertEqual(snap["version"]["release"], "16.9.4", snap["version"])
        self.assertEqual(snap["license_level"], ADV, snap)

    def test_trickle_beyond_the_command_timeout_fails_that_command(self):
        """A router that keeps a command going for longer than --command-timeout, however steadily it
        sends, fails with the cause named; it does not hold the session for ever."""
        code, out, err, _ = self.show("trickle", "show version", extra=["--command-timeout", "1"])
        self.assertEqual(code, 4, err)
        msg = self.outputs(out)[0]["error"]
        self.assertIn("'show version': no prompt from 127.0.0.1:%d within 1 s" % self.sim.ports["trickle"], msg)

    # --- login ---------------------------------------------------------------------------------------

    def test_no_prompt_ever_waits_the_connect_timeout(self):
        code, out, err, _ = self.show("silent", "show clock", extra=["--connect-timeout", "3"])
        self.assertEqual(code, 3, err)  # timed out: unreachable
        self.assertIn(b"login: no prompt from 127.0.0.1:%d within 3 s (last line: 'User Access Verification')"
                      % self.sim.ports["silent"], err)

    # --- dialogs -------------------------------------------------------------------------------------

    def test_erase_question_during_reload_is_answered_no(self):
        code, out, err, _ = self.licmig(["migrate", "-i", self.inv, "-l", "eraser", "--yes", "--format", "json",
                                         "--reload-timeout", "20"] + TARGET_1712)
        self.assertNotEqual(code, 0, err)
        row = [x for x in json.loads(out)["routers"] if x["host"] == "eraser"][0]
        self.assertEqual(row["status"], "failed", row)
        self.assertIn("asks to overwrite the saved configuration during a reload (answered no)", row["message"])
        self.assertEqual(row["reloads"], 0, row)

    # --- terminal hygiene ---------------------------------------------------------------------------

    def test_controls_never_reach_the_terminal_raw(self):
        for fmt in ("text", "json"):
            code, out, err, _ = self.show("controls", "show clock", "show license", fmt=fmt)
            self.assertEqual(code, 0, err)
            for name, data in (("stdout", out), ("stderr", err)):
                m = RAW_CONTROL.search(data)
                self.assertIsNone(m, "%s %s: raw control at %s" % (fmt, name, m and data[max(0, m.start() - 40):m.end() + 40]))
                data.decode("utf-8")  # valid UTF-8
            if fmt == "json":
                got = self.outputs(out)
                self.assertIn("ctl:", got[0]["output"])
                self.assertIn("Index 1 Feature: " + ADV, got[1]["output"])
            else:
                self.assertIn(b"\\u009b31m", out)
                self.assertIn(b"\\x0e\\x05", out)
        # Transcripts hold them escaped, never raw.
        tdir = os.path.join(self.store, "transcripts", "controls")
        logs = [os.path.join(tdir, f) for f in os.listdir(tdir)]
        self.assertTrue(logs)
        for path in logs:
            with open(path, "rb") as f:
                data = f.read()
            self.assertIsNone(RAW_CONTROL.search(data), path)
            data.decode("utf-8")
            self.assertIn(b"\\u009b31m", data)
            self.assertIn(b"\\x0e\\x05", data)


def set_paths(licmig, sim, work):
    global LICMIG, SIM, WORK
    LICMIG, SIM, WORK = licmig, sim, work


if __name__ == "__main__":
    e2e_main("licmig-e2e-hostile-", set_paths)
