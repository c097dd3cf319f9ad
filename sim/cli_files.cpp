// Bootflash commands of the simulated CLI: `copy URL bootflash:[NAME]` (the destination and
// overwrite dialogs, "Accessing URL...", a '!' per MiB while the transfer runs in the background,
// "[OK - N bytes]" and "N bytes copied in X secs (Y bytes/sec)", or the %Error line), and
// `delete [/force] bootflash:NAME` with its two dialogs.
#include <algorithm>

#include "base/text.hpp"
#include "sim/cli_session.hpp"

namespace licmig::sim {

namespace {

constexpr std::int64_t k_bang_bytes = 1 << 20;  // one '!' per MiB received
constexpr std::int64_t k_bangs_per_line = 70;

// "bootflash:NAME", "flash:/NAME", "NAME" -> NAME; nullopt for another file system.
std::optional<std::string> bootflash_name(const std::string &path) {
  const auto colon = path.find(':');
  std::string name = path;
  if (colon != std::string::npos) {
    const auto fs = base::to_lower(path.substr(0, colon + 1));
    if (fs != "bootflash:" && fs != "flash:") return std::nullopt;
    name = path.substr(colon + 1);
  }
  while (!name.empty() && name.front() == '/') name.erase(name.begin());
  return name;
}

}  // namespace

std::string CliSessionImpl::execute_files(const std::string &id, const std::vector<std::string> &args) {
  if (id == "copy WORD WORD") {
    const std::string &source = args[0];
    if (url_scheme(source).empty()) {
      const bool url = source.find("://") != std::string::npos;
      return "%Error opening " + url_for_display(source) +
             (url ? " (Invalid argument)\n" : " (No such file or directory)\n");
    }
    const auto dest = bootflash_name(args[1]);
    if (!dest) return "%Error opening " + args[1] + " (Invalid argument)\n";
    copy_url_ = source;
    file_name_ = dest->empty() ? url_file_name(source) : *dest;
    dialog_ = Dialog::copy_url_destination;
    return "";
  }
  if (id == "delete WORD" || id == "delete /force WORD") {
    const auto name = bootflash_name(args[0]);
    if (!name) return "%Error deleting " + args[0] + " (Invalid argument)\n";
    if (id == "delete /force WORD") return delete_file(*name);
    file_name_ = *name;
    dialog_ = Dialog::delete_filename;
    return "";
  }
  return "";
}

// Lines answering "Destination filename [..]? " and "Delete filename [..]? ".
std::string CliSessionImpl::file_dialog(const std::string &line) {
  const auto typed = base::trim(line);
  const auto name = typed.empty() ? std::optional<std::string>(file_name_) : bootflash_name(typed);
  if (dialog_ == Dialog::delete_filename) {
    dialog_ = Dialog::none;
    if (!name || name->empty()) return "%Error deleting " + typed + " (Invalid argument)\n";
    if (!s_.bootflash.exists(*name)) return "%Error deleting bootflash:/" + *name + " (No such file or directory)\n";
    file_name_ = *name;
    dialog_ = Dialog::delete_confirm;
    return "";
  }
  dialog_ = Dialog::none;  // copy_url_destination
  if (!name || !Bootflash::valid_name(*name)) {
    return "%Error opening bootflash:" + (name ? *name : typed) + " (Invalid argument)\n";
  }
  file_name_ = *name;
  if (s_.bootflash.exists(file_name_)) {
    dialog_ = Dialog::copy_overwrite;
    return "%Warning:There is a file already existing with this name \n";
  }
  return start_copy();
}

std::string CliSessionImpl::file_key(char key) {
  const bool yes = key == '\r' || key == '\n' || key == 'y' || key == 'Y';
  const Dialog was = dialog_;
  dialog_ = Dialog::none;
  if (!yes) return "\n";
  if (was == Dialog::delete_confirm) return "\n" + delete_file(file_name_);
  return "\n" + start_copy();
}

std::string CliSessionImpl::delete_file(const std::string &name) {
  const std::string shown = "bootflash:/" + name;
  if (!Bootflash::valid_name(name) || !s_.bootflash.exists(name)) {
    return "%Error deleting " + shown + " (No such file or directory)\n";
  }
  // The running image is in use: refused (the conservative reading; licmig never deletes it).
  if (name == s_.image) return "%Error deleting " + shown + " (Device or resource busy)\n";
  if (Status st = s_.bootflash.remove(name); !st) return "%Error deleting " + shown + " (I/O error)\n";
  return "";
}

std::string CliSessionImpl::start_copy() {
  std::string out = "Accessing " + url_for_display(copy_url_) + "...\n";
  if (!s_.bootflash.attached()) return out + "%Error opening bootflash:" + file_name_ + " (I/O error)\n";
  s_.bootflash.forget(file_name_);
  PullRequest req;
  req.url = copy_url_;
  req.dest_name = file_name_;
  req.dest_path = s_.bootflash.path_of(file_name_);
  req.capacity = s_.bootflash.capacity();
  req.bootflash_dir = s_.bootflash.dir();
  req.rate = s_.spec.link_rate;
  req.drop_at_percent = s_.spec.faults.transfer_drop_at_percent;
  req.corrupt = s_.spec.faults.corrupt_transfer;
  pull_ = std::make_unique<PullTransfer>(std::move(req));
  bangs_ = 0;
  return out;
}

std::string CliSessionImpl::copy_progress() {
  if (!pull_) return "";
  std::string out;
  auto bang_to = [&](std::int64_t n) {
    for (; bangs_ < n; ++bangs_) {
      if (bangs_ > 0 && bangs_ % k_bangs_per_line == 0) out += "\n";
      out += "!";
    }
  };
  bang_to(pull_->bytes_so_far() / k_bang_bytes);
  if (!pull_->done()) return out;
  const TransferOutcome result = pull_->outcome();
  pull_.reset();
  if (result.ok) {
    bang_to(std::max<std::int64_t>(1, result.bytes / k_bang_bytes));
    s_.bootflash.remember_md5(file_name_, result.md5);
    out += "\n[OK - " + std::to_string(result.bytes) + " bytes]\n\n" + copied_line(result.bytes, result.seconds) + "\n";
  } else {
    if (bangs_ > 0) out += "\n";
    out += result.error + "\n";
  }
  return out + prompt();
}

Reply CliSessionImpl::poll(Clock::time_point now) {
  Reply reply;
  if (!pull_) return reply;
  for (char c : copy_progress()) {
    if (c == '\n') reply.text += '\r';
    reply.text += c;
  }
  if (!pull_ && !queued_input_.empty()) {
    Reply more = input(std::exchange(queued_input_, {}), now);
    reply.text += more.text;
    for (auto &l : more.later) reply.text += l.text;
    reply.close = more.close;
  }
  return reply;
}

}  // namespace licmig::sim
