#!/usr/bin/env python3
"""End-to-end tests of iosxe-sim over real SSH on loopback, with real outside clients: OpenSSH's
`ssh` (exec and interactive, password / keyboard-interactive / public key), Debian's Netmiko
(`cisco_ios`, unmodified) through a config change, a save and the reload dialog, the port refusing
connections while the router reloads, state surviving a simulator restart, --stdio, and a 500
router fleet's start time and memory.

Usage: sim_ssh_test.py --sim build/bin/iosxe-sim [--work-dir DIR] [unittest args]
The working folder (fleet files, state, simulator logs) is removed after a clean run and kept,
with its path printed, when a test fails.
"""
import argparse
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import free_port_block, port_free, run_tests  # noqa: E402

SIM = None
WORK = None
SSH_OPTIONS = [
    "-F", "/dev/null",
    "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null",
    "-o", "LogLevel=ERROR",
    "-o", "ConnectTimeout=10",
]
PASSWORD_ONLY = ["-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password"]


def connect_result(port):
    """'accepted' or 'refused' (or another error name) for a TCP connect to the port."""
    with socket.socket() as s:
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
            return "accepted"
        except ConnectionRefusedError:
            return "refused"
        except OSError as e:
            return type(e).__name__


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out after %.0fs waiting for %s" % (timeout, what))


class Simulator:
    """One iosxe-sim process on a fleet file in its own folder."""

    def __init__(self, name, fleet_text, state_dir=None):
        self.dir = os.path.join(WORK, name)
        os.makedirs(self.dir, exist_ok=True)
        self.fleet = os.path.join(self.dir, "fleet.yaml")
        with open(self.fleet, "w") as f:
            f.write(fleet_text)
        self.state_dir = state_dir
        self.proc = None
        self.runs = 0

    def start(self, timeout=20):
        self.runs += 1
        ready = os.path.join(self.dir, "ready")
        if os.path.exists(ready):
            os.unlink(ready)
        args = [SIM, "--fleet", self.fleet, "--ready-file", ready, "--verbose"]
        if self.state_dir:
            args += ["--state-dir", self.state_dir]
        log = open(os.path.join(self.dir, "sim-%d.log" % self.runs), "w")
        started = time.monotonic()
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(lambda: os.path.exists(ready) or self.proc.poll() is not None, timeout, "the ready file")
        if self.proc.poll() is not None:
            raise AssertionError("iosxe-sim exited with %s" % self.proc.returncode)
        return time.monotonic() - started

    def stop(self):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode
        self.proc = None
        return code

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1


def ssh_exec(port, command, password="cisco", user="admin", extra=(), timeout=30, method="password"):
    """OpenSSH's `ssh` running one command, logging in by `method` only (password or
    keyboard-interactive; sshpass types the password at the prompt)."""
    only = ["-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=" + method]
    args = ["sshpass", "-p", password, "ssh"] + SSH_OPTIONS + only + list(extra)
    args += ["-p", str(port), "%s@127.0.0.1" % user, command]
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def ssh_shell(port, lines, password="cisco", timeout=30):
    """`ssh -tt` with the lines on stdin (a here-doc)."""
    args = ["sshpass", "-p", password, "ssh", "-tt"] + SSH_OPTIONS + PASSWORD_ONLY
    args += ["-p", str(port), "admin@127.0.0.1"]
    return subprocess.run(args, input="".join(l + "\n" for l in lines), capture_output=True, text=True,
                          timeout=timeout)


def host_key(port):
    """The ed25519 host key (base64) the router on `port` offers, from OpenSSH's ssh-keyscan; fails
    unless there is exactly one (an empty scan must never compare equal or unequal)."""
    r = subprocess.run(["ssh-keyscan", "-t", "ed25519", "-p", str(port), "127.0.0.1"], capture_output=True,
                       text=True, timeout=60)
    lines = [l for l in r.stdout.splitlines() if " ssh-ed25519 " in l]
    if len(lines) != 1:
        raise AssertionError("ssh-keyscan of port %d: want one ed25519 key, got %r (stderr: %s)"
                             % (port, r.stdout, r.stderr))
    return lines[0].split()[-1]


def fleet_yaml(base, boot_seconds=1, extra_devices=""):
    return """defaults:
  username: admin
  password: cisco
  enable_secret: en
  boot_seconds: %(boot)d
  images:
    - file: asr920-universalk9_npe.17.06.01.SPA.bin
      md5: 5b6f3a7e1c0d4e2f8a9b0c1d2e3f4a5b
devices:
  - name: r1
    hostname: R1
    port: %(p1)d
    image: asr920-universalk9_npe.16.09.04.SPA.bin
    pak_licenses: [{feature: advancedmetroipaccess, type: Permanent}]
    boot_level: advancedmetroipaccess
    license_level: advancedmetroipaccess
  - name: r2
    hostname: R2
    port: %(p2)d
    release: 17.6.1
%(extra)s""" % {"boot": boot_seconds, "p1": base, "p2": base + 1, "extra": extra_devices}


class SimSshTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.base = free_port_block(5)
        cls.key = os.path.join(WORK, "client_key")
        if not os.path.exists(cls.key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", cls.key], check=True)
        with open(cls.key + ".pub") as f:
            public = f.read().strip()
        extra = "    authorized_keys: [\"%s\"]\n" % public
        text = fleet_yaml(cls.base, extra_devices="")
        text = text.replace("    release: 17.6.1\n", "    release: 17.6.1\n" + extra)
        text += """  - {name: r3, port: %d, release: 17.3.4a, faults: {refuse_connections: true}}
  - {name: r4, port: %d, release: 16.9.4, faults: {command_delay_ms: 400}}
  - {name: r5, port: %d, release: 17.6.1, auth_methods: [keyboard-interactive]}
""" % (cls.base + 2, cls.base + 3, cls.base + 4)
        cls.sim = Simulator("shared", text)
        cls.start_seconds = cls.sim.start()

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def test_exec_show_version_with_openssh(self):
        r = ssh_exec(self.base, "show version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Cisco IOS XE Software, Version 16.09.04", r.stdout)
        self.assertIn("R1 uptime is", r.stdout)

    def test_exec_abbreviated_command(self):
        r = ssh_exec(self.base + 1, "sh ver")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("17.06.01", r.stdout)

    def test_interactive_shell_with_here_doc(self):
        r = ssh_shell(self.base, ["enable", "en", "terminal length 0", "configure terminal", "end",
                                  "show license | include Feature", "exit"])
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout
        self.assertIn("R1>enable", out)
        self.assertIn("Password: ", out)
        self.assertNotIn("Password: en\r", out)  # the secret is not echoed
        self.assertIn("R1#configure terminal", out)
        self.assertIn("R1(config)#end", out)
        self.assertIn("Feature: advancedmetroipaccess", out)
        self.assertIn("R1#exit", out)

    def test_interactive_shell_with_pexpect(self):
        try:
            import pexpect
        except ImportError:
            self.skipTest("python3-pexpect is not installed")
        child = pexpect.spawn("ssh", SSH_OPTIONS + PASSWORD_ONLY + ["-p", str(self.base), "admin@127.0.0.1"],
                              timeout=10, encoding="utf-8")
        try:
            child.expect("assword:")
            child.sendline("cisco")
            child.expect("R1>")
            child.sendline("enable")
            child.expect("Password:")
            child.sendline("en")
            child.expect("R1#")
            child.sendline("show version | include Version")
            child.expect("Version 16.09.04")
            child.expect("R1#")
            child.sendline("exit")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)

    def test_wrong_password_is_refused(self):
        r = ssh_exec(self.base, "show version", password="wrong")
        self.assertNotEqual(r.returncode, 0)
        self.assertNotIn("Cisco IOS", r.stdout)
        try:
            import pexpect
        except ImportError:
            return
        child = pexpect.spawn("ssh", SSH_OPTIONS + PASSWORD_ONLY + ["-p", str(self.base), "admin@127.0.0.1"],
                              timeout=10, encoding="utf-8")
        try:
            for _ in range(3):
                i = child.expect(["assword:", "Permission denied \\(", pexpect.EOF])
                if i != 0:
                    break
                child.sendline("wrong")
            child.expect(pexpect.EOF)
            self.assertIn("Permission denied", child.before + (child.after if isinstance(child.after, str) else ""))
        finally:
            child.close(force=True)

    def test_keyboard_interactive_auth(self):
        r = ssh_exec(self.base, "show version", method="keyboard-interactive")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Cisco IOS XE Software", r.stdout)
        # r5 offers only keyboard-interactive (auth_methods): it logs in that way, and refuses a
        # password login and a wrong answer to its prompt
        r = ssh_exec(self.base + 4, "show version", method="keyboard-interactive")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("17.06.01", r.stdout)
        r = ssh_exec(self.base + 4, "show version")
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn("Permission denied (keyboard-interactive)", r.stderr)
        r = ssh_exec(self.base + 4, "show version", password="wrong", method="keyboard-interactive")
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertNotIn("17.06.01", r.stdout)

    def test_public_key_auth(self):
        args = ["ssh"] + SSH_OPTIONS + ["-i", self.key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                                        "-o", "PreferredAuthentications=publickey", "-p", str(self.base + 1),
                                        "admin@127.0.0.1", "show version"]
        r = subprocess.run(args, capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("17.06.01", r.stdout)
        # r1 has no authorized key: refused
        args[args.index(str(self.base + 1))] = str(self.base)
        r = subprocess.run(args, capture_output=True, text=True, timeout=30)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Permission denied", r.stderr)

    def test_many_clients_at_once(self):
        results = [None] * 12

        def run(i):
            results[i] = ssh_exec(self.base + (i % 2), "show version")

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(results))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        for r in results:
            self.assertIsNotNone(r)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Cisco IOS XE Software", r.stdout)

    def test_refuse_connections_fault(self):
        self.assertEqual(connect_result(self.base + 2), "refused")

    def test_command_delay_fault(self):
        started = time.monotonic()
        r = ssh_exec(self.base + 3, "show version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreaterEqual(time.monotonic() - started, 0.4)
        self.assertIn("Cisco IOS XE Software", r.stdout)

    def test_host_key_is_stable(self):
        self.assertEqual(host_key(self.base), host_key(self.base))



class SimHostKeyRotationTest(unittest.TestCase):
    def test_rotate_host_key_on_reload(self):
        base = free_port_block(2)
        sim = Simulator("rotate", fleet_yaml(base, boot_seconds=2, extra_devices="    faults: {rotate_host_key_on_reload: true}\n"))
        sim.start()
        try:
            before = host_key(base + 1)
            r = ssh_shell(base + 1, ["enable", "en", "reload", ""])  # unmodified: no Save? question
            self.assertIn("Proceed with reload? [confirm]", r.stdout)
            wait_for(lambda: connect_result(base + 1) == "refused", 5, "the port to refuse connections")
            wait_for(lambda: connect_result(base + 1) == "accepted", 20, "the port to accept again")
            self.assertNotEqual(before, host_key(base + 1))
        finally:
            self.assertEqual(sim.stop(), 0)


class SimStateTest(unittest.TestCase):
    def test_state_survives_a_restart(self):
        base = free_port_block(2)
        state = os.path.join(WORK, "state", "fleet")
        os.makedirs(os.path.dirname(state), exist_ok=True)
        sim = Simulator("state", fleet_yaml(base), state_dir=state)
        sim.start()
        try:
            key_before = host_key(base)
            r = ssh_shell(base, ["enable", "en", "configure terminal",
                                 "boot system flash:asr920-universalk9_npe.17.06.01.SPA.bin", "end",
                                 "write memory", "exit"])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("[OK]", r.stdout)
        finally:
            self.assertEqual(sim.stop(), 0)
        for name in ("r1.state.json", "r1.host_key", "r2.state.json"):
            path = os.path.join(state, name)
            self.assertTrue(os.path.exists(path), path)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600, path)
        sim.start()
        try:
            r = ssh_exec(base, "show startup-config | include boot system")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("boot system flash:asr920-universalk9_npe.17.06.01.SPA.bin", r.stdout)
            self.assertEqual(key_before, host_key(base))
        finally:
            self.assertEqual(sim.stop(), 0)


