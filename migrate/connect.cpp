#include "migrate/connect.hpp"

#include <cctype>
#include <sstream>
#include <type_traits>
#include <utility>

#include "base/clock.hpp"
#include "base/log.hpp"
#include "devices/ios_session.hpp"
#include "devices/ssh_transport.hpp"
#include "devices/transcript.hpp"
#include "snapshot/secrets.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

// The connection variables endpoint_for reads (the credentials' are devices::is_credential_variable's).
constexpr const char *k_ssh_args_vars[] = {"ansible_ssh_common_args", "ansible_ssh_extra_args"};
constexpr const char *k_port_var = "ansible_port";

class DeviceSessionImpl final : public RouterSession {
 public:
  DeviceSessionImpl(const inventory::Host &host, const devices::Credentials &creds, HostEndpoint endpoint,
                    const ConnectOptions &options, const std::string &mask_key)
      : host_(host.name), options_(options), secrets_(creds.secrets()), masker_(mask_key) {
    for (const auto &s : secrets_) masker_.add_known(s);
    devices::SshOptions ssh;
    ssh.host = endpoint.address;
    ssh.port = endpoint.port;
    ssh.route = std::move(endpoint.route);
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

  Result<std::string> run(const std::string &command) override {
    return logged(command, masked(session_->run(logging(command))));
  }
  Result<std::string> run_tolerant(const std::string &command) override {
    return logged(command, masked(session_->run_raw(logging(command))));
  }
  Status configure(const std::vector<std::string> &lines) override {
    for (const auto &l : lines) (void)logging("(config) " + l);
    return logged("configure", masked(session_->configure(lines)));
  }
  Result<std::string> run_long(const std::string &command, std::chrono::milliseconds timeout) override {
    return logged(command, masked(session_->run_raw_within(logging(command), timeout)));
  }
  Status send_file(const devices::FileSend &file) override { return masked(transport_->send_file(file)); }

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

  std::optional<snapshot::SessionPath> session_path() const override {
    snapshot::SessionPath path;
    path.address = transport_->router_address();
    path.basis = path.address.empty()
                     ? "the session goes " + transport_->route_description() +
                           ": licmig's connection ends there, so the router-side address is not seen"
                     : "the session reached " + path.address + " (the peer address of licmig's connection)";
    return path;
  }

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
  // The log (base/log.hpp) gets each command at debug level and its output at trace level, masked
  // as everything else router text goes to.
  const std::string &logging(const std::string &command) const {
    if (base::log::enabled(base::log::Level::debug))
      base::log::write(base::log::Level::debug, host_, "> " + masker_.mask(command));
    return command;
  }
  template <class R>
  R logged(const std::string &what, R result) const {
    if constexpr (std::is_same_v<R, Status>) {
      if (!result)
        base::log::write(base::log::Level::debug, host_, masker_.mask(what) + " failed: " + result.message());
    } else {
      if (!result) {
        base::log::write(base::log::Level::debug, host_, masker_.mask(what) + " failed: " + result.error_message());
      } else if (base::log::enabled(base::log::Level::trace)) {
        std::istringstream lines(result.value());
        for (std::string line; std::getline(lines, line);)
          base::log::write(base::log::Level::trace, host_, "< " + line);
      }
    }
    return result;
  }

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

namespace {

// What the ssh configuration says for `name` (nothing without one); errors name the host.
Result<devices::SshConfigEntry> ssh_config_entry(const inventory::Host &host, const std::string &name,
                                                 const ConnectOptions &options) {
  if (!options.ssh_config) return devices::SshConfigEntry{};
  auto entry = options.ssh_config->lookup(name);
  if (!entry) return Status::invalid_input("host '" + host.name + "': " + entry.status().message());
  return entry;
}

}  // namespace

bool read_when_connecting(std::string_view variable) {
  if (variable == k_port_var || devices::is_credential_variable(variable)) return true;
  for (const char *name : k_ssh_args_vars) {
    if (variable == name) return true;
  }
  return false;
}

Result<devices::Credentials> host_credentials(const inventory::Host &host, const ConnectOptions &options) {
  auto entry = ssh_config_entry(host, host.address, options);
  if (!entry) return entry.status();
  devices::CredentialSources sources;
  sources.host_vars = host.connection_vars;  // templates resolved, Ansible's aliases folded in
  sources.asked_password = options.asked_password;
  sources.asked_enable_secret = options.asked_enable_secret;
  sources.file = options.credentials_file.get();
  sources.ssh_config_user = entry->user;
  sources.ssh_config_keys = entry->identity_files;
  auto creds = devices::resolve_credentials(sources, host.name);
  if (!creds) return creds;
  creds.value().key_passphrases = options.key_passphrases;
  return creds;
}

Result<std::vector<std::string>> key_files_for(const inventory::Host &host, const ConnectOptions &options) {
  auto creds = host_credentials(host, options);
  if (!creds) return creds.status();
  auto endpoint = endpoint_for(host, options);
  if (!endpoint) return endpoint.status();
  std::vector<std::string> files;
  for (const auto &k : creds->key_files) files.push_back(devices::expand_home(k));
  if (files.empty()) files = devices::default_identities();
  for (const auto &jump : endpoint->route.jumps) {
    const auto own = jump.identity_files.empty() ? devices::default_identities() : jump.identity_files;
    files.insert(files.end(), own.begin(), own.end());
  }
  return files;
}

Result<HostEndpoint> endpoint_for(const inventory::Host &host, const ConnectOptions &options) {
  HostEndpoint out;
  devices::SshRoute &route = out.route;
  for (const char *name : k_ssh_args_vars) {
    auto it = host.connection_vars.find(name);
    if (it == host.connection_vars.end() || it->second.empty()) continue;
    if (auto st = devices::add_ssh_args(route, name, it->second); !st) {
      const auto *v = host.var(name);
      return Status::invalid_input((v ? inventory::to_string(v->origin) + ": " : std::string()) + "host '" + host.name +
                                   "': " + st.message());
    }
  }
  auto entry = ssh_config_entry(host, host.address, options);
  if (!entry) return entry.status();
  out.address = entry->hostname.value_or(host.address);
  const bool port_given = host.connection_vars.count(k_port_var) > 0;
  out.port = port_given ? host.port : entry->port.value_or(host.port);
  // The inventory's options come first (Ansible passes them on ssh's command line).
  if (route.direct()) {
    if (entry->proxy_jump) route.jumps = *entry->proxy_jump;
    if (entry->proxy_command && !entry->proxy_command->empty()) route.proxy_command = *entry->proxy_command;
  }
  for (auto &jump : route.jumps) {
    auto j = ssh_config_entry(host, jump.host, options);
    if (!j) return j.status();
    if ((j->proxy_jump && !j->proxy_jump->empty()) || (j->proxy_command && !j->proxy_command->empty())) {
      return Status::invalid_input("host '" + host.name + "': jump host " + jump.to_string() + ": " +
                                   options.ssh_config->path() +
                                   " gives it a ProxyJump or ProxyCommand of its own; licmig does not nest routes "
                                   "(write the whole chain as ProxyJump=a,b)");
    }
    if (jump.user.empty() && j->user) jump.user = *j->user;
    if (j->port && jump.port == 22) jump.port = *j->port;
    if (j->hostname) jump.host = *j->hostname;
    jump.identity_files = j->identity_files;
  }
  return out;
}

Result<std::unique_ptr<RouterSession>> make_device_session(const inventory::Host &host, const ConnectOptions &options) {
  auto endpoint = endpoint_for(host, options);
  if (!endpoint) return endpoint.status();
  auto creds = host_credentials(host, options);
  if (!creds) return creds.status();
  auto key =
      options.mask_key.empty() ? snapshot::Store(options.store).mask_key() : Result<std::string>(options.mask_key);
  if (!key) return key.status();
  return std::unique_ptr<RouterSession>(
      std::make_unique<DeviceSessionImpl>(host, creds.value(), std::move(endpoint.value()), options, key.value()));
}

}  // namespace licmig::migrate
