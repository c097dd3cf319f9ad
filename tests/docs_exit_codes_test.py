#!/usr/bin/env python3
"""The exit-code table is written once (migrate/exit_code.hpp): `licmig --help` prints it, each
`licmig help COMMAND` the codes that command can return, and the "Exit codes" section of
docs/usage.md must list the same codes with the same words, and the same codes per command.

    tests/docs_exit_codes_test.py --licmig build/bin/licmig --doc docs/usage.md
"""
import argparse
import re
import subprocess
import sys


def help_text(licmig, *args):
    return subprocess.run([licmig] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True).stdout


def codes_in(text):
    text = text[text.index("Exit codes"):] if "Exit codes" in text else ""
    return [(int(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^  (\d+)  (.+)$", text, re.M)]


def from_doc(path):
    with open(path) as f:
        text = f.read()
    section = text[text.index("## Exit codes"):] if "## Exit codes" in text else ""
    section = section.split("\n## ", 1)[0]
    table = [(int(m.group(1)), m.group(2).strip())
             for m in re.finditer(r"^\| `(\d+)` \| (.+) \|$", section, re.M)]
    per_command = {m.group(1): [int(c) for c in m.group(2).split()]
                   for m in re.finditer(r"^\| `([a-z-]+)` \| ([\d ]+) \|$", section, re.M)}
    return table, per_command


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--licmig", required=True)
    ap.add_argument("--doc", required=True)
    args = ap.parse_args()
    got = codes_in(help_text(args.licmig, "--help"))
    want, per_command = from_doc(args.doc)
    failed = False
    if not got:
        print("licmig --help prints no exit-code table")
        return 1
    if got != want:
        print("docs/usage.md's exit-code table differs from `licmig --help`:")
        print("  --help: %s\n  usage.md: %s" % (got, want))
        failed = True
    meanings = dict(got)
    commands = re.findall(r"^  ([a-z]+)\s", help_text(args.licmig, "--help").split("SUBCOMMANDS:")[-1], re.M)
    if sorted(commands) != sorted(per_command):
        print("commands of `licmig --help` %s != commands of docs/usage.md's per-command table %s"
              % (sorted(commands), sorted(per_command)))
        failed = True
    for command, codes in per_command.items():
        listed = codes_in(help_text(args.licmig, "help", command))
        if [c for c, _ in listed] != codes:
            print("`licmig help %s` lists codes %s, docs/usage.md %s" % (command, [c for c, _ in listed], codes))
            failed = True
        for code, meaning in listed:
            if meanings.get(code) != meaning:
                print("`licmig help %s`: code %d means %r, the table %r" % (command, code, meaning,
                                                                           meanings.get(code)))
                failed = True
    if failed:
        return 1
    print("exit codes agree: %s; per command: %s" % (", ".join(str(c) for c, _ in got), ", ".join(per_command)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
