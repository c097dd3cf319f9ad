"""licmig benchmarks (run through scripts/bench): licmig against Netmiko and Ansible on the same
simulated fleet, a two-wave migration against its boot-time floor, licmig at scale, and staging an
image against curl / scp -O, Netmiko and Ansible (stage_bench.py). Writes
docs/benchmarks.md with the machine, the versions, the date, the numbers and the targets.

Every client runs under measure.py (wall time, CPU of all its processes, peak RSS). The routers
are iosxe-sim processes on loopback; the simulator's own CPU is not counted for anyone.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

import yaml

import merge_section
import stage_bench

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"  # Debian's python3, which has python3-netmiko

USER = "admin"
PASSWORD = "bench-pass-R4t7"
ENABLE = "bench-enable-W9q2"

IMAGES = [
    {"file": "asr920-universalk9_npe.17.06.01.SPA.bin", "md5": "5b6f3a7e1c0d4e2f8a9b0c1d2e3f4a5b", "size": 681526380},
    {"file": "asr920-universalk9_npe.17.09.04a.SPA.bin", "md5": "9c2e4d6f8a0b1c3d5e7f9a1b3c5d7e9f", "size": 702310784},
    {"file": "asr920-universalk9_npe.17.12.01.SPA.bin", "md5": "1f3e5d7c9b0a2f4e6d8c0b2a4f6e8d0c", "size": 725101568},
]
TARGET_IMAGE = IMAGES[2]

# The mix of the pre-flight fleet: one entry per kind of router, expanded with `replicas:`.
PROFILES = [
    {"name": "pak{n}", "hostname": "PAK{n}", "image": "asr920-universalk9_npe.16.09.04.SPA.bin",
     "pak_licenses": [{"feature": "advancedmetroipaccess", "type": "Permanent"}],
     "boot_level": "advancedmetroipaccess", "license_level": "advancedmetroipaccess"},
    {"name": "smart{n}", "hostname": "SMART{n}", "image": "asr920-universalk9_npe.17.03.04a.SPA.bin",
     "license_mode": "smart", "license_level": "advancedmetroipaccess", "smart": {"registration": "REGISTERED"},
     "call_home": {"secure_trustpoint": "SLA-TrustPoint"}},
    {"name": "snap{n}", "hostname": "SNAP{n}", "image": "asr920-universalk9_npe.17.09.04a.SPA.bin",
     "license_mode": "smart", "pak_licenses": [{"feature": "advancedmetroipaccess", "type": "Permanent"}],
     "license_level": "advancedmetroipaccess"},
    {"name": "nolic{n}", "hostname": "NOLIC{n}", "image": "asr920-universalk9_npe.17.07.01.SPA.bin",
     "license_mode": "no-license"},
]

TARGETS = {
    "netmiko_ratio": 30.0,     # licmig at least 30x faster than Netmiko (wall)
    "ansible_ratio": 100.0,    # ... and 100x faster than Ansible
    "cpu_ms_per_router": 5.0,  # client CPU per router
    "migration_floor": 1.10,   # migration wall <= 1.10 x the 2 x boot floor
    "notice_s": 1.0,           # a router's return noticed within 1 s
    "scale_rss_mib": 64.0,     # peak RSS at 10,000 routers, --parallel 200 (issue 16)
    "scale_cpu_ratio": 1.2,    # CPU per router at 10,000 routers <= 1.2 x the 200-router figure (issue 16)
    "inventory_s": 5.0,        # `licmig inventory --list` of 100,000 hosts (issue 12)
    "inventory_growth": 12.0,  # 10x the hosts costs at most 12x the time (near-linear)
    "stage_floor": 1.2,        # staging wall <= 1.2 x a plain client moving the same bytes (issue 15)
    "stage_peer_ratio": 10.0,  # staging at least 10x faster than Netmiko file_transfer (issue 15)
}


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def port_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def ephemeral_ports():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low, high = (int(x) for x in f.read().split())
            return low, high
    except (OSError, ValueError):
        return 32768, 60999


def free_port_block(count):
    """A free block below the ephemeral port range: a client's outgoing connection must never take
    a booting router's port (its listener could not come back: EADDRINUSE)."""
    low_eph, high_eph = ephemeral_ports()
    ranges = [(12000, low_eph), (high_eph + 1, 65535)]
    for lo, hi in ranges:
        if hi - lo < count:
            continue
        base = lo + (os.getpid() * 37) % max(1, hi - lo - count)
        for _ in range(100):
            if all(port_free(base + i) for i in range(count)):
                return base
            base = lo + (base - lo + count + 211) % max(1, hi - lo - count)
    raise RuntimeError("no free block of %d ports outside the ephemeral range" % count)


