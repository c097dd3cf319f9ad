#!/usr/bin/env python3
"""End-to-end `licmig report` (issue 16): the HTML fleet report of a store that a real migration
filled, rendered in a real browser (headless Chromium over the DevTools protocol, tests/e2e/browser.py).

A fleet of six simulated routers -- two plain 16.9.4 routers, an HA pair, a router the planner refuses
(no target image on bootflash) and one already on the target -- migrated to 17.9.4 No-License in waves
(a canary of one, then waves of two). Then `licmig report` (no -i: the run's inventory and target)
writes one file, and in Chromium:
  - the page loads with no request but its own file (self-contained: no network needed);
  - every section renders (a screenshot of each, non-empty, kept in the work folder);
  - the charts' figures equal the store's newest snapshots (release, mode, level per router);
  - each router's findings equal `licmig check --from-store --format json` for the same target;
  - the HA pair is shown as agreeing; the waves and each router's outcome, before/after and reloads
    equal the journal; each migrated router's changes section names the release change.
Also: the report writes nothing to the store, and --run with an unknown id exits 2.

Usage: report_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import collections
import glob
import hashlib
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import e2e_main, Sim, read_journal, run_licmig  # noqa: E402
from migrate_test import ADV, DEFAULTS, IMG_169, IMG_179, PAK_ADV, router, target_args  # noqa: E402
from browser import Browser  # noqa: E402

LICMIG = None
SIM = None
WORK = None


def set_paths(licmig, sim, work):
    global LICMIG, SIM, WORK
    LICMIG, SIM, WORK = licmig, sim, work


def tree_digest(root):
    """{relative path: sha256} of every file under root."""
    out = {}
    for path in glob.glob(os.path.join(root, "**"), recursive=True):
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return out


def find_key(value, key):
    """The first value of `key` anywhere in a JSON document (command outputs change shape; the
    changes list does not)."""
    if isinstance(value, dict):
        if key in value:
            return value[key]
        value = list(value.values())
    if isinstance(value, list):
        for v in value:
            found = find_key(v, key)
            if found is not None:
                return found
    return None


def routers_of(report):
    """The router rows of a command's JSON, in either of its shapes (a list, or an envelope)."""
    rows = report["routers"] if isinstance(report, dict) else report
    return {r.get("host", r.get("name")): r for r in rows}


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = os.path.join(WORK, "report")
        devices = [
            router("rp-a", IMG_169, boot_level=ADV, paks=PAK_ADV),
            router("rp-b", IMG_169, boot_level=ADV, paks=PAK_ADV),
            router("rp-ha1", IMG_169, boot_level=ADV, paks=PAK_ADV, ha={"group": "rpha", "role": "active"}),
            router("rp-ha2", IMG_169, boot_level=ADV, paks=PAK_ADV, ha={"group": "rpha", "role": "standby"}),
            # the target image is not on its bootflash: refused (LM080), never touched
            router("rp-noimg", IMG_169, boot_level=ADV, paks=PAK_ADV, images=[]),
            router("rp-done", IMG_179, mode="no-license", boot_level=ADV),
        ]
        cls.sim = Sim(SIM, cls.work, devices, defaults=DEFAULTS)
        cls.sim.__enter__()
        cls.inv = cls.sim.inventory()
        cls.store = os.path.join(cls.work, "store")
        cls.env = cls.sim.env()
        r = run_licmig(LICMIG, ["migrate", "-i", cls.inv] + target_args("179-nolic") + cls.sim.common_args() +
                       ["--yes", "--canary", "1", "--serial", "2", "--parallel", "2", "--format", "json"], cls.env)
        cls.migrate = r
        cls.report_path = os.path.join(cls.work, "report.html")
        cls.before_report = tree_digest(cls.store)
        cls.report = run_licmig(LICMIG, ["report", "--store", cls.store, "-o", cls.report_path], cls.env)
        cls.after_report = tree_digest(cls.store)
        check = run_licmig(LICMIG, ["check", "-i", cls.inv, "--from-store", "--format", "json", "--store", cls.store]
                           + target_args("179-nolic"), cls.env)
        cls.check = check
        cls.browser = Browser(cls.work).__enter__()
        cls.browser.open(cls.report_path)

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "browser", None):
            cls.browser.__exit__(None, None, None)
        cls.sim.__exit__(None, None, None)

    def dom(self, expression):
        return self.browser.eval(expression)

    def test_01_the_run_and_the_report_happened(self):
        self.assertIn(self.migrate.returncode, (0, 1), self.migrate.stderr)  # rp-noimg refused: 1
        self.assertEqual(self.report.returncode, 0, self.report.stderr)
        self.assertTrue(os.path.getsize(self.report_path) > 0)
        self.assertEqual(self.before_report, self.after_report, "report changed the store")

    def test_02_self_contained(self):
        url = "file://" + os.path.abspath(self.report_path)
        self.assertEqual(self.browser.requests, [url], "the page requested more than its own file")
        self.assertEqual(self.dom("document.querySelectorAll('script, link, img, iframe').length"), 0)

    def test_03_every_section_renders(self):
        # LICMIG_E2E_ARTIFACTS=DIR keeps the screenshots (the work folder goes when the test passes)
        shots = os.environ.get("LICMIG_E2E_ARTIFACTS", self.work)
        os.makedirs(shots, exist_ok=True)
        for section in ("fleet", "compliance", "ha", "migration", "diffs"):
            png = os.path.join(shots, "report-%s.png" % section)
            w, h = self.browser.screenshot("#" + section, png)
            self.assertGreater(w, 100, section)
            self.assertGreater(h, 40, section)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", section)
            self.assertGreater(os.path.getsize(png), 2000, section)

    def newest_snapshots(self):
        out = {}
        for host_dir in glob.glob(os.path.join(self.store, "snapshots", "*")):
            files = sorted(glob.glob(os.path.join(host_dir, "*.json")))
            files = [f for f in files if not f.endswith(".diff.json")]
            if files:
                with open(files[-1]) as f:
                    out[os.path.basename(host_dir)] = json.load(f)
        return out

    def test_04_charts_equal_the_store(self):
        snaps = self.newest_snapshots()
        self.assertEqual(len(snaps), 6, sorted(snaps))
        expect = {
            "chart-release": collections.Counter(s["version"]["release"] for s in snaps.values()),
            "chart-mode": collections.Counter(s["license_mode"] for s in snaps.values()),
            "chart-level": collections.Counter(s["license_level"] for s in snaps.values()),
        }
        # five on the target (17.9.4a is the image's release), the refused one where it was
        self.assertEqual(expect["chart-release"], {"17.9.4a": 5, "16.9.4": 1}, "the migration did not happen")
        for chart, counts in expect.items():
            got = self.dom("Object.fromEntries([...document.querySelectorAll('#%s g.bar')]"
                           ".map(g => [g.dataset.label, Number(g.dataset.count)]))" % chart)
            self.assertEqual(got, dict(counts), chart)
            # the bar lengths follow the counts
            widths = self.dom("[...document.querySelectorAll('#%s g.bar rect')].map(r => r.getBBox().width)" % chart)
            self.assertEqual(widths, sorted(widths, reverse=True), chart)
        self.assertEqual(self.dom("Number(document.querySelector('#fleet-count').dataset.count)"), 6)

    def test_05_findings_equal_check(self):
        self.assertIn(self.check.returncode, (0, 1), self.check.stderr)
        check = routers_of(json.loads(self.check.stdout))
        rows = self.dom("[...document.querySelectorAll('#compliance tr[data-host]')].map(tr => ({host: "
                        "tr.dataset.host, rules: [...tr.querySelectorAll('.finding')].map(f => f.dataset.rule)}))")
        self.assertEqual(sorted(r["host"] for r in rows), sorted(check))
        for row in rows:
            want = sorted(f["rule"] for f in check[row["host"]].get("findings", []))
            self.assertEqual(sorted(row["rules"]), want, row["host"])
        noimg = [r for r in rows if r["host"] == "rp-noimg"][0]
        self.assertIn("LM080", noimg["rules"])
        self.assertIn("17.9.4 no-license", self.dom("document.querySelector('#compliance h2').textContent"))

    def test_06_ha_pair(self):
        rows = self.dom("[...document.querySelectorAll('#ha tr[data-pair]')].map(tr => [tr.dataset.host, "
                        "tr.dataset.agree])")
        self.assertEqual(sorted(rows), [["rp-ha1", "yes"], ["rp-ha2", "yes"]])

    def test_07_waves_and_outcomes_equal_the_journal(self):
        journals = glob.glob(os.path.join(self.store, "journal", "*.jsonl"))
        self.assertEqual(len(journals), 1)
        events = read_journal(journals[0])
        waves = [e for e in events if e["event"] == "wave"]
        self.assertGreaterEqual(len(waves), 2)
        self.assertTrue(waves[0]["canary"])
        self.assertEqual(len(waves[0]["hosts"]), 1)
        got_waves = self.dom("[...document.querySelectorAll('#migration tr[data-wave]')].map(tr => "
                             "[Number(tr.dataset.wave), Number(tr.dataset.routers)])")
        self.assertEqual(got_waves, [[w["wave"], len(w["hosts"])] for w in waves])
        results = {e["host"]: e for e in events if e["event"] == "result"}
        self.assertTrue(results)
        rows = self.dom("Object.fromEntries([...document.querySelectorAll('#migration tr[data-host]')].map(tr => "
                        "[tr.dataset.host, {outcome: tr.dataset.outcome, reloads: Number(tr.dataset.reloads), "
                        "cells: [...tr.cells].map(c => c.textContent)}]))")
        self.assertEqual(sorted(rows), sorted(results))
        for host, res in results.items():
            self.assertEqual(rows[host]["outcome"], res["outcome"], host)
            self.assertEqual(rows[host]["reloads"], res.get("reloads", 0), host)
            self.assertEqual(rows[host]["cells"][3], res.get("from", ""), host)
            self.assertEqual(rows[host]["cells"][4], res.get("to", ""), host)
        self.assertEqual(rows["rp-a"]["outcome"], "migrated")
        self.assertEqual(rows["rp-noimg"]["outcome"], "refused")
        # the timeline has a span per router, in its wave
        spans = self.dom("[...document.querySelectorAll('#timeline g.span')].map(g => [g.dataset.host, "
                         "Number(g.dataset.wave), g.querySelector('rect').getBBox().width])")
        self.assertEqual(sorted(s[0] for s in spans), sorted(results))
        wave_of = {h: w["wave"] for w in waves for h in w["hosts"]}
        for host, wave, width in spans:
            self.assertEqual(wave, wave_of.get(host, 0), host)
            self.assertGreater(width, 0, host)

    def test_08_changes_per_router_equal_licmig_diff(self):
        journal = glob.glob(os.path.join(self.store, "journal", "*.jsonl"))[0]
        results = {e["host"]: e for e in read_journal(journal) if e["event"] == "result"}
        migrated = self.dom("[...document.querySelectorAll('#migration tr[data-outcome=migrated]')]"
                            ".map(tr => tr.dataset.host)")
        self.assertEqual(sorted(migrated), sorted(h for h, r in results.items() if r["outcome"] == "migrated"))
        self.assertLessEqual({"rp-a", "rp-b", "rp-ha1", "rp-ha2"}, set(migrated))
        for host in migrated:
            link = self.dom("document.querySelector('#migration tr[data-host=\"%s\"] a').getAttribute('href')" % host)
            self.assertEqual(link, "#diff-" + host)
            shown = self.dom("[...document.querySelectorAll('#diff-%s tr[data-field]')].map(tr => [tr.dataset.field, "
                             "tr.cells[1].textContent, tr.cells[2].textContent])" % host)
            shown = [[f, "" if b == "(absent)" else b, "" if a == "(absent)" else a] for f, b, a in shown]
            # the same changes `licmig diff` reports for the run's pre- and post-change snapshots
            d = run_licmig(LICMIG, ["diff", results[host]["pre_snapshot"], results[host]["post_snapshot"],
                                    "--format", "json"], self.env)
            self.assertIn(d.returncode, (0, 1), d.stderr)
            want = [[c["field"], c["before"], c["after"]] for c in find_key(json.loads(d.stdout), "changes")]
            self.assertEqual(shown, want, host)
            if host != "rp-done":  # the others left traditional licensing
                self.assertIn(["license_mode", "traditional", "no-license"], shown, host)

    def test_09_bad_run_id(self):
        r = run_licmig(LICMIG, ["report", "--store", self.store, "--run", "20991231T000000Z-0000", "-o",
                                os.path.join(self.work, "x.html")], self.env)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("20991231T000000Z-0000", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.work, "x.html")))


if __name__ == "__main__":
    e2e_main("licmig-e2e-report-", set_paths)
