#!/usr/bin/env python3
"""End-to-end secret masking (issue 12, "secrets"): iosxe-sim routers whose running configuration
holds every kind of secret of docs/secrets.md (tests/fixtures/secrets/every_kind.txt, given to the
simulator as `extra_config`), and the real licmig binary against them:

  - `licmig snapshot`, `check`, `show -- "show running-config"` and a `migrate` (with a reload);
  - then no secret value is in any file of the store (snapshots JSON and XML, transcripts, the
    journal, diffs) nor in anything licmig printed; the masks keep each line's structure
    (`snmp-server community <secret:xxxxxx> RO 10`); the store's mask key is 0600;
  - `licmig diff` of two snapshots whose configurations differ in one SNMP community shows that
    line's masks differ, and no other secret line.

Usage: secrets_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import argparse
import glob
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import e2e_main, ENABLE, PASSWORD, Sim, keep_or_remove, run_licmig  # noqa: E402
from migrate_test import ADV, DEFAULTS, IMG_169, PAK_ADV, ssh_exec, target_args  # noqa: E402

LICMIG = None
SIM = None
WORK = None

FIXTURES = os.path.join(os.path.dirname(HERE), "fixtures", "secrets")
MASK = re.compile(r"<secret:[0-9a-f]{6}>")


def secret_config():
    """The fixture's configuration lines for extra_config: without the lines IOS adds around a
    configuration, and without `license` / `hostname` / `version` lines (the simulator has its own)."""
    lines = []
    with open(os.path.join(FIXTURES, "every_kind.txt")) as f:
        for line in f.read().splitlines():
            t = line.strip()
            if not t or t.startswith(("!", "Building", "Current configuration", "version ", "hostname ", "license ")) \
                    or t == "end":
                continue
            lines.append(line)
    return lines


def secret_values():
    with open(os.path.join(FIXTURES, "every_kind.secrets")) as f:
        return [l.strip() for l in f if l.strip()]


def all_files(root):
    for dirpath, _, files in os.walk(root):
        for f in files:
            yield os.path.join(dirpath, f)


class SecretsTest(unittest.TestCase):
    def test_no_secret_in_store_or_output_and_diff_shows_a_changed_secret(self):
        config = secret_config()
        changed = [l.replace("Publ1cComm", "Chang3dComm") for l in config]
        self.assertNotEqual(config, changed)
        devices = [{"name": "sec1", "image": IMG_169, "license_mode": "traditional", "license_level": ADV,
                    "boot_level": ADV, "pak_licenses": PAK_ADV, "extra_config": config},
                   {"name": "sec2", "image": IMG_169, "license_mode": "traditional", "license_level": ADV,
                    "boot_level": ADV, "pak_licenses": PAK_ADV, "extra_config": changed}]
        secrets = secret_values() + ["Chang3dComm", PASSWORD, ENABLE]
        work = os.path.join(WORK, "secrets")
        shutil.rmtree(work, ignore_errors=True)
        outputs = []
        with Sim(SIM, work, devices, defaults=DEFAULTS, boot_seconds=1) as sim:
            inv = sim.inventory()
            store = os.path.join(work, "store")

            def licmig(args, codes=(0,)):
                r = run_licmig(LICMIG, args[:1] + sim.common_args() + ["-i", inv] + args[1:], sim.env())
                outputs.append((args[0], r.stdout + r.stderr))
                self.assertIn(r.returncode, codes, "%s: %s %s" % (args, r.stdout[-2000:], r.stderr[-3000:]))
                return r

            licmig(["snapshot"])
            first = {h: sorted(glob.glob(os.path.join(store, "snapshots", h, "*.json"))) for h in ("sec1", "sec2")}
            self.assertTrue(first["sec1"] and first["sec2"], first)
            licmig(["check"] + target_args("179-nolic"), codes=(0, 1))
            shown = licmig(["show", "--", "show running-config"])
            self.assertRegex(shown.stdout, r"(?m)^snmp-server community <secret:[0-9a-f]{6}> RO 10$")
            licmig(["migrate", "-l", "sec1", "--yes", "--format", "json"] + target_args("179-nolic"))
            # the router really serves the secrets (read with OpenSSH, not licmig)
            self.assertIn("snmp-server community Publ1cComm RO 10", ssh_exec(sim.ports["sec1"], "show running-config"))

        # The mask key: one per store, 0600.
        key = os.path.join(store, "mask.key")
        self.assertEqual(stat.S_IMODE(os.stat(key).st_mode), 0o600)
        self.assertEqual(os.path.getsize(key), 32)

        # No secret in any file of the store, nor in anything licmig printed.
        files = [p for p in all_files(store) if p != key]
        self.assertTrue(any("/transcripts/" in p for p in files), files)
        self.assertTrue(any("/journal/" in p for p in files), files)
        self.assertTrue(any(p.endswith(".xml") for p in files), files)
        self.assertTrue(any(p.endswith(".diff.txt") for p in files), files)
        for path in files:
            with open(path, "rb") as f:
                data = f.read()
            for s in secrets:
                self.assertNotIn(s.encode(), data, "%s holds the secret %r" % (path, s))
        for what, text in outputs:
            for s in secrets:
                self.assertNotIn(s, text, "licmig %s printed the secret %r" % (what, s))

        # The structure is kept: snapshot raw outputs (JSON and XML) and a transcript.
        with open(first["sec1"][0]) as f:
            snap = json.load(f)
        running = next(r["text"] for r in snap["raw"] if r["command"] == "show running-config")
        for pattern in (r"(?m)^snmp-server community <secret:[0-9a-f]{6}> RO 10$",
                        r"(?m)^snmp-server host 192\.0\.2\.10 version 2c <secret:[0-9a-f]{6}> udp-port 162 config$",
                        r"(?m)^ key 6 <secret:[0-9a-f]{6}>$",
                        r"(?m)^crypto isakmp key 6 <secret:[0-9a-f]{6}> address 203\.0\.113\.1 255\.255\.255\.255$",
                        r"(?m)^ntp authentication-key 1 md5 <secret:[0-9a-f]{6}> 7$",
                        r"(?m)^  <secret:[0-9a-f]{6}>$",
                        r"(?m)^ path ftp://backup:<secret:[0-9a-f]{6}>@192\.0\.2\.30/\$h-\$t$"):
            self.assertRegex(running, pattern)
        with open(first["sec1"][0][:-5] + ".xml") as f:
            self.assertRegex(f.read(), r"snmp-server community &lt;secret:[0-9a-f]{6}&gt; RO 10")
        transcript = sorted(glob.glob(os.path.join(store, "transcripts", "sec1", "*.log")))[0]
        with open(transcript) as f:
            self.assertRegex(f.read(), r"(?m)^snmp-server community <secret:[0-9a-f]{6}> RO 10$")

        # The same secret masks the same way in both routers' snapshots (one key per store).
        with open(first["sec2"][0]) as f:
            other = next(r["text"] for r in json.load(f)["raw"] if r["command"] == "show running-config")
        tacacs = r"(?m)^tacacs-server key 0 (<secret:[0-9a-f]{6}>)$"
        self.assertEqual(re.search(tacacs, running).group(1), re.search(tacacs, other).group(1))

        # `licmig diff`: only the changed community differs, as two different masks.
        env = dict(os.environ)
        r = run_licmig(LICMIG, ["diff", first["sec1"][0], first["sec2"][0]], env)
        self.assertEqual(r.returncode, 1, r.stderr)  # they differ
        secret_lines = [l for l in r.stdout.splitlines() if l.startswith("secret ")]
        self.assertEqual(len(secret_lines), 1, r.stdout)
        m = re.match(r"secret snmp-server community <secret> RO 10: (<secret:[0-9a-f]{6}>) -> (<secret:[0-9a-f]{6}>)$",
                     secret_lines[0])
        self.assertTrue(m, r.stdout)
        self.assertNotEqual(m.group(1), m.group(2))
        for s in secrets:
            self.assertNotIn(s, r.stdout + r.stderr)
        r = run_licmig(LICMIG, ["diff", "--format", "json", first["sec1"][0], first["sec2"][0]], env)
        changes = [c for c in json.loads(r.stdout)["routers"][0]["changes"] if c["field"].startswith("secret ")]
        self.assertEqual([(c["before"], c["after"]) for c in changes], [(m.group(1), m.group(2))])
        shutil.rmtree(work, ignore_errors=True)


def main():
    def set_paths(licmig, sim, work):
        global LICMIG, SIM, WORK
        LICMIG, SIM, WORK = licmig, sim, work

    e2e_main("secrets-e2e-", set_paths)



if __name__ == "__main__":
    main()