class Sim:
    """iosxe-sim serving a fleet built from (profile, count) pairs; -v logs to sim.log."""

    def __init__(self, binary, work, groups, boot_seconds):
        self.binary, self.work = binary, work
        total = sum(n for _, n in groups)
        self.base = free_port_block(total)
        defaults = {"platform": "ASR-920-24SZ-IM", "username": USER, "password": PASSWORD,
                    "enable_secret": ENABLE, "boot_seconds": boot_seconds, "license_mode": "traditional",
                    "images": IMAGES}
        devices, self.routers, port = [], [], self.base
        for profile, n in groups:
            if n <= 0:
                continue
            d = dict(profile, port=port, replicas=n)
            devices.append(d)
            for i in range(1, n + 1):
                self.routers.append({"name": profile["name"].replace("{n}", str(i)), "host": "127.0.0.1",
                                     "port": port + i - 1})
            port += n
        os.makedirs(work, exist_ok=True)
        self.fleet = os.path.join(work, "fleet.yaml")
        with open(self.fleet, "w") as f:
            yaml.safe_dump({"defaults": defaults, "devices": devices}, f, sort_keys=False)
        self.log_path = os.path.join(work, "sim.log")
        self.proc = None

    def __enter__(self):
        ready = os.path.join(self.work, "ready")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen([self.binary, "--fleet", self.fleet, "--state-dir",
                                      os.path.join(self.work, "state"), "--ready-file", ready, "-v"],
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        started = time.monotonic()
        # generous: 10,000 routers on a shared 2-core machine took over 120 s to listen
        wait_s = max(120, len(self.routers) // 20)
        deadline = started + wait_s
        while not os.path.exists(ready):
            if self.proc.poll() is not None:
                raise RuntimeError("iosxe-sim exited: see %s" % self.log_path)
            if time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError("iosxe-sim not ready after %d s" % wait_s)
            time.sleep(0.01)
        self.ready_s = time.monotonic() - started  # until the ready file: every router listens
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()

    def cpu_s(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def inventory(self, path):
        hosts = {r["name"]: {"ansible_port": r["port"]} for r in self.routers}
        inv = {"all": {"vars": {"ansible_host": "127.0.0.1", "ansible_network_os": "cisco.ios.ios",
                                "ansible_connection": "ansible.netcommon.network_cli",
                                "ansible_become": True, "ansible_become_method": "enable"},
                       "hosts": hosts}}
        with open(path, "w") as f:
            yaml.safe_dump(inv, f, sort_keys=False)
        return path


def licmig_env():
    env = dict(os.environ, LICMIG_USER=USER, LICMIG_PASSWORD=PASSWORD, LICMIG_ENABLE_SECRET=ENABLE)
    return env


def measure(work, label, command, env=None, cwd=None):
    """Runs `command` under measure.py; returns its numbers (and file names of its output)."""
    out, err, res = (os.path.join(work, label + ext) for ext in (".out", ".err", ".measure.json"))
    subprocess.run([PY, os.path.join(HERE, "measure.py"), res, out, err, "--"] + command,
                   env=env, cwd=cwd, check=True)
    with open(res) as f:
        m = json.load(f)
    m["stdout"], m["stderr"] = out, err
    return m


def snapshot_commands():
    """The command list of `licmig snapshot`, read from migrate/collect.cpp so it cannot drift."""
    with open(os.path.join(ROOT, "migrate", "collect.cpp")) as f:
        src = f.read()
    logging = re.search(r'logging_command\s*=\s*"([^"]*)"', src).group(1)
    body = re.search(r"snapshot_commands\(\)\s*\{.*?=\s*\{(.*?)\};", src, re.S).group(1)
    commands = []
    for token in re.findall(r'"([^"]*)"|\b(logging_command)\b', body):
        commands.append(token[0] if token[0] else logging)
    if len(commands) < 5:
        raise RuntimeError("could not read snapshot_commands() from migrate/collect.cpp")
    return commands


# ---------------------------------------------------------------------------------------------
# Normalised outputs for the cross-check


SECRET_WORD = re.compile(r"\b(password|secret)(\s+\d)?\s+\S+", re.I)
DURATION = re.compile(r"\d+ (days?|hours?|minutes?|seconds?)\b")
PROMPT = re.compile(r"^[A-Za-z0-9._-]+(\([a-z-]+\))?[#>]")


def normalise(text, command):
    lines = []
    for raw in text.replace("\r", "").split("\n"):
        line = raw.strip()  # ios_command strips the output's leading blanks
        if PROMPT.match(line) and (line.endswith(command) or PROMPT.fullmatch(line)):
            continue  # echo of the command / a prompt
        if "--More--" in line or "uptime " in line.lower() or line.startswith(("! Last configuration change",
                                                                           "! NVRAM config last updated")):
            continue  # paging leftovers; clock-derived lines move between the three runs
        if "remaining" in line.lower() or "period left" in line.lower():
            line = DURATION.sub(r"N \1", line)  # evaluation countdowns tick between the runs
        line = SECRET_WORD.sub(lambda m: m.group(1) + " ***", line)
        lines.append(line)
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].strip() == command:
        lines.pop(0)  # the echo, as ios_command's error message carries it
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def licmig_outputs(store, host):
    files = sorted(glob.glob(os.path.join(store, "snapshots", host, "*.json")))
    if not files:
        return None
    with open(files[-1]) as f:
        snap = json.load(f)
    raw = snap.get("raw", [])
    return {r["command"]: r.get("text", r.get("output", "")) for r in raw}


def netmiko_outputs(out_dir, host):
    path = os.path.join(out_dir, host + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def ansible_outputs(stdout_path, commands):
    """Per host, command -> output, from the json stdout callback."""
    with open(stdout_path) as f:
        text = f.read()
    start = text.find("{")
    data = json.loads(text[start:]) if start >= 0 else {}
    out = {}
    for play in data.get("plays", []):
        for task in play.get("tasks", []):
            for host, res in task.get("hosts", {}).items():
                got = {}
                for item in res.get("results", []):
                    if item.get("stdout"):
                        got[item["item"]] = item["stdout"][0]
                    elif "Invalid input" in item.get("msg", ""):  # ios_command fails on an IOS error
                        got[item["item"]] = item["msg"]
                if len(got) == len(commands):
                    out[host] = got
    return out


def cross_check(hosts, commands, sources, sample):
    """Compares every source against licmig on `sample` hosts x every command."""
    step = max(1, len(hosts) // sample)
    chosen = hosts[::step][:sample]
    compared, empty, mismatches = 0, 0, []
    for h in chosen:
        base = sources["licmig"](h)
        for name, get in sources.items():
            if name == "licmig":
                continue
            other = get(h)
            for c in commands:
                a = normalise((base or {}).get(c, "<missing>"), c)
                b = normalise((other or {}).get(c, "<missing>"), c)
                compared += 1
                if a != b or a == "<missing>":
                    mismatches.append({"host": h, "tool": name, "command": c, "licmig": a[:300], "other": b[:300]})
                elif not a.strip():
                    empty += 1
    return {"routers": len(chosen), "compared": compared, "empty": empty, "mismatches": mismatches}


# ---------------------------------------------------------------------------------------------
# Phases


def preflight_from(args, old_work):
    """The pre-flight numbers of an earlier run's working folder (kept with --work-dir), re-read from
    its files: its measurements, the outputs each tool saved, the cross-check redone."""
    phase = os.path.join(old_work, "preflight")
    with open(os.path.join(phase, "routers.json")) as f:
        routers = json.load(f)
    with open(os.path.join(phase, "commands.json")) as f:
        commands = json.load(f)
    hosts = [r["name"] for r in routers]
    res = {"routers": len(hosts), "commands": commands, "from": old_work}
    with open(os.path.join(phase, "ansible", "ansible.cfg")) as f:
        res["parallel"] = int(re.search(r"forks = (\d+)", f.read()).group(1))
    store, nm_out = os.path.join(phase, "licmig-store"), os.path.join(phase, "netmiko-out")
    for name in ("licmig", "netmiko", "ansible"):
        with open(os.path.join(phase, name + ".measure.json")) as f:
            m = json.load(f)
        m["stdout"], m["stderr"] = (os.path.join(phase, name + ext) for ext in (".out", ".err"))
        m["sim_cpu_s"] = None
        res[name] = m
    res["licmig"]["ok_routers"] = sum(1 for h in hosts if licmig_outputs(store, h))
    res["netmiko"]["ok_routers"] = sum(1 for h in hosts if netmiko_outputs(nm_out, h))
    ans = ansible_outputs(res["ansible"]["stdout"], commands)
    res["ansible"]["ok_routers"] = len(ans)
    sources = {"licmig": lambda h: licmig_outputs(store, h), "netmiko": lambda h: netmiko_outputs(nm_out, h),
               "ansible": lambda h: ans.get(h)}
    res["check"] = cross_check(hosts, commands, sources, args.sample)
    log("pre-flight numbers from %s: licmig %.2f s, netmiko %.2f s, ansible %.2f s; %d mismatches" % (
        old_work, res["licmig"]["wall_s"], res["netmiko"]["wall_s"], res["ansible"]["wall_s"],
        len(res["check"]["mismatches"])))
    return res


def preflight(args, work, versions):
    n, par = args.routers, args.parallel
    commands = snapshot_commands()
    per = [n // len(PROFILES) + (1 if i < n % len(PROFILES) else 0) for i in range(len(PROFILES))]
    phase = os.path.join(work, "preflight")
    res = {"routers": n, "parallel": par, "commands": commands}
    with Sim(args.sim, phase, list(zip(PROFILES, per)), boot_seconds=5) as sim:
        inv = sim.inventory(os.path.join(phase, "inventory.yaml"))
        hosts = [r["name"] for r in sim.routers]
        with open(os.path.join(phase, "routers.json"), "w") as f:
            json.dump(sim.routers, f)
        with open(os.path.join(phase, "commands.json"), "w") as f:
            json.dump(commands, f)

        # licmig
        store = os.path.join(phase, "licmig-store")
        log("pre-flight: licmig snapshot, %d routers, --parallel %d" % (n, par))
        c0 = sim.cpu_s()
        m = measure(phase, "licmig", [args.licmig, "snapshot", "-i", inv, "--store", store, "--known-hosts",
                                      os.path.join(phase, "kh"), "--accept-new-host-keys", "--parallel", str(par),
                                      "--format", "json", "-o", os.path.join(phase, "licmig-report.json")],
                    env=licmig_env())
        m["sim_cpu_s"] = sim.cpu_s() - c0
        m["sim_ready_s"] = sim.ready_s
        m["ok_routers"] = sum(1 for h in hosts if licmig_outputs(store, h))
        res["licmig"] = m
        log("  licmig: %.2f s wall, %.3f s CPU, rc %d" % (m["wall_s"], m["cpu_s"], m["rc"]))

        # Netmiko
        nm_out = os.path.join(phase, "netmiko-out")
        log("pre-flight: Netmiko %s script, %d workers" % (versions["netmiko"], par))
        env = dict(os.environ, NET_USER=USER, NET_PASSWORD=PASSWORD, NET_SECRET=ENABLE)
        c0 = sim.cpu_s()
        m = measure(phase, "netmiko", [PY, os.path.join(HERE, "netmiko_preflight.py"),
                                       os.path.join(phase, "routers.json"), os.path.join(phase, "commands.json"),
                                       nm_out, str(par)], env=env)
        m["sim_cpu_s"] = sim.cpu_s() - c0
        m["ok_routers"] = sum(1 for h in hosts if netmiko_outputs(nm_out, h))
        res["netmiko"] = m
        log("  netmiko: %.2f s wall, %.3f s CPU, rc %d" % (m["wall_s"], m["cpu_s"], m["rc"]))

        # Ansible
        if not args.skip_ansible:
            log("pre-flight: ansible-playbook (cisco.ios.ios_command over network_cli), forks %d" % par)
            adir = os.path.join(phase, "ansible")
            os.makedirs(adir, exist_ok=True)
            with open(os.path.join(adir, "ansible.cfg"), "w") as f:
                f.write("[defaults]\nforks = %d\nhost_key_checking = False\ngathering = explicit\n"
                        "retry_files_enabled = False\nstdout_callback = json\n"
                        "interpreter_python = /usr/bin/python3\n"
                        "[persistent_connection]\ncommand_timeout = 120\nconnect_timeout = 120\n" % par)
            with open(os.path.join(adir, "preflight.yml"), "w") as f:
                yaml.safe_dump([{"name": "pre-flight", "hosts": "all", "gather_facts": False,
                                 "vars": {"preflight_commands": commands},
                                 "tasks": [{"name": "collect the pre-flight outputs",
                                            "cisco.ios.ios_command": {"commands": ["{{ item }}"]},
                                            "loop": "{{ preflight_commands }}",
                                            "register": "preflight", "ignore_errors": True}]}], f,
                               sort_keys=False)
            creds = os.path.join(adir, "creds.yml")
            with open(creds, "w") as f:
                yaml.safe_dump({"ansible_user": USER, "ansible_password": PASSWORD,
                                "ansible_become_password": ENABLE,
                                "ansible_network_cli_ssh_type": "paramiko"}, f)
            os.chmod(creds, 0o600)
            env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(adir, "ansible.cfg"),
                       ANSIBLE_LOCAL_TEMP=os.path.join(adir, "tmp"), ANSIBLE_HOME=os.path.join(adir, "home"),
                       ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=os.path.join(adir, "pc"),
                       ANSIBLE_PARAMIKO_HOST_KEY_AUTO_ADD="True", ANSIBLE_NOCOLOR="1")
            c0 = sim.cpu_s()
            m = measure(phase, "ansible", ["ansible-playbook", "-i", inv, "-e", "@" + creds,
                                           os.path.join(adir, "preflight.yml")], env=env, cwd=adir)
            m["sim_cpu_s"] = sim.cpu_s() - c0
            try:
                ans = ansible_outputs(m["stdout"], commands)
            except (ValueError, OSError) as e:
                log("  cannot read ansible's json output: %s" % e)
                ans = {}
            m["ok_routers"] = len(ans)
            res["ansible"] = m
            log("  ansible: %.2f s wall, %.3f s CPU, rc %d" % (m["wall_s"], m["cpu_s"], m["rc"]))
        else:
            ans = None

        sources = {"licmig": lambda h: licmig_outputs(store, h), "netmiko": lambda h: netmiko_outputs(nm_out, h)}
        if ans is not None:
            sources["ansible"] = lambda h: ans.get(h)
        res["check"] = cross_check(hosts, commands, sources, args.sample)
        log("  cross-check: %d outputs compared on %d routers, %d mismatches" %
            (res["check"]["compared"], res["check"]["routers"], len(res["check"]["mismatches"])))
        for mm in res["check"]["mismatches"][:5]:
            log("    mismatch %s %s %s" % (mm["tool"], mm["host"], mm["command"]))
    return res


SIM_TS = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})\] \[[^\]]*\] \[[^\]]*\] (\S+): (.*)$")


