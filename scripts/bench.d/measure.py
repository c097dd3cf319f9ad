"""Runs one command and measures it as a client: wall time until it exits, CPU time (user + system)
of it and of every process it started (a child subreaper adopts daemonised helpers such as
Ansible's persistent connection processes, so their CPU is counted too), the peak RSS of its
largest process (ru_maxrss) and the peak sum of the RSS of all its processes (sampled every 0.1 s).

    measure.py RESULT.json STDOUT_FILE STDERR_FILE -- COMMAND ARGS...

Writes {"wall_s", "user_s", "sys_s", "cpu_s", "maxrss_kib", "tree_rss_peak_kib", "rc", "leftover",
"load_start", "load_end" (1-minute load averages)} to
RESULT.json ("leftover": processes still running when the client exited; they are ended after 2 s).
The measuring process's own CPU is not counted (RUSAGE_CHILDREN).
"""
import ctypes
import json
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def descendants(root):
    parent = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        parent[int(entry)] = int(fields[1])
    out = []
    for pid in parent:
        p = pid
        while p in parent and p != root and p > 1:
            p = parent[p]
        if p == root and pid != root:
            out.append(pid)
    return out


def rss_kib(pid):
    try:
        with open("/proc/%d/statm" % pid) as f:
            return int(f.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def main():
    result_path, out_path, err_path = sys.argv[1:4]
    assert sys.argv[4] == "--"
    command = sys.argv[5:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("measure.py: prctl(PR_SET_CHILD_SUBREAPER) failed")
    me = os.getpid()
    peak = 0
    load_start = os.getloadavg()[0]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(command, stdout=out, stderr=err)
        while proc.poll() is None:
            peak = max(peak, sum(rss_kib(p) for p in descendants(me)))
            time.sleep(0.1)
        wall = time.monotonic() - start
    # Reap whatever it left behind: helpers idle after the client exited (Ansible's persistent
    # connections wait for their idle timeout) get SIGTERM after 2 s, SIGKILL after 10 s more.
    leftover = len(descendants(me))
    start_reap = time.monotonic()
    signalled = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            waited = time.monotonic() - start_reap
            sig = 9 if waited > 12 else (15 if waited > 2 else 0)
            if sig and sig != signalled:
                signalled = sig
                for p in descendants(me):
                    try:
                        os.kill(p, sig)
                    except OSError:
                        pass
            time.sleep(0.05)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(result_path, "w") as f:
        json.dump({"wall_s": wall, "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
                   "cpu_s": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss,
                   "tree_rss_peak_kib": peak, "rc": proc.returncode, "leftover": leftover,
                   "load_start": load_start, "load_end": os.getloadavg()[0]}, f)


if __name__ == "__main__":
    main()
