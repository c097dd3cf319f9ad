"""Shared pieces of licmig's end-to-end tests: a real iosxe-sim on loopback serving a fleet written
for the test, an Ansible inventory for it, and the real licmig binary run against it.

    with Sim(sim_binary, work_dir, devices) as sim:
        inv = sim.inventory()                      # Ansible YAML inventory of the fleet
        r = run_licmig(licmig, ["check", "-i", inv, ...], sim.env())
        assert r.returncode == 0, r.stderr

`devices` is a list of dicts in the fleet file's schema (see sim/fleets/demo.yaml); ports are
assigned here from a free block. Credentials reach licmig through LICMIG_USER / LICMIG_PASSWORD /
LICMIG_ENABLE_SECRET (sim.env()), never on the command line. The work folder is kept when a test
fails (call sim.keep() or let the test runner's failure leave it; see keep_on_failure).
"""
import atexit
import json
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time

import unittest

import yaml

# Under CI (the CI variable set, as .ci/run's caller does) every tool a test needs is installed: a test that would skip itself fails instead, naming why -- a skip must never
# pass for a test that did not run. One owner for every e2e script (they all import this module).
IN_CI = os.environ.get("CI", "") not in ("", "false")
if IN_CI:
    def _skip_is_a_failure_in_ci(self, reason):
        self.fail("would be skipped under CI: %s -- CI has every tool, so this test must run"
                  % reason)
    unittest.TestCase.skipTest = _skip_is_a_failure_in_ci

USER = "admin"
PASSWORD = "e2e-pass-Zq81"
ENABLE = "e2e-enable-Kp27"


def port_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# Ports handed out by free_port_block are claimed for the life of the process that took them, in
# one folder shared by every e2e test of the machine: CTest runs several at once, and a simulated
# router that is rebooting has closed its port -- without the claim another test's simulator could
# take that port, and the first test would meet a stranger's host key when the router "comes back".
PORT_CLAIMS = os.path.join("/tmp", "licmig-e2e-port-claims")
_claimed = []


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _claim(port):
    """Claims `port` for this process; False when a live process holds it."""
    path = os.path.join(PORT_CLAIMS, str(port))
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                with open(path) as f:
                    holder = int(f.read().strip() or "0")
            except (OSError, ValueError):
                holder = 0
            if holder == os.getpid() or (holder and _pid_alive(holder)):
                return False
            try:
                os.unlink(path)  # a dead process's claim
            except FileNotFoundError:
                pass
            continue
        with os.fdopen(fd, "w") as f:
            f.write(str(os.getpid()))
        _claimed.append(path)
        return True
    return False


def _release_claims():
    for path in _claimed:
        try:
            os.unlink(path)
        except OSError:
            pass


atexit.register(_release_claims)


def free_port_block(count):
    """A base port such that base..base+count-1 are free now and claimed for this process (no other
    e2e test's free_port_block hands them out while it lives), all below the kernel's range for
    outgoing connections (32768+): otherwise one of licmig's own connections can take the port of
    a router that is rebooting, and the router cannot listen again."""
    os.makedirs(PORT_CLAIMS, exist_ok=True)
    try:
        os.chmod(PORT_CLAIMS, 0o1777)
    except PermissionError:
        pass  # another user made it
    span = 31500 - 10000 - count
    base = 10000 + (os.getpid() * 53) % span
    for _ in range(300):
        if all(port_free(base + i) for i in range(count)):
            got = []
            for i in range(count):
                if not _claim(base + i):
                    break
                got.append(base + i)
            if len(got) == count:
                return base
            for port in got:  # part of the block is someone else's: give ours back
                path = os.path.join(PORT_CLAIMS, str(port))
                _claimed.remove(path)
                os.unlink(path)
        base = 10000 + (base + count * 7 + 97) % span
    raise RuntimeError("no free block of %d ports" % count)


