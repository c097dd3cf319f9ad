#!/usr/bin/env python3
"""End-to-end Ansible inventories (issue 14, inventory half): an ordinary Ansible layout against
iosxe-sim routers, with the real licmig binary and nothing in the environment but the layout:

  - `hosts.yml` with `ansible_host: "{{ mgmt_ip }}"`, `ansible_ssh_port`, and a templated port;
    `group_vars/all/main.yml` with ansible_user; `group_vars/all/vault.yml` encrypted whole by the
    real `ansible-vault` (the password and enable secret); a junos host;
  - `snapshot` reaches both routers with the vault opened by --vault-password-file,
    ANSIBLE_VAULT_PASSWORD_FILE, or --ask-vault-pass (typed on standard input); the junos host is
    skipped with a warning, or refused with --strict (exit 2); a wrong vault password and a
    templated value licmig cannot resolve stop the run with exit 2 naming file:line;
  - no decrypted secret appears in anything licmig printed or stored.

Usage: inventory_test.py --licmig build/bin/licmig --sim build/bin/iosxe-sim [--work-dir DIR]
"""
import os
import shutil
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import e2e_main, ENABLE, PASSWORD, USER, Sim, run_licmig  # noqa: E402
from migrate_test import ADV, DEFAULTS, IMG_169, router  # noqa: E402

LICMIG = None
SIM = None
WORK = None
VAULT_PASS = "e2e-vault-Vx93"


