#!/usr/bin/env python3
"""Ansible conformance of licmig's inventory loader.

For every inventory under the fixtures folder (tests/fixtures/inventory/ansible/), runs Ansible's own
`ansible-inventory -i F --list` and `licmig inventory -i F --list` and compares them: the same hosts,
the same groups with the same member hosts and child groups, and for every host the same variables
with the same values. licmig prints secrets as "***"; for those the variable must exist in Ansible's
output (with a value) and be "***" in ours, and no secret-named variable may be printed in clear.

With --layouts, also every folder under it (tests/fixtures/inventory/layouts/): a whole Ansible
layout — group_vars/, host_vars/, folders as sources, several -i, Ansible Vault — run from inside
the folder with the arguments listed one per line in its ARGS file, for both tools alike.

The one deliberate difference: licmig never shows a value that came from Ansible Vault.
ansible-inventory prints a `!vault` value as {"__ansible_vault": "<ciphertext>"} — licmig prints
"***" — and the variables of a vault-encrypted file decrypted; licmig prints "***" for those too, and
the layout's MASKED file lists them ("host variable" per line): each must be "***" in ours.

Ends with 'N passed, N failed'; exit status 1 when anything failed. ansible-inventory missing is a
failure, not a skip: the expected values come from it.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

SECRET_WORDS = ("password", "passwd", "secret", "token")


def is_secret(name):
    n = name.lower()
    return any(w in n for w in SECRET_WORDS) or n.endswith("_pass")


def run_json(cmd, cwd, env):
    # stdin: nothing (Ansible refuses to start when the stdin it inherits is non-blocking)
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (cmd[0], proc.returncode, proc.stderr.strip()))
    return json.loads(proc.stdout)


def groups_of(doc):
    out = {}
    for name, entry in doc.items():
        if name == "_meta":
            continue
        out[name] = (sorted(entry.get("hosts", [])), sorted(entry.get("children", [])))
    return out


def is_vault_value(value):
    return isinstance(value, dict) and set(value) == {"__ansible_vault"}


def compare_values(host, path, ours, theirs, problems, masked=frozenset()):
    key = path[-1]
    if is_vault_value(theirs) or (host, ".".join(path)) in masked:
        if ours != "***":
            problems.append("%s: %s: vault value not masked (licmig printed %r)" % (host, ".".join(path), ours))
        return
    if is_secret(key) and theirs is not None:
        if ours != "***":
            problems.append("%s: %s: secret not masked (licmig printed %r)" % (host, ".".join(path), ours))
        return
    if isinstance(theirs, dict) and isinstance(ours, dict):
        if set(ours) != set(theirs):
            problems.append("%s: %s: keys differ: licmig %s, ansible %s"
                            % (host, ".".join(path), sorted(ours), sorted(theirs)))
            return
        for k in theirs:
            compare_values(host, path + [k], ours[k], theirs[k], problems)
        return
    if ours != theirs or type(ours) is not type(theirs) and not (
            isinstance(ours, (int, float)) and isinstance(theirs, (int, float)) and
            not isinstance(ours, bool) and not isinstance(theirs, bool)):
        problems.append("%s: %s: licmig %r, ansible %r" % (host, ".".join(path), ours, theirs))


def compare(ours, theirs, masked=frozenset()):
    problems = []
    og, tg = groups_of(ours), groups_of(theirs)
    for name in sorted(set(og) | set(tg)):
        if name not in og:
            problems.append("group %s: missing in licmig" % name)
        elif name not in tg:
            problems.append("group %s: not in ansible" % name)
        elif og[name] != tg[name]:
            problems.append("group %s: licmig hosts/children %s, ansible %s" % (name, og[name], tg[name]))
    oh = ours.get("_meta", {}).get("hostvars", {})
    th = theirs.get("_meta", {}).get("hostvars", {})
    all_hosts = set()
    for entry in list(og.values()) + list(tg.values()):
        all_hosts.update(entry[0])
    for host in sorted(all_hosts | set(oh) | set(th)):
        ov, tv = oh.get(host, {}), th.get(host, {})
        if set(ov) != set(tv):
            problems.append("%s: variables differ: only licmig %s, only ansible %s"
                            % (host, sorted(set(ov) - set(tv)), sorted(set(tv) - set(ov))))
            continue
        for k in sorted(tv):
            compare_values(host, [k], ov[k], tv[k], problems, masked)
    for host, var in sorted(masked):
        if var not in oh.get(host, {}):
            problems.append("%s: %s: listed in MASKED but not printed" % (host, var))
    return problems


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def report(label, problems, detail=""):
    """Prints one comparison's verdict (and its problems); True when it passed."""
    if problems:
        print("FAIL %s" % label)
        for p in problems:
            print("  " + p)
        return False
    print("ok   %s%s" % (label, detail))
    return True