class Sim:
    def __init__(self, binary, work, devices, defaults=None, boot_seconds=1, sim_args=None):
        self.binary = binary
        self.sim_args = list(sim_args or [])  # extra iosxe-sim options, e.g. ["-v"]
        self.work = work
        self.devices = [dict(d) for d in devices]
        self.defaults = {"platform": "ASR-920-24SZ-IM", "username": USER, "password": PASSWORD,
                         "enable_secret": ENABLE, "boot_seconds": boot_seconds,
                         "license_mode": "traditional"}
        if defaults:
            self.defaults.update(defaults)
        self.proc = None
        self.base = free_port_block(len(self.devices))
        for i, d in enumerate(self.devices):
            d["port"] = self.base + i
            d.setdefault("hostname", d["name"].upper())
        self.ports = {d["name"]: d["port"] for d in self.devices}

    def __enter__(self):
        os.makedirs(self.work, exist_ok=True)
        self.write_fleet()
        self.start()
        return self

    def write_fleet(self):
        """(Re)writes the fleet file from self.devices; a restart (stop(), start()) serves it, with
        each router's state and host key kept from the state folder."""
        self.fleet = os.path.join(self.work, "fleet.yaml")
        with open(self.fleet, "w") as f:
            yaml.safe_dump({"defaults": self.defaults, "devices": self.devices}, f, sort_keys=False)

    def start(self):
        ready = os.path.join(self.work, "ready")
        if os.path.exists(ready):
            os.unlink(ready)
        self.log = open(os.path.join(self.work, "sim.log"), "ab")
        self.proc = subprocess.Popen([self.binary, "--fleet", self.fleet, "--state-dir",
                                      os.path.join(self.work, "state"), "--ready-file", ready] + self.sim_args,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not os.path.exists(ready):
            if self.proc.poll() is not None:
                raise RuntimeError("iosxe-sim exited with %s; see %s/sim.log" % (self.proc.returncode, self.work))
            if time.monotonic() > deadline:
                raise RuntimeError("iosxe-sim not ready after 30 s")
            time.sleep(0.05)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "log", None) and not self.log.closed:
            self.log.close()

    def __exit__(self, *exc):
        self.stop()
        return False

    def env(self, **extra):
        env = dict(os.environ)
        env.update({"LICMIG_USER": USER, "LICMIG_PASSWORD": PASSWORD, "LICMIG_ENABLE_SECRET": ENABLE})
        env.update(extra)
        return env

    def inventory(self, host_vars=None, name="inventory.yaml"):
        """An Ansible YAML inventory of every device; host_vars: {name: {var: value}} (ha_group, ...)."""
        hosts = {}
        for d in self.devices:
            hv = {"ansible_host": "127.0.0.1", "ansible_port": d["port"]}
            if "ha" in d:
                hv["ha_group"] = d["ha"]["group"]
                hv["ha_role"] = d["ha"]["role"]
            hv.update((host_vars or {}).get(d["name"], {}))
            hosts[d["name"]] = hv
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            yaml.safe_dump({"all": {"vars": {"reload_timeout": 60}, "hosts": hosts}}, f, sort_keys=False)
        return path

    def common_args(self):
        """--store, --known-hosts and --accept-new-host-keys in the work folder."""
        return ["--store", os.path.join(self.work, "store"), "--known-hosts",
                os.path.join(self.work, "known_hosts"), "--accept-new-host-keys"]

    def sim_state(self, name):
        """The router's persisted state as the simulator saved it (after stop())."""
        with open(os.path.join(self.work, "state", name + ".state.json")) as f:
            return json.load(f)


