// Secret masking (snapshot/secrets.hpp): one case per rule kind (every kind of the table has one),
// the structure of each line kept, masks keyed and stable, a hand-written configuration with every
// kind, and the real configurations of the fixture corpus.
#include "snapshot/secrets.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/digest.hpp"
#include "base/text.hpp"
#include "fixture_support.hpp"

namespace licmig::snapshot {
namespace {

const std::string k_key = "unit-test-key";

// `{value}` in a case marks a secret: the input has the value, the expected output its mask.
struct Case {
  const char *kind;
  const char *text;
};

std::string input_of(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c != '{' && c != '}') out.push_back(c);
  }
  return out;
}

std::string expected_of(const std::string &text, const SecretMasker &m) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      const auto close = text.find('}', i);
      out += m.mask_of(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

// clang-format off
const std::vector<Case> k_cases = {
  {"password-encryption (none)", "password encryption aes\n"},
  {"aaa-password-policy (none)", "aaa password restriction\n"},
  {"key-chain-name (none)", "interface Gi0/0/1\n isis authentication key-chain ISIS-KEYS\n ip authentication key-chain eigrp 1 EIGRP-KEYS\n"},
  {"fhrp-key-chain (none)", "interface Gi0/0/2\n standby 1 authentication md5 key-chain HSRP-KEYS\n"},
  {"snmp-host-v3-user (none)", "snmp-server host 192.0.2.20 traps version 3 priv nmsuser\n"},
  {"enable-password", "enable password {cisco}\nenable password 7 {0822455D0A16}\nenable password level 5 0 {Lvl5 pass}\n"},
  {"enable-secret", "enable secret 9 {$9$4lE2QkAfWzoyqE$hZ0wRw}\nenable secret 5 {$1$mERr$hx5rVt7rPNoS4wqbXKX7m0}\nenable algorithm-type scrypt secret {Scrypt-In}\n"},
  {"username", "username admin privilege 15 secret 9 {$9$nQ2u7d1wYb0E3k$Xq1f0m}\nusername ops password 0 {Pa55 word}\nusername ro privilege 1 password 7 {060506324F41}\n"},
  {"line-password", "line con 0\n password {ConPw}\nline vty 0 4\n password 7 {045802150C2E}\n login\n"},
  {"config-key", "key config-key password-encrypt {MasterKey123}\n"},
  {"snmp-community", "snmp-server community {publ1c} RO 10\nsnmp-server community {pr1vate} view ALL RW ipv6 V6ACL 20\n"},
  {"snmp-host-community", "snmp-server host 192.0.2.10 {tr4pComm}\nsnmp-server host 192.0.2.11 version 2c {v2Comm} udp-port 162 config\nsnmp-server host 192.0.2.12 vrf MGMT informs version 2c {inf0rm}\nsnmp-server host 192.0.2.13 traps version 1 {v1Comm} snmp\n"},
  {"snmp-community-map", "snmp-server mib community-map {c0mmMap} context ctx1\n"},
  {"snmp-user-v3", "snmp-server user monitor NMS v3 auth sha {Auth-Pa55} priv aes 128 {Priv-Pa55} access 10\nsnmp-server user u2 G2 v3 encrypted auth md5 {0x1a2b} priv des {0x3c4d}\nsnmp-server user u3 G3 v3 auth sha {OnlyAuth}\n"},
  {"snmp-show-community", "Community name: {publ1c}\nCommunity Index: cisco0\n"},
  {"tacacs-server-key", "tacacs-server key {T4cacs}\ntacacs-server key 7 {05080F1C2243}\n"},
  {"tacacs-server-host-key", "tacacs-server host 192.0.2.5 port 49 key 0 {T4cacsKey}\ntacacs-server host 192.0.2.15 key {Plain Key}\n"},
  {"tacacs-server-block-key", "tacacs server ISE1\n address ipv4 192.0.2.5\n key 6 {QWfP]ZbEd_XhFRRRYH^QBJfTdMZcAAB}\n timeout 5\ntacacs server ISE3\n key 7 {0822455D0A16}\n"},
  {"radius-server-key", "radius-server key 0 {R4diusKey}\nradius-server key {R4dius2}\n"},
  {"radius-server-host-key", "radius-server host 192.0.2.6 auth-port 1645 acct-port 1646 key 7 {104D000A0618}\n"},
  {"radius-server-block-key", "radius server ISE2\n address ipv4 192.0.2.6 auth-port 1812 acct-port 1813\n key 7 {02050D480809}\n pac key 0 {PacKey}\n"},
  {"aaa-server-private-key", "aaa group server tacacs+ TAC\n server-private 192.0.2.7 key 7 {0822455D0A16}\n server-private 192.0.2.17 port 49 timeout 5 key {Priv0}\n"},
  {"aaa-dynamic-author-key", "aaa server radius dynamic-author\n client 192.0.2.8 server-key 7 {13061E010803}\n server-key {CoaKey}\n"},
  {"isakmp-key", "crypto isakmp key 6 {Vpn-Sh4red} address 203.0.113.1 255.255.255.255\ncrypto isakmp key {Plain-Psk} hostname peer.example.net\ncrypto isakmp key 0 {Zero-Psk} address ipv6 2001:db8::1/128\n"},
  {"isakmp-group-key", "crypto isakmp client configuration group VPN\n key {GroupK3y}\n dns 192.0.2.53\n"},
  {"keyring-pre-shared-key", "crypto keyring KR1\n pre-shared-key address 203.0.113.2 key {Ke7r1ng-Psk}\n pre-shared-key hostname peer2.example.net key 6 {Ke7r1ng6}\n"},
  {"ikev2-pre-shared-key", "crypto ikev2 keyring IKEV2\n peer SITE2\n  address 203.0.113.3\n  pre-shared-key local 0 {Ikev2-L0cal}\n  pre-shared-key remote 6 {Ikev2-Rem}\n  pre-shared-key {Ikev2-Both}\n"},
  {"ikev2-profile-key", "crypto ikev2 profile P1\n authentication local pre-share key 6 {Ikev2Pr0file}\n authentication remote pre-share\n"},
  {"public-key-blob", "ip ssh pubkey-chain\n  username admin\n   key-string\n    {AAAAB3NzaC1yc2EAAAADAQABAAABAQC7}\n    {Qk9vZ2xlZ29vZ2xl}\n   exit\ncrypto key pubkey-chain rsa\n named-key peer1\n  key-string\n   {30820122 300D0609 2A864886}\n   {F70D0101 01050003}\n  quit\n"},
  {"key-chain-key-string", "key chain OSPF-KEYS\n key 1\n  key-string 7 {110A1016141D}\n  cryptographic-algorithm hmac-sha-256\n key 2\n  key-string {Plain Key String}\n"},
  {"ssh-key-hash", "ip ssh pubkey-chain\n  username admin\n   key-hash ssh-rsa {8FB4F858DD7E5AFB372780EC653DB371} admin@host\n"},
  {"fhrp-md5-key-string", "interface Vlan10\n standby 1 authentication md5 key-string 7 {0835495D1D} timeout 30\n vrrp 2 authentication md5 key-string {VrrpMd5}\n glbp 3 authentication md5 key-string 0 {GlbpMd5}\n"},
  {"fhrp-text", "interface Vlan11\n vrrp 2 authentication text {Vrrp-Txt}\n standby 4 authentication text {Hsrp-Txt}\n"},
  {"fhrp-plain", "interface Vlan12\n standby 3 authentication {HsrpTxt}\n standby authentication {Grp0Txt}\n"},
  {"ospf-authentication-key", "interface Gi0/0/3\n ip ospf authentication-key 7 {1511021F0725}\n ip ospf authentication-key {PlainOspf}\n ip ospf authentication message-digest\n"},
  {"ospf-virtual-link-key", "router ospf 1\n area 1 virtual-link 192.0.2.9 authentication-key 0 {VlinkKey}\n"},
  {"ntp-authentication-key", "ntp authentication-key 1 md5 {0822455D0A16} 7\nntp authentication-key 2 sha1 {NtpSha1}\nntp trusted-key 1\n"},
  {"bgp-neighbor-password", "router bgp 65000\n neighbor 192.0.2.1 password 7 {05080F1C2243}\n neighbor 2001:db8::2 password {Bgp Pass}\n neighbor PEERS password 6 {Bgp6}\n"},
  {"ldp-neighbor-password", "mpls ldp neighbor 192.0.2.3 password 0 {Ldp-Pass}\nmpls ldp neighbor vrf V1 192.0.2.13 password 7 {0822455D0A16}\n"},
  {"msdp-password", "ip msdp password peer 192.0.2.4 0 {Msdp-Pass}\nip msdp vrf V1 password peer 192.0.2.14 {Msdp2}\n"},
  {"isis-password", "interface Gi0/0/4\n isis password {IsisIfPw} level-2\n"},
  {"isis-area-password", "router isis\n area-password {IsisAreaPw}\n"},
  {"isis-domain-password", "router isis\n domain-password {IsisDomPw} authenticate snp validate\n"},
  {"nhrp-authentication", "interface Tunnel0\n ip nhrp authentication {NhrpKey}\n"},
  {"ppp-chap-password", "interface Dialer1\n ppp chap hostname isp-user\n ppp chap password 7 {060506324F41}\n ppp chap password {ChapPlain}\n"},
  {"ppp-pap-password", "interface Dialer1\n ppp pap sent-username isp password 0 {PapSecret}\n"},
  {"l2tp-tunnel-password", "vpdn-group 1\n l2tp tunnel password 7 {104D000A0618}\n"},
  {"vpdn-username", "vpdn username lac1 password 0 {VpdnPass}\n"},
  {"wlan-psk", "wlan CORP 1 CORP\n security wpa psk set-key ascii 0 {WlanPsk-123}\n security wpa psk set-key hex 8 {A1B2C3}\n"},
  {"dot11-wpa-psk", "dot11 ssid GUEST\n  wpa-psk ascii 0 {Dot11Psk}\n  wpa-psk hex 7 {0822455D0A16}\n"},
  {"ftp-password", "ip ftp username backup\nip ftp password 0 {FtpPass}\nip ftp password {FtpPlain}\n"},
  {"http-client-password", "ip http client username sla\nip http client password 7 {0835495D1D}\n"},
  {"smart-license-token", "license smart register idtoken {ODk2NGE0ZTQtNzE5} force\nlicense smart trust idtoken {MTIzNDU2} all\n"},
  {"pki-certificate", "crypto pki certificate chain SLA-TrustPoint\n certificate ca 01\n  {30820321 30820209 A0030201}\n  {D697DF7F 28}\n  \tquit\ncrypto pki certificate chain TP-self-signed-1\n certificate self-signed 01\n  {3082024C 308201B5}\n  \tquit\n"},
  {"password-or-secret-typed", "crypto pki trustpoint TP1\n password 7 {0822455D0A16}\nldap server L1\n bind authenticate root-dn cn=ldap password 7 {0822455D0A16}\ncrypto pki server CA\n database archive pkcs12 password 0 {cisco123}\n"},
  {"password-or-secret-last", "sip-ua\n authentication username sip-user password {SipPass}\nvoice class tenant 1\n credentials username u1 password 6 {Cred6} realm r1\n"},
  {"idtoken", "R1#license smart register idtoken {ZmFrZXRva2Vu} force\n"},
  {"authentication-ipsec", "interface Gi0/0/5\n ipv6 ospf authentication ipsec spi 500 md5 {1234567890ABCDEF1234567890ABCDEF}\n"},
  {"message-digest-key", "interface Gi0/0/6\n ip ospf message-digest-key 1 md5 7 {0822455D0A16}\n ip ospf message-digest-key 2 md5 {Md5Plain}\n"},
  {"url-password", "archive\n path ftp://backup:{Arch1vePw}@192.0.2.30/$h-$t\nlicense smart url https://u:{UrlPw}@smart.example.net/its/service\nboot system tftp://u:{pa/ss@w0rd}@192.0.2.31/image.bin\n"},
};
// clang-format on

TEST(SecretRulesTest, EveryKindHasACase) {
  std::set<std::string> tested;
  for (const auto &c : k_cases) tested.insert(c.kind);
  std::set<std::string> kinds;
  for (const auto &r : secret_rules()) {
    kinds.insert(r.kind);
    EXPECT_TRUE(tested.count(r.kind)) << "no test case for rule " << r.kind;
  }
  for (const auto &k : tested) EXPECT_TRUE(kinds.count(k)) << "test case for an unknown rule " << k;
  EXPECT_EQ(kinds.size(), secret_rules().size()) << "two rules share a kind";
}

class SecretKindTest : public ::testing::TestWithParam<Case> {};

// Each kind: the secrets become masks, everything else of each line stays as it was.
TEST_P(SecretKindTest, MasksTheSecretAndKeepsTheLine) {
  SecretMasker m(k_key);
  const std::string text = GetParam().text;
  EXPECT_EQ(m.mask(input_of(text)), expected_of(text, m)) << GetParam().kind;
}

// Each rule's own example (the docs show it) loses every word that the rule calls secret.
TEST_P(SecretKindTest, ExampleOfTheRuleIsMasked) {
  SecretMasker m(k_key);
  for (const auto &r : secret_rules()) {
    if (std::string(r.kind) != GetParam().kind) continue;
    const auto masked = m.mask(r.example);
    const bool holds_secret = std::string(r.pattern).find("{secret") != std::string::npos || r.block;
    EXPECT_EQ(masked.find("<secret:") != std::string::npos, holds_secret) << r.kind << ": " << masked;
    EXPECT_EQ(m.mask(masked), masked) << "masking twice changes " << r.kind;
  }
}

std::string case_name(const ::testing::TestParamInfo<Case> &p) {
  std::string name;
  for (char c : std::string(p.param.kind)) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Kinds, SecretKindTest, ::testing::ValuesIn(k_cases), case_name);

TEST(SecretMaskerTest, MaskIsAKeyedDigest) {
  SecretMasker a("key-a");
  SecretMasker b("key-b");
  EXPECT_EQ(a.mask_of("public"), "<secret:" + base::hmac_sha256_hex("key-a", "public").substr(0, 6) + ">");
  EXPECT_EQ(a.mask_of("public"), a.mask_of("public"));
  EXPECT_NE(a.mask_of("public"), a.mask_of("publiC"));
  EXPECT_NE(a.mask_of("public"), b.mask_of("public"));
  EXPECT_TRUE(is_mask(a.mask_of("x")));
  EXPECT_FALSE(is_mask("<secret:ABCDEF>"));
  EXPECT_FALSE(is_mask("<secret:abcde>"));
  // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
  EXPECT_EQ(base::hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SecretMaskerTest, KeepsLineEndsAndStructure) {
  SecretMasker m(k_key);
  EXPECT_EQ(m.mask("snmp-server community publ1c RO 10\r\nhostname R1\r\n"),
            "snmp-server community " + m.mask_of("publ1c") + " RO 10\r\nhostname R1\r\n");
  EXPECT_EQ(m.mask("no trailing newline password x"), "no trailing newline password " + m.mask_of("x"));
  EXPECT_EQ(m.mask(""), "");
}

TEST(SecretMaskerTest, KnownValuesAnywhere) {
  SecretMasker m(k_key);
  m.add_known("hunter2");
  m.add_known("hunter2x");
  EXPECT_EQ(m.mask("Password: hunter2 and hunter2x\n"),
            "Password: " + m.mask_of("hunter2") + " and " + m.mask_of("hunter2x") + "\n");
  // A known value inside an existing mask is left alone.
  SecretMasker n(k_key);
  const auto mask = n.mask_of("v");
  n.add_known(mask.substr(9, 2));
  EXPECT_EQ(n.mask(mask + "\n"), mask + "\n");
}

TEST(SecretMaskerTest, StreamKeepsSectionAndBlockAcrossPieces) {
  SecretMasker m(k_key);
  MaskStream s(m);
  std::string out = s.mask_lines("tacacs server ISE1\n");
  out += s.mask_lines(" key 7 0822455D0A16\ncrypto pki certificate chain TP\n certificate 01\n");
  out += s.mask_lines("  AABBCCDD\n");
  out += s.mask_lines("  \tquit\nhostname R1\n");
  EXPECT_EQ(out, "tacacs server ISE1\n key 7 " + m.mask_of("0822455D0A16") +
                     "\ncrypto pki certificate chain TP\n certificate 01\n  " + m.mask_of("AABBCCDD") +
                     "\n  \tquit\nhostname R1\n");
  // A prompt ends a block and a section: the next command's output starts afresh.
  out = s.mask_lines("radius server R\n");
  out += s.mask_lines("R1#show version\n key 7 notinsection\n");
  EXPECT_EQ(out, "radius server R\nR1#show version\n key 7 notinsection\n");
}

TEST(SecretMaskerTest, NonSecretLinesUnchanged) {
  SecretMasker m(k_key);
  for (const char *line :
       {"hostname R1", "service password-encryption", "security passwords min-length 8",
        "license boot level advancedmetroipaccess", " ip ospf authentication message-digest", "key chain OSPF-KEYS",
        " key 1", "snmp-server enable traps", "ntp trusted-key 1", "call-home", " profile \"CiscoTAC-1\"",
        "  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService",
        "crypto pki trustpoint SLA-TrustPoint", " enrollment pkcs12", "% Bad secrets",
        "The password-recovery mechanism is enabled.",
        "boot system bootflash:asr920-universalk9_npe.17.09.04.SPA.bin"}) {
    EXPECT_EQ(m.mask(line), line);
  }
}

// --- a written list of every kind, and the real configurations of the corpus --------------------

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> out;
  for (auto l : base::split_lines(text)) out.emplace_back(l);
  return out;
}

// Masks `config`; no value of `secrets` survives, and a line that holds none (nor any of `also`,
// secrets that may survive elsewhere in the text) is unchanged.
void expect_masked(const std::string &config, const std::vector<std::string> &secrets, const std::string &where,
                   const std::vector<std::string> &also = {}) {
  SecretMasker m(k_key);
  const auto masked = m.mask(config);
  for (const auto &s : secrets) EXPECT_EQ(masked.find(s), std::string::npos) << where << ": " << s << " survived";
  EXPECT_TRUE(m.mask(masked) == masked) << where << ": masking twice changes the text";
  // Streamed in pieces of whole lines (a transcript), the text masks the same.
  MaskStream stream(m);
  std::string streamed;
  std::size_t at = 0;
  for (std::size_t piece = 1; at < config.size(); piece = piece % 7 + 1) {
    std::size_t end = at;
    for (std::size_t n = 0; n < piece && end < config.size(); ++n) {
      const auto nl = config.find('\n', end);
      end = nl == std::string::npos ? config.size() : nl + 1;
    }
    streamed += stream.mask_lines(std::string_view(config).substr(at, end - at));
    at = end;
  }
  EXPECT_TRUE(streamed == masked) << where << ": streamed masking differs";
  const auto before = lines_of(config);
  const auto after = lines_of(masked);
  ASSERT_EQ(before.size(), after.size()) << where;
  for (std::size_t i = 0; i < before.size(); ++i) {
    auto in_line = [&](const auto &s) { return before[i].find(s) != std::string::npos; };
    const bool holds = std::any_of(secrets.begin(), secrets.end(), in_line);
    if (holds) {
      EXPECT_NE(after[i].find("<secret:"), std::string::npos) << where << ":" << i + 1;
    } else if (!std::any_of(also.begin(), also.end(), in_line)) {
      EXPECT_EQ(after[i], before[i]) << where << ":" << i + 1;
    }
  }
}

// The lines between ` certificate ...` and `quit` of the certificate chains in `text`.
std::vector<std::string> certificate_lines(const std::string &text) {
  std::vector<std::string> out;
  bool in = false;
  for (const auto &l : lines_of(text)) {
    const auto w = base::words(l);
    if (w.size() >= 2 && w[0] == "certificate") {
      in = true;
    } else if (!w.empty() && w[0] == "quit") {
      in = false;
    } else if (in && !w.empty()) {
      out.push_back(base::trim(l));
    }
  }
  return out;
}

TEST(SecretCorpusTest, EveryKindConfiguration) {
  const auto config = test::fixture("secrets/every_kind.txt");
  std::vector<std::string> secrets;
  for (const auto &l : lines_of(test::fixture("secrets/every_kind.secrets"))) {
    if (!base::trim(l).empty()) secrets.push_back(base::trim(l));
  }
  ASSERT_GT(secrets.size(), 60U);
  expect_masked(config, secrets, "secrets/every_kind.txt");
}

// The running-configs in the real corpus (tests/fixtures/real): a `show tech-support` with
// certificate chains, and unicon's mock routers with type-0 passwords.
TEST(SecretCorpusTest, RealConfigurations) {
  const std::string tech =
      "real/show_version/genielibs_sdk-apis-tests-iosxe-support-tech-support-show-tech-support-firewall-test-api-show-"
      "tech-support-firewall_L11.txt";
  const auto text = test::fixture(tech);
  const auto blobs = certificate_lines(text);
  ASSERT_GT(blobs.size(), 40U);
  expect_masked(text, blobs, tech);

  const std::string unicon = "real/unicon_mock/iosxe__iosxe_mock_data.yaml";
  const auto unicon_text = test::fixture(unicon);
  auto secrets = certificate_lines(unicon_text);
  for (const char *s : {"Corona12345", "$9$gCGcm2IWBJOT5U$p6jqb1plxOJpr3yYwa/3fUSfpQjM.RgfcunyUXhqfRA",
                        "$9$orFbtJkJGxCOKE$cwGwPcX1.pN2lQRG8oYVKFSjfMf8cWWIfz9qIgknNsY",
                        "$9$ShNXRF5rEGBv3E$JyNy4YmJ2ovJNUdtQdQRYRib4z5Pj9h3oFy31IVgQKU"}) {
    secrets.emplace_back(s);
  }
  // `cisco123` is masked in `database archive pkcs12 password 0 cisco123`, but is also a dialog's
  // answer elsewhere in the file (no configuration line there).
  // and `% No password set` is a router message that the YAML file quotes after `response:`.
  expect_masked(unicon_text, secrets, unicon, {"cisco123", "% No password set"});
  for (const char *own :
       {"show_running_config/asr920_16_9_full_traditional.txt", "show_running_config/asr920_17_6_smart.txt"}) {
    const auto config = test::fixture(own);
    auto hashes = certificate_lines(config);
    for (const auto &l : lines_of(config)) {
      const auto w = base::words(l);
      if (w.size() >= 3 && (w[w.size() - 3] == "secret" || w[w.size() - 3] == "password"))
        hashes.emplace_back(w.back());
    }
    EXPECT_FALSE(hashes.empty()) << own;
    expect_masked(config, hashes, own);
  }
}

TEST(SecretRulesTest, DocsAreTheTable) {
  std::ifstream in(std::string(LICMIG_SOURCE_DIR) + "/docs/secrets.md");
  ASSERT_TRUE(in) << "docs/secrets.md missing: run `licmig rules --secrets > docs/secrets.md`";
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_TRUE(doc.str() == secret_rules_markdown())
      << "docs/secrets.md is stale: run `licmig rules --secrets > docs/secrets.md`";
}

}  // namespace
}  // namespace licmig::snapshot