def sim_events(path):
    """(epoch, router, message) from iosxe-sim -v's log (local time, ms)."""
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            m = SIM_TS.match(line.strip())
            if m:
                t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp()
                out.append((t, m.group(2), m.group(3)))
    return out


def iso_epoch(ts):
    return datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def migration(args, work):
    m_routers, boot = args.migrate_routers, args.boot_seconds
    phase = os.path.join(work, "migration")
    profile = dict(PROFILES[0], name="mig{n}", hostname="MIG{n}")
    wave = (m_routers + 1) // 2
    res = {"routers": m_routers, "boot_s": boot, "floor_s": 2 * boot, "parallel": wave}
    with Sim(args.sim, phase, [(profile, m_routers)], boot_seconds=boot) as sim:
        inv = sim.inventory(os.path.join(phase, "inventory.yaml"))
        store = os.path.join(phase, "licmig-store")
        log("migration: %d routers, boot %d s, --serial 50%% (2 waves), --parallel %d" % (m_routers, boot, wave))
        m = measure(phase, "migrate", [args.licmig, "migrate", "-i", inv, "--store", store, "--known-hosts",
                                       os.path.join(phase, "kh"), "--accept-new-host-keys", "--parallel", str(wave),
                                       "--serial", "50%", "--target-release", "17.12.1", "--target-mode",
                                       "no-license", "--image", TARGET_IMAGE["file"], "--image-md5",
                                       TARGET_IMAGE["md5"], "--reload-timeout", str(4 * boot + 60),
                                       "--yes", "--format", "json", "-o",
                                       os.path.join(phase, "migrate-report.json")], env=licmig_env())
    res.update({k: m[k] for k in ("wall_s", "cpu_s", "maxrss_kib", "rc")})
    log("  migrate: %.2f s wall (floor %d s), rc %d" % (m["wall_s"], 2 * boot, m["rc"]))

    # When each router came back (simulator) and when licmig knew (journal: the reload step done).
    booted = {}
    for t, router, msg in sim_events(os.path.join(phase, "sim.log")):
        if msg.startswith("booted, accepting connections"):
            booted.setdefault(router, []).append(t)
    events = []
    for jf in glob.glob(os.path.join(store, "journal", "*.jsonl")):
        with open(jf) as f:
            events += [json.loads(line) for line in f if line.strip()]
    reload_steps = {}
    sent, done, first_ts, last_ts = {}, {}, None, None
    for e in events:
        t = iso_epoch(e["ts"]) if "ts" in e else None
        if t is not None:
            first_ts = t if first_ts is None else min(first_ts, t)
            last_ts = t if last_ts is None else max(last_ts, t)
        if e.get("event") == "start" and e.get("kind") == "reload":
            reload_steps[e["host"]] = e["step"]
        if e.get("event") == "reload-sent":
            sent[e["host"]] = t
        if e.get("event") == "done" and e.get("kind") == "reload":
            done[e["host"]] = t
    lags, missing = [], []
    for host, t_done in done.items():
        ups = [u for u in booted.get(host, []) if sent.get(host) is None or u >= sent[host]]
        if not ups:
            missing.append(host)
            continue
        lags.append(t_done - ups[0])
    ok = 0
    try:
        with open(os.path.join(phase, "migrate-report.json")) as f:
            report = json.load(f)
        ok = sum(1 for h in report.get("routers", []) if h.get("status") == "migrated")
    except (OSError, ValueError):
        report = None
    waves = sorted(sent.values())
    res.update({"reloaded": len(done), "return_not_seen": missing, "ok_routers": ok,
                "notice_max_s": max(lags) if lags else None, "notice_median_s": statistics.median(lags) if lags else None,
                "notice_p95_s": percentile(lags, 95), "journal_span_s": (last_ts - first_ts) if first_ts else None,
                "first_reload_after_s": (waves[0] - first_ts) if waves and first_ts else None})
    if lags:
        log("  return -> licmig verified: median %.2f s, p95 %.2f s, max %.2f s (%d routers)" %
            (res["notice_median_s"], res["notice_p95_s"], res["notice_max_s"], len(lags)))
    return res


