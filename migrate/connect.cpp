#include "migrate/connect.hpp"

#include <cctype>

#include "base/clock.hpp"
#include "devices/ios_session.hpp"
#include "devices/ssh_transport.hpp"
#include "devices/transcript.hpp"
#include "snapshot/secrets.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

class DeviceSessionImpl final : public RouterSession {
 public:
  DeviceSessionImpl(const inventory::Host &host, const devices::Credentials &creds, const ConnectOptions &options,
                    const std::string &mask_key)
      : host_(host.name), options_(options), secrets_(creds.secrets()), masker_(mask_key) {
    for (const auto &s : secrets_) masker_.add_known(s);
    devices::SshOptions ssh;
    ssh.host = host.address;
    ssh.port = host.port;
    ssh.credentials = creds;
    ssh.known_hosts = options.known_hosts;
    ssh.accept_new_host_keys = options.accept_new_host_keys;
    ssh.legacy = host.ssh_legacy;
    ssh.connect_timeout = options.connect_timeout;
    transport_ = std::make_unique<devices::SshTransport>(ssh);
    devices::SessionOptions so;
    so.command_timeout = options.command_timeout;
    so.login_timeout = options.connect_timeout;  // from the shell opening until the first prompt
    so.max_output = options.max_output;
    so.enable_secret = creds.enable_secret;
    session_ = std::make_unique<devices::IosSession>(*transport_, base::system_clock(), so);
    reload_timeout_ = reload_timeout_for(host, options);
  }

  Status open() override {
    if (options_.transcripts && !transcript_.is_open()) {
      auto t = devices::Transcript::open(transcript_, options_.store, host_, base::system_clock());
      if (!t) return t.status();
      for (const auto &s : secrets_) transcript_.add_secret(s);
      session_->set_transcript(&transcript_);
    }
    if (auto st = session_->start(); !st) return masked(st);
    return masked(session_->enable());
  }

  Result<std::string> run(const std::string &command) override { return masked(session_->run(command)); }
  Result<std::string> run_tolerant(const std::string &command) override { return masked(session_->run_raw(command)); }
  Status configure(const std::vector<std::string> &lines) override { return masked(session_->configure(lines)); }

  Status save() override {
    devices::DialogPolicy policy;
    policy.save = true;
    auto out = session_->run("write memory", policy);
    if (!out) return masked(out.status());
    return Status::ok();
  }

  Result<ReloadReport> reload() override {
    devices::ReloadOptions ro;
    ro.save = false;
    ro.timeout = std::chrono::duration_cast<base::Millis>(reload_timeout_);
    auto proof = session_->reload(ro);
    if (!proof) return masked(proof.status());
    if (auto st = session_->enable(); !st) return masked(st);
    ReloadReport r;
    r.elapsed = proof->elapsed;
    r.uptime_seconds = proof->uptime_seconds;
    r.last_reload_reason = masker_.mask(proof->last_reload_reason);
    return r;
  }

  bool reload_went_out() const override { return session_->reload_confirmed(); }

  void add_secret(const std::string &secret) override {
    secrets_.push_back(secret);
    masker_.add_known(secret);
    transcript_.add_secret(secret);
  }

  void close() override {
    session_->close();
    transcript_.close();
  }

  std::string transcript_path() const override { return transcript_.path(); }

 private:
  // Router text leaves the session only masked: outputs, and error messages that quote them.
  Status masked(const Status &st) const { return st ? st : Status::error(st.kind(), masker_.mask(st.message())); }
  Result<std::string> masked(const Result<std::string> &out) const {
    if (!out) return masked(out.status());
    return masker_.mask(out.value());
  }

  std::string host_;
  ConnectOptions options_;
  std::vector<std::string> secrets_;
  snapshot::SecretMasker masker_;
  std::unique_ptr<devices::SshTransport> transport_;
  std::unique_ptr<devices::IosSession> session_;
  devices::Transcript transcript_;
  std::chrono::seconds reload_timeout_{devices::k_default_reload_timeout};
};

}  // namespace

std::chrono::seconds reload_timeout_for(const inventory::Host &host, const ConnectOptions &options) {
  return options.reload_timeout.value_or(host.reload_timeout.value_or(devices::k_default_reload_timeout));
}

Result<devices::Credentials> host_credentials(const inventory::Host &host, const ConnectOptions &options) {
  devices::CredentialSources sources;
  sources.host_vars = host.connection_vars;  // templates resolved, Ansible's aliases folded in
  sources.asked_password = options.asked_password;
  sources.asked_enable_secret = options.asked_enable_secret;
  sources.file = options.credentials_file.get();
  return devices::resolve_credentials(sources, host.name);
}

Result<std::unique_ptr<RouterSession>> make_device_session(const inventory::Host &host, const ConnectOptions &options) {
  auto creds = host_credentials(host, options);
  if (!creds) return creds.status();
  auto key = snapshot::Store(options.store).mask_key();
  if (!key) return key.status();
  return std::unique_ptr<RouterSession>(std::make_unique<DeviceSessionImpl>(host, creds.value(), options, key.value()));
}

bool is_management_interface(const std::string &name) {
  std::string n;
  for (char c : name) n.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return n == "gigabitethernet0" || n == "gi0" || n == "fastethernet0" || n.rfind("mgmt", 0) == 0 ||
         n.rfind("management", 0) == 0;
}

bool session_via_data_port(const inventory::Host &host) {
  return host.mgmt_interface && !is_management_interface(*host.mgmt_interface);
}

}  // namespace licmig::migrate
