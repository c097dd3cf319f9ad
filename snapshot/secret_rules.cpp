// The one table of secret-bearing lines (secrets.hpp: SecretRule), and docs/secrets.md made from it.
#include <sstream>

#include "base/text.hpp"
#include "snapshot/secrets.hpp"

namespace licmig::snapshot {

namespace {

using Scope = RuleScope;

// clang-format off
const std::vector<SecretRule> k_rules = {
  // Lines that hold no secret although a rule below would take a word of them for one.
  {"password-encryption (none)", Scope::line, "", "password encryption aes", false, "password encryption aes"},
  {"aaa-password-policy (none)", Scope::line, "", "aaa password restriction", false, "aaa password restriction"},
  {"key-chain-name (none)", Scope::line, "", "... authentication key-chain ...", false,
   " isis authentication key-chain ISIS-KEYS"},
  {"fhrp-key-chain (none)", Scope::line, "", "standby|vrrp|glbp [<n>] authentication md5 key-chain <name>", false,
   " standby 1 authentication md5 key-chain HSRP-KEYS"},
  {"snmp-host-v3-user (none)", Scope::line, "",
   "snmp-server host <host> [vrf <vrf>] [informs|traps] version 3", false,
   "snmp-server host 192.0.2.20 traps version 3 priv nmsuser"},

  // Local accounts and privileged mode.
  {"enable-password", Scope::line, "", "enable password [level <n>] [<t>] {secret...}", false,
   "enable password 7 0822455D0A16"},
  {"enable-secret", Scope::line, "", "enable [algorithm-type <alg>] secret [level <n>] [<t>] {secret...}", false,
   "enable secret 9 $9$4lE2QkAfWzoyqE$hZ0wRwWTcq0OYgvmhq8bRnzY1"},
  {"username", Scope::line, "", "username <name> ... password|secret [<t>] {secret...}", false,
   "username admin privilege 15 secret 9 $9$nQ2u7d1wYb0E3k$Xq1f0m6Yv2Qk9s"},
  {"line-password", Scope::line, "line ...", "password [<t>] {secret...}", false, "line vty 0 4\n password 7 045802150C2E"},
  {"config-key", Scope::line, "", "key config-key password-encrypt {secret...}", false,
   "key config-key password-encrypt MasterKey123"},

  // SNMP.
  {"snmp-community", Scope::line, "", "snmp-server community {secret} ...", false,
   "snmp-server community publ1c RO 10"},
  {"snmp-host-community", Scope::line, "",
   "snmp-server host <host> [vrf <vrf>] [informs|traps] [version 1|2c] {secret} ...", false,
   "snmp-server host 192.0.2.10 vrf MGMT traps version 2c tr4pComm udp-port 162 config"},
  {"snmp-community-map", Scope::line, "", "snmp-server mib community-map {secret} ...", false,
   "snmp-server mib community-map c0mmMap context ctx1"},
  {"snmp-user-v3", Scope::line, "",
   "snmp-server user <user> <group> ... auth md5|sha|sha-2 [256|384|512] {secret} "
   "[priv des|3des|aes [128|192|256] {secret}]", false,
   "snmp-server user monitor NMS v3 auth sha Auth-Pa55 priv aes 128 Priv-Pa55 access 10"},
  {"snmp-show-community", Scope::line, "", "community name: {secret}", false, "Community name: publ1c"},

  // TACACS+ and RADIUS, old and new syntax.
  {"tacacs-server-key", Scope::line, "", "tacacs-server key [<t>] {secret...}", false,
   "tacacs-server key 7 05080F1C2243"},
  {"tacacs-server-host-key", Scope::line, "", "tacacs-server host <host> ... key [<t>] {secret...}", false,
   "tacacs-server host 192.0.2.5 port 49 key 0 T4cacsKey"},
  {"tacacs-server-block-key", Scope::line, "tacacs server <name>", "key [<t>] {secret...}", false,
   "tacacs server ISE1\n key 6 QWfP]ZbEd_XhFRRRYH^QBJfTdMZcAAB"},
  {"radius-server-key", Scope::line, "", "radius-server key [<t>] {secret...}", false,
   "radius-server key 0 R4diusKey"},
  {"radius-server-host-key", Scope::line, "", "radius-server host <host> ... key [<t>] {secret...}", false,
   "radius-server host 192.0.2.6 auth-port 1645 acct-port 1646 key 7 104D000A0618"},
  {"radius-server-block-key", Scope::line, "radius server <name>", "[pac] key [<t>] {secret...}", false,
   "radius server ISE2\n key 7 02050D480809"},
  {"aaa-server-private-key", Scope::line, "", "server-private <host> ... key [<t>] {secret...}", false,
   " server-private 192.0.2.7 auth-port 1812 acct-port 1813 key 7 0822455D0A16"},
  {"aaa-dynamic-author-key", Scope::line, "", "[client <host> ...] server-key [<t>] {secret...}", false,
   " client 192.0.2.8 server-key 7 13061E010803"},

  // IPsec and IKE.
  {"isakmp-key", Scope::line, "", "crypto isakmp key [<t>] {secret} address|hostname ...", false,
   "crypto isakmp key 6 Vpn-Sh4red address 203.0.113.1 255.255.255.255"},
  {"isakmp-group-key", Scope::line, "crypto isakmp client configuration group <name>", "key [<t>] {secret...}",
   false, "crypto isakmp client configuration group VPN\n key GroupK3y"},
  {"keyring-pre-shared-key", Scope::line, "", "pre-shared-key address|hostname <peer> ... key [<t>] {secret...}",
   false, " pre-shared-key address 203.0.113.2 key Ke7r1ng-Psk"},
  {"ikev2-pre-shared-key", Scope::line, "", "pre-shared-key [local|remote] [<t>] {secret...}", false,
   "  pre-shared-key local 0 Ikev2-L0cal"},
  {"ikev2-profile-key", Scope::line, "", "authentication local|remote pre-share key [<t>] {secret...}", false,
   " authentication local pre-share key 6 Ikev2Pr0file"},

  // Key chains, routing protocols, first-hop redundancy, time.
  {"public-key-blob", Scope::line, "", "key-string $", true,
   "  username admin\n   key-string\n    AAAAB3NzaC1yc2EAAAADAQABAAABAQC7\n    Qk9vZ2xlZ29vZ2xl\n   exit"},
  {"key-chain-key-string", Scope::line, "", "key-string [<t>] {secret...}", false, "  key-string 7 110A1016141D"},
  {"ssh-key-hash", Scope::line, "", "key-hash <type> {secret} ...", false,
   "   key-hash ssh-rsa 8FB4F858DD7E5AFB372780EC653DB371 admin@host"},
  {"fhrp-md5-key-string", Scope::line, "", "standby|vrrp|glbp [<n>] authentication md5 key-string [<t>] {secret} ...",
   false, " standby 1 authentication md5 key-string 7 0835495D1D timeout 30"},
  {"fhrp-text", Scope::line, "", "standby|vrrp|glbp [<n>] authentication text {secret} ...", false,
   " vrrp 2 authentication text Vrrp-Txt"},
  {"fhrp-plain", Scope::line, "", "standby|vrrp [<n>] authentication {secret}", false,
   " standby 3 authentication HsrpTxt"},
  {"ospf-authentication-key", Scope::line, "", "ip ospf authentication-key [<t>] {secret...}", false,
   " ip ospf authentication-key 7 1511021F0725"},
  {"ospf-virtual-link-key", Scope::line, "", "area <area> virtual-link <addr> ... authentication-key [<t>] {secret}",
   false, " area 1 virtual-link 192.0.2.9 authentication-key 0 VlinkKey"},
  {"ntp-authentication-key", Scope::line, "", "ntp authentication-key <n> <alg> {secret} ...", false,
   "ntp authentication-key 1 md5 0822455D0A16 7"},
  {"bgp-neighbor-password", Scope::line, "", "neighbor <peer> password [<t>] {secret...}", false,
   " neighbor 192.0.2.1 password 7 05080F1C2243"},
  {"ldp-neighbor-password", Scope::line, "", "mpls ldp neighbor [vrf <vrf>] <addr> password [<t>] {secret...}", false,
   "mpls ldp neighbor 192.0.2.3 password 0 Ldp-Pass"},
  {"msdp-password", Scope::line, "", "ip msdp [vrf <vrf>] password peer <addr> [<t>] {secret...}", false,
   "ip msdp password peer 192.0.2.4 0 Msdp-Pass"},
  {"isis-password", Scope::line, "", "isis password {secret} ...", false, " isis password IsisIfPw level-2"},
  {"isis-area-password", Scope::line, "", "area-password {secret} ...", false, " area-password IsisAreaPw"},
  {"isis-domain-password", Scope::line, "", "domain-password {secret} ...", false,
   " domain-password IsisDomPw authenticate snp validate"},
  {"nhrp-authentication", Scope::line, "", "ip nhrp authentication {secret}", false,
   " ip nhrp authentication NhrpKey"},

  // PPP, L2TP, VPDN, wireless.
  {"ppp-chap-password", Scope::line, "", "ppp chap password [<t>] {secret...}", false,
   " ppp chap password 7 060506324F41"},
  {"ppp-pap-password", Scope::line, "", "ppp pap sent-username <user> password [<t>] {secret...}", false,
   " ppp pap sent-username isp password 0 PapSecret"},
  {"l2tp-tunnel-password", Scope::line, "", "l2tp tunnel password [<t>] {secret...}", false,
   " l2tp tunnel password 7 104D000A0618"},
  {"vpdn-username", Scope::line, "", "vpdn username <user> password [<t>] {secret...}", false,
   "vpdn username lac1 password 0 VpdnPass"},
  {"wlan-psk", Scope::line, "", "security wpa psk set-key ascii|hex [<t>] {secret...}", false,
   " security wpa psk set-key ascii 0 WlanPsk-123"},
  {"dot11-wpa-psk", Scope::line, "", "wpa-psk ascii|hex [<t>] {secret...}", false, "  wpa-psk ascii 0 Dot11Psk"},

  // Clients of outside servers, Smart Licensing.
  {"ftp-password", Scope::line, "", "ip ftp password [<t>] {secret...}", false, "ip ftp password 0 FtpPass"},
  {"http-client-password", Scope::line, "", "ip http client password [<t>] {secret...}", false,
   "ip http client password 7 0835495D1D"},
  {"smart-license-token", Scope::line, "", "license smart ... idtoken|token {secret} ...", false,
   "license smart register idtoken ODk2NGE0ZTQtNzE5 force"},

  // Multi-line blocks.
  {"pki-certificate", Scope::line, "crypto pki|ca certificate chain <name>", "certificate ...", true,
   "crypto pki certificate chain SLA-TrustPoint\n certificate ca 01\n  30820321 30820209 A0030201\n  D697DF7F 28\n  \tquit"},

  // Anywhere in a line that no rule above matched.
  {"password-or-secret-typed", Scope::anywhere, "", "password|secret <t> {secret}", false,
   " bind authenticate root-dn cn=ldap password 7 0822455D0A16"},
  {"password-or-secret-last", Scope::anywhere, "", "password|secret {secret} $", false,
   " authentication username sip-user password SipPass"},
  {"idtoken", Scope::anywhere, "", "idtoken {secret}", false, "license smart trust idtoken MTIzNDU2 all"},
  {"authentication-ipsec", Scope::anywhere, "", "authentication ipsec spi <n> md5|sha1 [<t>] {secret}", false,
   " ipv6 ospf authentication ipsec spi 500 md5 1234567890ABCDEF1234567890ABCDEF"},
  {"message-digest-key", Scope::anywhere, "", "message-digest-key <n> md5 [<t>] {secret}", false,
   " ip ospf message-digest-key 1 md5 7 0822455D0A16"},
  {"url-password", Scope::url, "", "<scheme>://<user>:{secret}@<host>", false,
   " path ftp://backup:Arch1vePw@192.0.2.30/$h-$t"},
};
// clang-format on

std::string escape_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out.push_back(c);
  }
  return out;
}