def scale_run(args, work, n, par, label):
    """One `licmig snapshot` of an n-router fleet at parallelism par, in its own folder and simulator."""
    phase = os.path.join(work, label)
    per = [n // len(PROFILES) + (1 if i < n % len(PROFILES) else 0) for i in range(len(PROFILES))]
    with Sim(args.sim, phase, list(zip(PROFILES, per)), boot_seconds=5) as sim:
        inv = sim.inventory(os.path.join(phase, "inventory.yaml"))
        store = os.path.join(phase, "licmig-store")
        log("scale: licmig snapshot, %d routers, --parallel %d" % (n, par))
        c0 = sim.cpu_s()
        m = measure(phase, "licmig", [args.licmig, "snapshot", "-i", inv, "--store", store, "--known-hosts",
                                      os.path.join(phase, "kh"), "--accept-new-host-keys", "--parallel", str(par),
                                      "--format", "json", "-o", os.path.join(phase, "licmig-report.json")],
                    env=licmig_env())
        m["sim_cpu_s"] = sim.cpu_s() - c0
        m["sim_ready_s"] = sim.ready_s
        m["ok_routers"] = sum(1 for r in sim.routers if licmig_outputs(store, r["name"]))
    m["routers"], m["parallel"] = n, par
    m["cpu_ms_per_router"] = 1000.0 * m["cpu_s"] / n
    log("  licmig: %.2f s wall, %.1f ms CPU per router, %.1f MiB peak RSS, %d/%d routers" % (
        m["wall_s"], m["cpu_ms_per_router"], m["maxrss_kib"] / 1024.0, m["ok_routers"], n))
    return m


def scale(args, work):
    """The same command on a baseline fleet and on the big one, one after the other in this run: the
    big fleet's CPU per router is reported as a ratio to the baseline's (the machine is noisy)."""
    par = args.scale_parallel
    base = scale_run(args, work, args.scale_base, par, "scale-base")
    big = scale_run(args, work, args.scale_routers, par, "scale")
    return {"routers": args.scale_routers, "parallel": par, "base": base, "big": big}


def write_big_inventory(path, hosts):
    """A YAML inventory of `hosts` routers in 100 groups of a parent, with group and host variables."""
    groups = 100
    with open(path, "w") as f:
        f.write("all:\n  vars:\n    ansible_user: ops\n  children:\n    pe:\n      vars:\n"
                "        ansible_network_os: cisco.ios.ios\n      children:\n")
        for g in range(groups):
            f.write("        site%03d:\n          vars:\n            site: s%03d\n          hosts:\n" % (g, g))
            for h in range(g, hosts, groups):
                f.write("            pe%06d:\n              ansible_host: 10.%d.%d.%d\n"
                        % (h, h >> 16 & 255, h >> 8 & 255, h & 255))


def inventory_scale(args, work):
    """`licmig inventory --list` at N/10 and N hosts (the growth ratio shows linearity), and Ansible's
    own `ansible-inventory --list` on the smaller one as the baseline of the same run."""
    phase = os.path.join(work, "inventory")
    os.makedirs(phase, exist_ok=True)
    big = args.inventory_hosts
    small = big // 10
    res = {"small": small, "big": big}
    for n in (small, big):
        path = os.path.join(phase, "hosts-%d.yaml" % n)
        write_big_inventory(path, n)
        log("inventory: licmig inventory --list, %d hosts" % n)
        res["licmig_%d" % n] = measure(phase, "licmig-%d" % n, [args.licmig, "inventory", "-i", path, "--list"])
    if not args.skip_ansible and shutil.which("ansible-inventory"):
        log("inventory: ansible-inventory --list, %d hosts" % small)
        res["ansible"] = measure(phase, "ansible-%d" % small, ["ansible-inventory", "-i",
                                                              os.path.join(phase, "hosts-%d.yaml" % small), "--list"])
    return res


# ---------------------------------------------------------------------------------------------
# Report


def machine():
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()
    return {"cores": os.cpu_count(), "memory_gib": mem_kib / 1024.0 / 1024.0, "cpu": model,
            "kernel": platform.release(), "load": load}


def versions(licmig):
    v = {}
    v["licmig"] = subprocess.run([licmig, "--version"], capture_output=True, text=True).stdout.strip() or "?"
    rev = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                         text=True).stdout.strip()
    if rev:
        v["licmig"] += " (git %s)" % rev
    v["netmiko"] = subprocess.run([PY, "-c", "import netmiko; print(netmiko.__version__)"], capture_output=True,
                                  text=True).stdout.strip() or "not installed"
    v["paramiko"] = subprocess.run([PY, "-c", "import paramiko; print(paramiko.__version__)"], capture_output=True,
                                   text=True).stdout.strip() or "not installed"
    a = subprocess.run(["ansible-playbook", "--version"], capture_output=True, text=True).stdout
    v["ansible-core"] = (re.search(r"core ([\d.]+)", a) or re.search(r"([\d.]+)", a or "?")).group(1) if a else "?"
    pkg = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "ansible"], capture_output=True, text=True).stdout
    v["ansible"] = pkg or "?"
    cio = "/usr/lib/python3/dist-packages/ansible_collections/cisco/ios/MANIFEST.json"
    try:
        with open(cio) as f:
            v["cisco.ios"] = json.load(f)["collection_info"]["version"]
    except (OSError, ValueError, KeyError):
        v["cisco.ios"] = "?"
    v["python"] = platform.python_version()
    return v


