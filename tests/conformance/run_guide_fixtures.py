#!/usr/bin/env python3
"""Every example output of the vendor guide parses to the values the guide shows.

Reads FIXTURES/manifest.yaml (file, command, expect: {path: value}), runs `licmig parse` on each
file and compares. Every fixture file in the folder must be listed in the manifest. Ends with the
line 'N passed, N failed'.
"""
import argparse
import json
import os
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_conformance import check_value  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--licmig", required=True)
    ap.add_argument("--fixtures", required=True)
    args = ap.parse_args()
    with open(os.path.join(args.fixtures, "manifest.yaml"), encoding="utf-8") as f:
        manifest = yaml.safe_load(f)
    listed = set()
    passed = failed = 0
    for fx in manifest["fixtures"]:
        listed.add(fx["file"])
        path = os.path.join(args.fixtures, fx["file"])
        proc = subprocess.run([args.licmig, "parse", "--compact", "--command", fx["command"], path],
                              capture_output=True, text=True, errors="replace", timeout=60)
        problems = []
        if proc.returncode != 0:
            problems.append(f"not recognised (exit {proc.returncode}): {proc.stderr.strip()}")
        else:
            ours = json.loads(proc.stdout)
            for key, want in fx.get("expect", {}).items():
                msg = check_value(ours, str(key), want)
                if msg:
                    problems.append(msg)
        if problems:
            failed += 1
            print(f"FAIL {fx['file']} (guide line {fx.get('guide_line')})")
            for p in problems:
                print(f"    {p}")
        else:
            passed += 1
    for name in sorted(os.listdir(args.fixtures)):
        if name.endswith(".txt") and name not in listed:
            failed += 1
            print(f"FAIL {name}: not listed in manifest.yaml")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