def wait_accepting(port, seconds=20):
    """Returns once something accepts TCP connections on 127.0.0.1:port; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("nothing accepts on 127.0.0.1:%d after %d s" % (port, seconds))


def keygen(path, passphrase=""):
    """A new ed25519 key pair at path and path.pub."""
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "", "-f", path], check=True)


SSHD = "/usr/sbin/sshd"  # Debian's openssh-server
LOGIN = pwd.getpwuid(os.getuid()).pw_name  # who runs the tests: the user every Sshd lets in


class Sshd:
    """A real OpenSSH sshd (a server we did not write) on a free loopback port, run as whoever runs
    the test -- root or not, nothing needs privileges. Everything is its own, in `folder`: sshd_config,
    host key, AuthorizedKeysFile (a copy of `authorized_pub`), PidFile, log; UsePAM no, StrictModes no.
    One logs in as the current user (LOGIN): by key, and by `password` when one is given.

    The machine's user database is never changed and not needed readable: sshd runs under nss_wrapper
    (libnss-wrapper, LD_PRELOAD), which hands it a copy of the passwd database in which the current
    user's shell is /bin/sh (sshd runs ForceCommand through the user's shell, and bash could source the
    machine's startup files), a shadow file of one line, the current user with the hash of `password`
    (or "*": no password) -- an unprivileged sshd cannot read /etc/shadow, and root's real entry may
    be locked -- and the group database without its "tty" group: sshd then gives a session's pty to
    the user's own group, which an unprivileged sshd may (it cannot chown it to "tty"). As root,
    sshd also needs its privilege separation folder /run/sshd.

    `force_command`: what every session runs (ForceCommand); `config`: more sshd_config lines.
    LogLevel DEBUG1: the level at which OpenSSH 9.2 logs the target of a direct-tcpip forwarding."""

    def __init__(self, folder, authorized_pub, port=None, force_command=None, password=None, config=""):
        self.dir = folder
        os.makedirs(folder, exist_ok=True)
        self.host_key = os.path.join(folder, "host_key")
        if not os.path.exists(self.host_key):
            keygen(self.host_key)
        shutil.copy(authorized_pub, os.path.join(folder, "authorized_keys"))
        self.port = port or free_port_block(1)
        me = pwd.getpwuid(os.getuid())
        with open(os.path.join(folder, "passwd"), "w") as f:
            for e in pwd.getpwall():
                shell = "/bin/sh" if e.pw_uid == me.pw_uid else e.pw_shell
                f.write("%s:x:%d:%d:%s:%s:%s\n" % (e.pw_name, e.pw_uid, e.pw_gid, e.pw_gecos, e.pw_dir, shell))
            if not any(e.pw_uid == me.pw_uid for e in pwd.getpwall()):
                f.write("%s:x:%d:%d::%s:/bin/sh\n" % (me.pw_name, me.pw_uid, me.pw_gid, me.pw_dir))
        with open(os.path.join(folder, "group"), "w") as f:
            for g in grp.getgrall():
                if g.gr_name != "tty":
                    f.write("%s:x:%d:%s\n" % (g.gr_name, g.gr_gid, ",".join(g.gr_mem)))
        hashed = "*"
        if password is not None:
            hashed = subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True,
                                    text=True, check=True).stdout.strip()
        with open(os.path.join(folder, "shadow"), "w") as f:
            f.write("%s:%s:19000:0:99999:7:::\n" % (me.pw_name, hashed))
        os.chmod(os.path.join(folder, "shadow"), 0o600)
        self.conf = os.path.join(folder, "sshd_config")
        with open(self.conf, "w") as f:
            f.write("Port %d\nListenAddress 127.0.0.1\nHostKey %s\nPidFile %s\nAuthorizedKeysFile %s\n"
                    "PermitRootLogin %s\nPasswordAuthentication %s\nKbdInteractiveAuthentication no\n"
                    "PubkeyAuthentication yes\nAllowTcpForwarding yes\nUsePAM no\nStrictModes no\nPermitUserRC no\n"
                    "PrintMotd no\nPrintLastLog no\nLogLevel DEBUG1\n"
                    % (self.port, self.host_key, os.path.join(folder, "sshd.pid"),
                       os.path.join(folder, "authorized_keys"), "yes" if password is not None else "prohibit-password",
                       "yes" if password is not None else "no"))
            if force_command:
                f.write("ForceCommand %s\n" % force_command)
            f.write(config)
        self.log_path = os.path.join(folder, "sshd.log")
        self.proc = None

    def env(self):
        env = dict(os.environ)
        env.update({"LD_PRELOAD": "libnss_wrapper.so", "NSS_WRAPPER_PASSWD": os.path.join(self.dir, "passwd"),
                    "NSS_WRAPPER_GROUP": os.path.join(self.dir, "group"), "NSS_WRAPPER_SHADOW": os.path.join(self.dir, "shadow")})
        return env

    def start(self):
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", exist_ok=True)
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([SSHD, "-D", "-e", "-f", self.conf], env=self.env(), stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_accepting(self.port, 20)
        except AssertionError as e:
            self.stop()
            raise AssertionError("%s; sshd's log: %s" % (e, self.log_text()))
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        if getattr(self, "log", None) and not self.log.closed:
            self.log.close()

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    def host_key_line(self):
        """The known_hosts line of this sshd's host key."""
        with open(self.host_key + ".pub") as f:
            return "[127.0.0.1]:%d %s\n" % (self.port, " ".join(f.read().split()[:2]))

    def forwarded_ports(self, since=0):
        """The target ports of the direct-tcpip forwardings the log records after offset `since`."""
        return [int(p) for p in re.findall(r"originator \S+ port \d+, target 127\.0\.0\.1 port (\d+)",
                                           self.log_text()[since:])]