def fmt(x, digits=2):
    return "—" if x is None else ("%.*f" % (digits, x))


def verdict(ok):
    return "met" if ok else "**not met**"


def write_report(path, args, mach, vers, pre, mig, sc, inv, started, elapsed, st=None):
    L = []
    mode = "quick (`scripts/bench --quick`)" if args.quick else "full (`scripts/bench`)"
    if args.only:
        mode += ", only %s (`--only`)" % ", ".join(args.only)
    L.append("# licmig benchmarks\n")
    L.append("Written by `scripts/bench` — do not edit by hand; run it again. Mode of this run: **%s**.\n" % mode)
    L.append(("Every number below comes from that one run, on the machine below" +
              (" — except the pre-flight section, see its note" if pre and pre.get("from") else "") +
              ". Clients were measured with "
             "`scripts/bench.d/measure.py`: wall time until the client exits; CPU = user + system time of "
             "the client and every process it started (a child subreaper adopts Ansible's persistent "
             "connection daemons so their CPU counts too); peak RSS = the largest single process "
             "(`ru_maxrss`), and for multi-process clients also the peak sum over all their processes "
             "(sampled every 0.1 s). The routers are `iosxe-sim` on loopback (real SSH); the simulator's "
             "CPU is listed separately and counted for nobody.\n"))
    L.append("## Machine and versions\n")
    L.append("| | |\n|---|---|")
    L.append("| date | %s (run took %.0f s) |" % (started, elapsed))
    L.append("| CPU | %d cores, %s |" % (mach["cores"], mach["cpu"]))
    L.append("| memory | %.1f GiB |" % mach["memory_gib"])
    L.append("| kernel | %s |" % mach["kernel"])
    L.append("| load average at the start | %.2f %.2f %.2f (the machine was shared with other builds) |"
             % tuple(mach["load"]))
    for k in ("licmig", "netmiko", "paramiko", "ansible", "ansible-core", "cisco.ios", "python"):
        L.append("| %s | %s |" % (k, vers.get(k, "?")))
    L.append("")

    results = []  # (target, measured, met)
    if pre:
        n = pre["routers"]
        L.append("## Fleet pre-flight: %d routers, parallelism %d\n" % (n, pre["parallel"]))
        if pre.get("from"):
            L.append("*These pre-flight numbers come from an earlier full run on the same machine the same day "
                     "(its working folder re-read with `--preflight-from`: the three clients ran one after the "
                     "other in that one invocation, so their ratios hold; the simulator's CPU was not kept). "
                     "That run's migration hit a port clash (see the findings) and was stopped.*\n")
        L.append("The %d commands `licmig snapshot` runs (`migrate/collect.cpp` `snapshot_commands()`), on every "
                 "router of a mixed fleet (16.9 PAK, 17.3 Smart, 17.9 Smart with a PAK snapshot, 17.7 "
                 "No-License), three ways:\n" % len(pre["commands"]))
        L.append("- **licmig**: `licmig snapshot --parallel %d` (parses every output and stores JSON + XML records "
                 "and a transcript per router);" % pre["parallel"])
        L.append("- **Netmiko**: `scripts/bench.d/netmiko_preflight.py` — `ConnectHandler(device_type=\"cisco_ios\")` "
                 "with default settings, `enable()`, one `send_command()` per command, a `ThreadPoolExecutor(%d)`, "
                 "outputs saved as JSON;" % pre["parallel"])
        L.append("- **Ansible**: a playbook with one `cisco.ios.ios_command` task looping over the commands with "
                 "`ignore_errors: true` (`ios_command` fails a whole task on an IOS `%% Invalid input`, and a "
                 "mixed fleet has commands some releases lack, e.g. `show license summary` on PAK routers) over "
                 "`ansible.netcommon.network_cli` (paramiko), `become_method: enable`, `forks = %d`, the "
                 "`json` stdout callback collecting the outputs; the same inventory file licmig read.\n"
                 % pre["parallel"])
        L.append("| client | wall (s) | client CPU (s) | CPU per router (ms) | peak RSS, largest process (MiB) | "
                 "peak RSS, all processes (MiB) | routers collected | simulator CPU (s) | load avg start → end |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name in ("licmig", "netmiko", "ansible"):
            m = pre.get(name)
            if not m:
                continue
            load = ("%.1f → %.1f" % (m["load_start"], m["load_end"])) if "load_start" in m else "—"
            L.append("| %s | %s | %s | %s | %s | %s | %d / %d | %s | %s |" % (
                name, fmt(m["wall_s"]), fmt(m["cpu_s"], 3), fmt(1000.0 * m["cpu_s"] / n, 1),
                fmt(m["maxrss_kib"] / 1024.0, 1), fmt(m["tree_rss_peak_kib"] / 1024.0, 1), m["ok_routers"], n,
                fmt(m.get("sim_cpu_s"), 1), load))
        L.append("")
        if pre.get("ansible", {}).get("leftover"):
            L.append("Ansible left %d processes running when `ansible-playbook` exited (its persistent "
                     "connections waiting for their idle timeout); they were ended 2 s later and their CPU is "
                     "included above.\n" % pre["ansible"]["leftover"])
        lm = pre["licmig"]
        L.append("| ratio (other / licmig) | wall | client CPU |\n|---|---:|---:|")
        for name in ("netmiko", "ansible"):
            m = pre.get(name)
            if m and lm["wall_s"] > 0 and lm["cpu_s"] > 0:
                L.append("| %s / licmig | %.1f× | %.1f× |" % (name, m["wall_s"] / lm["wall_s"], m["cpu_s"] / lm["cpu_s"]))
        L.append("")
        chk = pre["check"]
        L.append("**Same outputs?** %d outputs compared (%d routers spread over the fleet × every command, "
                 "each tool against licmig's stored raw text, normalised: `\\r`, trailing blanks, the echoed "
                 "command and prompt, `--More--` leftovers removed, `password`/`secret` values masked as "
                 "licmig masks them; clock-derived text — uptime lines, `! Last configuration change` lines and "
                 "evaluation countdowns — dropped or masked since the clock moves between the runs): "
                 "**%d mismatches**.\n" % (chk["compared"], chk["routers"], len(chk["mismatches"])))
        for mm in chk["mismatches"][:10]:
            L.append("- %s, %s, `%s`: licmig `%s…` vs `%s…`" % (mm["tool"], mm["host"], mm["command"],
                                                               mm["licmig"][:80].replace("\n", "⏎"),
                                                               mm["other"][:80].replace("\n", "⏎")))
        if chk["mismatches"]:
            L.append("")
        if pre.get("netmiko"):
            r = pre["netmiko"]["wall_s"] / lm["wall_s"]
            results.append(("licmig ≥ %.0f× faster than Netmiko (wall)" % TARGETS["netmiko_ratio"], "%.1f×" % r,
                            r >= TARGETS["netmiko_ratio"]))
        if pre.get("ansible"):
            r = pre["ansible"]["wall_s"] / lm["wall_s"]
            results.append(("licmig ≥ %.0f× faster than Ansible (wall)" % TARGETS["ansible_ratio"], "%.1f×" % r,
                            r >= TARGETS["ansible_ratio"]))
        cpu_ms = 1000.0 * lm["cpu_s"] / n
        results.append(("licmig client CPU ≤ %.0f ms per router" % TARGETS["cpu_ms_per_router"], "%.1f ms" % cpu_ms,
                        cpu_ms <= TARGETS["cpu_ms_per_router"]))
    if mig:
        L.append("## Migration: %d routers, boot %d s, two waves\n" % (mig["routers"], mig["boot_s"]))
        L.append("`licmig migrate --serial 50%% --parallel %d --yes` from 16.9.4 (PAK, boot level saved) to "
                 "17.12.1 No-License: pre-flight snapshot of every router, plan, then per wave: boot "
                 "system, save, reload, wait for the router to return, verify. The floor is 2 × %d s "
                 "(each wave must wait for one boot).\n" % (mig["parallel"], mig["boot_s"]))
        ratio = mig["wall_s"] / mig["floor_s"]
        L.append("| | |\n|---|---|")
        L.append("| wall time | %s s |" % fmt(mig["wall_s"]))
        L.append("| floor (2 × boot) | %d s |" % mig["floor_s"])
        L.append("| wall / floor | %.2f |" % ratio)
        L.append("| from licmig's start to its first reload | %s s |" % fmt(mig.get("first_reload_after_s")))
        L.append("| routers reloaded and verified | %d / %d |" % (mig["reloaded"], mig["routers"]))
        L.append("| routers migrated (report) | %d / %d (exit code %d) |" % (mig["ok_routers"], mig["routers"],
                                                                           mig["rc"]))
        L.append("| client CPU | %s s |" % fmt(mig["cpu_s"], 3))
        L.append("| peak RSS | %s MiB |" % fmt(mig["maxrss_kib"] / 1024.0, 1))
        L.append("| router back → licmig has verified it: median / p95 / max | %s / %s / %s s |" % (
            fmt(mig["notice_median_s"]), fmt(mig["notice_p95_s"]), fmt(mig["notice_max_s"])))
        L.append("")
        L.append("\"Back\" is the simulator's log line `booted, accepting connections` (`iosxe-sim -v`, the "
                 "first tick after the boot ends, ticks every 50 ms); \"verified\" is the journal's `done` "
                 "event of the reload step — licmig has reconnected, logged in, run `show version` and checked "
                 "release, mode and level. So it is an upper bound on noticing the return.\n")
        results.append(("migration wall ≤ %.2f × the 2 × boot floor" % TARGETS["migration_floor"], "%.2f×" % ratio,
                        ratio <= TARGETS["migration_floor"]))
        if mig["notice_max_s"] is not None:
            results.append(("return noticed within %.0f s" % TARGETS["notice_s"],
                            "max %.2f s (median %.2f s)" % (mig["notice_max_s"], mig["notice_median_s"]),
                            mig["notice_max_s"] <= TARGETS["notice_s"]))
    if sc:
        b, g = sc["base"], sc["big"]
        L.append("## Scale: %d routers against %d, %d in flight\n" % (g["routers"], b["routers"], sc["parallel"]))
        L.append("`licmig snapshot --parallel %d --format json -o FILE` on a %d-router fleet, then on a %d-router "
                 "fleet (each its own simulator, the same profiles), one after the other in this run. Each "
                 "router's result becomes its JSON row the moment it is done and goes to a temporary file "
                 "(`base/spool.hpp`), and its snapshot is dropped then (`each_snapshot`, "
                 "`migrate/fleet_snapshot.hpp`): nothing per router stays in memory.\n" % (
                     sc["parallel"], b["routers"], g["routers"]))
        L.append("| | %d routers | %d routers |\n|---|---:|---:|" % (b["routers"], g["routers"]))
        L.append("| wall time | %s s | %s s |" % (fmt(b["wall_s"]), fmt(g["wall_s"])))
        L.append("| peak RSS | %s MiB | %s MiB |" % (fmt(b["maxrss_kib"] / 1024.0, 1), fmt(g["maxrss_kib"] / 1024.0, 1)))
        L.append("| client CPU | %s s | %s s |" % (fmt(b["cpu_s"], 3), fmt(g["cpu_s"], 3)))
        L.append("| client CPU per router | %s ms | %s ms |" % (fmt(b["cpu_ms_per_router"], 2),
                                                            fmt(g["cpu_ms_per_router"], 2)))
        L.append("| routers collected | %d / %d | %d / %d |" % (b["ok_routers"], b["routers"], g["ok_routers"],
                                                             g["routers"]))
        L.append("| simulator CPU | %s s | %s s |" % (fmt(b.get("sim_cpu_s"), 1), fmt(g.get("sim_cpu_s"), 1)))
        L.append("| simulator ready (every router listening) | %s s | %s s |" % (fmt(b.get("sim_ready_s"), 2),
                                                                                fmt(g.get("sim_ready_s"), 2)))
        L.append("| load average start → end | %s → %s | %s → %s |" % (fmt(b.get("load_start")), fmt(b.get("load_end")),
                                                                     fmt(g.get("load_start")), fmt(g.get("load_end"))))
        L.append("")
        rss = g["maxrss_kib"] / 1024.0
        cpu_ratio = g["cpu_ms_per_router"] / b["cpu_ms_per_router"] if b["cpu_ms_per_router"] else float("inf")
        results.append(("≤ %.0f MiB peak RSS at %d routers" % (TARGETS["scale_rss_mib"], g["routers"]),
                        "%.1f MiB" % rss, rss <= TARGETS["scale_rss_mib"]))
        results.append(("CPU per router at %d routers ≤ %.1f × the %d-router figure" % (
            g["routers"], TARGETS["scale_cpu_ratio"], b["routers"]), "%.2f×" % cpu_ratio,
            cpu_ratio <= TARGETS["scale_cpu_ratio"]))
        results.append(("every router collected at %d routers" % g["routers"], "%d / %d" % (g["ok_routers"], g["routers"]),
                        g["ok_routers"] == g["routers"]))
    if inv:
        small, big = inv["small"], inv["big"]
        ls, lb = inv["licmig_%d" % small], inv["licmig_%d" % big]
        growth = lb["wall_s"] / ls["wall_s"] if ls["wall_s"] else float("inf")
        L.append("## Inventory: %d and %d hosts\n" % (small, big))
        L.append("A YAML inventory in 100 groups under a parent, with variables at every level; "
                 "`licmig inventory -i FILE --list` (reads, builds and prints it).\n")
        L.append("| | %d hosts | %d hosts |\n|---|---|---|" % (small, big))
        L.append("| licmig wall | %s s | %s s |" % (fmt(ls["wall_s"]), fmt(lb["wall_s"])))
        L.append("| licmig CPU | %s s | %s s |" % (fmt(ls["cpu_s"]), fmt(lb["cpu_s"])))
        L.append("| licmig peak RSS | %s MiB | %s MiB |" % (fmt(ls["maxrss_kib"] / 1024.0, 1),
                                                         fmt(lb["maxrss_kib"] / 1024.0, 1)))
        if inv.get("ansible"):
            a = inv["ansible"]
            L.append("| ansible-inventory wall | %s s (%.1f× licmig's) | — |" % (
                fmt(a["wall_s"]), a["wall_s"] / ls["wall_s"] if ls["wall_s"] else float("inf")))
        L.append("")
        results.append(("inventory of %d hosts ≤ %.0f s" % (big, TARGETS["inventory_s"]), "%.2f s" % lb["wall_s"],
                        lb["wall_s"] <= TARGETS["inventory_s"]))
        results.append(("10× the hosts ≤ %.0f× the time" % TARGETS["inventory_growth"], "%.1f×" % growth,
                        growth <= TARGETS["inventory_growth"]))
    if st:
        stage_bench.report(st, L, results, TARGETS, fmt, verdict)
    head = ["## Targets\n", "| target (DESIGN, issues 7, 12, 15, 16) | measured | |", "|---|---|---|"]
    head += ["| %s | %s | %s |" % (t, m, verdict(ok)) for t, m, ok in results]
    head.append("")
    # The targets come right after the two intro paragraphs (title, mode line, method).
    intro_end = 3
    L = L[:intro_end] + head + L[intro_end:]
    if os.path.exists(args.notes):
        with open(args.notes) as f:
            L.append(f.read().rstrip() + "\n")
    with open(path, "w") as f:
        f.write("\n".join(L).lstrip("\n") + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small fleets: a smoke run in under 3 minutes")
    ap.add_argument("--licmig", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--routers", type=int, help="pre-flight fleet size (default 200; quick 10)")
    ap.add_argument("--parallel", type=int, help="pre-flight parallelism (default 20; quick 5)")
    ap.add_argument("--migrate-routers", type=int, help="migration fleet (default 100; quick 10)")
    ap.add_argument("--boot-seconds", type=int, help="simulated boot (default 20; quick 5)")
    ap.add_argument("--scale-routers", type=int, help="scale run fleet (default 10000; quick 1000)")
    ap.add_argument("--scale-base", type=int, help="scale baseline fleet (default 200; quick 100)")
    ap.add_argument("--scale-parallel", type=int, help="scale run parallelism (default 200; quick 50)")
    ap.add_argument("--sample", type=int, default=12, help="routers cross-checked (x every command)")
    ap.add_argument("--inventory-hosts", type=int, help="inventory scale run (default 100000; quick 10000)")
    ap.add_argument("--only", choices=["preflight", "migration", "scale", "inventory", "stage"], action="append")
    ap.add_argument("--skip-ansible", action="store_true")
    stage_bench.add_options(ap)
    ap.add_argument("--preflight-from", metavar="DIR",
                    help="take the pre-flight numbers from an earlier run's --work-dir instead of measuring")
    ap.add_argument("--work-dir", help="keep the working files here (default: a temporary folder, removed)")
    ap.add_argument("--output", help="the report (default docs/benchmarks.md; with --only, "
                                     "docs/benchmarks-PHASE.md, so a partial run never replaces the full report)")
    ap.add_argument("--merge-into", metavar="REPORT",
                    help="with --only scale or stage: also put this run's section and its target rows into REPORT "
                         "(e.g. docs/benchmarks.md), under a note naming this run; the rest of REPORT stays")
    ap.add_argument("--notes", default=os.path.join(HERE, "findings.md"),
                    help="markdown appended to the report (profiling findings)")
    args = ap.parse_args()
    q = args.quick
    defaults = {"routers": (200, 10), "parallel": (20, 5), "migrate_routers": (100, 10), "boot_seconds": (20, 5),
                "scale_routers": (10000, 1000), "scale_base": (200, 100), "scale_parallel": (200, 50), "inventory_hosts": (100000, 10000)}
    for k, (full, quick) in defaults.items():
        if getattr(args, k) is None:
            setattr(args, k, quick if q else full)
    work = args.work_dir or os.path.join("/tmp", "licmig-bench-%d" % os.getpid())
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    started_wall = time.monotonic()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mach, vers = machine(), versions(args.licmig)
    log("work dir %s; %d cores; licmig %s, netmiko %s, ansible %s" % (work, mach["cores"], vers["licmig"],
                                                                       vers["netmiko"], vers["ansible"]))
    only = set(args.only or ["preflight", "migration", "scale", "inventory", "stage"])
    if args.output is None:
        name = "benchmarks.md" if not args.only else "benchmarks-%s.md" % "-".join(sorted(only))
        args.output = os.path.join(ROOT, "docs", name)
    if args.preflight_from:
        pre = preflight_from(args, args.preflight_from)
    else:
        pre = preflight(args, work, vers) if "preflight" in only else None
    mig = migration(args, work) if "migration" in only else None
    sc = scale(args, work) if "scale" in only else None
    inv = inventory_scale(args, work) if "inventory" in only else None
    st = stage_bench.run(sys.modules[__name__], args, work) if "stage" in only else None
    elapsed = time.monotonic() - started_wall
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"machine": mach, "versions": vers, "preflight": pre, "migration": mig, "scale": sc,
                   "inventory": inv, "stage": st}, f, indent=1)
    write_report(args.output, args, mach, vers, pre, mig, sc, inv, started, elapsed, st)
    log("wrote %s (%.0f s)" % (args.output, elapsed))
    if args.merge_into:
        command = " ".join([os.path.relpath(PY, ROOT) if not PY.startswith("/usr") else PY,
                            os.path.relpath(os.path.abspath(sys.argv[0]), ROOT)] + sys.argv[1:])
        for phase in sorted(only & set(merge_section.PHASES)):
            note = ("*This section comes from its own run, `%s`, on the same machine on %s (run took %.0f s), "
                    "%s; load average at its start %.2f %.2f %.2f — the machine was shared with other builds, so "
                    "compare the ratios inside the section, which come from one invocation. Its full report "
                    "is `%s`.*" % (command, started, elapsed, vers["licmig"], *mach["load"],
                                   os.path.relpath(os.path.abspath(args.output), ROOT)))
            merge_section.merge(args.merge_into, args.output, phase, note)
            log("merged the %s section into %s" % (phase, args.merge_into))
    if not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
