#!/usr/bin/env python3
"""End-to-end tests of licmig's command-line contract (issue 16): the real licmig binary against
iosxe-sim over real SSH on loopback.

  a. exit codes per command and situation: an unreachable router is 3 in snapshot, check, plan,
     migrate --dry-run, migrate --yes and show; a router without a user name is 2 (an input error)
     in snapshot, check, plan, migrate --dry-run and show; `check --from-store` without a stored
     record says so and exits 2; `diff HOST` exits 1 when the records differ;
  b. every command's `--format json` output is the one envelope and matches its JSON Schema
     (docs/schema/COMMAND.schema.json); a migrated row carries its from/to and reloads;
  c. store hygiene: check and plan store a snapshot only when the router changed, `snapshot` always
     records; `show` writes nothing unless --keep-transcripts; `store prune --keep N`;
  d. settings: licmig.yaml in the working folder, LICMIG_* variables, the command line, in that
     rising precedence.

Usage: contract_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import migrate_test as mt  # noqa: E402
from harness import Sim, e2e_main, free_port_block, report_of, run_licmig  # noqa: E402
from migrate_test import ADV, DEFAULTS, IMG_169, PAK_ADV, MigrateTestCase, router, target_args  # noqa: E402

TARGET = target_args("179-nolic")
# a uid with no entry in the password database: licmig cannot learn a user name from it
NO_USER_UID = 54321


def fleet():
    return [router("pe1", IMG_169, boot_level=ADV, paks=PAK_ADV), router("pe2", IMG_169, boot_level=ADV, paks=PAK_ADV)]


class Contract(MigrateTestCase):
    def inventory(self, sim):
        """The simulated routers plus `down`, an address where nothing listens."""
        path = sim.inventory()
        with open(path) as f:
            inv = yaml.safe_load(f)
        inv["all"]["hosts"]["down"] = {"ansible_host": "127.0.0.1", "ansible_port": free_port_block(1)}
        with open(path, "w") as f:
            yaml.safe_dump(inv, f)
        return path

    def common(self, store=None):
        return ["--store", store or self.store, "--known-hosts", os.path.join(self.work, "known_hosts"),
                "--accept-new-host-keys", "--connect-timeout", "5"]

    def licmig(self, sim, args, env=None, **kw):
        return run_licmig(mt.LICMIG, args, env or sim.env(), **kw)

    def snapshots(self, host, store=None):
        return sorted(glob.glob(os.path.join(store or self.store, "snapshots", host, "*.json")))

    # --- a. exit codes ------------------------------------------------------------------------------

    def test_unreachable_is_3_in_every_command(self):
        with Sim(mt.SIM, self.work, fleet(), defaults=DEFAULTS) as sim:
            inv = self.inventory(sim)
            base = ["-i", inv, "-l", "pe2:down", "--format", "json"] + self.common()
            cases = [("snapshot", ["snapshot"] + base),
                     ("check", ["check"] + base + TARGET),
                     ("plan", ["plan"] + base + TARGET),
                     ("migrate", ["migrate", "--dry-run"] + base + TARGET),
                     ("migrate", ["migrate", "--yes", "-l", "down", "-i", inv, "--format", "json"] + self.common()
                      + TARGET),
                     ("show", ["show"] + base + ["--", "show version"])]
            for command, args in cases:
                with self.subTest(args=args[:2]):
                    r = self.licmig(sim, args)
                    self.assertEqual(r.returncode, 3, r.stdout[-2000:] + r.stderr[-2000:])
                    doc = report_of(r.stdout, command)
                    rows = {row["host"]: row for row in doc["routers"]}
                    self.assertEqual(rows["down"]["status"], "unreachable", rows["down"])
                    self.assertEqual(doc["summary"]["exit_code"], 3)

    def test_a_router_without_a_user_name_is_an_input_error(self):
        if os.geteuid() != 0:
            self.skipTest("running licmig as a user without a password entry needs root")
        # The uid without a password entry must reach the binary and the files: a folder under /tmp
        # (the checkout may sit under a folder only root can enter, as a mktemp -d clone does).
        pub = tempfile.mkdtemp(prefix="licmig-nouser-")
        self.addCleanup(shutil.rmtree, pub, True)
        os.chmod(pub, 0o777)
        binary = os.path.join(pub, "licmig")
        shutil.copy2(mt.LICMIG, binary)
        os.chmod(binary, 0o755)
        with Sim(mt.SIM, self.work, fleet(), defaults=DEFAULTS) as sim:
            inv = os.path.join(pub, "inventory.yaml")
            shutil.copy2(self.inventory(sim), inv)
            os.chmod(inv, 0o644)
            env = sim.env(HOME=pub)
            del env["LICMIG_USER"]
            store = os.path.join(pub, "nouser-store")
            base = ["-i", inv, "-l", "pe1", "--format", "json", "--store", store, "--known-hosts",
                    os.path.join(pub, "known_hosts"), "--accept-new-host-keys", "--connect-timeout", "5"]
            for command, args in [("snapshot", ["snapshot"] + base), ("check", ["check"] + base + TARGET),
                                  ("plan", ["plan"] + base + TARGET),
                                  ("migrate", ["migrate", "--dry-run"] + base + TARGET),
                                  ("show", ["show"] + base + ["--", "show version"])]:
                with self.subTest(command=args[0]):
                    r = subprocess.run([binary] + args, env=env, capture_output=True, text=True, timeout=120,
                                       stdin=subprocess.DEVNULL, cwd=pub,
                                       preexec_fn=lambda: os.setuid(NO_USER_UID))
                    self.assertEqual(r.returncode, 2, r.stdout[-2000:] + r.stderr[-2000:])
                    self.assertIn("no user name", r.stdout + r.stderr)
                    doc = report_of(r.stdout, command)
                    self.assertEqual(doc["routers"][0]["status"], "no-data", doc["routers"][0])

    def test_check_from_store_without_a_record_says_so_and_exits_2(self):
        with Sim(mt.SIM, self.work, fleet(), defaults=DEFAULTS) as sim:
            inv = self.inventory(sim)
            r = self.licmig(sim, ["check", "-i", inv, "-l", "pe2", "--from-store", "--format", "json"]
                            + self.common() + TARGET)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            row = report_of(r.stdout, "check")["routers"][0]
            self.assertEqual(row["status"], "no-data")
            self.assertNotIn("unreachable", row)
            self.assertIn("no stored snapshot of pe2", row["error"])
            t = self.licmig(sim, ["check", "-i", inv, "-l", "pe2", "--from-store"] + self.common() + TARGET)
            self.assertEqual(t.returncode, 2)
            self.assertIn("NOT CHECKED — no stored snapshot of pe2", t.stdout)

    # --- b. the envelope and the schemas, c. the store -----------------------------------------------

    def test_every_command_prints_the_envelope_its_schema_describes(self):
        with Sim(mt.SIM, self.work, fleet(), defaults=DEFAULTS) as sim:
            inv = self.inventory(sim)
            fleet_args = ["-i", inv, "-l", "pe1:pe2", "--format", "json"] + self.common()
            for command, args, code in [
                    ("snapshot", ["snapshot"] + fleet_args, 0),
                    ("check", ["check"] + fleet_args + TARGET, 0),
                    ("check", ["check", "--from-store"] + fleet_args + TARGET, 0),
                    ("plan", ["plan"] + fleet_args + TARGET, 0),
                    ("migrate", ["migrate", "--dry-run"] + fleet_args + TARGET, 0),
                    ("show", ["show"] + fleet_args + ["--", "show version", "show nonsense"], 1)]:
                with self.subTest(args=args[:2]):
                    r = self.licmig(sim, args)
                    self.assertEqual(r.returncode, code, r.stdout[-2000:] + r.stderr[-2000:])
                    doc = report_of(r.stdout, command)
                    self.assertEqual([x["host"] for x in doc["routers"]], ["pe1", "pe2"])
                    self.assertEqual(doc["summary"]["routers"], 2)
            r = self.licmig(sim, ["migrate", "--yes", "-i", inv, "-l", "pe1", "--format", "json"] + self.common()
                            + TARGET)
            self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-3000:])
            doc = report_of(r.stdout, "migrate")
            self.assertRegex(doc["run"], r"^\d{8}T\d{6}Z-")
            row = doc["routers"][0]
            self.assertEqual((row["host"], row["status"], row["reloads"]), ("pe1", "migrated", 1))
            self.assertTrue(row["from"].startswith("16.9.4 traditional"), row)
            # diff HOST: the router's latest two records (the migration's pre and post) differ
            r = self.licmig(sim, ["diff", "pe1", "--store", self.store, "--format", "json"])
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            doc = report_of(r.stdout, "diff")
            self.assertIn("version", [c["field"] for c in doc["routers"][0]["changes"]])
            # pe2's latest two records (snapshot's, and check's with the image's `verify /md5`) hold the
            # same license state: exit 0
            r = self.licmig(sim, ["diff", "pe2", "--store", self.store])
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("no license-relevant change", r.stdout)
            r = self.licmig(sim, ["store", "prune", "--keep", "1", "--store", self.store, "--format", "json"])
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            doc = report_of(r.stdout, "store")
            self.assertEqual(len(self.snapshots("pe2")), 1)
            # the migration's journal names pe1's records: they stay
            self.assertGreaterEqual(len(self.snapshots("pe1")), 2)
            report_of(self.licmig(sim, ["matrix", "--format", "json"]).stdout, "matrix")

    def test_read_only_commands_store_a_snapshot_only_when_the_router_changed(self):
        with Sim(mt.SIM, self.work, fleet(), defaults=DEFAULTS) as sim:
            inv = self.inventory(sim)
            args = ["-i", inv, "-l", "pe2"] + self.common()
            for command in (["check"] + TARGET, ["check"] + TARGET, ["plan"] + TARGET,
                            ["migrate", "--dry-run"] + TARGET):
                r = self.licmig(sim, command + args)
                self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-2000:])
            self.assertEqual(len(self.snapshots("pe2")), 1, "an unchanged router was recorded again")
            r = self.licmig(sim, ["snapshot"] + args)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(len(self.snapshots("pe2")), 2, "`snapshot` always records")
            # a changed router is recorded: migrate pe2, then check: a new record (the post-change
            # snapshot has no `verify /md5` of the image), then none while nothing changes
            r = self.licmig(sim, ["migrate", "--yes"] + args + TARGET)
            self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-2000:])
            after_migrate = len(self.snapshots("pe2"))
            r = self.licmig(sim, ["check"] + args + TARGET)
            self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-2000:])
            self.assertEqual(len(self.snapshots("pe2")), after_migrate + 1)
            r = self.licmig(sim, ["check", "--format", "json"] + args + TARGET)
            self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-2000:])
            self.assertEqual(len(self.snapshots("pe2")), after_migrate + 1, "an unchanged router was recorded again")
            self.assertEqual(report_of(r.stdout, "check")["routers"][0]["snapshot"], self.snapshots("pe2")[-1])

    def test_show_writes_nothing_unless_asked(self):
        with Sim(mt.SIM, self.work, fleet(), defaults=DEFAULTS) as sim:
            inv = self.inventory(sim)
            here = os.path.join(self.work, "elsewhere")
            os.makedirs(here)
            kh = os.path.join(self.work, "known_hosts")
            r = run_licmig(mt.LICMIG, ["show", "-i", inv, "-l", "pe2", "--known-hosts", kh,
                                       "--accept-new-host-keys", "--", "show license"], sim.env())
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("=== pe2: show license ===", r.stdout)
            r = subprocess.run([mt.LICMIG, "show", "-i", inv, "-l", "pe2", "--known-hosts", kh, "--", "show version"],
                               env=sim.env(), cwd=here, capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(os.listdir(here), [], "show wrote into the working folder")
            store = os.path.join(self.work, "kept")
            r = self.licmig(sim, ["show", "-i", inv, "-l", "pe2", "--known-hosts", kh, "--store", store,
                                  "--keep-transcripts", "--format", "json", "--", "show version"])
            self.assertEqual(r.returncode, 0, r.stderr)
            row = report_of(r.stdout, "show")["routers"][0]
            self.assertTrue(os.path.isfile(row["transcript"]), row)
            self.assertTrue(row["transcript"].startswith(store))

    # --- d. settings ----------------------------------------------------------------------------------

    def test_settings_precedence_command_line_environment_working_folder(self):
        with Sim(mt.SIM, self.work, fleet(), defaults=DEFAULTS) as sim:
            inv = self.inventory(sim)
            here = os.path.join(self.work, "here")
            os.makedirs(here)
            stores = {k: os.path.join(self.work, k) for k in ("file-store", "env-store", "cli-store")}
            with open(os.path.join(here, "licmig.yaml"), "w") as f:
                yaml.safe_dump({"inventory": inv, "store": stores["file-store"], "parallel": 2,
                                "known_hosts": os.path.join(self.work, "known_hosts")}, f)

            def snapshot(extra_env, args):
                env = sim.env(XDG_CONFIG_HOME=os.path.join(self.work, "no-config"), **extra_env)
                r = subprocess.run([mt.LICMIG, "snapshot", "-l", "pe2", "--accept-new-host-keys"] + args, env=env,
                                   cwd=here, capture_output=True, text=True, timeout=120)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

            snapshot({}, [])
            self.assertEqual(len(self.snapshots("pe2", stores["file-store"])), 1)
            snapshot({"LICMIG_STORE": stores["env-store"]}, [])
            self.assertEqual(len(self.snapshots("pe2", stores["env-store"])), 1)
            snapshot({"LICMIG_STORE": stores["env-store"]}, ["--store", stores["cli-store"]])
            self.assertEqual(len(self.snapshots("pe2", stores["cli-store"])), 1)
            self.assertEqual(len(self.snapshots("pe2", stores["env-store"])), 1)
            self.assertEqual(len(self.snapshots("pe2", stores["file-store"])), 1)
            # a bad value names its place and is an input error
            env = sim.env(LICMIG_PARALLEL="0")
            r = subprocess.run([mt.LICMIG, "snapshot", "-l", "pe2"], env=env, cwd=here, capture_output=True,
                               text=True, timeout=60)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertIn("LICMIG_PARALLEL", r.stderr)


def main():
    def set_paths(licmig, sim, work):
        mt.LICMIG, mt.SIM, mt.WORK = licmig, sim, work

    e2e_main("licmig-e2e-contract-", set_paths)


if __name__ == "__main__":
    main()
