// Smart Licensing on the simulated router: registration with an ID token against the simulated
// CSSM (the tokens the fleet file lists), renewal, de-registration, and the communication failures
// the vendor guide describes (an http:// call-home destination, a missing trustpoint:
// %SMART_LIC-3-COMM_FAILED), plus the 17.8.1 Unregistered-Registration defect.
#include "sim/router_state.hpp"

namespace licmig::sim {

namespace {

const char *k_comm_failed =
    "%SMART_LIC-3-COMM_FAILED: Communications failure with the Cisco Smart Software Manager "
    "(CSSM) : ";

std::string udi_text(const RouterState &s) { return "PID:" + s.udi_pid() + ",SN:" + s.serial(); }

const CallHomeProfileSpec *smart_profile(const Config &c) {
  for (const auto &p : c.profiles) {
    if (p.active && p.transport == "http" && !p.http_destinations.empty()) return &p;
  }
  return nullptr;
}

}  // namespace

std::string RouterState::comm_problem() const {
  if (!running.service_call_home) return "Call Home service is disabled.";
  const auto *p = smart_profile(running);
  if (!p) return "Fail to send out Call Home HTTP message. (no active profile with an HTTP destination)";
  for (const auto &d : p->http_destinations) {
    if (d.rfind("http://", 0) == 0) {
      return "Fail to send out Call Home HTTP message. (HTTP is no longer supported: " + d + ")";
    }
  }
  if (!running.trustpoint) {
    return "Fail to send out Call Home HTTP message. (TLS handshake failure: missing client certificate)";
  }
  return {};
}

std::string RouterState::register_token(const std::string &token, bool force, Clock::time_point now) {
  if (mode != LicMode::smart) return "% Smart Licensing is not enabled. Configure \"license smart enable\" and reload.";
  if (smart.registration == "REGISTERED" && !force) {
    return "% Device is already registered. Use the \"force\" option to register it again.";
  }
  const std::string out =
      "license smart register: Registration process is in progress.Please check the syslog for the registration "
      "status and result";
  const auto was_remaining = eval_remaining(now);
  smart.last_comm_at = wall(now);
  if (auto problem = comm_problem(); !problem.empty()) {
    smart.last_failure = problem;
    add_log(now, k_comm_failed + problem);
    return out;
  }
  const TokenSpec *known = nullptr;
  for (const auto &t : spec.smart.tokens) {
    if (t.token == token) known = &t;
  }
  if (!known || !known->valid) {
    smart.last_failure = "The token is invalid or has expired.";
    add_log(now,
            "%SMART_LIC-3-AGENT_REG_FAILED: Smart Agent for Licensing Registration with the Cisco Smart "
            "Software Manager or satellite failed: Response error: The token is invalid or has expired.");
    return out;
  }
  if (rel().base() == "17.8.1" && token == smart.last_token && smart.token_used_before_reload) {
    smart.registration = "UNREGISTERED";
    smart.last_failure = "Product instance already registered (Unregistered-Registration).";
    add_log(now,
            "%SMART_LIC-3-AGENT_REG_FAILED: Smart Agent for Licensing Registration with the Cisco Smart "
            "Software Manager or satellite failed: Product instance already registered with this token");
    return out;
  }
  smart.eval_remaining_s = was_remaining;
  smart.registration = "REGISTERED";
  smart.registered_at = smart.authorized_at = wall(now);
  smart.last_token = token;
  smart.token_used_before_reload = false;
  smart.last_failure.clear();
  if (smart.smart_account.empty())
    smart.smart_account = spec.smart.smart_account.empty() ? "Example Corp" : spec.smart.smart_account;
  if (smart.virtual_account.empty()) {
    smart.virtual_account = spec.smart.virtual_account.empty() ? "Default" : spec.smart.virtual_account;
  }
  add_log(now,
          "%SMART_LIC-6-AGENT_REG_SUCCESS: Smart Agent for Licensing Registration with the Cisco Smart "
          "Software Manager or satellite for udi " +
              udi_text(*this));
  add_log(now,
          "%SMART_LIC-6-AUTH_RENEW_SUCCESS: Authorization renewal with the Cisco Smart Software Manager or "
          "satellite. State=Authorized for udi " +
              udi_text(*this));
  return out;
}

std::string RouterState::renew(const std::string &what, Clock::time_point now) {
  if (mode != LicMode::smart) return "% Smart Licensing is not enabled.";
  if (smart.registration != "REGISTERED") return "% Device is not registered.";
  const bool auth = what == "auth";
  std::string out = auth ? "license smart renew auth: Authorization process is in progress. Please check the syslog "
                           "for the authorization status and result."
                         : "license smart renew id: Registration process is in progress. Please check the syslog "
                           "for the registration status and result.";
  smart.last_comm_at = wall(now);
  if (auto problem = comm_problem(); !problem.empty()) {
    smart.last_failure = problem;
    add_log(now, k_comm_failed + problem);
    return out;
  }
  smart.last_failure.clear();
  if (auth) {
    smart.authorized_at = wall(now);
    add_log(now,
            "%SMART_LIC-6-AUTH_RENEW_SUCCESS: Authorization renewal with the Cisco Smart Software Manager or "
            "satellite. State=Authorized for udi " +
                udi_text(*this));
  } else {
    smart.registered_at = wall(now);
    add_log(now,
            "%SMART_LIC-6-ID_CERT_RENEW_SUCCESS: Identity certificate renewal succeeded for udi " + udi_text(*this));
  }
  return out;
}

std::string RouterState::deregister(Clock::time_point now) {
  if (mode != LicMode::smart) return "% Smart Licensing is not enabled.";
  // An unregistered router whose product instance CSSM still holds (17.8.1's
  // Unregistered-Registration) may deregister too: that removes the instance.
  if (smart.registration != "REGISTERED" && smart.last_token.empty()) return "% Device is not registered.";
  smart.registration = "UNREGISTERED";
  smart.last_token.clear();  // the product instance is removed from CSSM
  smart.token_used_before_reload = false;
  smart.last_failure.clear();
  // "Cancels the device registration, and sends it into a 30-day evaluation mode."
  smart.eval_remaining_s = 30LL * 86400;
  smart.eval_mark = now;
  add_log(now,
          "%SMART_LIC-6-AGENT_DEREG_SUCCESS: Smart Agent for Licensing De-registration with the Cisco Smart "
          "Software Manager or satellite for udi " +
              udi_text(*this));
  return "license smart deregister: Success\r\nLicense command \"license smart deregister \" completed successfully.";
}

}  // namespace licmig::sim
