#!/usr/bin/env python3
"""End-to-end tests of licmig's own SSH session (devices/ios_session.cpp, devices/ssh_transport.cpp)
through the real licmig binary (`licmig show`, `licmig snapshot`, `licmig migrate`) against iosxe-sim
over real SSH (issue 4), each failure with its own cause text:

  - paging that stays on although licmig sent `terminal length 0`: outputs complete, no --More--;
  - `% Invalid input` from a show command (exit 1, the router's text);
  - enable with the secret, and with a wrong one (an authentication failure, told as such);
  - reload with proof and prompt return (a migration); a reload that never returns (deadline error
    naming the timeout); a reload that does not happen; authentication failing after the reload;
    the host key rotated on reload (refused, both fingerprints);
  - an unknown host key without --accept-new-host-keys (refused, exit 3) and with it (recorded);
  - the connection dropped mid-command;
  - then no file under the store or the working folder holds the password, the enable secret or
    the registration token;
  - a real OpenSSH sshd serving `iosxe-sim --stdio` as ForceCommand: licmig connects by key and by
    password and parses what it gets.

Usage: session_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import json
import os
import re
import subprocess
import sys
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (e2e_main, ENABLE, keygen, LOGIN, PASSWORD, USER, Sim, SSHD, Sshd, report_of, run_licmig,  # noqa: E402
                     wait_accepting)

LICMIG = None
SIM = None
WORK = None

IMG_169 = "asr920-universalk9_npe.16.09.04.SPA.bin"
IMG_1712 = "asr920-universalk9_npe.17.12.01.SPA.bin"
IMG_176 = "asr920-universalk9_npe.17.06.01.SPA.bin"
MD5_1712 = "1f3e5d7c9b0a2f4e6d8c0b2a4f6e8d0c"
IMAGES = [{"file": IMG_1712, "md5": MD5_1712, "size": 725101568},
          {"file": IMG_176, "md5": "5b6f3a7e1c0d4e2f8a9b0c1d2e3f4a5b", "size": 681526380}]
TOKEN = "E2E-SESSION-TOKEN-Yq93Lm"
ADV = "advancedmetroipaccess"
PAK = [{"feature": ADV, "type": "Permanent"}]
TARGET_1712 = ["--target-release", "17.12.1", "--target-mode", "no-license", "--image", "bootflash:" + IMG_1712,
               "--image-md5", MD5_1712]
SMART = {"smart_account": "E2E", "virtual_account": "Lab", "tokens": [{"token": TOKEN}]}
CALL_HOME = {"secure_trustpoint": "SLA-TrustPoint",
             "profiles": [{"name": "CiscoTAC-1",
                           "http_destinations": ["https://tools.cisco.com/its/service/oddce/services/DDCEService"]}]}


def router(name, **extra):
    d = {"name": name, "image": IMG_169, "pak_licenses": PAK, "boot_level": ADV, "license_level": ADV}
    d.update(extra)
    return d


DEVICES = [
    router("shower"),
    router("pager", faults={"ignore_terminal_length": True}),
    router("plain"),
    router("gone", faults={"never_return_after_reload": True}),
    router("noreload", faults={"refuse_reload": True}),
    router("noauth", faults={"auth_fail_after_reload": True}),
    router("rekey", faults={"rotate_host_key_on_reload": True}),
    router("dropper", faults={"drop_after_commands": 5}),
    router("smart", image=IMG_176, smart=SMART, call_home=CALL_HOME),
    router("keys"),
    router("kbdonly", auth_methods=["keyboard-interactive"]),
]


def ssh_exec(port, command):
    """The router's own answer through OpenSSH (not licmig)."""
    r = subprocess.run(["sshpass", "-p", PASSWORD, "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
                        "-o", "PubkeyAuthentication=no", "-p", str(port), USER + "@127.0.0.1", command],
                       capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        raise AssertionError("ssh '%s' on port %d failed: %s" % (command, port, r.stderr))
    return r.stdout.replace("\r\n", "\n")


def read_text(path):
    with open(path, errors="replace") as f:
        return f.read()


def fingerprint(key_line):
    """SHA256 fingerprint of a known_hosts / keyscan line."""
    r = subprocess.run(["ssh-keygen", "-l", "-E", "sha256", "-f", "-"], input=key_line + "\n", capture_output=True,
                       text=True, timeout=10)
    m = re.search(r"SHA256:\S+", r.stdout)
    assert m, r.stdout + r.stderr
    return m.group(0)


def keyscan(port):
    r = subprocess.run(["ssh-keyscan", "-t", "ed25519", "-p", str(port), "127.0.0.1"], capture_output=True,
                       text=True, timeout=20)
    lines = [l for l in r.stdout.splitlines() if "ssh-ed25519" in l]
    assert lines, r.stderr
    return lines[0]


class SessionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = os.path.join(WORK, "session")
        cls.sim = Sim(SIM, cls.work, DEVICES, defaults={"images": IMAGES})
        cls.sim.__enter__()
        cls.inv = cls.sim.inventory()
        cls.store = os.path.join(cls.work, "store")
        cls.outputs = []  # every stdout/stderr licmig printed, for the secrets check

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)

    def licmig(self, args, kh="kh", accept=True, timeout=240, **env):
        common = ["--store", self.store, "--known-hosts", os.path.join(self.work, kh)]
        if accept:
            common.append("--accept-new-host-keys")
        r = run_licmig(LICMIG, args[:1] + common + args[1:], self.sim.env(**env), timeout=timeout)
        self.outputs.append(r.stdout + r.stderr)
        return r

    def show(self, host, *commands, **kw):
        return self.licmig(["show", "-i", self.inv, "-l", host, "--format", "json", "--"] + list(commands), **kw)

    def json_of(self, r):
        try:
            return json.loads(r.stdout)
        except ValueError:
            self.fail("not JSON (exit %d):\n%s\nstderr: %s" % (r.returncode, r.stdout[-2000:], r.stderr[-2000:]))

    def migrate(self, host, *extra, kh="kh", target=TARGET_1712, timeout=240):
        r = self.licmig(["migrate", "-i", self.inv, "-l", host, "--yes", "--format", "json"] + list(extra) + target,
                        kh=kh, timeout=timeout)
        rows = {x["host"]: x for x in self.json_of(r)["routers"]}
        return r, rows[host]

    # --- show, paging, errors, enable -------------------------------------------------------------

    def test_paging_left_on_outputs_complete(self):
        port = self.sim.ports["pager"]
        for cmd in ("show running-config", "show version", "show license", "show logging"):
            r = self.show("pager", cmd)
            self.assertEqual(r.returncode, 0, r.stderr)
            out = self.json_of(r)["routers"][0]["commands"][0]["output"]
            self.assertNotIn("--More--", out)
            self.assertNotIn("\x08", out)
            want = ssh_exec(port, cmd)  # exec channel: no paging
            norm = lambda t: [l.rstrip() for l in t.strip("\n").splitlines() if "uptime" not in l.lower()]
            if cmd != "show logging":
                # licmig shows the router's text with its secrets masked (<secret:xxxxxx>, docs/secrets.md)
                got, exp = norm(out), norm(want)
                self.assertEqual(len(got), len(exp), cmd)
                for g, e in zip(got, exp):
                    pattern = ".+".join(re.escape(part) for part in re.split(r"<secret:[0-9a-f]{6}>", g))
                    self.assertRegex(e, "^" + pattern + "$", cmd)
            if cmd in ("show running-config", "show version"):
                self.assertGreater(len(out.splitlines()), 30, cmd)  # more than one page
        # paging really is on for an interactive session there, whatever terminal length says
        r = subprocess.run(["sshpass", "-p", PASSWORD, "ssh", "-tt", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o",
                            "PubkeyAuthentication=no", "-p", str(port), USER + "@127.0.0.1"],
                           input="terminal length 0\nshow version\nq\nexit\n", capture_output=True, text=True,
                           timeout=30)
        self.assertIn("--More--", r.stdout)
        r = self.licmig(["snapshot", "-i", self.inv, "-l", "pager", "--format", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        rep = self.json_of(r)["routers"][0]
        self.assertEqual(rep["status"], "recorded", rep)
        with open(rep["snapshot"]) as f:
            snap = json.load(f)
        self.assertEqual(snap["license_level"], ADV)

    def test_invalid_input_from_a_show_command(self):
        r = self.show("shower", "show version", "show bogus thing")
        self.assertEqual(r.returncode, 1, r.stderr)
        cmds = self.json_of(r)["routers"][0]["commands"]
        self.assertIsNone(cmds[0]["error"])
        self.assertIn("% Invalid input detected at '^' marker.", cmds[1]["error"])
        self.assertIn("% Invalid input detected at '^' marker.", cmds[1]["output"])
        text = self.licmig(["show", "-i", self.inv, "-l", "shower", "--", "show bogus thing"])
        self.assertEqual(text.returncode, 1)
        self.assertIn("% Invalid input detected at '^' marker.", text.stdout)

    def test_enable_with_secret_and_wrong_secret(self):
        r = self.show("shower", "show running-config | include hostname")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("hostname SHOWER", self.json_of(r)["routers"][0]["commands"][0]["output"])
        r = self.show("shower", "show clock", LICMIG_ENABLE_SECRET="not-the-secret")
        self.assertEqual(r.returncode, 3, r.stderr)
        err = self.json_of(r)["routers"][0]["error"]
        self.assertIn("enable: the router refused the enable secret", err)
        self.assertIn("the router refused the enable secret", r.stderr)
        self.assertNotIn("not-the-secret", r.stdout + r.stderr)
        # and a wrong login password is a different cause
        r = self.show("shower", "show clock", LICMIG_PASSWORD="not-the-password")
        self.assertEqual(r.returncode, 3)
        self.assertIn("authentication failed for admin@127.0.0.1:%d" % self.sim.ports["shower"], r.stderr)
        self.assertNotIn("enable secret", r.stderr)

    def test_keyboard_interactive_login(self):
        # "kbdonly" offers keyboard-interactive only (fleet auth_methods): licmig's login answers its
        # "Password: " prompt with the password (devices/ssh_transport.cpp)
        port = self.sim.ports["kbdonly"]
        r = self.show("kbdonly", "show version")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        host = report_of(r.stdout, "show")["routers"][0]
        self.assertEqual(host["status"], "ok", host)
        self.assertIn("Cisco IOS XE Software", host["commands"][0]["output"])
        # a wrong password: an authentication failure that says what was tried and what is offered
        r = self.show("kbdonly", "show clock", LICMIG_PASSWORD="not-the-password")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("authentication failed for admin@127.0.0.1:%d (tried: keyboard-interactive; the server "
                      "offers: keyboard-interactive)" % port, r.stderr)
        self.assertNotIn("not-the-password", r.stdout + r.stderr)

    # --- host keys --------------------------------------------------------------------------------

    def test_unknown_host_key_refused_then_accepted(self):
        port = self.sim.ports["keys"]
        r = self.show("keys", "show clock", kh="kh-unknown", accept=False)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("host key for [127.0.0.1]:%d is not known" % port, r.stderr)
        self.assertIn("--accept-new-host-keys", r.stderr)
        self.assertIn(fingerprint(keyscan(port)), r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.work, "kh-unknown")) and
                         open(os.path.join(self.work, "kh-unknown")).read().strip())
        r = self.show("keys", "show clock", kh="kh-unknown", accept=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.work, "kh-unknown")) as f:
            recorded = f.read()
        self.assertIn("[127.0.0.1]:%d ssh-" % port, recorded)
        self.assertEqual(fingerprint(recorded.splitlines()[0]), fingerprint(keyscan(port)))
        r = self.show("keys", "show clock", kh="kh-unknown", accept=False)  # known now
        self.assertEqual(r.returncode, 0, r.stderr)

    # --- reloads ----------------------------------------------------------------------------------

    def test_reload_with_proof_and_prompt_return(self):
        r, row = self.migrate("plain", "--reload-timeout", "30")
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        self.assertEqual(row["status"], "migrated", row)
        self.assertEqual(row["reloads"], 1, row)
        self.assertEqual(row["level_after"], ADV, row)
        ver = ssh_exec(self.sim.ports["plain"], "show version")
        self.assertIn("Version 17.12.01", ver)
        self.assertRegex(ver, r"PLAIN uptime is \d+ minutes?\n")
        # the transcript shows the dialog and the proof
        transcripts = self.transcripts("plain")
        text = "".join(read_text(p) for p in transcripts)
        self.assertIn("Proceed with reload? [confirm]", text)
        self.assertIn("Last reload reason", text)

    def test_reload_that_never_returns(self):
        # licmig gives up after --reload-timeout instead of waiting on: the run ends (a generous
        # deadline, not a speed figure) and says why
        r, row = self.migrate("gone", "--reload-timeout", "5", timeout=300)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(row["status"], ("failed", "unreachable"), row)
        self.assertIn("did not come back within 5 s", row["message"])

    def test_reload_that_does_not_happen(self):
        r, row = self.migrate("noreload", "--reload-timeout", "10")
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(row["status"], "failed", row)
        self.assertIn("reload did not happen", row["message"])

    def test_auth_failure_after_reload(self):
        r, row = self.migrate("noauth", "--reload-timeout", "10")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(row["status"], ("failed", "unreachable"), row)
        self.assertIn("authentication failed", row["message"])
        self.assertNotIn("did not come back", row["message"])

    def test_host_key_rotated_on_reload(self):
        port = self.sim.ports["rekey"]
        kh = os.path.join(self.work, "kh-rekey")
        before = fingerprint(keyscan(port))
        r, row = self.migrate("rekey", "--reload-timeout", "10", kh="kh-rekey")
        self.assertNotEqual(r.returncode, 0)
        wait_accepting(port)
        after = fingerprint(keyscan(port))
        self.assertNotEqual(before, after)
        self.assertIn("has changed", row["message"])
        self.assertIn(kh + " holds " + before + ", the router offers " + after, row["message"])
        with open(kh) as f:
            self.assertEqual(fingerprint(f.read().splitlines()[0]), before, "known_hosts left alone")

    # --- dropped connection -----------------------------------------------------------------------

    def test_dropped_connection_mid_command(self):
        cmds = ["show clock", "show version", "show license", "show inventory", "show running-config",
                "show logging"]
        r = self.show("dropper", *cmds)
        self.assertEqual(r.returncode, 4, "a dropped session is a failure, not an IOS error: " + r.stderr)
        j = self.json_of(r)["routers"][0]
        self.assertNotEqual(j["status"], "ok")
        done = [c for c in j["commands"] if not c["error"]]
        self.assertGreaterEqual(len(done), 1, j)  # what came before the drop is kept
        self.assertLess(len(done), len(cmds))
        failed = j["commands"][len(done)]
        port = self.sim.ports["dropper"]
        self.assertEqual(failed["error"], "'%s': the connection to 127.0.0.1:%d was closed" % (failed["command"], port))
        self.assertIn("dropper: '%s': the connection to 127.0.0.1:%d was closed" % (failed["command"], port), r.stderr)

    # --- a token, then no secret anywhere ---------------------------------------------------------

    def test_zz_no_secret_in_any_file(self):
        token_file = os.path.join(self.work, "token")
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        os.chmod(token_file, 0o600)
        target = ["--target-release", "17.12.1", "--target-mode", "smart", "--image", "bootflash:" + IMG_1712,
                  "--image-md5", MD5_1712, "--token-file", token_file]
        r, row = self.migrate("smart", "--reload-timeout", "30", target=target)
        self.assertEqual(row["status"], "migrated", row)
        self.assertEqual(row["reloads"], 1, row)
        ver = ssh_exec(self.sim.ports["smart"], "show version")
        self.assertIn("Version 17.12.01", ver)
        self.assertIn("Smart Licensing Status: REGISTERED/AUTHORIZED", ver)
        # the secrets reached the router: the token was used, so a leak would show
        transcripts = self.transcripts("smart")
        self.assertTrue(transcripts)
        text = "".join(read_text(p) for p in transcripts)
        self.assertIn("license smart register idtoken", text)
        secrets = [PASSWORD, ENABLE, TOKEN]
        sim_files = {os.path.join(self.work, n) for n in ("fleet.yaml", "sim.log", "token")}
        checked = 0
        for root, _, files in os.walk(self.work):
            if os.path.join(self.work, "state") in root:
                continue  # the simulator's own router state
            for name in files:
                path = os.path.join(root, name)
                if path in sim_files:
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                checked += 1
                for s in secrets:
                    self.assertNotIn(s.encode(), data, "%s holds a secret" % path)
        self.assertGreater(checked, 10)
        for out in self.outputs:
            for s in secrets:
                self.assertNotIn(s, out)
        for sub in ("transcripts", "snapshots", "journal"):
            self.assertTrue(os.path.isdir(os.path.join(self.store, sub)), sub)

    def transcripts(self, host):
        d = os.path.join(self.store, "transcripts", host)
        return sorted(os.path.join(d, f) for f in os.listdir(d)) if os.path.isdir(d) else []


