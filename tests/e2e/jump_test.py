#!/usr/bin/env python3
"""End-to-end jump hosts (issue 14, "Reaching routers" and "Keys"): two iosxe-sim routers reached
only through real OpenSSH sshd bastions that the test starts on loopback (harness.Sshd: their own
sshd_config, host key and authorized key, run as whoever runs the test, root or not), with the real
licmig binary:

  - `ansible_ssh_common_args: -J USER@bastion` (USER: the current user) reaches both routers; the
    bastion's log records the
    forwarding to each router's port; the bastion's host key is recorded (--accept-new-host-keys);
  - `licmig stage --image FILE` pushes an image over SCP to a router reached through the bastion
    (every connection of the run forwarded by it); the bytes on bootflash and the router's
    `verify /md5` are the image's;
  - the bastion stopped: licmig fails naming the jump host, and never reaches the router straight;
  - a chain of two bastions (`-o ProxyJump=b1,b2`): b1 forwards to b2 only, b2 to each router;
  - `-o ProxyCommand="/usr/bin/ssh -F cfg -W %h:%p b1"` (OpenSSH's own client as the command);
  - a bastion whose host key is unknown (without --accept-new-host-keys) or changed is refused like a
    router; an option licmig does not honour refuses the host naming host, variable and option;
  - ~/.ssh/config (--ssh-config): a `Host *-via-gw` block with HostName and ProxyJump to an alias
    whose HostName, Port, User and IdentityFile the file gives; a keyword licmig does not honour in
    a matching block refuses the host naming file:line;
  - the bastion key: OpenSSH's default identity ~/.ssh/id_ed25519 found under $HOME; a
    passphrase-protected one is refused with a message naming it, works with its passphrase typed
    for --ask-pass (a wrong one is named as such; none is stored) and through ssh-agent.

Usage: jump_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import (e2e_main, ENABLE, free_port_block, keygen, LOGIN, PASSWORD, Sim, SSHD, Sshd,  # noqa: E402
                     run_licmig)
from migrate_test import ADV, DEFAULTS, IMG_169, router  # noqa: E402
from transfer_support import make_image  # noqa: E402

LICMIG = None
SIM = None
WORK = None
PASSPHRASE = "e2e-key-Pp41"


def set_paths(licmig, sim, work):
    global LICMIG, SIM, WORK
    LICMIG, SIM, WORK = licmig, sim, work


class JumpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(SSHD):
            raise unittest.SkipTest("needs %s (openssh-server)" % SSHD)
        cls.work = os.path.join(WORK, "jump")
        os.makedirs(cls.work, exist_ok=True)
        # licmig's HOME: its default identity is the key the bastions authorize
        cls.home = os.path.join(cls.work, "home")
        os.makedirs(os.path.join(cls.home, ".ssh"))
        cls.key = os.path.join(cls.home, ".ssh", "id_ed25519")
        keygen(cls.key)
        cls.sim = Sim(SIM, os.path.join(cls.work, "sim"),
                      [router("r1", IMG_169, level=ADV), router("r2", IMG_169, level=ADV)], defaults=DEFAULTS)
        try:
            cls.sim.__enter__()
            base = free_port_block(2)  # after the routers listen: a block apart from theirs
            cls.b1 = Sshd(os.path.join(cls.work, "b1"), cls.key + ".pub", base)
            cls.b2 = Sshd(os.path.join(cls.work, "b2"), cls.key + ".pub", base + 1)
            cls.b1.start()
            cls.b2.start()
        except Exception:
            cls.tearDownClass()
            raise
        cls.p1, cls.p2 = cls.sim.ports["r1"], cls.sim.ports["r2"]
        # Router host keys, recorded once straight (no jump) into a file each test starts from.
        cls.router_keys = os.path.join(cls.work, "known_hosts.routers")
        r = cls.show({}, cls.router_keys, accept=True)
        if r.returncode != 0:
            cls.tearDownClass()
            raise AssertionError("the routers straight: " + r.stderr)

    @classmethod
    def tearDownClass(cls):
        for b in ("b1", "b2"):
            if getattr(cls, b, None):
                getattr(cls, b).stop()
        if getattr(cls, "sim", None):
            cls.sim.stop()

    @classmethod
    def show(cls, host_vars, known_hosts, accept=False, env_extra=None, home=None, per_host=None, extra=(),
             stdin_text=None):
        inv = cls.sim.inventory(per_host or {"r1": host_vars, "r2": host_vars}, name="inv.yaml")
        env = cls.sim.env(HOME=home or cls.home)
        env.pop("SSH_AUTH_SOCK", None)
        env.update(env_extra or {})
        args = ["show", "-i", inv, "--store", os.path.join(cls.work, "store"), "--known-hosts", known_hosts,
                "--format", "json", "--connect-timeout", "5"]
        if accept:
            args.append("--accept-new-host-keys")
        args += list(extra)
        if stdin_text is None:
            return run_licmig(LICMIG, args + ["--", "show version"], env, timeout=120)
        answers = os.path.join(cls.work, "answers.txt")
        with open(answers, "w") as f:
            f.write(stdin_text)
        with open(answers) as f:
            return run_licmig(LICMIG, args + ["--", "show version"], env, timeout=120, stdin=f)

    def known_hosts(self, name, extra=""):
        """A known_hosts file with the routers' keys and `extra` lines."""
        path = os.path.join(self.work, name)
        shutil.copy(self.router_keys, path)
        with open(path, "a") as f:
            f.write(extra)
        return path

    def assert_both_ok(self, r):
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        hosts = json.loads(r.stdout)["routers"]
        self.assertEqual([h["host"] for h in hosts], ["r1", "r2"])
        for h in hosts:
            self.assertEqual(h["status"], "ok", h)
            self.assertIn("Cisco IOS XE Software", h["commands"][0]["output"])

    def test_jump_reaches_each_router_through_the_bastion(self):
        kh = self.known_hosts("kh-jump")
        since = len(self.b1.log_text())
        r = self.show({"ansible_ssh_common_args": "-J %s@127.0.0.1:%d" % (LOGIN, self.b1.port)}, kh, accept=True)
        self.assert_both_ok(r)
        self.assertEqual(sorted(self.b1.forwarded_ports(since)), [self.p1, self.p2], self.b1.log_text()[since:])
        self.assertEqual(self.b1.log_text()[since:].count("Accepted publickey for %s " % LOGIN), 2)
        with open(kh) as f:
            self.assertIn("[127.0.0.1]:%d ssh-ed25519 " % self.b1.port, f.read())
        # the user name of the jump defaults to the local user's (LOGIN), as with ssh -J
        since = len(self.b1.log_text())
        r = self.show({"ansible_ssh_extra_args": "-o ProxyJump=127.0.0.1:%d" % self.b1.port}, kh)
        self.assert_both_ok(r)
        self.assertEqual(sorted(self.b1.forwarded_ports(since)), [self.p1, self.p2])

    def test_stage_pushes_an_image_over_scp_through_the_bastion(self):
        name = "asr920-universalk9_npe.17.09.04.SPA.bin"
        image, md5 = make_image(os.path.join(self.work, "images"), name, 2 << 20)
        kh = self.known_hosts("kh-stage", self.b1.host_key_line())
        jump = {"ansible_ssh_common_args": "-J %s@127.0.0.1:%d" % (LOGIN, self.b1.port)}
        inv = self.sim.inventory({"r1": jump, "r2": jump}, name="inv-stage.yaml")
        env = self.sim.env(HOME=self.home)
        env.pop("SSH_AUTH_SOCK", None)
        common = ["-i", inv, "-l", "r1", "--store", os.path.join(self.work, "store"), "--known-hosts", kh,
                  "--connect-timeout", "5"]
        since = len(self.b1.log_text())
        r = run_licmig(LICMIG, ["stage"] + common + ["--image", image, "--enable-scp-server", "--yes",
                                                     "--format", "json"], env, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        row = json.loads(r.stdout)["routers"][0]
        self.assertEqual((row["host"], row["status"], row["bytes"]), ("r1", "staged", 2 << 20), row)
        # every connection of the run (the survey, the push) went through the bastion to r1
        forwarded = self.b1.forwarded_ports(since)
        self.assertTrue(forwarded, self.b1.log_text()[since:])
        self.assertEqual(set(forwarded), {self.p1}, self.b1.log_text()[since:])
        # the bytes on the simulated bootflash, and the router's own md5 of them, through the bastion too
        with open(os.path.join(self.sim.work, "state", "r1.bootflash", name), "rb") as f:
            self.assertEqual(hashlib.md5(f.read()).hexdigest(), md5)
        r = run_licmig(LICMIG, ["show"] + common + ["--format", "json", "--", "verify /md5 bootflash:" + name], env,
                       timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("= " + md5, json.loads(r.stdout)["routers"][0]["commands"][0]["output"])

    def test_bastion_stopped_fails_and_never_goes_straight(self):
        kh = self.known_hosts("kh-stopped", self.b1.host_key_line())
        self.b1.stop()
        try:
            r = self.show({"ansible_ssh_common_args": "-J %s@127.0.0.1:%d" % (LOGIN, self.b1.port)}, kh)
        finally:
            self.b1.start()
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        for h in json.loads(r.stdout)["routers"]:
            self.assertNotEqual(h["status"], "ok")
            self.assertEqual(h["commands"], [])
            self.assertIn("cannot connect to jump host %s@127.0.0.1:%d (on the way to 127.0.0.1:%d): connection "
                          "refused" % (LOGIN, self.b1.port, h["port"]), h["error"])

    def test_chain_of_two_bastions(self):
        kh = self.known_hosts("kh-chain", self.b1.host_key_line() + self.b2.host_key_line())
        s1, s2 = len(self.b1.log_text()), len(self.b2.log_text())
        spec = "%s@127.0.0.1:%d,%s@127.0.0.1:%d" % (LOGIN, self.b1.port, LOGIN, self.b2.port)
        r = self.show({"ansible_ssh_common_args": "-o ProxyJump=" + spec}, kh)
        self.assert_both_ok(r)
        self.assertEqual(self.b1.forwarded_ports(s1), [self.b2.port, self.b2.port], self.b1.log_text()[s1:])
        self.assertEqual(sorted(self.b2.forwarded_ports(s2)), [self.p1, self.p2], self.b2.log_text()[s2:])
        # the second bastion stopped: the chain fails at it, naming it
        self.b2.stop()
        try:
            r = self.show({"ansible_ssh_common_args": "-o ProxyJump=" + spec}, kh)
        finally:
            self.b2.start()
        self.assertNotEqual(r.returncode, 0)
        for h in json.loads(r.stdout)["routers"]:
            self.assertIn("jump host %s@127.0.0.1:%d (on the way to 127.0.0.1:%d) cannot open a connection to "
                          "127.0.0.1:%d" % (LOGIN, self.b1.port, h["port"], self.b2.port), h["error"])

    def test_proxy_command(self):
        ssh_kh = os.path.join(self.work, "kh-openssh")
        with open(ssh_kh, "w") as f:
            f.write(self.b1.host_key_line())
        cfg = os.path.join(self.work, "ssh_config")
        with open(cfg, "w") as f:
            f.write("Host b1\n  HostName 127.0.0.1\n  Port %d\n  User %s\n  IdentityFile %s\n"
                    "  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n  BatchMode yes\n"
                    % (self.b1.port, LOGIN, self.key, ssh_kh))
        kh = self.known_hosts("kh-proxy")
        since = len(self.b1.log_text())
        r = self.show({"ansible_ssh_common_args": "-o ProxyCommand='/usr/bin/ssh -F %s -W %%h:%%p b1'" % cfg}, kh)
        self.assert_both_ok(r)
        self.assertEqual(sorted(self.b1.forwarded_ports(since)), [self.p1, self.p2], self.b1.log_text()[since:])
        # the bastion stopped: the proxy command fails, and so does licmig
        self.b1.stop()
        try:
            r = self.show({"ansible_ssh_common_args": "-o ProxyCommand='/usr/bin/ssh -F %s -W %%h:%%p b1'" % cfg}, kh)
        finally:
            self.b1.start()
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        for h in json.loads(r.stdout)["routers"]:
            self.assertIn("cannot connect to 127.0.0.1:%d through ProxyCommand '/usr/bin/ssh -F %s -W %%h:%%p b1'"
                          % (h["port"], cfg), h["error"])

    def test_jump_host_key_unknown_or_changed_is_refused(self):
        jump = {"ansible_ssh_common_args": "-J %s@127.0.0.1:%d" % (LOGIN, self.b1.port)}
        since = len(self.b1.log_text())
        r = self.show(jump, self.known_hosts("kh-unknown"))
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        for h in json.loads(r.stdout)["routers"]:
            self.assertIn("jump host %s@127.0.0.1:%d (on the way to 127.0.0.1:%d): host key for [127.0.0.1]:%d is "
                          "not known" % (LOGIN, self.b1.port, h["port"], self.b1.port), h["error"])
        self.assertEqual(self.b1.forwarded_ports(since), [])
        other = os.path.join(self.work, "other_key")
        if not os.path.exists(other):
            keygen(other)
        with open(other + ".pub") as f:
            wrong = "[127.0.0.1]:%d %s\n" % (self.b1.port, " ".join(f.read().split()[:2]))
        r = self.show(jump, self.known_hosts("kh-changed", wrong), accept=True)
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        for h in json.loads(r.stdout)["routers"]:
            self.assertIn("host key for [127.0.0.1]:%d has changed" % self.b1.port, h["error"])
            self.assertIn("the jump host offers", h["error"])
        self.assertEqual(self.b1.forwarded_ports(since), [])

    def test_option_licmig_does_not_honour_refuses_the_host(self):
        r = self.show({"ansible_ssh_common_args": "-o ForwardAgent=yes -J %s@127.0.0.1:%d" % (LOGIN, self.b1.port)},
                      self.known_hosts("kh-refused", self.b1.host_key_line()))
        self.assertNotEqual(r.returncode, 0)
        out = r.stdout + r.stderr
        for name in ("r1", "r2"):
            self.assertIn("host '%s': ansible_ssh_common_args: option '-o ForwardAgent=yes' is not supported by "
                          "licmig" % name, out)

    def test_ssh_config_host_alias_and_jump(self):
        empty_home = os.path.join(self.work, "home-empty")  # no default identity: the file's IdentityFile
        os.makedirs(empty_home, exist_ok=True)
        cfg = os.path.join(self.work, "licmig_ssh_config")
        with open(cfg, "w") as f:
            f.write("Host gateway\n  HostName 127.0.0.1\n  Port %d\n  User %s\n  IdentityFile %s\n"
                    "Host *-via-gw !nothing\n  HostName 127.0.0.1\n  ProxyJump gateway\n  ServerAliveInterval 30\n"
                    % (self.b1.port, LOGIN, self.key))
        kh = self.known_hosts("kh-config", self.b1.host_key_line())
        per_host = {"r1": {"ansible_host": "r1-via-gw"}, "r2": {"ansible_host": "r2-via-gw"}}
        since = len(self.b1.log_text())
        r = self.show({}, kh, home=empty_home, per_host=per_host, extra=["--ssh-config", cfg])
        self.assert_both_ok(r)
        self.assertEqual(sorted(self.b1.forwarded_ports(since)), [self.p1, self.p2], self.b1.log_text()[since:])
        # a keyword licmig does not honour, in a block that matches: each host refused, naming file:line
        with open(cfg, "a") as f:
            f.write("Host *\n  StrictHostKeyChecking no\n")
        r = self.show({}, kh, home=empty_home, per_host=per_host, extra=["--ssh-config", cfg])
        self.assertNotEqual(r.returncode, 0)
        out = r.stdout + r.stderr
        for name in ("r1", "r2"):
            self.assertIn("host '%s': %s:11 (Host *): StrictHostKeyChecking is not supported by licmig" % (name, cfg),
                          out)

    def test_passphrase_protected_key_refused_then_through_the_agent(self):
        home = os.path.join(self.work, "home-pp")
        os.makedirs(os.path.join(home, ".ssh"), exist_ok=True)
        key = os.path.join(home, ".ssh", "id_ed25519")
        if not os.path.exists(key):
            shutil.copy(self.key, key)
            os.chmod(key, 0o600)
            subprocess.run(["ssh-keygen", "-q", "-p", "-N", PASSPHRASE, "-f", key], check=True)
        kh = self.known_hosts("kh-pp", self.b1.host_key_line())
        jump = {"ansible_ssh_common_args": "-J %s@127.0.0.1:%d" % (LOGIN, self.b1.port)}
        r = self.show(jump, kh, home=home)
        self.assertNotEqual(r.returncode, 0)
        for h in json.loads(r.stdout)["routers"]:
            self.assertIn("%s: the key is passphrase-protected; give its passphrase with --ask-pass or load it into "
                          "ssh-agent (ssh-add %s)" % (key, key), h["error"])
        # --ask-pass: after the password and the enable secret, the passphrase of each protected key
        since = len(self.b1.log_text())
        r = self.show(jump, kh, home=home, extra=["--ask-pass"],
                      stdin_text="%s\n%s\n%s\n" % (PASSWORD, ENABLE, PASSPHRASE))
        self.assert_both_ok(r)
        self.assertEqual(r.stderr.count("Passphrase for key %s: " % key), 1, r.stderr)
        self.assertEqual(sorted(self.b1.forwarded_ports(since)), [self.p1, self.p2])
        r = self.show(jump, kh, home=home, extra=["--ask-pass"], stdin_text="%s\n%s\nwrong\n" % (PASSWORD, ENABLE))
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        for h in json.loads(r.stdout)["routers"]:
            self.assertIn("%s: the passphrase typed does not open the key" % key, h["error"])
        for root, _, files in os.walk(os.path.join(self.work, "store")):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    self.assertNotIn(PASSPHRASE.encode(), f.read(), os.path.join(root, name))
        # the same key through ssh-agent (ssh-add answered by an askpass script)
        sock = os.path.join(self.work, "agent.sock")
        if os.path.exists(sock):
            os.unlink(sock)
        agent = subprocess.Popen(["ssh-agent", "-D", "-a", sock], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while not os.path.exists(sock) and time.monotonic() < deadline:
                time.sleep(0.05)
            askpass = os.path.join(self.work, "askpass.sh")
            with open(askpass, "w") as f:
                f.write("#!/bin/sh\necho '%s'\n" % PASSPHRASE)
            os.chmod(askpass, 0o700)
            env = dict(os.environ, SSH_AUTH_SOCK=sock, SSH_ASKPASS=askpass, SSH_ASKPASS_REQUIRE="force",
                       DISPLAY="none")
            subprocess.run(["ssh-add", key], env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
            since = len(self.b1.log_text())
            r = self.show(jump, kh, home=home, env_extra={"SSH_AUTH_SOCK": sock})
            self.assert_both_ok(r)
            self.assertEqual(sorted(self.b1.forwarded_ports(since)), [self.p1, self.p2])
        finally:
            agent.terminate()
            agent.wait()


if __name__ == "__main__":
    e2e_main("licmig-e2e-jump-", set_paths)
