// The simulator's libssh callbacks: record only. Authentication against the router's offered methods
// and credentials (password, public key, keyboard-interactive as a message), channel opening, and
// each channel's requests and data are noted on the connection and its channels; nothing is freed or
// answered beyond what libssh needs at once (ssh_server_detail.hpp).
#include <algorithm>
#include <string_view>

#include "sim/ssh_server_detail.hpp"

namespace licmig::sim::ssh_detail {
namespace {

// The router's spec lists `method` among the authentication methods it offers (fleet auth_methods).
bool offers(const Conn &conn, std::string_view method) {
  const auto &methods = conn.router->spec().credentials.auth_methods;
  return std::find(methods.begin(), methods.end(), method) != methods.end();
}

// libssh's mask of the methods the router offers, for its "methods that can continue" replies.
int offered_mask(const Conn &conn) {
  unsigned mask = 0;
  if (offers(conn, "password")) mask |= unsigned{SSH_AUTH_METHOD_PASSWORD};
  if (offers(conn, "keyboard-interactive")) mask |= unsigned{SSH_AUTH_METHOD_INTERACTIVE};
  if (offers(conn, "publickey")) mask |= unsigned{SSH_AUTH_METHOD_PUBLICKEY};
  return static_cast<int>(mask);
}

int on_auth_password(ssh_session, const char *user, const char *password, void *userdata) {
  auto *conn = static_cast<Conn *>(userdata);
  if (offers(*conn, "password") && conn->router->password_ok(user ? user : "", password ? password : "")) {
    conn->authed = true;
    return SSH_AUTH_SUCCESS;
  }
  ++conn->auth_failures;
  return SSH_AUTH_DENIED;
}

int on_auth_pubkey(ssh_session, const char *user, struct ssh_key_struct *pubkey, char signature_state, void *userdata) {
  auto *conn = static_cast<Conn *>(userdata);
  char *b64 = nullptr;
  if (!offers(*conn, "publickey") || pubkey == nullptr || ssh_pki_export_pubkey_base64(pubkey, &b64) != SSH_OK ||
      b64 == nullptr) {
    return SSH_AUTH_DENIED;
  }
  const bool ok = conn->router->public_key_ok(user ? user : "", ssh_key_type_to_char(ssh_key_type(pubkey)), b64);
  ssh_string_free_char(b64);
  if (!ok) return SSH_AUTH_DENIED;
  if (signature_state == SSH_PUBLICKEY_STATE_NONE) return SSH_AUTH_SUCCESS;  // "this key would do"
  if (signature_state == SSH_PUBLICKEY_STATE_VALID) {
    conn->authed = true;
    return SSH_AUTH_SUCCESS;
  }
  return SSH_AUTH_DENIED;
}

// keyboard-interactive has no server callback in libssh 0.10: it arrives as a message.
int on_message(ssh_session session, ssh_message message, void *userdata) {
  auto *conn = static_cast<Conn *>(userdata);
  if (ssh_message_type(message) != SSH_REQUEST_AUTH || ssh_message_subtype(message) != SSH_AUTH_METHOD_INTERACTIVE) {
    return 1;  // default reply
  }
  if (!offers(*conn, "keyboard-interactive")) return 1;  // default reply: failure
  if (!ssh_message_auth_kbdint_is_response(message)) {
    const char *user = ssh_message_auth_user(message);
    conn->kbdint_user = user ? user : "";
    const char *prompts[] = {"Password: "};
    char echo[] = {0};
    ssh_message_auth_interactive_request(message, "", "", 1, prompts, echo);
    return 0;
  }
  const char *answer =
      ssh_userauth_kbdint_getnanswers(session) == 1 ? ssh_userauth_kbdint_getanswer(session, 0) : nullptr;
  if (answer != nullptr && conn->router->password_ok(conn->kbdint_user, answer)) {
    conn->authed = true;
    ssh_message_auth_reply_success(message, 0);
    return 0;
  }
  ++conn->auth_failures;
  return 1;  // default reply: failure, with the methods left
}

int on_channel_data(ssh_session, ssh_channel, void *data, uint32_t len, int is_stderr, void *userdata) {
  auto *ch = static_cast<Channel *>(userdata);
  if (!is_stderr) ch->input.append(static_cast<const char *>(data), len);
  return static_cast<int>(len);
}
void on_channel_eof(ssh_session, ssh_channel, void *userdata) { static_cast<Channel *>(userdata)->peer_eof = true; }
void on_channel_close(ssh_session, ssh_channel, void *userdata) {
  static_cast<Channel *>(userdata)->peer_closed = true;
}
int on_pty_request(ssh_session, ssh_channel, const char *, int, int, int, int, void *userdata) {
  static_cast<Channel *>(userdata)->pty = true;
  return 0;
}
int on_pty_window_change(ssh_session, ssh_channel, int, int, int, int, void *) { return 0; }
int on_env_request(ssh_session, ssh_channel, const char *, const char *, void *) { return 0; }
int on_shell_request(ssh_session, ssh_channel, void *userdata) {
  auto *ch = static_cast<Channel *>(userdata);
  if (ch->cli || ch->is_exec || ch->want_shell || ch->want_exec) return -1;
  ch->want_shell = true;
  return 0;
}
int on_exec_request(ssh_session, ssh_channel, const char *command, void *userdata) {
  auto *ch = static_cast<Channel *>(userdata);
  if (ch->cli || ch->is_exec || ch->want_shell || ch->want_exec) return -1;
  ch->want_exec = true;
  ch->exec_command = command ? command : "";
  return 0;
}

ssh_channel on_channel_open(ssh_session session, void *userdata) {
  auto *conn = static_cast<Conn *>(userdata);
  if (!conn->authed || conn->drop) return nullptr;
  auto ch = std::make_unique<Channel>();
  ch->conn = conn;
  ch->channel = ssh_channel_new(session);
  if (ch->channel == nullptr) return nullptr;
  ch->callbacks.userdata = ch.get();
  ch->callbacks.channel_data_function = on_channel_data;
  ch->callbacks.channel_eof_function = on_channel_eof;
  ch->callbacks.channel_close_function = on_channel_close;
  ch->callbacks.channel_pty_request_function = on_pty_request;
  ch->callbacks.channel_pty_window_change_function = on_pty_window_change;
  ch->callbacks.channel_env_request_function = on_env_request;
  ch->callbacks.channel_shell_request_function = on_shell_request;
  ch->callbacks.channel_exec_request_function = on_exec_request;
  ssh_callbacks_init(&ch->callbacks);
  ssh_set_channel_callbacks(ch->channel, &ch->callbacks);
  ssh_channel raw = ch->channel;
  conn->channels.push_back(std::move(ch));
  return raw;
}

}  // namespace

void install_session_callbacks(Conn &conn) {
  conn.callbacks.userdata = &conn;
  conn.callbacks.auth_password_function = on_auth_password;
  conn.callbacks.auth_pubkey_function = on_auth_pubkey;
  conn.callbacks.channel_open_request_session_function = on_channel_open;
  ssh_callbacks_init(&conn.callbacks);
  ssh_set_server_callbacks(conn.session, &conn.callbacks);
  ssh_set_message_callback(conn.session, on_message, &conn);
  ssh_set_auth_methods(conn.session, offered_mask(conn));
}

}  // namespace licmig::sim::ssh_detail
