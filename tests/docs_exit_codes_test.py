#!/usr/bin/env python3
"""The exit-code table is written once (migrate/exit_code.hpp): `licmig --help` prints it, and the
"Exit codes" section of docs/usage.md must list the same codes with the same words.

    tests/docs_exit_codes_test.py --licmig build/bin/licmig --doc docs/usage.md
"""
import argparse
import re
import subprocess
import sys


def from_help(licmig):
    out = subprocess.run([licmig, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True).stdout
    text = out[out.index("Exit codes"):] if "Exit codes" in out else ""
    return [(int(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^  (\d)  (.+)$", text, re.M)]


def from_doc(path):
    with open(path) as f:
        text = f.read()
    section = text[text.index("## Exit codes"):] if "## Exit codes" in text else ""
    section = section.split("\n## ", 1)[0]
    return [(int(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^\| `(\d)` \| (.+) \|$", section, re.M)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--licmig", required=True)
    ap.add_argument("--doc", required=True)
    args = ap.parse_args()
    got, want = from_help(args.licmig), from_doc(args.doc)
    if not got:
        print("licmig --help prints no exit-code table")
        return 1
    if got != want:
        print("docs/usage.md's exit-code table differs from `licmig --help`:")
        print("  --help: %s\n  usage.md: %s" % (got, want))
        return 1
    print("exit codes agree: %s" % ", ".join(str(c) for c, _ in got))
    return 0


if __name__ == "__main__":
    sys.exit(main())