def set_paths(licmig, sim, work):
    global LICMIG, SIM, WORK
    LICMIG, SIM, WORK = licmig, sim, work


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class InventoryLayoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("ansible-vault"):
            raise unittest.SkipTest("ansible-vault not installed (Debian ansible-core; scripts/setup installs it)")
        cls.work = os.path.join(WORK, "layout")
        os.makedirs(cls.work, exist_ok=True)
        cls.sim = Sim(SIM, cls.work, [router("r1", IMG_169, level=ADV), router("r2", IMG_169, level=ADV)],
                      defaults=DEFAULTS)
        cls.sim.__enter__()
        p1, p2 = cls.sim.ports["r1"], cls.sim.ports["r2"]
        inv = os.path.join(cls.work, "inventory")
        cls.hosts = os.path.join(inv, "hosts.yml")
        write(cls.hosts, f"""all:
  children:
    core:
      hosts:
        r1:
          mgmt_ip: 127.0.0.1
          ansible_host: "{{{{ mgmt_ip }}}}"
          ansible_ssh_port: {p1}
        r2:
          ansible_ssh_host: 127.0.0.1
          ansible_port: "{{{{ r2_port }}}}"
          r2_port: {p2}
    juniper:
      hosts:
        jun1:
          ansible_host: 127.0.0.1
          ansible_port: 9
          ansible_network_os: junipernetworks.junos.junos
""")
        cls.extra = os.path.join(cls.work, "extra", "bad.yml")
        write(cls.extra, """bad:
  hosts:
    r9:
      ansible_host: "{{ mgmt_ip | default('127.0.0.1') }}"
""")
        write(os.path.join(inv, "group_vars", "all", "main.yml"),
              "ansible_user: %s\nansible_network_os: cisco.ios.ios\nreload_timeout: 60\n" % USER)
        vault_file = os.path.join(inv, "group_vars", "all", "vault.yml")
        write(vault_file, "ansible_password: %s\nansible_become_password: %s\n" % (PASSWORD, ENABLE))
        cls.pass_file = os.path.join(cls.work, "vault-pass.txt")
        write(cls.pass_file, VAULT_PASS + "\n")
        cls.wrong_file = os.path.join(cls.work, "wrong-pass.txt")
        write(cls.wrong_file, "not-the-password\n")
        env = dict(os.environ, HOME=cls.work, ANSIBLE_CONFIG=os.path.join(cls.work, "none.cfg"))
        subprocess.run(["ansible-vault", "encrypt", "--vault-password-file", cls.pass_file, vault_file],
                       env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
        with open(vault_file) as f:
            assert f.read().startswith("$ANSIBLE_VAULT;1.1;AES256")
        cls.outputs = []

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("LICMIG_", "ANSIBLE_VAULT"))}  # only the layout gives credentials
        env.update(extra)
        return env

    def licmig(self, args, env=None, stdin=None):
        store = [] if args[0] == "inventory" else [
            "--store", os.path.join(self.work, "store"), "--known-hosts", os.path.join(self.work, "known_hosts"),
            "--accept-new-host-keys"]
        if stdin is not None:
            r = subprocess.run([LICMIG] + args + store, env=env or self.env(), capture_output=True, text=True,
                               timeout=300, input=stdin)
        else:
            r = run_licmig(LICMIG, args + store, env or self.env(), timeout=300)
        self.outputs.append(r.stdout + r.stderr)
        for secret in (PASSWORD, ENABLE, VAULT_PASS):
            self.assertNotIn(secret, r.stdout + r.stderr)
        return r

    def test_snapshot_with_vault_password_file(self):
        r = self.licmig(["snapshot", "-i", self.hosts, "--vault-password-file", self.pass_file, "--format", "json"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("licmig: warning: %s:18: host 'jun1': ansible_network_os is 'junipernetworks.junos.junos', "
                      "not IOS / IOS XE: skipped" % self.hosts, r.stderr)
        self.assertIn('"r1"', r.stdout)
        self.assertIn('"r2"', r.stdout)
        self.assertNotIn('"jun1"', r.stdout)
        store = os.path.join(self.work, "store")
        for root, _, files in os.walk(store):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    data = f.read()
                for secret in (PASSWORD, ENABLE, VAULT_PASS):
                    self.assertNotIn(secret.encode(), data, os.path.join(root, name))

    def test_strict_refuses_the_junos_host(self):
        r = self.licmig(["snapshot", "-i", self.hosts, "--vault-password-file", self.pass_file, "--strict"])
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("licmig: error: %s:18: host 'jun1': ansible_network_os is 'junipernetworks.junos.junos', "
                      "not IOS / IOS XE (--strict)" % self.hosts, r.stderr)

    def test_vault_password_from_the_environment_and_from_standard_input(self):
        r = self.licmig(["snapshot", "-i", self.hosts, "-l", "r1"], env=self.env(ANSIBLE_VAULT_PASSWORD_FILE=self.pass_file))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.licmig(["snapshot", "-i", self.hosts, "-l", "r2", "--ask-vault-pass"], stdin=VAULT_PASS + "\n")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Vault password: ", r.stderr)

    def test_wrong_or_missing_vault_password(self):
        r = self.licmig(["snapshot", "-i", self.hosts, "--vault-password-file", self.wrong_file])
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        vault_file = os.path.join(self.work, "inventory", "group_vars", "all", "vault.yml")
        self.assertIn("licmig: error: %s: cannot decrypt vault data: no vault secret given opens it (tried default): "
                      "wrong password?" % vault_file, r.stderr)
        r = self.licmig(["inventory", "-i", self.hosts])
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("vault-encrypted data, but no vault secret was given", r.stderr)

    def test_unresolvable_template_refuses_the_run_unless_limited_away(self):
        args = ["snapshot", "-i", self.hosts, "-i", self.extra, "--vault-password-file", self.pass_file]
        r = self.licmig(args)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("licmig: error: %s:4: host 'r9': variable 'ansible_host': '{{ mgmt_ip | default('127.0.0.1') }}' "
                      "is not a plain variable reference (filters, expressions and lookups are not supported)"
                      % self.extra, r.stderr)
        r = self.licmig(args + ["-l", "core"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_each_inventory_option_takes_one_value(self):
        # as ansible: `-i a -i b` merges; `-i a b` does not swallow b (a positional argument elsewhere)
        r = self.licmig(["inventory", "-i", self.hosts, self.extra, "--vault-password-file", self.pass_file])
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("The following argument was not expected: %s" % self.extra, r.stderr)
        r = self.licmig(["inventory", "-i", self.hosts, "-i", self.extra, "--vault-password-file", self.pass_file])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("r9", r.stdout)

    def test_inventory_list_masks_vault_values(self):
        r = self.licmig(["inventory", "-i", self.hosts, "--vault-password-file", self.pass_file, "--list"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('"ansible_password": "***"', r.stdout)
        self.assertIn('"ansible_host": "{{ mgmt_ip }}"', r.stdout)  # as written, like ansible-inventory


if __name__ == "__main__":
    e2e_main("licmig-e2e-inventory-", set_paths)
