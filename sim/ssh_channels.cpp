// The simulator's channels: what a session's channel says and when (queued replies with their
// delays, written as the peer's window allows), the CLI fed a line at a time with IOS's echo, and the
// router's SCP server (`scp -t`) fed the client's bytes (ssh_server_detail.hpp).
#include <spdlog/spdlog.h>

#include <string>
#include <string_view>
#include <utility>

#include "sim/ssh_server_detail.hpp"

namespace licmig::sim {

using ssh_detail::Isolate;
using ssh_detail::Output;

void SshServer::Impl::queue_reply(Channel &ch, Reply reply, Clock::time_point now) {
  auto due = now + reply.delay;
  ch.queue.push_back(Output{due, std::move(reply.text), reply.close && reply.later.empty()});
  for (std::size_t i = 0; i < reply.later.size(); ++i) {
    due += reply.later[i].after;
    ch.queue.push_back(Output{due, std::move(reply.later[i].text), reply.close && i + 1 == reply.later.size()});
  }
}

void SshServer::Impl::finish_channel(Channel &ch) {
  if (ch.closed_by_us) return;
  ch.closed_by_us = true;
  if (ch.exit_status) ssh_channel_request_send_exit_status(ch.channel, ch.exit_code);
  ssh_channel_send_eof(ch.channel);
  ssh_channel_close(ch.channel);
}

void SshServer::Impl::flush(Channel &ch, Clock::time_point now, bool ignore_delays) {
  if (ch.closed_by_us && ch.unsent.empty()) return;
  if (ch.unsent.empty() && !ch.close_after_send &&
      (ch.queue.empty() || (!ignore_delays && ch.queue.front().due > now))) {
    return;  // nothing to send yet
  }
  Isolate alone(event, *ch.conn);
  for (;;) {
    if (!ch.unsent.empty()) {
      const int written = ssh_channel_write(ch.channel, ch.unsent.data(), static_cast<uint32_t>(ch.unsent.size()));
      spdlog::trace("{}: wrote {} of {} bytes", ch.conn->router->name(), written, ch.unsent.size());
      if (written == SSH_ERROR) {
        spdlog::debug("{}: channel write failed: {}", ch.conn->router->name(), ssh_get_error(ch.conn->session));
        ch.unsent.clear();
        ch.queue.clear();
        ch.close_after_send = true;
      } else {
        ch.unsent.erase(0, static_cast<std::size_t>(written));
      }
      if (!ch.unsent.empty()) return;  // the peer's window is full: later
    }
    if (ch.close_after_send) {
      finish_channel(ch);
      return;
    }
    if (ch.queue.empty() || (!ignore_delays && ch.queue.front().due > now)) return;
    Output out = std::move(ch.queue.front());
    ch.queue.pop_front();
    ch.unsent = std::move(out.text);
    ch.close_after_send = out.close;
  }
}

// IOS echoes what is typed on a terminal session (not a password, not a key answering --More--).
// Input goes to the CLI a line at a time so each line's echo precedes its output.
void SshServer::Impl::feed_lines(Channel &ch, std::string_view input, Clock::time_point now) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < input.size() && !ch.cli->closed(); ++i) {
    if (input[i] != '\r' && input[i] != '\n') continue;
    if (input[i] == '\r' && i + 1 < input.size() && input[i + 1] == '\n') ++i;
    feed(ch, input.substr(start, i + 1 - start), now);
    start = i + 1;
  }
  if (start < input.size() && !ch.cli->closed()) feed(ch, input.substr(start), now);
}

void SshServer::Impl::feed(Channel &ch, std::string_view piece, Clock::time_point now) {
  if (ch.pty) {
    const auto ends_with = [&](std::string_view tail) {
      return ch.last_output.size() >= tail.size() &&
             std::string_view(ch.last_output).substr(ch.last_output.size() - tail.size()) == tail;
    };
    const bool paging = ends_with("--More-- ") || ends_with("--More--");
    const bool secret = ends_with("Password: ") || ends_with("Password:");
    std::string echo;
    for (std::size_t i = 0; i < piece.size() && !paging; ++i) {
      const char c = piece[i];
      if (c == '\r' || c == '\n') {
        if (!(c == '\n' && i > 0 && piece[i - 1] == '\r')) echo += "\r\n";
      } else if (c == '\x7f' || c == '\b') {
        if (!secret) echo += "\b \b";
      } else if (static_cast<unsigned char>(c) >= 0x20 && !secret) {
        echo += c;
      }
    }
    if (!echo.empty()) queue_reply(ch, Reply{std::move(echo), std::chrono::milliseconds(0), false, {}}, now);
  }
  Reply reply = ch.cli->input(piece, now);
  reply.close = reply.close || ch.cli->closed();
  if (!reply.text.empty()) {
    ch.last_output = reply.text.size() > 32 ? reply.text.substr(reply.text.size() - 32) : reply.text;
  }
  queue_reply(ch, std::move(reply), now);
}

void SshServer::Impl::service_channel(Conn &conn, Channel &ch, Clock::time_point now) {
  if (ch.closed_by_us) return;
  if (ch.want_shell) {
    ch.want_shell = false;
    ch.cli = conn.router->open_shell(now, {}, conn.local_address);
    ch.last_output = ch.cli->start();
    queue_reply(ch, Reply{ch.last_output, std::chrono::milliseconds(0), ch.cli->closed(), {}}, now);
  }
  if (ch.want_exec) {
    ch.want_exec = false;
    ch.is_exec = true;
    ch.scp = conn.router->open_scp(ch.exec_command, now);
    if (ch.scp) {
      queue_reply(ch, Reply{ch.scp->start(), std::chrono::milliseconds(0), false, {}}, now);
    } else {
      Reply reply = conn.router->exec(ch.exec_command, now, conn.local_address);
      reply.close = true;
      queue_reply(ch, std::move(reply), now);
    }
  }
  if (ch.scp) {
    service_scp(conn, ch, now);
    flush(ch, now, false);
    return;
  }
  if (ch.cli && !ch.input.empty()) {
    std::string input;
    input.swap(ch.input);
    feed_lines(ch, input, now);
  }
  if (ch.cli) {
    Reply later = ch.cli->poll(now);  // a background copy's progress and end
    if (!later.text.empty() || later.close) {
      ch.last_output = later.text.size() > 32 ? later.text.substr(later.text.size() - 32) : later.text;
      queue_reply(ch, std::move(later), now);
    }
  }
  if ((ch.peer_eof || ch.peer_closed) && ch.queue.empty() && ch.unsent.empty()) ch.close_after_send = true;
  flush(ch, now, false);
}

// SCP: client bytes into the sink, its acks out; the channel closes (with the sink's exit status)
// after a fatal error or at the client's EOF between files; the drop fault drops the connection.
void SshServer::Impl::service_scp(Conn &conn, Channel &ch, Clock::time_point now) {
  if (ch.close_after_send) return;
  std::string out;
  if (!ch.input.empty()) {
    std::string input;
    input.swap(ch.input);
    out += ch.scp->input(input, now);
  }
  out += ch.scp->poll(now);
  if (ch.scp->drop_connection()) {
    spdlog::debug("{}: scp transfer dropped (fault)", conn.router->name());
    conn.drop = true;
    return;
  }
  const bool close = ch.scp->finished() || ((ch.peer_eof || ch.peer_closed) && ch.scp->idle());
  ch.exit_code = ch.scp->exit_status();
  if (!out.empty() || close) queue_reply(ch, Reply{std::move(out), std::chrono::milliseconds(0), close, {}}, now);
}

}  // namespace licmig::sim
