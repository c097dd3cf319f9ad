// Ansible Vault: decrypting files the real `ansible-vault` made (formats 1.1 and 1.2 with a vault
// id), secret order and id matching, wrong passwords and malformed envelopes named by place,
// password files and scripts, and `!vault` values and vault-encrypted variable files in an inventory
// (masked in the JSON view). With ansible-vault installed, one test also encrypts afresh.
#include "inventory/vault.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fixture_support.hpp"
#include "inventory/inventory.hpp"

namespace licmig::inventory {
namespace {

const std::string k_dir = std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/inventory/vault/";
const std::string k_layouts = std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/inventory/layouts/";

std::string read(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const VaultSecret k_default{"default", "correct horse battery staple", "test"};
const VaultSecret k_prod{"prod", "prod-vault-pass", "test"};
const VaultSecret k_wrong{"default", "not the password", "test"};

TEST(InventoryVault, DecryptsFilesMadeByAnsibleVault) {
  const std::string plain = read(k_dir + "plain.txt");
  auto v11 = vault_decrypt(read(k_dir + "v11.vault"), {k_default}, "v11.vault");
  ASSERT_TRUE(v11.is_ok()) << v11.error_message();
  EXPECT_EQ(*v11, plain);
  auto v12 = vault_decrypt(read(k_dir + "v12-prod.vault"), {k_prod}, "v12-prod.vault");
  ASSERT_TRUE(v12.is_ok()) << v12.error_message();
  EXPECT_EQ(*v12, plain);
  auto empty = vault_decrypt(read(k_dir + "empty.vault"), {k_default}, "empty.vault");
  ASSERT_TRUE(empty.is_ok()) << empty.error_message();
  EXPECT_EQ(*empty, "");
}

TEST(InventoryVault, TriesEverySecretMatchingIdFirst) {
  // The labels are only a hint (as in Ansible): a secret under another label still opens it.
  auto v12 = vault_decrypt(read(k_dir + "v12-prod.vault"), {k_wrong, VaultSecret{"other", "prod-vault-pass", "t"}},
                           "v12-prod.vault");
  ASSERT_TRUE(v12.is_ok()) << v12.error_message();
  auto v11 = vault_decrypt(read(k_dir + "v11.vault"), {k_prod, k_default}, "v11.vault");
  EXPECT_TRUE(v11.is_ok());
}

TEST(InventoryVault, WrongPasswordNamesThePlace) {
  auto r = vault_decrypt(read(k_dir + "v12-prod.vault"), {k_wrong, k_default}, "hosts.yml:7: ansible_password");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::invalid_input);
  EXPECT_EQ(r.error_message(),
            "hosts.yml:7: ansible_password: cannot decrypt vault data (vault id 'prod'): no vault secret given "
            "opens it (tried default, default): wrong password?");
  auto none = vault_decrypt(read(k_dir + "v11.vault"), {}, "x.yml:3: v");
  EXPECT_EQ(none.error_message(),
            "x.yml:3: v: vault-encrypted data, but no vault secret was given (--vault-password-file, "
            "--ask-vault-pass, --vault-id or ANSIBLE_VAULT_PASSWORD_FILE)");
}

TEST(InventoryVault, MalformedEnvelopesAreRefused) {
  const VaultSecrets s{k_default};
  EXPECT_EQ(vault_decrypt("$ANSIBLE_VAULT;1.1;AES256\n6162636465\n", s, "f:1").error_message(),
            "f:1: vault envelope format error: the payload lacks salt, HMAC and ciphertext");
  EXPECT_EQ(vault_decrypt("$ANSIBLE_VAULT;1.1;AES256\nzz\n", s, "f:1").error_message(),
            "f:1: vault envelope format error: the payload is not hexadecimal");
  EXPECT_EQ(vault_decrypt("$ANSIBLE_VAULT;9.9;AES256\n00\n", s, "f:1").error_message(),
            "f:1: vault envelope format error: unknown version '9.9'");
  EXPECT_EQ(vault_decrypt("$ANSIBLE_VAULT;1.1;AES\n00\n", s, "f:1").error_message(),
            "f:1: vault cipher 'AES' is not supported (AES256 is)");
  // a tampered ciphertext fails the HMAC: never decrypted to garbage
  std::string tampered = read(k_dir + "v11.vault");
  auto &c = tampered[tampered.size() - 3];
  c = c == '0' ? '1' : '0';
  EXPECT_FALSE(vault_decrypt(tampered, s, "f").is_ok());
}

// Every prefix of a real envelope, and every one-byte change of it, is an error or the right
// plaintext — never a crash, never other bytes (the HMAC is checked before decrypting).
TEST(InventoryVault, TruncatedAndFlippedEnvelopesNeverDecryptToGarbage) {
  const std::string envelope = read(k_dir + "v11.vault");
  const std::string plain = read(k_dir + "plain.txt");
  for (std::size_t n = 0; n < envelope.size(); ++n) {
    auto r = vault_decrypt(envelope.substr(0, n), {k_default}, "f");
    if (r.is_ok()) {
      EXPECT_EQ(*r, plain) << "prefix " << n;
    }
  }
  for (std::size_t i = 0; i < envelope.size(); i += 7) {
    std::string changed = envelope;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    auto r = vault_decrypt(changed, {k_default}, "f");
    if (r.is_ok()) {
      EXPECT_EQ(*r, plain) << "byte " << i;
    }
  }
}

TEST(InventoryVault, PasswordFilesAndScripts) {
  auto file = read_vault_secret("default", k_dir + "default-pass.txt");
  ASSERT_TRUE(file.is_ok()) << file.error_message();
  EXPECT_EQ(file->password, "correct horse battery staple");  // newline stripped
  auto script = read_vault_secret("default", k_dir + "pass-script.sh");
  ASSERT_TRUE(script.is_ok()) << script.error_message();
  EXPECT_EQ(script->password, "correct horse battery staple");
  auto client = read_vault_secret("prod", k_dir + "prod-client.sh");  // run with --vault-id prod
  ASSERT_TRUE(client.is_ok()) << client.error_message();
  EXPECT_EQ(client->password, "prod-vault-pass");
  EXPECT_EQ(read_vault_secret("default", k_dir + "failing-script.sh").error_message(),
            k_dir + "failing-script.sh: vault password script failed (exit status 3)");
  EXPECT_EQ(read_vault_secret("default", k_dir + "empty.txt").error_message(),
            k_dir + "empty.txt: vault password file is empty");
  EXPECT_EQ(read_vault_secret("default", k_dir + "missing.txt").error_message(),
            k_dir + "missing.txt: vault password file not found");
  EXPECT_EQ(split_vault_id("prod@/x/y"), (std::pair<std::string, std::string>{"prod", "/x/y"}));
  EXPECT_EQ(split_vault_id("/x/y"), (std::pair<std::string, std::string>{"default", "/x/y"}));
}

TEST(InventoryVault, CollectsSecretsInAnsiblesOrder) {
  VaultOptions o;
  o.ids = {"prod@" + k_dir + "prod-pass.txt", "lab@prompt"};
  o.password_files = {k_dir + "default-pass.txt"};
  o.ask = true;
  std::vector<std::string> prompts;
  auto secrets = collect_vault_secrets(o, (k_dir + "pass-script.sh").c_str(), [&](const std::string &p) {
    prompts.push_back(p);
    return Result<std::string>(std::string("typed"));
  });
  ASSERT_TRUE(secrets.is_ok()) << secrets.error_message();
  ASSERT_EQ(secrets->size(), 5U);
  EXPECT_EQ((*secrets)[0].id, "prod");
  EXPECT_EQ((*secrets)[1].id, "lab");
  EXPECT_EQ((*secrets)[1].password, "typed");
  EXPECT_EQ((*secrets)[2].source, k_dir + "default-pass.txt");
  EXPECT_EQ((*secrets)[3].source, k_dir + "pass-script.sh");  // ANSIBLE_VAULT_PASSWORD_FILE
  EXPECT_EQ((*secrets)[4].source, "prompt");
  EXPECT_EQ(prompts, (std::vector<std::string>{"Vault password (lab): ", "Vault password: "}));
}

TEST(InventoryVault, InlineValuesAndEncryptedVarsFilesInALayout) {
  LoadOptions o;
  o.vault_secrets = {k_default, k_prod};
  auto loaded = load_inventory({k_layouts + "vault/hosts.yml"}, o);
  ASSERT_TRUE(loaded.is_ok()) << loaded.error_message();
  const Host *pe1 = loaded->inventory.find_host("pe1");
  const Host *pe2 = loaded->inventory.find_host("pe2");
  ASSERT_TRUE(pe1 && pe2);
  EXPECT_EQ(pe1->password(), "R0uter-Pa55");       // !vault, 1.1
  EXPECT_EQ(pe1->enable_secret(), "en4ble-prod");  // !vault, 1.2 with id prod
  EXPECT_EQ(pe1->user(), "netops");                // group_vars/all/vault.yml, encrypted whole
  EXPECT_EQ(pe2->password(), "group-level-secret");
  EXPECT_EQ(pe2->enable_secret(), "pe2-enable");  // host_vars/pe2.yml, encrypted whole
  EXPECT_TRUE(pe1->var("ansible_password")->vaulted);
  EXPECT_TRUE(pe2->var("site")->vaulted);
  EXPECT_FALSE(pe2->var("ansible_network_os")->vaulted);
  const std::string json = inventory_to_json(loaded->inventory, {pe1, pe2}).dump();
  for (const char *secret : {"R0uter-Pa55", "en4ble-prod", "group-level-secret", "pe2-enable", "lab"}) {
    EXPECT_EQ(json.find(secret), std::string::npos) << secret << " shown in " << json;
  }

  o.vault_secrets = {k_default};  // the prod secret missing: the prod-labelled value cannot be opened
  auto missing = load_inventory({k_layouts + "vault/hosts.yml"}, o);
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.error_message(), k_layouts +
                                         "vault/hosts.yml:14: ansible_become_password: cannot decrypt vault data "
                                         "(vault id 'prod'): no vault secret given opens it (tried default): wrong "
                                         "password?");
}

// An inventory file encrypted whole (ansible-vault encrypt hosts.ini) reads as its plaintext, every
// variable of it masked.
TEST(InventoryVault, EncryptedInventoryFile) {
  LoadOptions o;
  o.vault_secrets = {k_prod, k_default};
  auto loaded = load_inventory({k_dir + "encrypted-hosts.ini"}, o);
  ASSERT_TRUE(loaded.is_ok()) << loaded.error_message();
  const Host *pe1 = loaded->inventory.find_host("pe1");
  ASSERT_NE(pe1, nullptr);
  EXPECT_EQ(pe1->address, "192.0.2.11");
  EXPECT_EQ(pe1->password(), "inv-file-secret");
  EXPECT_EQ(pe1->user(), "netops");
  EXPECT_TRUE(pe1->var("ansible_host")->vaulted);
  EXPECT_EQ(inventory_to_json(loaded->inventory, {pe1})["_meta"]["hostvars"]["pe1"]["ansible_user"], "***");
  auto closed = load_inventory({k_dir + "encrypted-hosts.ini"}, LoadOptions{});
  EXPECT_EQ(closed.error_message(), k_dir +
                                        "encrypted-hosts.ini: vault-encrypted data, but no vault secret was given "
                                        "(--vault-password-file, --ask-vault-pass, --vault-id or "
                                        "ANSIBLE_VAULT_PASSWORD_FILE)");
}

// Encrypts afresh with the real ansible-vault (when installed) and decrypts with licmig.
TEST(InventoryVault, LiveAnsibleVault) {
  if (std::system("command -v ansible-vault >/dev/null 2>&1") != 0)
    LICMIG_SKIP_UNLESS_CI("ansible-vault not installed");
  const auto tmp = std::filesystem::temp_directory_path() / ("licmig-vault-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);
  const std::string file = (tmp / "data.yml").string();
  std::ofstream(file) << "secret: fresh-value\n";
  const std::string cmd = "cd " + tmp.string() + " && HOME=" + tmp.string() +
                          " ANSIBLE_CONFIG=/nonexistent ansible-vault encrypt --vault-id live@" + k_dir +
                          "prod-pass.txt data.yml >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string envelope = read(file);
  EXPECT_EQ(envelope.rfind("$ANSIBLE_VAULT;1.2;AES256;live\n", 0), 0U);
  auto plain = vault_decrypt(envelope, {VaultSecret{"live", "prod-vault-pass", "t"}}, file);
  std::filesystem::remove_all(tmp);
  ASSERT_TRUE(plain.is_ok()) << plain.error_message();
  EXPECT_EQ(*plain, "secret: fresh-value\n");
}

}  // namespace
}  // namespace licmig::inventory