def run_layouts(args, ansible, env, tmp):
    """Every layout folder: (passed, failed)."""
    passed = failed = 0
    layouts = sorted(d for d in os.listdir(args.layouts) if os.path.isdir(os.path.join(args.layouts, d)))
    if len(layouts) < 5:
        print("FAIL: expected at least 5 layouts in %s, found %d" % (args.layouts, len(layouts)))
        failed += 1
    for name in layouts:
        folder = os.path.abspath(os.path.join(args.layouts, name))
        argv = read_lines(os.path.join(folder, "ARGS"))
        masked = frozenset(tuple(line.split(None, 1)) for line in read_lines(os.path.join(folder, "MASKED")))
        try:
            if not argv:
                raise RuntimeError("no ARGS file")
            # each run in a copy, so nothing either tool writes can leak into the fixtures
            work = os.path.join(tmp, "layout-" + name)
            shutil.copytree(folder, work, symlinks=True)
            theirs = run_json([ansible] + argv + ["--list"], work, env)
            ours = run_json([os.path.abspath(args.licmig), "inventory"] + argv + ["--list"], work, env)
            problems = compare(ours, theirs, masked)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired, OSError) as e:
            problems = [str(e)]
        if report("layout " + name, problems):
            passed += 1
        else:
            failed += 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--licmig", required=True)
    ap.add_argument("--fixtures", required=True, help="folder of Ansible inventories")
    ap.add_argument("--layouts", help="folder of Ansible layouts (a folder each, with an ARGS file)")
    ap.add_argument("--ansible-inventory", default="ansible-inventory")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    files = sorted(os.path.join(args.fixtures, f) for f in os.listdir(args.fixtures)
                   if os.path.isfile(os.path.join(args.fixtures, f)))
    passed = failed = 0
    ansible = shutil.which(args.ansible_inventory)
    if not ansible:
        print("FAIL: %s not found (install Debian's ansible-core; scripts/setup does)" % args.ansible_inventory)
        print("0 passed, %d failed" % max(len(files), 1))
        return 1
    if len(files) < 5:
        print("FAIL: expected at least 5 inventories in %s, found %d" % (args.fixtures, len(files)))
        failed += 1

    with tempfile.TemporaryDirectory(prefix="licmig-ansible-") as tmp:
        env = dict(os.environ)
        env.update({"HOME": tmp, "ANSIBLE_HOME": os.path.join(tmp, ".ansible"),
                    "ANSIBLE_LOCAL_TEMP": os.path.join(tmp, "tmp"), "ANSIBLE_CONFIG": os.path.join(tmp, "none.cfg"),
                    "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true", "ANSIBLE_NOCOLOR": "1"})
        for f in files:
            path = os.path.abspath(f)
            name = os.path.basename(f)
            try:
                theirs = run_json([ansible, "-i", path, "--list"], tmp, env)
                ours = run_json([os.path.abspath(args.licmig), "inventory", "-i", path, "--list"], tmp, env)
                problems = compare(ours, theirs)
            except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
                problems = [str(e)]
            hosts = "" if problems or not args.verbose else " (%d hosts)" % len(theirs.get("_meta", {}).get("hostvars", {}))
            if report(name, problems, hosts):
                passed += 1
            else:
                failed += 1
        if args.layouts:
            p, f = run_layouts(args, ansible, env, tmp)
            passed += p
            failed += f
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
