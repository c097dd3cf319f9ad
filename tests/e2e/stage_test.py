#!/usr/bin/env python3
"""End-to-end tests of `licmig stage` and of the stage step plan/migrate add (issue 15): the real
licmig against iosxe-sim's bootflash (real files with a capacity, `copy URL bootflash:` fetched
with libcurl, the router as an SCP server), over real SSH on loopback.

Proven here:
  * on a terminal (a pseudo-terminal as stderr) the live line shows the routers done, the bytes of
    the total, the aggregate rate, the ETA and the router's percentage; with -q nothing is shown;
  * a pull without a local copy: the size comes from the HTTP server (HEAD), the md5 from
    --image-md5 (without it: exit 2); a tftp:// URL is refused on a router that needs the image
    (size unknown, with the remedy); a URL the server does not have: exit 2; --max-rate with
    --image-url: exit 2 (licmig cannot pace a pull); a password typed in the URL is refused (exit 2,
    the process list), with or without LICMIG_IMAGE_URL_PASSWORD;
  * pull over https:// (http.server over TLS, a self-signed certificate: the router's copy does not
    check it; licmig's own size question does, so without a local copy it is refused, exit 2) and
    over ftp:// (pyftpdlib, the user in the URL and the password in LICMIG_IMAGE_URL_PASSWORD:
    licmig's SIZE question and the router's copy log in with it; it reaches the router and nothing
    licmig writes — terminal, report, journal, transcripts — also when the server refuses it or lacks
    the file);
  * pull: the router copies from a python http.server started by the test; the copy is verified
    (`verify /md5`) and the bytes on the simulated bootflash are the image's; a second run finds it
    staged and sends nothing (already-staged, exit 0);
  * push: licmig's own SCP over its SSH session; without `ip scp server enable` refused (exit 1) with
    the remedy, with --enable-scp-server enabled for the transfer and removed after;
  * out of space: refused with the numbers (exit 1); with --cleanup --yes the unused image is deleted
    (journaled before and after), never the running image, and the image staged;
  * a dropped transfer (transfer_drop_at_percent) is retried --retries times and its partial file
    removed (exit 4); a corrupted one (corrupt_transfer) is detected by md5 and removed (exit 4);
  * a migration whose target image is missing: `check` says LM083 (not LM080), `plan` has the
    stage-image step before the reload, `migrate` stages it and the router comes up on it; without a
    source, `plan` refuses with LM080 naming `licmig stage`.

Usage: stage_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import hashlib
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Sim, e2e_main, read_journal, report_of, run_licmig  # noqa: E402
from transfer_support import BOOTFLASH_FIXED_BYTES, FtpServer, HttpServer, HttpsServer, make_image  # noqa: E402
import status_test  # noqa: E402

LICMIG = None
SIM = None
WORK = None

MiB = 1 << 20
FIXED = BOOTFLASH_FIXED_BYTES
RUNNING = "asr920-universalk9_npe.16.09.04.SPA.bin"
RUNNING_MD5 = "6a1f0c2e4b3d5f7e9a8b0c1d2e3f4a5b"
NEW = "asr920-universalk9_npe.17.09.04.SPA.bin"
OLD = "asr920-universalk9_npe.16.12.05.SPA.bin"
SIZE = 4 * MiB
MARGIN = 8 * MiB  # migrate/stage_plan.hpp: max(8 MiB, 5 %)
FTP_PASSWORD = "Ftp-S3cret-71"


def device(name, capacity=64 * MiB, **extra):
    d = {"name": name, "image": RUNNING, "license_level": "advancedmetroipaccess",
         "pak_licenses": [{"feature": "advancedmetroipaccess", "type": "Permanent"}],
         "images": [{"file": RUNNING, "md5": RUNNING_MD5, "size": MiB}], "bootflash_bytes": capacity}
    d.update(extra)
    return d


class StageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = WORK
        cls.files = os.path.join(WORK, "files")
        cls.new, cls.new_md5 = make_image(cls.files, NEW, SIZE)
        cls.old, cls.old_md5 = make_image(cls.files, OLD, SIZE)
        cls.http = HttpServer(cls.files).__enter__()
        cls.https = HttpsServer(cls.files, os.path.join(WORK, "tls")).__enter__()
        cls.ftp = FtpServer(cls.files, user="stager", password=FTP_PASSWORD).__enter__()
        devices = [device("pull"), device("push"),
                   # the running image, OLD and 10 MiB free: NEW needs 12 MiB (4 + the 8 MiB margin)
                   device("small", capacity=FIXED + MiB + SIZE + 10 * MiB),
                   device("drop", faults={"transfer_drop_at_percent": 40}),
                   device("corrupt", faults={"corrupt_transfer": True}),
                   device("mig"), device("nolocal"), device("tty"), device("ttyq"), device("https"),
                   device("ftp"), device("ftplocal"), device("ftpenv")]
        cls.sim = Sim(SIM, os.path.join(WORK, "sim"), devices)
        cls.sim.__enter__()
        cls.inv = cls.sim.inventory()
        cls.store = os.path.join(WORK, "sim", "store")

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)
        cls.http.__exit__(None, None, None)
        cls.https.__exit__(None, None, None)
        cls.ftp.__exit__(None, None, None)

    def licmig(self, command, host, *args, **env):
        r = run_licmig(LICMIG, [command, "-i", self.inv, "-l", host] + self.sim.common_args() + list(args),
                       self.sim.env(**env), timeout=300)
        return r

    def stage(self, host, *args, **env):
        r = self.licmig("stage", host, "--format", "json", *args, **env)
        report = report_of(r.stdout, "stage") if r.stdout.strip().startswith("{") else None
        return r, report

    def stage_refused_as_usage(self, host, says, outputs, *args, **env):
        """A stage that must stop with exit 2 saying `says` on stderr; its output is added to `outputs`."""
        r, _ = self.stage(host, *args, **env)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(says, r.stderr)
        outputs.append(r.stdout + r.stderr)

    def flash(self, host):
        folder = os.path.join(self.sim.work, "state", host + ".bootflash")
        return {f: os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder) if not f.startswith(".")}

    def flash_md5(self, host, name):
        with open(os.path.join(self.sim.work, "state", host + ".bootflash", name), "rb") as f:
            return hashlib.md5(f.read()).hexdigest()

    def running_config(self, host):
        r = self.licmig("show", host, "show running-config")
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_pull_then_already_staged(self):
        r, rep = self.stage("pull", "--image", self.new, "--image-url", self.http.url(NEW))
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(rep["routers"][0]["status"], "staged", rep)
        self.assertEqual(self.flash_md5("pull", NEW), self.new_md5)
        self.assertIn("stage pull: verify /md5 bootflash:" + NEW, r.stderr)
        # idempotent: nothing is sent again
        r, rep = self.stage("pull", "--image", self.new, "--image-url", self.http.url(NEW))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(rep["routers"][0]["status"], "already-staged", rep)
        self.assertNotIn("copy http", r.stderr)
        # the name and md5 alone are enough for a pull
        r, rep = self.stage("pull", "--image-url", self.http.url(NEW), "--image-md5", self.new_md5)
        self.assertEqual(rep["routers"][0]["status"], "already-staged", r.stderr)

    def test_pull_without_a_local_copy_asks_the_server_for_the_size(self):
        # tftp: the server is not asked; the router needs the transfer, so it is refused with the remedy
        r, rep = self.stage("nolocal", "--image-url", "tftp://127.0.0.1:1/" + NEW, "--image-md5", self.new_md5)
        self.assertEqual(r.returncode, 1, r.stderr + r.stdout)
        router = rep["routers"][0]
        self.assertEqual(router["refusal"], "size unknown", router)
        self.assertIn("a tftp:// server is not asked for a file's size", router["message"])
        self.assertIn("give --image FILE, a local copy", router["message"])
        # no md5 and no local copy: a usage error before any router is contacted
        r, _ = self.stage("nolocal", "--image-url", self.http.url(NEW))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--image-md5 is needed for a pull without a local copy", r.stderr)
        # the server has no such file: exit 2 naming the URL and the server's answer
        r, _ = self.stage("nolocal", "--image-url", self.http.url("missing.bin"), "--image-md5", self.new_md5)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(self.http.url("missing.bin") + ": the server answered HTTP 404", r.stderr)
        # --max-rate cannot pace a pull: refused (exit 2) with the remedy
        r, _ = self.stage("nolocal", "--image-url", self.http.url(NEW), "--image-md5", self.new_md5,
                          "--max-rate", "1000000")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--max-rate paces licmig's own SCP pushes", r.stderr)
        self.assertIn("--parallel N", r.stderr)
        self.assertNotIn(NEW, self.flash("nolocal"))
        # HEAD gives the size: staged; the credentials (the user in the URL, the password in the
        # environment) reach the router, never what licmig writes
        url = self.http.url(NEW).replace("http://", "http://stager@")
        r, rep = self.stage("nolocal", "--image-url", url, "--image-md5", self.new_md5,
                            LICMIG_IMAGE_URL_PASSWORD="S3cretPw")
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(rep["routers"][0]["status"], "staged", rep)
        self.assertIn("(4.0 MiB) by pull from http://stager:***@", r.stderr)
        self.assertEqual(self.flash_md5("nolocal", NEW), self.new_md5)
        self.assertNotIn("S3cretPw", r.stdout + r.stderr)
        self.assert_store_has_no("S3cretPw")

    def assert_store_has_no(self, secret):
        for folder, _, files in os.walk(self.store):
            for name in files:
                with open(os.path.join(folder, name), "rb") as f:
                    self.assertNotIn(secret.encode(), f.read(), os.path.join(folder, name))

    def test_pull_https(self):
        # The router's copy does not check the server's certificate (docs/behaviour.md); with a
        # local copy licmig asks the server nothing: staged and verified.
        url = self.https.url(NEW)
        r, rep = self.stage("https", "--image", self.new, "--image-url", url)
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(rep["routers"][0]["status"], "staged", rep)
        self.assertIn("(4.0 MiB) by pull from " + url, r.stderr)
        self.assertIn("stage https: copy " + url, r.stderr)
        self.assertEqual(self.flash_md5("https", NEW), self.new_md5)
        journal = read_journal(os.path.join(self.store, "journal", rep["run"] + ".jsonl"))
        self.assertEqual([(e["action"], e.get("detail")) for e in journal][:1], [("transfer", url)])
        # without a local copy licmig asks the server for the size, over TLS verified against the
        # system's CA store: a self-signed server is refused (exit 2) naming the URL and the cause
        r, _ = self.stage("https", "--image-url", self.https.url(OLD), "--image-md5", self.old_md5)
        self.assertEqual(r.returncode, 2, r.stderr + r.stdout)
        self.assertIn("--image-url " + self.https.url(OLD) + ": the server could not be asked for the image's size",
                      r.stderr)
        self.assertIn("certificate", r.stderr)
        self.assertIn("give --image FILE, a local copy of the image", r.stderr)
        self.assertNotIn(OLD, self.flash("https"))

    def test_a_password_in_the_url_is_refused(self):
        # a password typed in --image-url is in the process list (and would be in a migration's
        # journal): exit 2 with the remedy, the URL named without it, nothing asked or sent
        url = self.ftp.url(NEW)
        self.assertIn(":" + FTP_PASSWORD + "@", url)
        outputs = []
        self.stage_refused_as_usage("ftp", "'" + url.replace(":" + FTP_PASSWORD + "@", ":***@") + "' holds a password",
                                    outputs, "--image-url", url, "--image-md5", self.new_md5)
        self.assertIn("LICMIG_IMAGE_URL_PASSWORD", outputs[-1])
        # with the variable set too: the same refusal (the password is given once, in the variable)
        self.stage_refused_as_usage("ftp", "holds a password", outputs, "--image-url", url,
                                    "--image-md5", self.new_md5, LICMIG_IMAGE_URL_PASSWORD=FTP_PASSWORD)
        self.assertNotIn(NEW, self.flash("ftp"))
        for text in outputs:
            self.assertNotIn(FTP_PASSWORD, text)
        self.assert_store_has_no(FTP_PASSWORD)

    def test_pull_ftp_with_the_password_in_the_environment(self):
        # the URL names the user only: the password is on no command line (the process list) and in no
        # journal; licmig joins them in memory for the size question and the router's copy
        url = self.ftp.url(NEW).replace(":" + FTP_PASSWORD + "@", "@")
        self.assertNotIn(FTP_PASSWORD, url)
        env = {"LICMIG_IMAGE_URL_PASSWORD": FTP_PASSWORD}
        # no local copy: licmig asks the FTP server for the size (SIZE, logged in), the router copies
        r, rep = self.stage("ftpenv", "--image-url", url, "--image-md5", self.new_md5, **env)
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(rep["routers"][0]["status"], "staged", rep)
        shown = url.replace("stager@", "stager:***@")  # licmig shows that a password is used, not which
        self.assertIn("(4.0 MiB) by pull from " + shown, r.stderr)
        self.assertEqual(self.flash_md5("ftpenv", NEW), self.new_md5)
        journal = read_journal(os.path.join(self.store, "journal", rep["run"] + ".jsonl"))
        self.assertEqual([e.get("detail") for e in journal if e["action"] == "transfer"], [shown])
        outputs = [r.stdout + r.stderr]
        # with a local copy; then again: already staged, nothing sent
        for host, status in (("ftplocal", "staged"), ("ftplocal", "already-staged")):
            r, rep = self.stage(host, "--image", self.new, "--image-url", url, **env)
            self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
            self.assertEqual(rep["routers"][0]["status"], status, rep)
            outputs.append(r.stdout + r.stderr)
        self.assertEqual(self.flash_md5("ftplocal", NEW), self.new_md5)
        # a file the server does not have: exit 2, naming the URL
        missing = url.replace(NEW, "missing.bin")
        r, _ = self.stage("ftp", "--image-url", missing, "--image-md5", self.old_md5, **env)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(missing.replace("stager@", "stager:***@"), r.stderr)
        outputs.append(r.stdout + r.stderr)
        # without the variable, or with a wrong password, the FTP server refuses the login: exit 2
        r, _ = self.stage("ftpenv", "--image-url", url, "--image-md5", self.new_md5)
        self.assertEqual(r.returncode, 2, r.stderr)
        outputs.append(r.stdout + r.stderr)
        self.stage_refused_as_usage("ftp", shown, outputs, "--image-url", url, "--image-md5", self.new_md5,
                                    LICMIG_IMAGE_URL_PASSWORD="Wr0ng-" + FTP_PASSWORD)
        # the variable with a URL that names no user: exit 2, nothing sent
        nouser = url.replace("stager@", "")
        self.stage_refused_as_usage("ftpenv", "names no user", outputs,
                                    "--image-url", nouser, "--image-md5", self.new_md5, **env)
        # the password reached the router (its copy logged in) and nothing licmig wrote: terminal,
        # report, journal, transcripts, run logs
        for text in outputs:
            self.assertNotIn(FTP_PASSWORD, text)
        self.assert_store_has_no(FTP_PASSWORD)

    def test_progress_on_a_terminal_and_none_with_q(self):
        status_test.LICMIG = LICMIG  # its run_on_pty: stderr on a pseudo-terminal
        base = ["stage", "-i", self.inv] + self.sim.common_args() + [
            "--image", self.new, "--enable-scp-server", "--yes", "--max-rate", str(2 * MiB), "--format", "json"]
        code, out, term = status_test.run_on_pty(base + ["-l", "tty"], self.sim.env(TERM="xterm"))
        self.assertEqual(code, 0, out + term)
        self.assertEqual(report_of(out, "stage")["routers"][0]["status"], "staged", out)
        # the live line: routers done, bytes of the total, the aggregate rate, the ETA, the router's percentage
        live = re.findall(r"\x1b\[Kstage (\d+)/1 routers, [\d.]+ (?:B|KiB|MiB) of 4\.0 MiB, [\d.]+ (?:B|KiB|MiB)/s, "
                          r"ETA (?:\?|\d+s) \| tty (\d+)%", term)
        self.assertTrue(live, term)
        self.assertEqual(live[0][0], "0", term)
        # the router's own lines, above the live line
        for line in ("stage tty: scp " + self.new, "stage tty: verify /md5 bootflash:" + NEW, "stage tty: staged"):
            self.assertIn(line, term)
        self.assertEqual(self.flash_md5("tty", NEW), self.new_md5)
        # -q: no progress at all, the report on stdout as before
        code, out, term = status_test.run_on_pty(base + ["-l", "ttyq", "-q"], self.sim.env(TERM="xterm"))
        self.assertEqual(code, 0, out + term)
        self.assertEqual(report_of(out, "stage")["routers"][0]["status"], "staged", out)
        self.assertNotIn("routers,", term)
        self.assertNotIn("\x1b[K", term)
        self.assertNotIn("stage ttyq:", term)
        self.assertEqual(self.flash_md5("ttyq", NEW), self.new_md5)

    def test_push_needs_the_scp_server_or_enables_it_for_the_transfer(self):
        self.assertNotIn("ip scp server enable", self.running_config("push"))
        r, rep = self.stage("push", "--image", self.new)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(rep["routers"][0]["refusal"], "no scp server", rep)
        self.assertIn("--enable-scp-server", rep["routers"][0]["message"])
        self.assertNotIn(NEW, self.flash("push"))
        r, rep = self.stage("push", "--image", self.new, "--enable-scp-server", "--yes")
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(rep["routers"][0]["status"], "staged", rep)
        self.assertTrue(rep["routers"][0]["scp_server_enabled"])
        self.assertEqual(self.flash_md5("push", NEW), self.new_md5)
        self.assertNotIn("ip scp server enable", self.running_config("push"))
        self.assertFalse(os.path.exists(os.path.join(self.store, "stage", "scp-server", "push")))
        actions = [e["action"] for e in read_journal(os.path.join(self.store, "journal", rep["run"] + ".jsonl"))]
        self.assertEqual(actions, ["scp-server-enabled", "transfer", "transferred", "verified", "scp-server-restored"])

    def test_out_of_space_refused_then_cleanup(self):
        r, rep = self.stage("small", "--image", self.old, "--image-url", self.http.url(OLD))
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        before = self.flash("small")
        self.assertIn(RUNNING, before)
        self.assertIn(OLD, before)
        r, rep = self.stage("small", "--image", self.new, "--image-url", self.http.url(NEW))
        self.assertEqual(r.returncode, 1, r.stderr)
        router = rep["routers"][0]
        self.assertEqual(router["refusal"], "no space", router)
        self.assertEqual(router["needed_bytes"], SIZE + MARGIN)
        self.assertIn("%d bytes free" % router["free_bytes"], router["message"])
        self.assertIn("--cleanup would delete 1 unused image(s)", router["message"])
        self.assertEqual(self.flash("small"), before)
        # --dry-run lists the deletion and changes nothing
        r, rep = self.stage("small", "--image", self.new, "--image-url", self.http.url(NEW), "--cleanup", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(rep["routers"][0]["status"], "would-stage", rep)
        self.assertIn("delete bootflash:" + OLD, r.stderr)
        self.assertEqual(self.flash("small"), before)
        # without --yes and without a terminal: nothing is deleted
        r, rep = self.stage("small", "--image", self.new, "--image-url", self.http.url(NEW), "--cleanup")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("delete bootflash:" + OLD, r.stderr)
        self.assertEqual(self.flash("small"), before)
        r, rep = self.stage("small", "--image", self.new, "--image-url", self.http.url(NEW), "--cleanup", "--yes")
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(rep["routers"][0]["deleted"], [OLD])
        after = self.flash("small")
        self.assertIn(RUNNING, after)  # never the running image
        self.assertNotIn(OLD, after)
        self.assertEqual(self.flash_md5("small", NEW), self.new_md5)
        journal = read_journal(os.path.join(self.store, "journal", rep["run"] + ".jsonl"))
        self.assertEqual([(e["action"], e["file"]) for e in journal][:2], [("delete", OLD), ("deleted", OLD)])

    def test_dropped_transfer_is_retried_and_removed(self):
        r, rep = self.stage("drop", "--image", self.new, "--image-url", self.http.url(NEW), "--retries", "1")
        self.assertEqual(r.returncode, 4, r.stderr + r.stdout)
        router = rep["routers"][0]
        self.assertEqual((router["status"], router["attempts"]), ("failed", 2), router)
        self.assertIn("%Error", router["message"])
        self.assertIn("stage drop: attempt 2 of 2", r.stderr)
        self.assertNotIn(NEW, self.flash("drop"))  # the partial file is gone

    def test_corrupted_transfer_is_detected_and_removed(self):
        r, rep = self.stage("corrupt", "--image", self.new, "--image-url", self.http.url(NEW), "--retries", "0")
        self.assertEqual(r.returncode, 4, r.stderr + r.stdout)
        router = rep["routers"][0]
        self.assertIn("arrived with md5", router["message"])
        self.assertIn("expected " + self.new_md5, router["message"])
        self.assertNotIn(NEW, self.flash("corrupt"))

    def test_migration_stages_a_missing_image_first(self):
        target = ["--target-release", "17.9.4", "--target-mode", "no-license"]
        # without a source: LM080, and the remedy is `licmig stage`
        r = self.licmig("plan", "mig", "--format", "json", *target, "--image", NEW)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("LM080", r.stdout)
        self.assertIn("licmig stage -i INVENTORY -l mig --image " + NEW, r.stdout)
        source = ["--image", self.new, "--image-url", self.http.url(NEW)]
        r = self.licmig("check", "mig", "--format", "json", *target, *source)
        self.assertIn("LM083", r.stdout)
        self.assertNotIn("LM080", r.stdout)
        r = self.licmig("plan", "mig", *target, *source)
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertIn("stage-image", r.stdout)
        self.assertLess(r.stdout.index("[stage-image]"), r.stdout.index("[reload]"))
        r = self.licmig("migrate", "mig", "--yes", "--format", "json", *target, *source)
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
        self.assertEqual(self.flash_md5("mig", NEW), self.new_md5)
        r = self.licmig("show", "mig", "show version")
        self.assertIn("17.09.04", r.stdout)


def set_paths(licmig, sim, work):
    global LICMIG, SIM, WORK
    LICMIG, SIM, WORK = licmig, sim, work


if __name__ == "__main__":
    e2e_main("licmig-e2e-stage-", set_paths)