class OpenSshdTest(unittest.TestCase):
    """A real OpenSSH sshd on loopback (harness.Sshd: run as whoever runs the test, root or not)
    serving `iosxe-sim --stdio` as ForceCommand; licmig logs in as the current user by key and by
    password and parses the router's output."""

    PASSWORD = "sshd-Pw-73xQ"

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(SSHD):
            raise unittest.SkipTest("needs %s (openssh-server)" % SSHD)
        cls.dir = d = os.path.join(WORK, "sshd")
        os.makedirs(d, exist_ok=True)
        keygen(os.path.join(d, "client_key"))
        fleet = {"defaults": {"username": LOGIN, "password": "unused-by-stdio", "enable_secret": ENABLE,
                              "boot_seconds": 1},
                 "devices": [{"name": "r1", "port": 1, "hostname": "STDIO-R1", "image": IMG_169,
                              "pak_licenses": PAK, "boot_level": ADV, "license_level": ADV}]}
        cls.fleet = os.path.join(d, "fleet.yaml")
        with open(cls.fleet, "w") as f:
            yaml.safe_dump(fleet, f)
        cls.sshd = Sshd(os.path.join(d, "server"), os.path.join(d, "client_key.pub"), password=cls.PASSWORD,
                        force_command="%s --stdio --fleet %s --device r1" % (SIM, cls.fleet)).start()
        cls.port = cls.sshd.port

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "sshd", None):
            cls.sshd.stop()

    def run_licmig(self, cmd, host_vars, env_extra, kh, extra=()):
        inv = os.path.join(self.dir, "inv-%s.yaml" % kh)
        hv = {"ansible_host": "127.0.0.1", "ansible_port": self.port, "ansible_user": LOGIN}
        hv.update(host_vars)
        with open(inv, "w") as f:
            yaml.safe_dump({"all": {"hosts": {"r1": hv}}}, f)
        env = dict(os.environ)
        for k in ("LICMIG_USER", "LICMIG_PASSWORD", "LICMIG_ENABLE_SECRET"):
            env.pop(k, None)
        env["LICMIG_ENABLE_SECRET"] = ENABLE
        env.update(env_extra)
        args = [cmd, "-i", inv, "--store", os.path.join(self.dir, "store"), "--known-hosts",
                os.path.join(self.dir, kh), "--accept-new-host-keys", "--format", "json"] + list(extra)
        return run_licmig(LICMIG, args, env, timeout=120)

    def sshd_log(self):
        return self.sshd.log_text()

    def test_show_by_key(self):
        r = self.run_licmig("show", {"ansible_ssh_private_key_file": os.path.join(self.dir, "client_key")},
                            {}, "kh-key", ["--", "show version", "show license"])
        self.assertEqual(r.returncode, 0, r.stderr + self.sshd_log())
        h = json.loads(r.stdout)["routers"][0]
        self.assertEqual(h["status"], "ok", h)
        self.assertIn("Cisco IOS XE Software, Version 16.09.04", h["commands"][0]["output"])
        self.assertIn("Feature: advancedmetroipaccess", h["commands"][1]["output"])
        self.assertIn("Accepted publickey for %s " % LOGIN, self.sshd_log())
        # what licmig got parses with licmig's parser
        path = os.path.join(self.dir, "version.txt")
        with open(path, "w") as f:
            f.write(h["commands"][0]["output"])
        p = subprocess.run([LICMIG, "parse", "--command", "show version", path], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        v = json.loads(p.stdout)
        self.assertEqual(v["release"], "16.9.4")
        self.assertEqual(v["license_level"], ADV)

    def test_snapshot_by_password(self):
        r = self.run_licmig("snapshot", {}, {"LICMIG_PASSWORD": self.PASSWORD}, "kh-pw")
        self.assertEqual(r.returncode, 0, r.stderr + self.sshd_log())
        rep = json.loads(r.stdout)["routers"][0]
        self.assertEqual(rep["status"], "recorded", rep)
        with open(rep["snapshot"]) as f:
            snap = json.load(f)
        self.assertEqual(snap["host"], "r1")
        self.assertEqual(snap["version"]["release"], "16.9.4")
        self.assertEqual(snap["license_level"], ADV)
        self.assertEqual(snap["license_type"], "Permanent")
        self.assertEqual([p["feature"] for p in snap["pak_licenses"] if p.get("license_type") == "Permanent"], [ADV])
        self.assertIn("Accepted password for %s " % LOGIN, self.sshd_log())
        for root, _, files in os.walk(os.path.join(self.dir, "store")):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    data = f.read()
                self.assertNotIn(self.PASSWORD.encode(), data, name)
                self.assertNotIn(ENABLE.encode(), data, name)


def main():
    def set_paths(licmig, sim, work):
        global LICMIG, SIM, WORK
        LICMIG, SIM, WORK = licmig, sim, work

    e2e_main("session-e2e-", set_paths)



if __name__ == "__main__":
    main()