// Each line of `text` as a code span, joined with <br> (a table cell).
std::string code_lines(std::string_view text) {
  std::string out;
  for (auto line : base::split_lines(text)) {
    const auto t = base::trim(line);
    if (t.empty()) continue;
    out += (out.empty() ? "`" : "<br>`") + escape_cell(t) + "`";
  }
  return out;
}

}  // namespace

const std::vector<SecretRule> &secret_rules() { return k_rules; }

std::string secret_rules_markdown() {
  SecretMasker masker("docs/secrets.md");
  std::ostringstream out;
  out << "# Secrets licmig masks\n\n"
         "Generated from the rule table (`snapshot/secret_rules.cpp`) by `licmig rules --secrets`; a test keeps\n"
         "this file equal to that output. Every line of router text licmig keeps or shows (snapshots, their\n"
         "raw outputs and parsed fields, transcripts, diffs, reports, error messages, `licmig show`) is\n"
         "masked with these rules. A secret becomes `<secret:xxxxxx>`: the first six hex digits of\n"
         "HMAC-SHA256 of the value under the store's key (`STORE/mask.key`, 32 random bytes made on first\n"
         "use, mode 0600), so the same secret gives the same mask within a store and `licmig diff` shows\n"
         "that a secret changed without showing it. The examples below are masked with a fixed\n"
         "documentation key.\n\n"
         "A rule applies to a line whose words (after its indentation, or after a prompt when the line is\n"
         "a typed command) match its pattern; a rule with a section applies only to a line inside such a\n"
         "section (the nearest line above that is less indented). `line` rules are tried in order and the\n"
         "first match applies; `anywhere` rules apply at any word of a line that no `line` rule matched;\n"
         "the `url` rule applies to every word. A block rule also masks each more indented line below it,\n"
         "up to `quit` or `exit`. Rules marked (none) name lines that hold no secret although a later\n"
         "rule would take one of their words for one. The values of the credentials a session logs in\n"
         "with and of a registration token are masked wherever they appear.\n\n"
         "Pattern words: a literal (`md5|sha` = either), `<n>` a number, `<t>` one digit (the encryption\n"
         "type, kept), `<word>` any one word, `[...]` optional, `...` any words, `$` the end of the line,\n"
         "`{secret}` the secret (one word), `{secret...}` the secret (the rest of the line).\n\n"
         "| kind | scope | section | pattern | example | masked |\n"
         "|---|---|---|---|---|---|\n";
  for (const auto &r : k_rules) {
    const char *scope = r.scope == RuleScope::line ? "line" : r.scope == RuleScope::anywhere ? "anywhere" : "url";
    out << "| " << r.kind << " | " << scope << (r.block ? ", block" : "") << " | "
        << (*r.section ? "`" + escape_cell(r.section) + "`" : std::string()) << " | `" << escape_cell(r.pattern)
        << "` | " << code_lines(r.example) << " | " << code_lines(masker.mask(r.example)) << " |\n";
  }
  return out.str();
}

}  // namespace licmig::snapshot
