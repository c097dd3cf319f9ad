#!/usr/bin/env python3
"""End-to-end tests of the simulator's bootflash and image transfers (issue 15) over real SSH on
loopback: `copy http://` and `copy ftp://` (Python's http.server and pyftpdlib in this process,
fetched by the router with libcurl; tests/e2e/transfer_support.py), pushes with OpenSSH `scp -O` and Netmiko's file_transfer
against `ip scp server enable`, out of space, a dropped and a corrupted transfer, `verify /md5`,
`delete`, other sessions served while a slow copy runs, and files surviving a simulator restart.

Usage: sim_transfer_test.py --sim build/bin/iosxe-sim [--work-dir DIR] [unittest args]
The working folder is removed after a clean run and kept, with its path printed, when a test fails.
"""
import argparse
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ENABLE, PASSWORD, USER, Sim, keep_or_remove  # noqa: E402
from transfer_support import (BOOTFLASH_FIXED_BYTES, RUNNING_IMAGE, SSH_OPTIONS, FtpServer,  # noqa: E402
                              HttpServer, make_image, scp_push, small_bootflash_device)

SIM = None
WORK = None
IMAGE_SIZE = 3 * 1024 * 1024 + 12345


class Shell:
    """An interactive SSH session (pexpect) that answers the router's dialogs."""

    def __init__(self, port, timeout=120):
        import pexpect
        self.pexpect = pexpect
        self.child = pexpect.spawn("ssh", SSH_OPTIONS + ["-tt", "-p", str(port), USER + "@127.0.0.1"],
                                   timeout=timeout, encoding="utf-8", codec_errors="replace")
        self.child.expect("assword:")
        self.child.sendline(PASSWORD)
        self.child.expect(r"\n(\S+)[>#]")
        self.host = self.child.match.group(1)
        self.child.sendline("enable")
        i = self.child.expect(["assword:", r"\n\S+#"])
        if i == 0:
            self.child.sendline(ENABLE)
            self.child.expect(r"\n\S+#")
        self.cmd("terminal length 0")

    def until(self, text="", answers=()):
        """Sends text; answers each question in `answers` (pattern, reply) as it comes; returns
        everything up to the next prompt."""
        self.child.send(text)
        out = ""
        patterns = [re.escape(self.host) + r"(\(config[^)]*\))?#"] + [a[0] for a in answers]
        while True:
            i = self.child.expect(patterns)
            out += self.child.before + self.child.after
            if i == 0:
                return out
            self.child.send(answers[i - 1][1])

    def cmd(self, line, answers=()):
        return self.until(line + "\r", answers)

    def close(self):
        self.child.close(force=True)


def free_bytes(dir_text):
    m = re.search(r"(\d+) bytes total \((\d+) bytes free\)", dir_text)
    return int(m.group(1)), int(m.group(2))


class TransferTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = os.path.join(WORK, "transfer")
        cls.files = os.path.join(cls.work, "files")
        cls.name = "asr920-universalk9_npe.17.12.01.SPA.bin"
        cls.image, cls.md5 = make_image(cls.files, cls.name, IMAGE_SIZE)
        cls.http = HttpServer(cls.files).__enter__()
        cls.http_url = cls.http.base
        try:
            cls.ftp = FtpServer(cls.files).__enter__()
            cls.ftp_url = cls.ftp.base
        except ImportError:
            cls.ftp = None
        devices = [
            {"name": "pull", "image": RUNNING_IMAGE, "bootflash_bytes": 64 << 20},
            {"name": "push", "image": RUNNING_IMAGE, "bootflash_bytes": 64 << 20},
            small_bootflash_device("small", IMAGE_SIZE, images_that_fit=1),
            {"name": "drop", "image": RUNNING_IMAGE, "faults": {"transfer_drop_at_percent": 40}},
            {"name": "corrupt", "image": RUNNING_IMAGE, "faults": {"corrupt_transfer": True}},
            # 3 MiB at 512 KiB/s: a copy that runs for about 6 seconds
            {"name": "slow", "image": RUNNING_IMAGE, "link_rate": 512 * 1024},
        ]
        cls.sim = Sim(SIM, os.path.join(cls.work, "sim"), devices, defaults={"images": []})
        cls.sim.__enter__()
        cls.ports = cls.sim.ports

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)
        cls.http.__exit__(None, None, None)
        if cls.ftp:
            cls.ftp.__exit__(None, None, None)

    def shell(self, name):
        s = Shell(self.ports[name])
        self.addCleanup(s.close)
        return s

    def enable_scp(self, s):
        s.cmd("configure terminal")
        s.cmd("ip scp server enable")
        s.cmd("end")

    def copy(self, s, url, dest="bootflash:"):
        return s.cmd("copy %s %s" % (url, dest), answers=[(r"Destination filename \[[^\]]*\]\? ", "\r"),
                                                          (r"over write\? \[confirm\]", "\r")])

    def test_pull_http_then_verify_and_delete(self):
        s = self.shell("pull")
        before = free_bytes(s.cmd("dir bootflash:"))
        out = self.copy(s, self.http_url + self.name)
        self.assertIn("Destination filename [%s]? " % self.name, out)
        self.assertIn("Accessing %s%s..." % (self.http_url, self.name), out)
        self.assertIn("!!!", out)
        self.assertIn("[OK - %d bytes]" % IMAGE_SIZE, out)
        self.assertRegex(out, r"%d bytes copied in \d+\.\d{3} secs \(\d+ bytes/sec\)" % IMAGE_SIZE)
        listing = s.cmd("dir bootflash:")
        self.assertRegex(listing, r"-rw-\s+%d\s+.*\s%s" % (IMAGE_SIZE, re.escape(self.name)))
        self.assertEqual(free_bytes(listing), (before[0], before[1] - IMAGE_SIZE))
        self.assertIn("Verified (bootflash:%s) = %s" % (self.name, self.md5),
                      s.cmd("verify /md5 bootflash:%s %s" % (self.name, self.md5)))
        # Again: the overwrite question, then the same file.
        self.assertIn("Do you want to over write? [confirm]", self.copy(s, self.http_url + self.name))
        out = s.cmd("delete bootflash:%s" % self.name, answers=[(r"Delete filename \[[^\]]*\]\? ", "\r"),
                                                                 (r"\[confirm\]", "\r")])
        self.assertIn("Delete bootflash:/%s? [confirm]" % self.name, out)
        self.assertNotIn(self.name, s.cmd("dir bootflash:"))
        self.assertIn("%Error opening " + self.http_url + "missing.bin (No such file or directory)",
                      self.copy(s, self.http_url + "missing.bin"))

    def test_pull_ftp(self):
        if not self.ftp:
            self.skipTest("python3-pyftpdlib is not installed")
        s = self.shell("pull")
        out = self.copy(s, self.ftp_url + self.name, "bootflash:from-ftp.bin")
        answer = out.split("\n", 1)[1]  # after the echo of what was typed
        self.assertIn("Accessing ftp://ftpuser@127.0.0.1", answer)  # the router does not repeat the password
        self.assertNotIn("ftp-pass-1", answer)
        self.assertIn("[OK - %d bytes]" % IMAGE_SIZE, out)
        self.assertIn(self.md5, s.cmd("verify /md5 bootflash:from-ftp.bin"))
        s.cmd("delete /force bootflash:from-ftp.bin")

    def test_push_scp_needs_the_server_enabled(self):
        # "pull" never enables its SCP server
        r = scp_push(self.work, self.ports["pull"], self.image, "bootflash:" + self.name)
        self.assertNotEqual(r.returncode, 0, "scp succeeded while `ip scp server enable` was missing")
        self.assertNotIn(self.name, self.shell("pull").cmd("dir bootflash:"))
        s = self.shell("push")
        self.enable_scp(s)
        self.assertIn("ip scp server enable", s.cmd("show running-config | include scp"))
        r = scp_push(self.work, self.ports["push"], self.image, "bootflash:" + self.name)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Verified", s.cmd("verify /md5 bootflash:%s %s" % (self.name, self.md5)))
        s.cmd("delete /force bootflash:" + self.name)

    def test_push_netmiko_file_transfer(self):
        try:
            from netmiko import ConnectHandler, file_transfer
        except ImportError:
            self.skipTest("python3-netmiko is not installed")
        self.enable_scp(self.shell("push"))
        conn = ConnectHandler(device_type="cisco_ios", host="127.0.0.1", port=self.ports["push"], username=USER,
                              password=PASSWORD, secret=ENABLE)
        try:
            conn.enable()
            result = file_transfer(conn, source_file=self.image, dest_file="netmiko.bin", file_system="bootflash:",
                                   direction="put", overwrite_file=True)
            self.assertEqual(result, {"file_exists": True, "file_transferred": True, "file_verified": True})
            # Already there with the right md5: Netmiko sends nothing.
            again = file_transfer(conn, source_file=self.image, dest_file="netmiko.bin", file_system="bootflash:",
                                  direction="put", overwrite_file=True)
            self.assertEqual(again["file_transferred"], False)
            conn.send_command("delete /force bootflash:netmiko.bin")
        finally:
            conn.disconnect()

    def test_out_of_space_pull_and_push(self):
        s = self.shell("small")
        out = self.copy(s, self.http_url + self.name, "bootflash:one.bin")
        self.assertIn("[OK - %d bytes]" % IMAGE_SIZE, out)
        out = self.copy(s, self.http_url + self.name, "bootflash:two.bin")
        self.assertIn("%Error writing bootflash:two.bin (No space left on device)", out)
        listing = s.cmd("dir bootflash:")
        self.assertEqual(free_bytes(listing)[1], 0)
        self.assertIn("two.bin", listing)  # the partial file stays for the copier to delete
        s.cmd("delete /force bootflash:two.bin")
        self.enable_scp(s)
        r = scp_push(self.work, self.ports["small"], self.image, "bootflash:three.bin")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("No space left on device", r.stderr)
        s.cmd("delete /force bootflash:three.bin")
        s.cmd("delete /force bootflash:one.bin")
        self.assertEqual(free_bytes(s.cmd("dir bootflash:"))[1], free_bytes(listing)[0] - BOOTFLASH_FIXED_BYTES)

    def test_dropped_transfers_leave_partial_files(self):
        s = self.shell("drop")
        out = self.copy(s, self.http_url + self.name)
        self.assertIn("%%Error reading %s%s (Timed out)" % (self.http_url, self.name), out)
        self.assertRegex(s.cmd("dir bootflash:"), r"\s%d\s.*%s" % (IMAGE_SIZE * 40 // 100, re.escape(self.name)))
        self.enable_scp(s)
        r = scp_push(self.work, self.ports["drop"], self.image, "bootflash:pushed.bin")
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(self.shell("drop").cmd("dir bootflash:"), r"\s%d\s.*pushed\.bin" % (IMAGE_SIZE * 40 // 100))

    def test_corrupted_transfer_fails_verify(self):
        s = self.shell("corrupt")
        self.enable_scp(s)
        r = scp_push(self.work, self.ports["corrupt"], self.image, "bootflash:" + self.name)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = s.cmd("verify /md5 bootflash:%s %s" % (self.name, self.md5))
        self.assertIn("%Error verifying bootflash:" + self.name, out)
        self.assertIn("Submitted signature  = " + self.md5, out)

    def test_slow_copy_does_not_block_other_sessions(self):
        s = self.shell("slow")
        s.child.send("copy %s%s bootflash:\r" % (self.http_url, self.name))
        s.child.expect(r"Destination filename \[[^\]]*\]\? ")
        s.child.send("\r")
        s.child.expect("Accessing")
        # While the copy runs: another session on the same router and one on another router answer.
        self.assertIn("Cisco IOS XE Software", self.shell("slow").cmd("show version"))
        self.assertIn("Cisco IOS XE Software", self.shell("pull").cmd("show version"))
        # The copy had not ended by then: its result is still to come.
        rest = s.until("")
        self.assertIn("[OK - %d bytes]" % IMAGE_SIZE, rest)
        self.assertIn(self.md5, s.cmd("verify /md5 bootflash:" + self.name))

    def test_zz_files_survive_a_restart(self):
        s = self.shell("pull")
        self.copy(s, self.http_url + self.name, "bootflash:kept.bin")
        s.close()
        self.sim.stop()
        self.sim.start()
        s = self.shell("pull")
        self.assertIn("kept.bin", s.cmd("dir bootflash:"))
        self.assertIn(self.md5, s.cmd("verify /md5 bootflash:kept.bin"))


def main():
    global SIM, WORK
    parser = argparse.ArgumentParser()
    parser.add_argument("--sim", required=True)
    parser.add_argument("--work-dir")
    args, rest = parser.parse_known_args()
    SIM = os.path.abspath(args.sim)
    if args.work_dir:
        shutil.rmtree(args.work_dir, ignore_errors=True)
        os.makedirs(args.work_dir)
        WORK = os.path.abspath(args.work_dir)
    else:
        WORK = tempfile.mkdtemp(prefix="sim-transfer-")
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    keep_or_remove(WORK, ok)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
