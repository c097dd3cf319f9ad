"""The staging phase of the bench (issue 15): one image of random bytes put on the bootflash of every
router of a simulated fleet, at the same parallelism, by

  * licmig pull  — `licmig stage --image-url http://...`: each router fetches with libcurl from an
                   HTTP server the bench starts (`python3 -m http.server`, a process of its own);
  * floor pull   — one `curl --parallel` process fetching the same URL as many times from the same
                   server into files on the same disk;
  * licmig push  — `licmig stage --image FILE`: SCP over licmig's own SSH session;
  * floor push   — OpenSSH `scp -O` (the legacy protocol, the one the simulator's SCP sink speaks),
                   one process per router under `xargs -P`;
  * Netmiko      — `netmiko.file_transfer(..., direction="put")` in a thread pool (netmiko_stage.py);
  * Ansible      — `ansible.netcommon.net_put` over network_cli (paramiko), `forks` = the parallelism.

Every file a method left on a router's bootflash (a real file in the simulator's state folder) is
checked by md5 against the image and deleted before the next method; a router without the right
file counts as failed. Netmiko and Ansible can run on the first --stage-peer-routers routers only.
"""
import hashlib
import json
import os
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import yaml

MiB = 1 << 20
IMAGE_NAME = "asr920-universalk9_npe.17.15.01.SPA.bin"  # not among the fleet's declared images


def make_image(folder, size):
    os.makedirs(folder, exist_ok=True)
    path, digest = os.path.join(folder, IMAGE_NAME), hashlib.md5()
    with open(path, "wb") as f:
        left = size
        while left > 0:
            chunk = os.urandom(min(left, 4 * MiB))
            digest.update(chunk)
            f.write(chunk)
            left -= len(chunk)
    return path, digest.hexdigest()


