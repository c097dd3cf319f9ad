// Field setters of the Smart Licensing parsers: which printed key fills which SmartLicensing or
// UsageEntry field, block by block. Keys compare case-insensitively ("Entitlement tag" in older
// releases, "Entitlement Tag" in newer ones).
#include <array>
#include <initializer_list>
#include <utility>

#include "snapshot/parsers/smart_scan.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot::smart {

namespace {

struct KeyField {
  std::string_view key;
  OptString SmartLicensing::*field;
};

bool set_from_table(SmartLicensing &s, const std::string &key, const std::string &value,
                    std::initializer_list<KeyField> table) {
  for (const auto &entry : table) {
    if (base::iequals(key, entry.key)) {
      set(s.*entry.field, value);
      return true;
    }
  }
  return false;
}

void split_at(const std::string &value, std::string_view separator, OptString &head, OptString &tail) {
  auto at = value.find(separator);
  if (at == std::string::npos) {
    set(head, value);
    return;
  }
  set(head, base::trim(std::string_view(value).substr(0, at)));
  set(tail, base::trim(std::string_view(value).substr(at + separator.size())));
}

}  // namespace

void set(OptString &field, const std::string &value) {
  if (!value.empty()) field = value;
}

bool set_usage_field(UsageEntry &e, const std::string &key, const std::string &value) {
  static const std::array<std::pair<std::string_view, OptString UsageEntry::*>, 10> table = {{
      {"Entitlement Tag", &UsageEntry::entitlement_tag},
      {"Description", &UsageEntry::description},
      {"Count", &UsageEntry::count},
      {"Version", &UsageEntry::version},
      {"Status", &UsageEntry::status},
      {"Export status", &UsageEntry::export_status},
      {"Feature Name", &UsageEntry::feature_name},
      {"Feature Description", &UsageEntry::feature_description},
      {"Enforcement type", &UsageEntry::enforcement_type},
      {"License type", &UsageEntry::license_type},
  }};
  if (base::iequals(key, "License")) {  // tech support's "Handle: N" blocks name the license inside
    if (!value.empty()) e.license = value;
    return true;
  }
  for (const auto &[name, field] : table) {
    if (base::iequals(key, name)) {
      set(e.*field, value);
      return true;
    }
  }
  return false;
}

bool set_registration_field(SmartLicensing &s, const std::string &key, const std::string &value) {
  return set_from_table(s, key, value,
                        {{"Export-Controlled Functionality", &SmartLicensing::export_controlled},
                         {"Initial Registration", &SmartLicensing::initial_registration},
                         {"Last Renewal Attempt", &SmartLicensing::last_renewal_attempt},
                         {"Next Renewal Attempt", &SmartLicensing::next_renewal_attempt},
                         {"Registration Expires", &SmartLicensing::registration_expires}}) ||
         set_account_field(s, key, value);
}

bool set_account_field(SmartLicensing &s, const std::string &key, const std::string &value) {
  if (base::iequals(key, "Smart Account")) {
    set_smart_account(s, value);
    return true;
  }
  return set_from_table(s, key, value, {{"Virtual Account", &SmartLicensing::virtual_account}});
}

bool set_communication_field(SmartLicensing &s, const std::string &key, const std::string &value) {
  return set_from_table(s, key, value,
                        {{"Last Communication Attempt", &SmartLicensing::last_communication_attempt},
                         {"Failure reason", &SmartLicensing::failure_reason},
                         {"Next Communication Attempt", &SmartLicensing::next_communication_attempt},
                         {"Communication Deadline", &SmartLicensing::communication_deadline}});
}

bool set_transport_field(SmartLicensing &s, const std::string &key, const std::string &value) {
  // "Address:" and "Port:" only appear in the block's "Proxy:" part
  return set_from_table(s, key, value,
                        {{"Type", &SmartLicensing::transport_type},
                         {"URL", &SmartLicensing::transport_url},
                         {"Cslu address", &SmartLicensing::cslu_address},
                         {"Address", &SmartLicensing::proxy_address},
                         {"Port", &SmartLicensing::proxy_port}});
}

bool set_usage_reporting_field(SmartLicensing &s, const std::string &key, const std::string &value) {
  return set_from_table(s, key, value,
                        {{"Last ACK received", &SmartLicensing::last_ack_received},
                         {"Next ACK deadline", &SmartLicensing::next_ack_deadline},
                         {"Reporting push interval", &SmartLicensing::reporting_push_interval},
                         {"Next ACK push check", &SmartLicensing::next_ack_push_check},
                         {"Next report push", &SmartLicensing::next_report_push},
                         {"Last report push", &SmartLicensing::last_report_push},
                         {"Last report file write", &SmartLicensing::last_report_file_write}});
}

void set_authorization(SmartLicensing &s, const std::string &value) {
  split_at(value, " on ", s.authorization_status, s.authorization_date);
}

void set_smart_account(SmartLicensing &s, const std::string &value) {
  split_at(value, " As of ", s.smart_account, s.smart_account_as_of);
}

}  // namespace licmig::snapshot::smart