class SimScaleTest(unittest.TestCase):
    """500 routers: every one accepts and answers, under 300 MiB resident (how fast they start is
    measured by scripts/bench's scale phase, not asserted here)."""

    def test_500_routers(self):
        count = 500
        base = free_port_block(count)
        text = """defaults: {username: admin, password: cisco, boot_seconds: 1}
devices:
  - {name: pe, port: %d, image: asr920-universalk9_npe.16.09.04.SPA.bin, replicas: %d,
     pak_licenses: [{feature: advancedmetroipaccess}], license_level: advancedmetroipaccess}
""" % (base, count)
        sim = Simulator("scale", text)
        seconds = sim.start(timeout=600)  # a generous deadline; the start time is scripts/bench's (scale)
        try:
            rss_mib = sim.rss_kib() / 1024.0
            for i in range(count):
                self.assertEqual(connect_result(base + i), "accepted", "router %d of %d" % (i + 1, count))
            r = ssh_exec(base + count - 1, "show version")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("pe%d uptime" % count, r.stdout)
            rss_after_mib = sim.rss_kib() / 1024.0
            print("\n500 routers: ready in %.2f s, RSS %.1f MiB (%.1f MiB after a session)" %
                  (seconds, rss_mib, rss_after_mib), file=sys.stderr)
            self.assertLess(rss_after_mib, 300.0)  # a memory bound, not a speed figure
        finally:
            self.assertEqual(sim.stop(), 0)


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
        WORK = tempfile.mkdtemp(prefix="iosxe-sim-e2e-")
    ok = run_tests(rest)
    if ok:
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        print("iosxe-sim e2e: kept the working folder %s" % WORK, file=sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