def md5_of(path):
    digest = hashlib.md5()
    try:
        with open(path, "rb") as f:
            while True:
                block = f.read(4 * MiB)
                if not block:
                    break
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def check_and_delete(paths, md5):
    """md5 of every file (2 threads: hashlib releases the GIL), then deletes them; returns the
    number of right files and the names of the missing or wrong ones."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        sums = list(pool.map(md5_of, paths.values()))
    bad = [name for name, s in zip(paths, sums) if s != md5]
    for p in paths.values():
        try:
            os.remove(p)
        except OSError:
            pass
    return len(paths) - len(bad), bad


class HttpServer:
    """`python3 -m http.server` (threading) serving `folder` on 127.0.0.1:port, its own process."""

    def __init__(self, B, folder):
        self.port = B.free_port_block(1)
        self.proc = subprocess.Popen([B.PY, "-m", "http.server", "--bind", "127.0.0.1", "--directory", folder,
                                      str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while B.port_free(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("http.server did not start on port %d" % self.port)
            time.sleep(0.05)

    def url(self, name):
        return "http://127.0.0.1:%d/%s" % (self.port, name)

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)


def bootflash_files(sim, routers):
    return {r["name"]: os.path.join(sim.work, "state", r["name"] + ".bootflash", IMAGE_NAME) for r in routers}


def finish(B, res, key, m, sim, c0, paths, md5, size):
    """Counts the right files, deletes every file, and keeps the numbers of one method."""
    m["sim_cpu_s"] = sim.cpu_s() - c0 if sim else None
    m["routers"] = len(paths)
    m["ok_routers"], bad = check_and_delete(paths, md5)
    m["bad"] = bad[:20]
    m["mb_s"] = m["routers"] * size / 1e6 / m["wall_s"] if m["wall_s"] else None
    res[key] = m
    B.log("  %s: %.2f s wall, %.1f MB/s, %.2f s CPU, %d/%d right files, rc %d" % (
        key, m["wall_s"], m["mb_s"] or 0, m["cpu_s"], m["ok_routers"], m["routers"], m["rc"]))


def licmig_stage(B, args, phase, label, inv, extra):
    return B.measure(phase, label, [args.licmig, "stage", "-i", inv, "--store", os.path.join(phase, label + "-store"),
                                    "--known-hosts", os.path.join(phase, "kh"), "--accept-new-host-keys",
                                    "--parallel", str(args.stage_parallel), "--format", "json", "-o",
                                    os.path.join(phase, label + "-report.json")] + extra, env=B.licmig_env())


def askpass(phase, password):
    path = os.path.join(phase, "askpass.sh")
    with open(path, "w") as f:
        f.write("#!/bin/sh\necho '%s'\n" % password)
    os.chmod(path, 0o700)
    return path


SSH_OPTIONS = ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o",
               "LogLevel=ERROR", "-o", "PubkeyAuthentication=no", "-o",
               "PreferredAuthentications=password,keyboard-interactive"]


def peer_inventory(path, routers):
    hosts = {r["name"]: {"ansible_port": r["port"]} for r in routers}
    inv = {"all": {"vars": {"ansible_host": "127.0.0.1", "ansible_network_os": "cisco.ios.ios",
                            "ansible_connection": "ansible.netcommon.network_cli",
                            "ansible_become": True, "ansible_become_method": "enable"}, "hosts": hosts}}
    with open(path, "w") as f:
        yaml.safe_dump(inv, f, sort_keys=False)
    return path


def ansible_put(B, args, phase, sim, peers, image):
    adir = os.path.join(phase, "ansible")
    os.makedirs(adir, exist_ok=True)
    with open(os.path.join(adir, "ansible.cfg"), "w") as f:
        f.write("[defaults]\nforks = %d\nhost_key_checking = False\ngathering = explicit\n"
                "retry_files_enabled = False\ninterpreter_python = /usr/bin/python3\n"
                "[persistent_connection]\ncommand_timeout = 1800\nconnect_timeout = 120\n" % args.stage_parallel)
    with open(os.path.join(adir, "stage.yml"), "w") as f:
        yaml.safe_dump([{"name": "stage the image", "hosts": "all", "gather_facts": False,
                         "tasks": [{"name": "put the image on bootflash",
                                    "ansible.netcommon.net_put": {"src": image, "dest": "bootflash:" + IMAGE_NAME}}]}],
                       f, sort_keys=False)
    creds = os.path.join(adir, "creds.yml")
    with open(creds, "w") as f:
        yaml.safe_dump({"ansible_user": B.USER, "ansible_password": B.PASSWORD, "ansible_become_password": B.ENABLE,
                        "ansible_network_cli_ssh_type": "paramiko"}, f)
    os.chmod(creds, 0o600)
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(adir, "ansible.cfg"),
               ANSIBLE_LOCAL_TEMP=os.path.join(adir, "tmp"), ANSIBLE_HOME=os.path.join(adir, "home"),
               ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=os.path.join(adir, "pc"),
               ANSIBLE_PARAMIKO_HOST_KEY_AUTO_ADD="True", ANSIBLE_NOCOLOR="1")
    inv = peer_inventory(os.path.join(adir, "inventory.yaml"), peers)
    return B.measure(phase, "ansible", ["ansible-playbook", "-i", inv, "-e", "@" + creds,
                                        os.path.join(adir, "stage.yml")], env=env, cwd=adir)


def add_options(ap):
    ap.add_argument("--stage-routers", type=int, help="staging fleet (default 200; quick 10)")
    ap.add_argument("--stage-parallel", type=int, help="staging parallelism, every method (default 50; quick 5)")
    ap.add_argument("--stage-image-mib", type=int, help="image size in MiB (default 64; quick 8)")
    ap.add_argument("--stage-peer-routers", type=int,
                    help="routers Netmiko and Ansible stage to (default: all of --stage-routers)")
    ap.add_argument("--skip-netmiko", action="store_true", help="staging: leave Netmiko out")
    ap.add_argument("--stage-modes", default="pull,push",
                    help="staging: which of pull,push to measure (default both; Netmiko and Ansible run with push)")


def resolve(args):
    for key, full, quick in (("stage_routers", 200, 10), ("stage_parallel", 50, 5), ("stage_image_mib", 64, 8)):
        if getattr(args, key) is None:
            setattr(args, key, quick if args.quick else full)
    if args.stage_peer_routers is None:
        args.stage_peer_routers = args.stage_routers
    args.stage_modes = set(m.strip() for m in args.stage_modes.split(",") if m.strip())
    if not args.stage_modes or not args.stage_modes <= {"pull", "push"}:
        raise SystemExit("--stage-modes: a comma-separated list of pull and push")


def run(B, args, work):
    """Returns the numbers of every method (dict), measured one after the other on one fleet."""
    resolve(args)
    n, par, size = args.stage_routers, args.stage_parallel, args.stage_image_mib * MiB
    peers_n = min(n, args.stage_peer_routers)
    phase = os.path.join(work, "stage")
    files = os.path.join(phase, "files")
    image, md5 = make_image(files, size)
    res = {"routers": n, "parallel": par, "size": size, "md5": md5, "peer_routers": peers_n, "commands": {}}
    profile = dict(B.PROFILES[0], name="stg{n}", hostname="STG{n}")
    B.log("stage: %d routers, a %d MiB image, parallelism %d (Netmiko/Ansible on %d)" % (
        n, args.stage_image_mib, par, peers_n))
    http = HttpServer(B, files)
    try:
        with B.Sim(args.sim, phase, [(profile, n)], boot_seconds=5) as sim:
            res["sim_ready_s"] = sim.ready_s
            inv = sim.inventory(os.path.join(phase, "inventory.yaml"))
            routers, peers = sim.routers, sim.routers[:peers_n]
            with open(os.path.join(phase, "routers.json"), "w") as f:
                json.dump(routers, f)
            with open(os.path.join(phase, "peers.json"), "w") as f:
                json.dump(peers, f)
            url = http.url(IMAGE_NAME)

            if "pull" in args.stage_modes:
                # pull floor: curl, `par` transfers at once, to files on the same disk
                out = os.path.join(phase, "curl-out")
                os.makedirs(out, exist_ok=True)
                cfg = os.path.join(phase, "curl.cfg")
                with open(cfg, "w") as f:
                    for r in routers:
                        f.write('url = "%s"\noutput = "%s"\n' % (url, os.path.join(out, r["name"])))
                cmd = ["curl", "--parallel", "--parallel-max", str(par), "-sS", "--fail", "-K", cfg]
                res["commands"]["floor_pull"] = " ".join(cmd[:-1]) + " CFG  (CFG: %d url/output pairs)" % n
                B.log("stage: pull floor (curl --parallel-max %d)" % par)
                m = B.measure(phase, "floor-pull", cmd)
                finish(B, res, "floor_pull", m, None, 0, {r["name"]: os.path.join(out, r["name"]) for r in routers},
                       md5, size)

                # licmig pull
                extra = ["--image", image, "--image-url", url]
                res["commands"]["licmig_pull"] = "licmig stage -i INV --parallel %d --image FILE --image-url %s" % (par, url)
                B.log("stage: licmig pull")
                c0 = sim.cpu_s()
                m = licmig_stage(B, args, phase, "licmig-pull", inv, extra)
                finish(B, res, "licmig_pull", m, sim, c0, bootflash_files(sim, routers), md5, size)

            if "push" in args.stage_modes:
                # the SCP server on every router for the pushes (not measured)
                env = dict(os.environ, NET_USER=B.USER, NET_PASSWORD=B.PASSWORD, NET_SECRET=B.ENABLE)
                B.log("stage: ip scp server enable on %d routers (Netmiko, not measured)" % n)
                subprocess.run([B.PY, os.path.join(B.HERE, "netmiko_stage.py"), "enable-scp",
                                os.path.join(phase, "routers.json"), "-", "-", os.path.join(phase, "enable-scp.json"),
                                str(par)], env=env, check=True, stdout=subprocess.DEVNULL)

                # push floor: OpenSSH scp -O, one process per router, `par` at once
                ports = os.path.join(phase, "ports.txt")
                with open(ports, "w") as f:
                    f.write("".join("%d\n" % r["port"] for r in routers))
                scp = ["scp", "-O", "-q"] + SSH_OPTIONS + ["-P", "{}", image, "%s@127.0.0.1:bootflash:%s" % (B.USER, IMAGE_NAME)]
                cmd = ["sh", "-c", 'exec xargs -P %d -I{} "$@" < %s' % (par, ports), "sh"] + scp
                res["commands"]["floor_push"] = "xargs -P %d -I{} %s < PORTS" % (par, " ".join(scp))
                penv = dict(os.environ, SSH_ASKPASS=askpass(phase, B.PASSWORD), SSH_ASKPASS_REQUIRE="force", DISPLAY=":0")
                B.log("stage: push floor (scp -O, xargs -P %d)" % par)
                c0 = sim.cpu_s()
                m = B.measure(phase, "floor-push", cmd, env=penv)
                finish(B, res, "floor_push", m, sim, c0, bootflash_files(sim, routers), md5, size)

                # licmig push
                res["commands"]["licmig_push"] = "licmig stage -i INV --parallel %d --image FILE" % par
                B.log("stage: licmig push")
                c0 = sim.cpu_s()
                m = licmig_stage(B, args, phase, "licmig-push", inv, ["--image", image])
                finish(B, res, "licmig_push", m, sim, c0, bootflash_files(sim, routers), md5, size)

                # Netmiko file_transfer
                if not args.skip_netmiko:
                    res["commands"]["netmiko"] = ("netmiko_stage.py put (file_transfer, direction put, bootflash:, "
                                                  "overwrite_file=True; ThreadPoolExecutor(%d))" % par)
                    B.log("stage: Netmiko file_transfer, %d routers, %d workers" % (peers_n, par))
                    c0 = sim.cpu_s()
                    m = B.measure(phase, "netmiko", [B.PY, os.path.join(B.HERE, "netmiko_stage.py"), "put",
                                                     os.path.join(phase, "peers.json"), image, IMAGE_NAME,
                                                     os.path.join(phase, "netmiko.json"), str(par)], env=env)
                    finish(B, res, "netmiko", m, sim, c0, bootflash_files(sim, peers), md5, size)

                # Ansible net_put
                if not args.skip_ansible:
                    res["commands"]["ansible"] = ("ansible-playbook: ansible.netcommon.net_put src=FILE dest=bootflash:%s, "
                                                  "network_cli (paramiko), forks = %d" % (IMAGE_NAME, par))
                    B.log("stage: Ansible net_put, %d routers, forks %d" % (peers_n, par))
                    c0 = sim.cpu_s()
                    m = ansible_put(B, args, phase, sim, peers, image)
                    finish(B, res, "ansible", m, sim, c0, bootflash_files(sim, peers), md5, size)
    finally:
        http.close()
        shutil.rmtree(os.path.join(phase, "curl-out"), ignore_errors=True)
    return res


def ratio(a, b):
    return a / b if a and b else None


def report(st, L, results, targets, fmt, verdict):
    """Appends the Staging section to the report lines L and its verdicts to results."""
    n, par, size, peers = st["routers"], st["parallel"], st["size"], st["peer_routers"]
    L.append("## Staging: a %d MiB image to %d routers, parallelism %d\n" % (size // MiB, n, par))
    L.append("One file of random bytes (`%s`, md5 `%s`) put on the bootflash of every router of one "
             "simulated fleet, method after method in this run (`scripts/bench.d/stage_bench.py`). The "
             "floor is the same bytes moved by a plain client at the same parallelism on this machine: "
             "`curl` for the pull, OpenSSH `scp -O` (the legacy SCP protocol the simulator's sink speaks) "
             "for the push. After each method every router's file (a real file in the simulator's state "
             "folder) is checked by md5 and deleted; a router without the right file counts as failed. "
             "The simulator (`iosxe-sim`, one process for the fleet, on the same 2 cores) does the "
             "routers' side: libcurl download or SCP sink, writing the file and its md5.\n"
             % (IMAGE_NAME, st["md5"]))
    if peers < n:
        L.append("*Netmiko and Ansible ran on the first %d routers only (their time on %d routers is too long "
                 "for this run); their rows show what was measured, and their ratios compare aggregate "
                 "throughput (MB/s), not wall times of different fleets.*\n" % (peers, n))
    L.append("| method | routers | wall (s) | aggregate MB/s | client CPU (s) | simulator CPU (s) | right files | "
             "load avg start → end |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    names = [("licmig_pull", "licmig pull"), ("floor_pull", "floor pull (curl)"), ("licmig_push", "licmig push"),
             ("floor_push", "floor push (scp -O)"), ("netmiko", "Netmiko file_transfer"), ("ansible", "Ansible net_put")]
    for key, label in names:
        m = st.get(key)
        if not m:
            continue
        L.append("| %s | %d | %s | %s | %s | %s | %d / %d | %s → %s |" % (
            label, m["routers"], fmt(m["wall_s"]), fmt(m["mb_s"], 1), fmt(m["cpu_s"]), fmt(m.get("sim_cpu_s"), 1),
            m["ok_routers"], m["routers"], fmt(m.get("load_start")), fmt(m.get("load_end"))))
    L.append("")
    L.append("MB = 10^6 bytes; aggregate MB/s = routers × image size / wall.\n")
    for mode in ("pull", "push"):
        lm, fl = st.get("licmig_" + mode), st.get("floor_" + mode)
        if not lm or not fl:
            continue
        r = ratio(lm["wall_s"], fl["wall_s"])
        every = lm["ok_routers"] == lm["routers"] and fl["ok_routers"] == fl["routers"]
        results.append(("stage %s ≤ %.1f × the floor (wall, %d routers)" % (mode, targets["stage_floor"], n),
                        "%s×%s" % (fmt(r), "" if every else " (failed transfers)"),
                        r is not None and every and r <= targets["stage_floor"]))
    def rate(m):  # MB/s of right files only: a failed transfer moved no useful bytes
        return m["mb_s"] * m["ok_routers"] / m["routers"] if m and m["mb_s"] else None

    for key, label in (("netmiko", "Netmiko file_transfer"), ("ansible", "Ansible net_put")):
        m = st.get(key)
        if not m:
            continue
        got = {mode: ratio(rate(st.get("licmig_" + mode)), rate(m)) for mode in ("push", "pull")}
        ceiling = {mode: ratio(rate(st.get("floor_" + mode)), rate(m)) for mode in ("push", "pull")}
        est = ""
        if m["routers"] < n:
            est = (" At its measured rate %s would take about %.0f s for all %d routers (an estimate, not "
                   "measured)." % (label.split()[0], m["wall_s"] * n / m["routers"], n))
        L.append("- licmig against %s (aggregate MB/s of right files): push %s×, pull %s×; the floors themselves "
                 "(a plain client that only moves the bytes) move push %s×, pull %s× %s's MB/s on this "
                 "machine.%s" % (label, fmt(got["push"], 1), fmt(got["pull"], 1), fmt(ceiling["push"], 1),
                                 fmt(ceiling["pull"], 1), label.split()[0], est))
        # the client's own CPU per MB of right files: what bounds each client where the routers hash
        # and decrypt on CPUs of their own (here the simulator shares the 2 cores with every client)
        def cpu_per_mb(k):
            x = st.get(k)
            moved = x["ok_routers"] * size / 1e6 if x else 0
            return x["cpu_s"] * 1000 / moved if x and moved and x.get("cpu_s") else None
        theirs = cpu_per_mb(key)
        if theirs:
            per = {mode: cpu_per_mb("licmig_" + mode) for mode in ("push", "pull")}
            L.append("- Client CPU per MB moved (the client's own work, without the simulator's): %s %s ms/MB; "
                     "licmig push %s ms/MB (%s× less), pull %s ms/MB (%s× less)." % (
                         label.split()[0], fmt(theirs, 1), fmt(per["push"], 2), fmt(ratio(theirs, per["push"]), 1),
                         fmt(per["pull"], 2), fmt(ratio(theirs, per["pull"]), 1)))
        best = max((r for r in got.values() if r is not None), default=None)
        results.append(("stage: licmig ≥ %.0f× faster than %s (aggregate MB/s)" % (targets["stage_peer_ratio"], label),
                        "push %s×, pull %s×" % (fmt(got["push"], 1), fmt(got["pull"], 1)),
                        best is not None and best >= targets["stage_peer_ratio"]))
    L.append("")
    L.append("Commands (INV: the fleet's inventory; FILE: the image; credentials from `LICMIG_USER`/"
             "`LICMIG_PASSWORD`/`LICMIG_ENABLE_SECRET`, `SSH_ASKPASS` for scp, Netmiko's and Ansible's own "
             "settings files):\n")
    for key, cmd in st["commands"].items():
        L.append("- %s: `%s`" % (key.replace("_", " "), cmd))
    L.append("")


def render(results_json, output, elapsed=0.0):
    """Writes the report of a kept --work-dir's results.json again (after a change to the writer)."""
    import argparse
    import bench
    with open(results_json) as f:
        r = json.load(f)
    phases = ["preflight", "migration", "scale", "inventory", "stage"]
    only = [p for p in phases if r.get(p)]
    args = argparse.Namespace(quick=False, only=None if len(only) == len(phases) else only,
                              notes=os.path.join(bench.HERE, "findings.md"))
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(results_json) - elapsed))
    bench.write_report(output, args, r["machine"], r["versions"], r.get("preflight"), r.get("migration"),
                       r.get("scale"), r.get("inventory"), started, elapsed, r.get("stage"))


if __name__ == "__main__":
    import sys
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: stage_bench.py WORK_DIR/results.json REPORT.md [RUN_SECONDS]")
    render(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) == 4 else 0.0)
