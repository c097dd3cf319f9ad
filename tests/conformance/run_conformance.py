#!/usr/bin/env python3
"""Conformance of licmig's parsers with real router output.

Walks every sample under FIXTURES/<command-dir>/ for the commands licmig parses (new files are
picked up automatically), runs `licmig parse` on each, and requires:
  - every sample is recognised (exit 0), except files named NEGATIVE_*, which must not be;
  - where the sample has a `.expected.txt` (the public parser project's own expected result) and
    expect/<command-dir>.py maps it, every value it states for a field licmig also produces is the
    value licmig produced.
Mismatches are listed by file. Ends with the line 'N passed, N failed'.
"""
import argparse
import ast
import importlib.util
import json
import os
import subprocess
import sys

import yaml

# fixture directory -> the command licmig is told the text came from
COMMAND_DIRS = {
    "show_version": "show version",
    "show_license": "show license",
    "show_license_summary": "show license summary",
    "show_license_status": "show license status",
    "show_license_all": "show license all",
    "show_license_usage": "show license usage",
    "show_license_udi": "show license udi",
    "show_license_tech_support": "show license tech support",
    "show_running_config_include_license_boot_level": "show running-config | include license boot level",
    "show_redundancy": "show redundancy",
    "show_redundancy_states": "show redundancy states",
    "show_call_home_profile_all": "show call-home profile all",
}

HERE = os.path.dirname(os.path.abspath(__file__))


def load_expected(path):
    """Returns (source, data): source is 'genie' (a Python dict literal) or 'ntc' (YAML)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    stripped = text.lstrip()
    if stripped.startswith("---") or stripped.startswith("parsed_sample"):
        return "ntc", yaml.safe_load(text)
    eq = text.find("=")
    if eq < 0:
        raise ValueError("no '=' in genie expected file")
    return "genie", ast.literal_eval(text[eq + 1 :].strip())


def load_mapper(command_dir):
    path = os.path.join(HERE, "expect", command_dir + ".py")
    if not os.path.exists(path):
        return None
    spec = importlib.util.spec_from_file_location("expect_" + command_dir, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def lookup(doc, path):
    """Follows 'a/0/b' through dicts and lists; returns (found, value)."""
    cur = doc
    for part in path.split("/"):
        if isinstance(cur, list):
            try:
                cur = cur[int(part)]
            except (ValueError, IndexError):
                return False, None
        elif isinstance(cur, dict):
            if part not in cur:
                return False, None
            cur = cur[part]
        else:
            return False, None
    return True, cur


def check_value(ours, path, want):
    """want is a value, or a tuple ('any_of', [paths], value) meaning any of those paths may hold it."""
    if isinstance(want, tuple) and want and want[0] == "any_of":
        _, paths, value = want
        got = []
        for p in paths:
            found, v = lookup(ours, p)
            if found and v == value:
                return None
            got.append(f"{p}={v!r}" if found else f"{p} absent")
        return f"{path}: expected {value!r}, got {', '.join(got)}"
    found, got = lookup(ours, path)
    if not found:
        return f"{path}: expected {want!r}, licmig gave nothing"
    if got != want:
        return f"{path}: expected {want!r}, got {got!r}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--licmig", required=True)
    ap.add_argument("--fixtures", required=True, help="tests/fixtures/real")
    ap.add_argument("--only", help="one command directory")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    if not os.path.isdir(args.fixtures):
        print(f"conformance: fixtures folder not found: {args.fixtures}", file=sys.stderr)
        return 2

    passed = failed = 0
    failures = []
    for command_dir, command in sorted(COMMAND_DIRS.items()):
        if args.only and command_dir != args.only:
            continue
        folder = os.path.join(args.fixtures, command_dir)
        if not os.path.isdir(folder):
            failures.append((command_dir, ["fixture folder missing"]))
            failed += 1
            continue
        mapper = load_mapper(command_dir)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".txt") or name.endswith(".expected.txt"):
                continue
            sample = os.path.join(folder, name)
            rel = f"{command_dir}/{name}"
            negative = "NEGATIVE_" in name
            proc = subprocess.run(
                [args.licmig, "parse", "--compact", "--command", command, sample],
                capture_output=True, text=True, errors="replace", timeout=60)
            problems = []
            if negative:
                if proc.returncode == 0:
                    problems.append("NEGATIVE sample was recognised")
                elif proc.returncode != 1:
                    problems.append(f"exit {proc.returncode} (want 1): {proc.stderr.strip()}")
            elif proc.returncode != 0:
                problems.append(f"not recognised (exit {proc.returncode}): {proc.stderr.strip()}")
            else:
                ours = json.loads(proc.stdout)
                exp_path = sample[: -len(".txt")] + ".expected.txt"
                if mapper is not None and os.path.exists(exp_path):
                    try:
                        source, data = load_expected(exp_path)
                        wanted = mapper.expected_values(data, source)
                    except Exception as e:  # a broken mapper is a failure, not a skip
                        problems.append(f"cannot read expected values: {type(e).__name__}: {e}")
                        wanted = []
                    for path, want in wanted:
                        msg = check_value(ours, path, want)
                        if msg:
                            problems.append(msg)
                    if args.verbose:
                        print(f"{rel}: compared {len(wanted)} values")
            if problems:
                failed += 1
                failures.append((rel, problems))
            else:
                passed += 1

    for rel, problems in failures:
        print(f"FAIL {rel}")
        for p in problems:
            print(f"    {p}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