def read_journal(path, torn_last=False):
    """Every record of a run's journal, parsed. A line that is not JSON fails, except the last one
    when `torn_last` (a run killed mid-write leaves at most that torn)."""
    with open(path) as f:
        lines = [(number, line.strip()) for number, line in enumerate(f, 1) if line.strip()]
    out = []
    for i, (number, line) in enumerate(lines):
        try:
            out.append(json.loads(line))
        except ValueError as e:
            if not (torn_last and i == len(lines) - 1):
                raise AssertionError("%s:%d is not a journal record (%s): %r" % (path, number, e, line[:200]))
    return out


def run_licmig(licmig, args, env, timeout=600, stdin=None):
    return subprocess.run([licmig] + args, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=stdin if stdin is not None else subprocess.DEVNULL)


def keep_or_remove(work, ok):
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("e2e: working folder kept for inspection: %s" % work)


def run_tests(rest):
    """unittest over the calling script's tests (`rest`: unittest's own arguments); True when every
    test passed. Under CI a skip raised past skipTest (`raise unittest.SkipTest` in setUpClass, a
    skip decorator) fails the run all the same."""
    import sys
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    if IN_CI and program.result.skipped:
        for test, reason in program.result.skipped:
            print("e2e: FAILED under CI: %s was skipped (%s)" % (test, reason))
        ok = False
    return ok


def e2e_main(prefix, set_paths):
    """The entry point of an e2e script: --licmig, --sim and --work-dir (a fresh folder; a temporary
    one when not given), `set_paths(licmig, sim, work)` to hand them to the script's tests, then
    unittest; the work folder is kept when a test failed (keep_or_remove). Exits 0 or 1."""
    import argparse
    import sys
    import tempfile
    import unittest
    ap = argparse.ArgumentParser()
    ap.add_argument("--licmig", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--work-dir")
    args, rest = ap.parse_known_args()
    if args.work_dir:
        shutil.rmtree(args.work_dir, ignore_errors=True)
        os.makedirs(args.work_dir)
        work = os.path.abspath(args.work_dir)
    else:
        work = tempfile.mkdtemp(prefix=prefix)
    set_paths(os.path.abspath(args.licmig), os.path.abspath(args.sim), work)
    ok = run_tests(rest)
    keep_or_remove(work, ok)
    sys.exit(0 if ok else 1)


SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "schema")


def report_of(text, command):
    """The `--format json` output `text` of licmig `command`, parsed and validated against
    docs/schema/COMMAND.schema.json (JSON Schema draft 2020-12; python3-jsonschema): fails with
    the first violation. Returns the document."""
    import jsonschema
    doc = json.loads(text)
    schemas = {}
    for name in os.listdir(SCHEMA_DIR):
        if name.endswith(".schema.json"):
            with open(os.path.join(SCHEMA_DIR, name)) as f:
                s = json.load(f)
            jsonschema.Draft202012Validator.check_schema(s)
            schemas[s["$id"]] = s
    schema = schemas["https://licmig.invalid/schema/%s.schema.json" % command]
    try:  # jsonschema >= 4.18: the referencing library
        import referencing
        registry = referencing.Registry().with_resources(
            (uri, referencing.Resource.from_contents(s)) for uri, s in schemas.items())
        validator = jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:  # Debian 12's 4.10
        resolver = jsonschema.RefResolver.from_schema(schema, store=schemas)
        validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        raise AssertionError("licmig %s --format json does not match docs/schema/%s.schema.json at %s: %s\n%s"
                             % (command, command, "/".join(str(p) for p in e.absolute_path), e.message,
                                text[:3000]))
    return doc
