// Inventory loading: Ansible YAML/INI and CSV read into the same model, variable precedence,
// typed licmig variables, warnings for misspelt variables, secrets masked in the JSON view, and
// every malformed inventory in tests/fixtures/inventory/malformed giving its exact error text.
#include "inventory/inventory.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "inventory/host_pattern.hpp"
#include "inventory/host_range.hpp"
#include "inventory/inventory_builder.hpp"

namespace licmig::inventory {
namespace {

const std::string k_fixtures = std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/inventory";

LoadedInventory load_ok(const std::string &path) {
  auto loaded = load_inventory(path);
  EXPECT_TRUE(loaded.is_ok()) << (loaded ? "" : loaded.error_message());
  return loaded ? std::move(loaded).value() : LoadedInventory{};
}

LoadedInventory parse_ok(std::string_view text, InventoryFormat format, const std::string &name = "hosts") {
  auto loaded = parse_inventory(text, name, format);
  EXPECT_TRUE(loaded.is_ok()) << (loaded ? "" : loaded.error_message());
  return loaded ? std::move(loaded).value() : LoadedInventory{};
}

std::string parse_error(std::string_view text, InventoryFormat format, const std::string &name) {
  auto loaded = parse_inventory(text, name, format);
  return loaded ? std::string("(loaded)") : loaded.error_message();
}

std::vector<std::string> host_names(const Inventory &inv) {
  std::vector<std::string> out;
  for (const auto &h : inv.hosts) out.push_back(h.name);
  return out;
}

// The malformed inventories, each with the exact error `licmig inventory` prints after "licmig: error: ".
struct Malformed {
  const char *file;
  const char *error;
};
const Malformed k_malformed[] = {
    {"alias_bomb.yaml", "alias_bomb.yaml:4: the document expands to more than 100000 values (YAML aliases?): refused"},
    {"nested_range.ini", "nested_range.ini:2: host range 'pe[0:9999][0:9999]': more than 100000 hosts"},
    {"backwards_range.ini", "backwards_range.ini:2: host range 'pe[10:01]': begin is after end"},
    {"bad_boolean.ini", "bad_boolean.ini:2: ssh_legacy: not a boolean"},
    {"bad_boolean.yaml", "bad_boolean.yaml:4: ssh_legacy: not a boolean"},
    {"bad_ha_role.yaml", "bad_ha_role.yaml:5: ha_role: must be 'active' or 'standby'"},
    {"bad_header.csv",
     "bad_header.csv:1: CSV header must be 'name,host,port,username,group,ha_group,ha_role', got "
     "'name,host,port,user,group'"},
    {"bad_md5.yaml", "bad_md5.yaml:4: expected_md5: 'asr920.17.09.05.bin': not an MD5 checksum (32 hex digits)"},
    {"bad_port.csv", "bad_port.csv:2: ansible_port: not a port number"},
    {"bad_port.yaml", "bad_port.yaml:9: ansible_port: not a port number"},
    {"bad_port_suffix.ini", "bad_port_suffix.ini:3: ansible_port: not a port number"},
    {"bad_reload_timeout.yaml", "bad_reload_timeout.yaml:4: reload_timeout: not a number of seconds (1-86400)"},
    {"bad_section_header.ini", "bad_section_header.ini:1: invalid section header '[core' (missing ']')"},
    {"csv_quote.csv", "csv_quote.csv:2: CSV: unterminated quote"},
    {"duplicate_host_conflict.ini",
     "duplicate_host_conflict.ini:4: host 'pe1' defined again with ansible_host '10.0.0.2' (was '10.0.0.1' at line 2)"},
    {"duplicate_host_conflict.yaml",
     "duplicate_host_conflict.yaml:10: host 'pe1' defined again with ansible_host '10.0.0.9' (was '10.0.0.1' at line "
     "6)"},
    {"duplicate_key.yaml", "duplicate_key.yaml:5: duplicate key 'pe1'"},
    {"empty.csv", "empty.csv: inventory has no hosts"},
    {"empty.ini", "empty.ini: inventory has no hosts"},
    {"empty.yaml", "empty.yaml: inventory has no hosts"},
    {"group_cycle.yaml", "group_cycle.yaml:5: group 'b' cannot be a child of 'a': 'a' is already inside 'b'"},
    {"host_not_string.yaml", "host_not_string.yaml:4: ansible_host: not a host name or address"},
    {"host_token_without_equals.ini",
     "host_token_without_equals.ini:2: expected key=value host variable, got 'standby'"},
    {"host_vars_scalar.yaml", "host_vars_scalar.yaml:5: host 'pe1': variables must be a mapping (name: value)"},
    {"hosts_list.yaml", "hosts_list.yaml:4: hosts of group 'core' must be a mapping"},
    {"md5_not_mapping.yaml", "md5_not_mapping.yaml:4: expected_md5: not a mapping of image name to MD5"},
    {"numeric_host.yaml", "numeric_host.yaml:3: host name '12345' must be a string (quote it)"},
    {"plugin_config.yaml", "plugin_config.yaml:1: inventory plugin configuration files are not supported"},
    {"range_width.ini",
     "range_width.ini:2: host range 'pe[01:5]': zero-padded begin and end must have the same length"},
    {"section_with_space.ini", "section_with_space.ini:1: invalid section header '[my group]'"},
    {"short_row.csv", "short_row.csv:3: expected 7 fields, got 5"},
    {"top_level_list.yaml", "top_level_list.yaml:1: YAML inventory must be a mapping of group names"},
    {"trailing_colon.ini", "trailing_colon.ini:2: host 'pe1:': a ':' after a host name must be followed by a port"},
    {"undefined_child.ini", "undefined_child.ini:2: section [core:children] includes undefined group 'edge'"},
    {"unknown_group_key.yaml",
     "unknown_group_key.yaml:4: unknown key 'host' in group 'core' (expected hosts, children or vars)"},
    {"unknown_section.ini",
     "unknown_section.ini:4: section [core:hosts_vars] has unknown type 'hosts_vars' (expected children or vars)"},
    {"unterminated_quote.ini",
     "unterminated_quote.ini:2: host line 'pe1 description=\"unterminated': no closing quotation"},
    {"vars_for_undefined.ini", "vars_for_undefined.ini:3: section [edge:vars] is for undefined group 'edge'"},
    {"vars_list.yaml", "vars_list.yaml:3: vars of group 'all' must be a mapping"},
    {"vars_without_equals.ini", "vars_without_equals.ini:2: expected key=value, got 'ntp_server 10.0.0.1'"},
    {"vault_value.yaml",
     "vault_value.yaml:4: ansible_password: vault-encrypted data, but no vault secret was given "
     "(--vault-password-file, --ask-vault-pass, --vault-id or ANSIBLE_VAULT_PASSWORD_FILE)"},
    {"yaml_in_ini.ini", "yaml_in_ini.ini:2: '---' starts a YAML document: name a YAML inventory .yml or .yaml"},
    {"yaml_syntax.yaml", "yaml_syntax.yaml:5: YAML syntax error: end of map not found"},
    {"zero_port.ini", "zero_port.ini:2: ansible_port: not a port number"},
};

TEST(InventoryMalformed, EachFixtureGivesItsExactError) {
  std::size_t checked = 0;
  for (const auto &m : k_malformed) {
    const std::string dir = k_fixtures + "/malformed/";
    auto loaded = load_inventory(dir + m.file);
    ASSERT_FALSE(loaded.is_ok()) << m.file;
    EXPECT_EQ(loaded.error_message(), dir + m.error) << m.file;
    EXPECT_EQ(loaded.status().kind(), ErrorKind::invalid_input) << m.file;
    ++checked;
  }
  EXPECT_GE(checked, 20u);
}

TEST(InventoryMalformed, EveryFixtureIsInTheTable) {
  for (const auto &entry : std::filesystem::directory_iterator(k_fixtures + "/malformed")) {
    const std::string name = entry.path().filename().string();
    bool listed = false;
    for (const auto &m : k_malformed) listed = listed || name == m.file;
    EXPECT_TRUE(listed) << name << " has no expected error in k_malformed";
  }
}

TEST(InventoryLoad, MissingFileIsAnIoErrorNamingIt) {
  auto loaded = load_inventory(k_fixtures + "/no-such-inventory.yaml");
  ASSERT_FALSE(loaded.is_ok());
  EXPECT_EQ(loaded.error_message(),
            k_fixtures + "/no-such-inventory.yaml: cannot read inventory: No such file or directory");
  EXPECT_EQ(loaded.status().kind(), ErrorKind::io_error);
}

// group_vars/ and host_vars/ beside the source: Ansible's order (inventory vars of all < of other
// groups < group_vars/all < group_vars/<group> < host inventory vars < host_vars/<host>), files
// NAME / NAME.yml / NAME.json / NAME/ (sorted, hidden, backups and other extensions skipped).
TEST(InventoryLayout, GroupVarsAndHostVarsPrecedence) {
  auto loaded = load_ok(k_fixtures + "/layouts/group_host_vars/hosts.yml");
  const auto &inv = loaded.inventory;
  const Host *pe1 = inv.find_host("pe1");
  const Host *pe2 = inv.find_host("pe2");
  const Host *ce1 = inv.find_host("ce1");
  ASSERT_TRUE(pe1 && pe2 && ce1);
  EXPECT_EQ(pe1->user(), "netops");  // group_vars/all.yml beats core's inventory vars
  EXPECT_EQ(pe1->var("site")->value, "from-group-vars-all");
  EXPECT_EQ(pe1->var("tier")->value, "core-files-later");  // group_vars/core/, files in name order
  EXPECT_EQ(to_string(pe1->var("tier")->origin),
            k_fixtures + "/layouts/group_host_vars/group_vars/core/20-override.yaml:1");
  EXPECT_EQ(pe1->var("ntp")->value, nlohmann::json({{"prefer", "192.0.2.2"}}));  // top-level replace
  EXPECT_EQ(pe1->var("role")->value, "host-vars-file");                          // host_vars over the host's own
  EXPECT_EQ(pe1->mgmt_interface, "GigabitEthernet0");
  EXPECT_EQ(pe2->port, 2222);                              // host_vars/pe2.json
  EXPECT_EQ(pe2->var("tier")->value, "core-files-later");  // core (priority 5) after edge
  EXPECT_EQ(ce1->var("tier")->value, "edge-file");         // `edge` found before edge.yml
  EXPECT_EQ(ce1->ha_group, "edge-pair");
  EXPECT_EQ(pe1->var("ignored"), nullptr);  // *~, hidden, *.txt skipped
  EXPECT_EQ(pe1->connection(), "ansible.netcommon.network_cli");
  EXPECT_FALSE(pe1->unsupported);
}

TEST(InventoryLayout, FolderSourceWithAnsiblesIgnoreRules) {
  auto loaded = load_ok(k_fixtures + "/layouts/folder/inventory");
  std::vector<std::string> names = host_names(loaded.inventory);
  EXPECT_EQ(names, (std::vector<std::string>{"pe1", "pe2", "ce1", "lab1"}));  // no .ini, .md, .bak, .orig, ~, .x
  const Host *lab1 = loaded.inventory.find_host("lab1");
  ASSERT_NE(lab1, nullptr);
  EXPECT_EQ(lab1->port, 8022);  // host_vars inside the folder
  EXPECT_EQ(lab1->user(), "folder-user");
  EXPECT_EQ(lab1->var("tier")->value, "all");  // group_vars/all beats the lab group's inventory var
}

TEST(InventoryLayout, SeveralSourcesMergeInOrder) {
  const std::string dir = k_fixtures + "/layouts/multi/";
  auto loaded = load_inventory({dir + "site_a/hosts.ini", dir + "site_b/hosts.yml"});
  ASSERT_TRUE(loaded.is_ok()) << loaded.error_message();
  const Host *pe1 = loaded->inventory.find_host("pe1");
  const Host *pe2 = loaded->inventory.find_host("pe2");
  ASSERT_TRUE(pe1 && pe2);
  EXPECT_EQ(pe1->user(), "user-b");            // the later source's group_vars/all
  EXPECT_EQ(pe1->var("from_a")->value, true);  // both sources' group_vars apply
  EXPECT_EQ(pe1->var("core_from")->value, "b");
  EXPECT_EQ(pe1->var("tier")->value, "from-b");  // the later source's group var
  EXPECT_EQ(pe1->var("site")->value, "b-host-vars");
  EXPECT_EQ(pe2->var("site")->value, "b");
  EXPECT_EQ(loaded->inventory.sources.size(), 2U);
}

// Plain references are resolved for the variables licmig uses; Ansible's aliases are folded in;
// anything else refuses the host, naming host, variable and file:line; non-IOS hosts are marked.
TEST(InventoryLayout, TemplatesAliasesAndConnectionChecks) {
  const std::string file = k_fixtures + "/layouts/templates/hosts.yml";
  auto loaded = load_ok(file);
  const auto &inv = loaded.inventory;
  const Host *pe1 = inv.find_host("pe1");
  ASSERT_NE(pe1, nullptr);
  EXPECT_EQ(pe1->address, "192.0.2.11");
  EXPECT_EQ(pe1->user(), "netops");
  EXPECT_EQ(pe1->var("ansible_host")->value, "{{ mgmt_ip }}");  // as written, for --list
  EXPECT_EQ(pe1->connection_vars.at("ansible_host"), "192.0.2.11");
  const Host *pe2 = inv.find_host("pe2");
  EXPECT_EQ(pe2->address, "192.0.2.12");
  EXPECT_EQ(pe2->port, 2222);
  EXPECT_EQ(pe2->user(), "admin");
  EXPECT_EQ(pe2->password(), "s3cret-pe2");
  EXPECT_EQ(pe2->enable_secret(), "en4ble");
  EXPECT_EQ(pe2->connection_vars.at("ansible_password"), "s3cret-pe2");
  const Host *pe3 = inv.find_host("pe3");
  EXPECT_EQ(pe3->address, "192.0.2.13");
  EXPECT_EQ(pe3->port, 830);
  for (const char *ok : {"pe1", "pe2", "pe3"}) EXPECT_FALSE(inv.find_host(ok)->refusal) << ok;
  EXPECT_EQ(*inv.find_host("pe4")->refusal,
            file +
                ":27: host 'pe4': variable 'ansible_host': '{{ mgmt_ip | default('192.0.2.14') }}' is not a plain "
                "variable reference (filters, expressions and lookups are not supported)");
  EXPECT_EQ(*inv.find_host("pe5")->refusal,
            file +
                ":29: host 'pe5': variable 'ansible_host': '{{ lookup('env', 'ROUTER') }}' is not a plain "
                "variable reference (filters, expressions and lookups are not supported)");
  EXPECT_EQ(*inv.find_host("pe6")->refusal,
            file + ":31: host 'pe6': variable 'ansible_host': 'undefined_var' is undefined");
  EXPECT_EQ(
      *inv.find_host("pe7")->refusal,
      file + ":33: host 'pe7': variable 'ansible_host': references nested more than 20 deep (a loop through 'a'?)");
  EXPECT_EQ(*inv.find_host("junos1")->unsupported,
            file + ":39: host 'junos1': ansible_network_os is 'junipernetworks.junos.junos', not IOS / IOS XE");
  EXPECT_EQ(*inv.find_host("local1")->unsupported, file + ":42: host 'local1': ansible_connection is 'local', not SSH");
  EXPECT_TRUE(inv.find_host("netconf1")->unsupported);
  EXPECT_FALSE(pe1->unsupported);
}

// Regression (fuzz_inventory): a host defined again with an ansible_host that is not valid UTF-8
// threw from the error message's JSON dump instead of naming the line.
TEST(InventoryRobustness, InvalidUtf8InARedefinedAddressIsAnError) {
  EXPECT_EQ(parse_error("[core]\npe1 ansible_host=10.0.0.1\n[edge]\npe1 ansible_host=10.0.\xf0\xff\n",
                        InventoryFormat::ini, "h.ini"),
            "h.ini:4: host 'pe1' defined again with ansible_host '10.0.\xf0\xff' (was '10.0.0.1' at line 2)");
  auto loaded = parse_ok("[core]\npe1 ansible_host=10.0.0.1 note=\xf0\xff\n", InventoryFormat::ini, "h.ini");
  const auto *pe1 = loaded.inventory.find_host("pe1");
  ASSERT_NE(pe1, nullptr);
  EXPECT_NO_THROW(
      (void)inventory_to_json(loaded.inventory, {pe1}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST(InventoryTemplate, ResolvesPlainReferencesOnly) {
  VarMap vars;
  vars["a"] = VarValue{"x", {}};
  vars["n"] = VarValue{22, {}};
  vars["chain"] = VarValue{"{{ a }}-{{ n }}", {}};
  using detail::resolve_template;
  EXPECT_EQ(*resolve_template("{{ chain }}/{{inventory_hostname_short}}", vars, "pe1.example.net"), "x-22/pe1");
  EXPECT_EQ(*resolve_template("{{ n }}", vars, "h"), 22);  // a lone reference keeps its type
  EXPECT_EQ(*resolve_template(nlohmann::json::array({"{{ a }}", 1}), vars, "h"), nlohmann::json::array({"x", 1}));
  EXPECT_EQ(resolve_template("{{ a + 'b' }}", vars, "h").error_message(),
            "'{{ a + 'b' }}' is not a plain variable reference (filters, expressions and lookups are not supported)");
  EXPECT_EQ(resolve_template("{% if a %}y{% endif %}", vars, "h").error_message(),
            "Jinja statements and comments ({% %}, {# #}) are not supported");
  EXPECT_EQ(resolve_template("{{ a", vars, "h").error_message(), "'{{' without '}}'");
  // doubling at every level: bounded by the number of references, not by memory
  VarMap bomb;
  bomb["v0"] = VarValue{"xxxxxxxx", {}};
  for (int i = 1; i < 20; ++i) {
    bomb["v" + std::to_string(i)] =
        VarValue{"{{ v" + std::to_string(i - 1) + " }}{{ v" + std::to_string(i - 1) + " }}", {}};
  }
  EXPECT_FALSE(resolve_template("{{ v19 }}", bomb, "h").is_ok());
}

TEST(InventoryLoad, BinaryFileIsRefused) {
  EXPECT_EQ(parse_error(std::string("all:\0\x01", 6), InventoryFormat::yaml, "x.yaml"), "x.yaml: not a text file");
}

TEST(InventoryYaml, NestedGroupsVarsAndPrecedence) {
  auto loaded = load_ok(k_fixtures + "/ansible/metro_nested.yaml");
  const auto &inv = loaded.inventory;
  EXPECT_EQ(host_names(inv),
            (std::vector<std::string>{"osl-asr920-01", "osl-asr920-02", "bgo-asr903-01", "lis-asr907-01"}));
  const Host *osl = inv.find_host("osl-asr920-01");
  ASSERT_NE(osl, nullptr);
  EXPECT_EQ(osl->address, "10.10.1.11");
  EXPECT_EQ(osl->port, 22);
  EXPECT_EQ(osl->groups, (std::vector<std::string>{"north", "site_oslo"}));
  EXPECT_EQ(osl->user(), "netops");
  EXPECT_EQ(osl->password(), "fleet-wide-pass");
  EXPECT_EQ(osl->network_os(), "cisco.ios.ios");
  EXPECT_EQ(osl->ha_group, "osl-pair");
  EXPECT_EQ(osl->ha_role, HaRole::active);
  EXPECT_EQ(osl->mgmt_interface, "GigabitEthernet0");
  ASSERT_TRUE(osl->reload_timeout.has_value());
  EXPECT_EQ(osl->reload_timeout->count(), 1200);  // north overrides all
  EXPECT_FALSE(osl->ssh_legacy);
  ASSERT_NE(osl->var("ntp_server"), nullptr);
  EXPECT_EQ(osl->var("ntp_server")->value, "10.10.0.1");
  EXPECT_EQ(to_string(osl->var("ntp_server")->origin), k_fixtures + "/ansible/metro_nested.yaml:13");
  EXPECT_EQ(to_string(osl->origin), k_fixtures + "/ansible/metro_nested.yaml:21");

  const Host *bgo = inv.find_host("bgo-asr903-01");
  ASSERT_NE(bgo, nullptr);
  EXPECT_EQ(bgo->port, 2222);
  EXPECT_TRUE(bgo->ssh_legacy);
  EXPECT_FALSE(bgo->mgmt_interface.has_value());

  const Host *lis = inv.find_host("lis-asr907-01");
  ASSERT_NE(lis, nullptr);
  EXPECT_EQ(lis->reload_timeout->count(), 900);
  EXPECT_EQ(lis->expected_md5.at("asr900rsp3-universalk9_npe.17.09.05a.SPA.bin"), "0d4f4f8f6c3a9e2b1a7c5d3e9f1b2a4c");

  const Group *north = inv.find_group("north");
  ASSERT_NE(north, nullptr);
  EXPECT_EQ(north->children, (std::vector<std::string>{"site_oslo", "site_bergen"}));
  EXPECT_EQ(north->depth, 1);
  EXPECT_EQ(inv.find_group("site_oslo")->depth, 2);
  EXPECT_TRUE(loaded.warnings.empty());
}

TEST(InventoryYaml, HostInTwoGroupsTakesTheLaterNameAtEqualDepth) {
  auto loaded = load_ok(k_fixtures + "/ansible/two_groups.yml");
  const Host *pe1 = loaded.inventory.find_host("pe1.example.net");
  ASSERT_NE(pe1, nullptr);
  EXPECT_EQ(pe1->groups, (std::vector<std::string>{"asr920", "wave1"}));
  EXPECT_EQ(pe1->var("wave")->value, 1);  // wave1 sorts after asr920
  const Host *pe2 = loaded.inventory.find_host("pe2.example.net");
  EXPECT_EQ(pe2->var("wave")->value, 2);
  const Host *lab = loaded.inventory.find_host("lab-asr920");
  EXPECT_EQ(lab->groups, (std::vector<std::string>{"ungrouped"}));
  EXPECT_EQ(loaded.inventory.find_host("pe3.example.net")->enable_secret(), "enable-me");
}

TEST(InventoryYaml, ScalarsAreTypedLikeAnsible) {
  auto loaded = load_ok(k_fixtures + "/ansible/yaml_types.yaml");
  const Host *r1 = loaded.inventory.find_host("r1");
  ASSERT_NE(r1, nullptr);
  auto v = [&](const char *k) { return r1->var(k)->value; };
  EXPECT_EQ(v("plain_int"), 42);
  EXPECT_EQ(v("octal_like"), 493);
  EXPECT_EQ(v("hex"), 31);
  EXPECT_EQ(v("float_val"), 1.5);
  EXPECT_EQ(v("version_string"), 17.9);
  EXPECT_EQ(v("dotted"), "17.9.4a");
  EXPECT_EQ(v("yes_word"), true);
  EXPECT_EQ(v("off_word"), false);
  EXPECT_EQ(v("quoted_yes"), "yes");
  EXPECT_TRUE(v("tilde").is_null());
  EXPECT_TRUE(v("empty").is_null());
  EXPECT_EQ(v("nested"), nlohmann::json::parse(R"({"a": [1, "two", 3.0], "b": {"c": true}})"));
  EXPECT_EQ(v("block"), "line one\nline two\n");
  EXPECT_EQ(v("sexagesimal"), 90);
}

TEST(InventoryYaml, HostsMayBeNullOrASingleNameAndRangesExpand) {
  auto loaded =
      parse_ok("core:\n  hosts: pe1\nedge:\n  hosts:\n    pe[1:2]:2200:\n    pe9:\nempty:\n", InventoryFormat::yaml);
  EXPECT_EQ(host_names(loaded.inventory), (std::vector<std::string>{"pe1", "pe2", "pe9"}));
  EXPECT_EQ(loaded.inventory.find_host("pe1")->port, 22);  // already defined when edge gave a port
  EXPECT_EQ(loaded.inventory.find_host("pe2")->port, 2200);
  EXPECT_EQ(loaded.inventory.find_host("pe1")->groups, (std::vector<std::string>{"core", "edge"}));
  EXPECT_NE(loaded.inventory.find_group("empty"), nullptr);
}

TEST(InventoryIni, RangesChildrenAndTypedValues) {
  auto loaded = load_ok(k_fixtures + "/ansible/campus.ini");
  const auto &inv = loaded.inventory;
  EXPECT_EQ(host_names(inv), (std::vector<std::string>{"lab-rtr", "pe01.metro.example.net", "pe02.metro.example.net",
                                                       "pe03.metro.example.net", "pe04.metro.example.net", "pe-spare",
                                                       "agg-a", "agg-b", "agg-c"}));
  const Host *agg = inv.find_host("agg-b");
  EXPECT_EQ(agg->groups, (std::vector<std::string>{"agg", "metro"}));
  EXPECT_EQ(agg->user(), "aggops");  // host var beats metro:vars
  EXPECT_EQ(agg->ha_group, "agg-ring");
  EXPECT_EQ(agg->reload_timeout->count(), 1500);
  EXPECT_EQ(agg->password(), "s3cr3t pass");
  EXPECT_EQ(agg->enable_secret(), "en@ble");
  EXPECT_EQ(agg->var("ntp_servers")->value, nlohmann::json::parse(R"(["10.0.0.1", "10.0.0.2"])"));
  EXPECT_EQ(agg->var("snmp")->value, nlohmann::json::parse(R"({"community_ro": "public", "location": "Rack 12"})"));
  EXPECT_EQ(agg->var("ssh_legacy")->value, false);
  EXPECT_EQ(agg->var("banner")->value, "Authorized access only");
  EXPECT_EQ(to_string(agg->var("ha_group")->origin), k_fixtures + "/ansible/campus.ini:12");
  const Host *spare = inv.find_host("pe-spare");
  EXPECT_EQ(spare->address, "198.51.100.40");
  EXPECT_EQ(spare->port, 2022);
  EXPECT_EQ(inv.find_host("lab-rtr")->groups, (std::vector<std::string>{"ungrouped"}));
}

TEST(InventoryIni, PortsPrioritiesAndPythonLiterals) {
  auto loaded = load_ok(k_fixtures + "/ansible/ha_pairs.ini");
  const auto &inv = loaded.inventory;
  const Host *core1a = inv.find_host("core1a");
  EXPECT_EQ(core1a->port, 2201);
  EXPECT_EQ(core1a->address, "203.0.113.1");  // from core:vars
  EXPECT_EQ(core1a->ha_group, "pair1");
  EXPECT_EQ(core1a->groups, (std::vector<std::string>{"core", "core_pair_1", "edge"}));
  EXPECT_EQ(inv.find_host("core2b")->ha_role, HaRole::standby);
  EXPECT_EQ(inv.find_host("core2b")->ha_group, "pair2");
  EXPECT_EQ(inv.find_group("core_pair_2")->priority, 5);
  EXPECT_EQ(inv.find_host("core2a")->expected_md5.size(), 1u);
  EXPECT_EQ(host_names(inv).size(), 7u);  // edge[1:9:4] = edge1 edge5 edge9
  EXPECT_NE(inv.find_host("edge5"), nullptr);
  const Host *edge1 = inv.find_host("edge1");
  EXPECT_EQ(edge1->var("site")->value, "DC West");
  EXPECT_EQ(edge1->var("count")->value, 16);
  EXPECT_EQ(edge1->var("ratio")->value, 2.5);
  EXPECT_EQ(edge1->var("weird")->value, "022");
  EXPECT_EQ(edge1->var("step_host")->value, "true");
}

TEST(InventoryIni, ValuesFollowPythonLiteralEval) {
  using detail::ini_value;
  EXPECT_EQ(ini_value("5 # note"), 5);
  EXPECT_EQ(ini_value("foo # note"), "foo # note");
  EXPECT_EQ(ini_value("'123'"), "123");
  EXPECT_EQ(ini_value("-7"), -7);
  EXPECT_EQ(ini_value("1e3"), 1000.0);
  EXPECT_EQ(ini_value("True"), true);
  EXPECT_TRUE(ini_value("None").is_null());
  EXPECT_EQ(ini_value("true"), "true");
  EXPECT_EQ(ini_value("10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(ini_value("(1, 'a')"), nlohmann::json::parse(R"([1, "a"])"));
  EXPECT_EQ(ini_value("(1)"), 1);
  EXPECT_EQ(ini_value("{1, 2}"), "{1, 2}");
  EXPECT_EQ(ini_value("[1, [2, [3]]"), "[1, [2, [3]]");
  EXPECT_EQ(ini_value(""), "");
}

TEST(InventoryIni, ChildrenMayBeDeclaredBeforeTheirGroup) {
  auto loaded = parse_ok("[metro:children]\npe\n\n[pe]\npe1\n", InventoryFormat::ini);
  EXPECT_EQ(loaded.inventory.find_host("pe1")->groups, (std::vector<std::string>{"metro", "pe"}));
}

TEST(InventoryCsv, RowsBecomeHosts) {
  auto loaded = parse_ok(
      "# fleet\nname,host,port,username,group,ha_group,ha_role\n"
      "pe1,10.0.0.1,2222,admin,core;wave1,pair1,active\n"
      "pe2,,,,,,\n"
      "\"pe,3\",10.0.0.3,22,\"op \"\"x\"\"\",core,pair1,standby\n",
      InventoryFormat::csv, "fleet.csv");
  const auto &inv = loaded.inventory;
  EXPECT_EQ(host_names(inv), (std::vector<std::string>{"pe1", "pe2", "pe,3"}));
  const Host *pe1 = inv.find_host("pe1");
  EXPECT_EQ(pe1->address, "10.0.0.1");
  EXPECT_EQ(pe1->port, 2222);
  EXPECT_EQ(pe1->user(), "admin");
  EXPECT_EQ(pe1->groups, (std::vector<std::string>{"core", "wave1"}));
  EXPECT_EQ(pe1->ha_role, HaRole::active);
  EXPECT_EQ(to_string(pe1->var("ansible_port")->origin), "fleet.csv:3");
  EXPECT_EQ(inv.find_host("pe2")->address, "pe2");
  EXPECT_EQ(inv.find_host("pe2")->groups, (std::vector<std::string>{"ungrouped"}));
  EXPECT_EQ(inv.find_host("pe,3")->user(), "op \"x\"");
}

TEST(InventoryFormat, SniffedWithoutExtension) {
  EXPECT_EQ(sniff_inventory_format("# c\nall:\n  hosts:\n"), InventoryFormat::yaml);
  EXPECT_EQ(sniff_inventory_format("---\n"), InventoryFormat::yaml);
  EXPECT_EQ(sniff_inventory_format("; c\n[core]\npe1\n"), InventoryFormat::ini);
  EXPECT_EQ(sniff_inventory_format("pe1 ansible_host=10.0.0.1\n"), InventoryFormat::ini);
  EXPECT_EQ(sniff_inventory_format("name,host,port,username,group,ha_group,ha_role\n"), InventoryFormat::csv);
  auto loaded = load_ok(k_fixtures + "/ansible/routers_noext");
  EXPECT_TRUE(loaded.inventory.find_host("r2")->ssh_legacy);
}

TEST(InventoryWarnings, MisspeltVariableNamesTheLikelyIntent) {
  auto loaded = parse_ok(
      "all:\n  vars:\n    ha_grup: x\n  hosts:\n    pe1:\n      ansibel_host: 10.0.0.1\n"
      "      ansible_port: 22\n      ansible_network_os: ios\n      my_var: 1\n",
      InventoryFormat::yaml, "hosts.yaml");
  EXPECT_EQ(loaded.warnings,
            (std::vector<std::string>{"hosts.yaml:3: unknown variable 'ha_grup' (did you mean 'ha_group'?)",
                                      "hosts.yaml:6: unknown variable 'ansibel_host' (did you mean 'ansible_host'?)"}));
  // A warning, not an error: the variable is kept as Ansible would keep it.
  EXPECT_EQ(loaded.inventory.find_host("pe1")->var("ansibel_host")->value, "10.0.0.1");
  EXPECT_EQ(loaded.inventory.find_host("pe1")->address, "pe1");
}

TEST(InventoryWarnings, IniMisspellingAndGroupHostClash) {
  auto loaded = parse_ok("[core]\npe1 ssh_legacyy=true\ncore\n", InventoryFormat::ini, "h.ini");
  EXPECT_EQ(loaded.warnings,
            (std::vector<std::string>{"h.ini:2: unknown variable 'ssh_legacyy' (did you mean 'ssh_legacy'?)",
                                      "h.ini:1: 'core' is both a group and a host"}));
}

TEST(InventoryJson, LikeAnsibleInventoryListWithSecretsMasked) {
  auto loaded = parse_ok(
      "all:\n  vars:\n    ansible_password: pw\n    api_token: t\n    creds: {enable_secret: s, user: u}\n"
      "  children:\n    core:\n      hosts:\n        pe1:\n          ansible_become_password: en\n        pe2:\n"
      "    unused:\n",
      InventoryFormat::yaml);
  std::vector<const Host *> all;
  for (const auto &h : loaded.inventory.hosts) all.push_back(&h);
  auto json = inventory_to_json(loaded.inventory, all);
  EXPECT_EQ(json["all"]["children"], nlohmann::json::parse(R"(["ungrouped", "core", "unused"])"));
  EXPECT_EQ(json["core"]["hosts"], nlohmann::json::parse(R"(["pe1", "pe2"])"));
  EXPECT_FALSE(json.contains("unused"));
  EXPECT_FALSE(json.contains("ungrouped"));
  const auto &pe1 = json["_meta"]["hostvars"]["pe1"];
  EXPECT_EQ(pe1["ansible_password"], "***");
  EXPECT_EQ(pe1["ansible_become_password"], "***");
  EXPECT_EQ(pe1["api_token"], "***");
  EXPECT_EQ(pe1["creds"]["enable_secret"], "***");
  EXPECT_EQ(pe1["creds"]["user"], "u");
  EXPECT_EQ(json.dump().find("\"pw\""), std::string::npos);

  auto only = select_hosts(loaded.inventory, "pe2");
  ASSERT_TRUE(only.is_ok());
  auto limited = inventory_to_json(loaded.inventory, *only);
  EXPECT_EQ(limited["core"]["hosts"], nlohmann::json::parse(R"(["pe2"])"));
  EXPECT_FALSE(limited["_meta"]["hostvars"].contains("pe1"));
}

TEST(InventorySecrets, Names) {
  EXPECT_TRUE(is_secret_variable("ansible_password"));
  EXPECT_TRUE(is_secret_variable("ansible_become_password"));
  EXPECT_TRUE(is_secret_variable("ansible_ssh_pass"));
  EXPECT_TRUE(is_secret_variable("Enable_Secret"));
  EXPECT_TRUE(is_secret_variable("smart_license_token"));
  EXPECT_FALSE(is_secret_variable("ansible_user"));
  EXPECT_FALSE(is_secret_variable("passive_mode"));
}

TEST(InventoryRanges, ExpandLikeAnsible) {
  using detail::expand_host_range;
  EXPECT_EQ(*expand_host_range("pe[01:03].net"), (std::vector<std::string>{"pe01.net", "pe02.net", "pe03.net"}));
  EXPECT_EQ(*expand_host_range("r[a:c]"), (std::vector<std::string>{"ra", "rb", "rc"}));
  EXPECT_EQ(*expand_host_range("r[y:B]"), (std::vector<std::string>{"ry", "rz", "rA", "rB"}));
  EXPECT_EQ(*expand_host_range("r[:2]"), (std::vector<std::string>{"r0", "r1", "r2"}));
  EXPECT_EQ(*expand_host_range("r[1:5:2]"), (std::vector<std::string>{"r1", "r3", "r5"}));
  EXPECT_EQ(*expand_host_range("r[1:2]-[a:b]"), (std::vector<std::string>{"r1-a", "r1-b", "r2-a", "r2-b"}));
  EXPECT_EQ(expand_host_range("r[1:2:3:4]").error_message(),
            "host range 'r[1:2:3:4]': must be [begin:end] or [begin:end:step]");
  EXPECT_EQ(expand_host_range("r[1:]").error_message(), "host range 'r[1:]': no end value");
  EXPECT_EQ(expand_host_range("r[1:x]").error_message(),
            "host range 'r[1:x]': begin and end must both be numbers or both be letters");
  EXPECT_EQ(expand_host_range("r[1:9:0]").error_message(), "host range 'r[1:9:0]': step must be a positive number");
}

TEST(InventoryRanges, HostAndPortSplit) {
  using detail::split_host_port;
  EXPECT_EQ(split_host_port("pe1:2222").host, "pe1");
  EXPECT_EQ(split_host_port("pe1:2222").port, "2222");
  EXPECT_FALSE(split_host_port("pe[1:3]").port.has_value());
  EXPECT_EQ(split_host_port("pe[1:3]:22").host, "pe[1:3]");
  EXPECT_FALSE(split_host_port("2001:db8::1").port.has_value());
  EXPECT_EQ(split_host_port("[2001:db8::1]:22").host, "2001:db8::1");
}

TEST(InventoryEditDistance, CountsTranspositionsOnce) {
  EXPECT_EQ(detail::edit_distance("ansibel_host", "ansible_host"), 1u);
  EXPECT_EQ(detail::edit_distance("ha_grop", "ha_group"), 1u);
  EXPECT_EQ(detail::edit_distance("", "abc"), 3u);
}

}  // namespace
}  // namespace licmig::inventory

namespace licmig::inventory {
namespace {

// Every prefix of every fixture, in every format, loads or fails with a message: never throws.
TEST(InventoryRobustness, TruncatedFixturesNeverThrow) {
  for (const auto *dir : {"/ansible", "/malformed"}) {
    for (const auto &entry : std::filesystem::directory_iterator(k_fixtures + dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      for (std::size_t n = 0; n <= text.size(); ++n) {
        for (auto format : {InventoryFormat::yaml, InventoryFormat::ini, InventoryFormat::csv}) {
          auto loaded = parse_inventory(std::string_view(text).substr(0, n), "f", format);
          if (!loaded) {
            EXPECT_EQ(loaded.error_message().rfind("f", 0), 0u) << loaded.error_message();
          }
        }
      }
    }
  }
}

TEST(InventoryRobustness, HugeNumbersStayText) {
  auto loaded = parse_inventory("[g]\nh a=0xffffffffffffffffff b=99999999999999999999999\n", "f", InventoryFormat::ini);
  ASSERT_TRUE(loaded.is_ok());
  EXPECT_EQ(loaded->inventory.hosts[0].var("a")->value, "0xffffffffffffffffff");
  auto yaml = parse_inventory("all:\n  hosts:\n    h:\n      a: 0xfffffffffffffffff\n", "f", InventoryFormat::yaml);
  ASSERT_TRUE(yaml.is_ok());
}

}  // namespace
}  // namespace licmig::inventory
