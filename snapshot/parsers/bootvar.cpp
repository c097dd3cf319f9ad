// `show bootvar` / `show boot`: the BOOT variable (the images the router boots) and the
// configuration register, for this unit and the standby.
//
//   BOOT variable = bootflash:asr920-universalk9_npe.17.06.01.SPA.bin,12;
//   CONFIG_FILE variable =
//   BOOTLDR variable does not exist
//   Configuration register is 0x2102 (will be 0x2142 at next reload)
//
//   Standby not ready to show bootvar          (or "Standby BOOT variable = ..." and so on)
//
// Catalyst 9000 prints "Current Boot Variables:" and "Boot Variables on next reload:" sections
// (the latter fills next_boot_*); for a stack only the first "Switch N" section is read. Settings
// this model does not keep (MANUAL_BOOT, BAUD, "Boot Mode = DEVICE", ...) are skipped.
//
// Not this format: empty text, an IOS error, text with neither a BOOT variable nor a
// configuration register line. Malformed: a "BOOT variable" / "CONFIG_FILE variable" line that
// is neither "= value" nor "does not exist", a configuration register that is not a hex number.
#include <cctype>
#include <utility>

#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

using Result = Parsed<BootVar>;

bool is_hex_register(std::string_view v) {
  if (!base::starts_with(v, "0x") && !base::starts_with(v, "0X")) return false;
  if (v.size() == 2) return false;
  for (char c : v.substr(2)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "bootflash:a.bin,12;bootflash:b.bin,1;" -> {"bootflash:a.bin", "bootflash:b.bin"}
std::vector<std::string> images_of(std::string_view value) {
  std::vector<std::string> out;
  for (auto piece : base::split(value, ';')) {
    piece = base::trim_view(piece);
    auto comma = piece.rfind(',');
    if (comma != std::string_view::npos && base::to_int(piece.substr(comma + 1)))
      piece = base::trim_view(piece.substr(0, comma));
    if (!piece.empty()) out.emplace_back(piece);
  }
  return out;
}

enum class VarValue { absent, set, garbled };

// "NAME variable = value" / "NAME variable does not exist" (after any "Standby " prefix).
VarValue read_variable(std::string_view rest, OptString &into) {
  rest = base::trim_view(rest);
  if (base::starts_with(rest, "=")) {
    auto v = base::trim(rest.substr(1));
    if (!v.empty()) into = std::move(v);
    return VarValue::set;
  }
  if (base::starts_with(rest, "does not exist")) return VarValue::absent;
  return VarValue::garbled;
}

struct Unit {
  OptString *boot = nullptr;
  OptString *config_file = nullptr;
  OptString *bootldr = nullptr;
  OptString *config_register = nullptr;
};

class Reader {
 public:
  // Reads one line; returns an error when a known line is garbled.
  std::optional<Result> take(std::string_view t, std::size_t number) {
    if (base::starts_with(t, "Switch ")) {
      if (seen_switch_) done_ = true;  // the next stack member: keep the first one only
      seen_switch_ = true;
      return std::nullopt;
    }
    if (done_) return std::nullopt;
    if (base::starts_with(t, "Current Boot Variables")) {
      next_reload_ = false;
      return std::nullopt;
    }
    if (base::starts_with(t, "Boot Variables on next reload")) {
      next_reload_ = true;
      return std::nullopt;
    }
    if (base::starts_with(t, "Standby not ready")) {
      bv_.standby_ready = false;
      recognised_ = true;
      return std::nullopt;
    }
    bool standby = base::starts_with(t, "Standby ");
    if (standby) {
      t = base::trim_view(t.substr(8));
      bv_.standby_ready = true;
    }
    Unit unit = standby ? Unit{&bv_.standby_boot_variable, &ignored_, &ignored_, &bv_.standby_config_register}
                        : Unit{next_reload_ ? &bv_.next_boot_variable : &bv_.boot_variable, &bv_.config_file,
                               &bv_.bootldr, &bv_.config_register};
    return read_line(t, number, unit);
  }

  bool recognised() const { return recognised_; }

  BootVar take_result() {
    if (bv_.boot_variable) bv_.boot_images = images_of(*bv_.boot_variable);
    if (bv_.next_boot_variable) bv_.next_boot_images = images_of(*bv_.next_boot_variable);
    if (bv_.standby_boot_variable) bv_.standby_boot_images = images_of(*bv_.standby_boot_variable);
    return std::move(bv_);
  }

 private:
  std::optional<Result> read_line(std::string_view t, std::size_t number, const Unit &unit) {
    struct Var {
      std::string_view name;
      OptString *into;
    };
    const Var vars[] = {
        {"BOOT variable", unit.boot}, {"CONFIG_FILE variable", unit.config_file}, {"BOOTLDR variable", unit.bootldr}};
    for (const auto &var : vars) {
      if (!base::starts_with(t, var.name)) continue;
      recognised_ = true;
      OptString value;
      if (read_variable(t.substr(var.name.size()), value) == VarValue::garbled) {
        return Result::malformed(number, "'" + std::string(var.name) + "' is neither '= value' nor 'does not exist'");
      }
      if (value && !*var.into) *var.into = std::move(value);
      return std::nullopt;
    }
    auto lower = base::to_lower(t);
    if (base::starts_with(lower, "configuration register is")) {
      recognised_ = true;
      return read_register(base::trim_view(t.substr(25)), number, unit);
    }
    return std::nullopt;
  }

  // "0x2102" or "0x2102 (will be 0x2142 at next reload)"
  std::optional<Result> read_register(std::string_view rest, std::size_t number, const Unit &unit) {
    auto sp = rest.find_first_of(" \t");
    auto value = rest.substr(0, sp);
    if (!is_hex_register(value)) {
      return Result::malformed(number, "configuration register '" + std::string(value) + "' is not a hex number");
    }
    if (!*unit.config_register) *unit.config_register = std::string(value);
    auto will = rest.find("will be ");
    if (will != std::string_view::npos && unit.config_register == &bv_.config_register) {
      auto next = rest.substr(will + 8);
      next = next.substr(0, next.find_first_of(" \t)"));
      if (!is_hex_register(next)) {
        return Result::malformed(number, "next configuration register '" + std::string(next) + "' is not a hex number");
      }
      bv_.next_config_register = std::string(next);
    }
    return std::nullopt;
  }

  BootVar bv_;
  OptString ignored_;  // the standby's CONFIG_FILE / BOOTLDR: not kept
  bool next_reload_ = false;
  bool seen_switch_ = false;
  bool done_ = false;
  bool recognised_ = false;
};

}  // namespace

Parsed<BootVar> parse_show_bootvar(std::string_view text) {
  auto lines = clean_lines(text);
  if (auto why = not_command_output(lines)) return Result::not_this(*why);

  Reader reader;
  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (t.empty() || base::starts_with(t, "---")) continue;
    if (is_prompt_line(t)) break;  // a captured session: the next command starts here
    if (auto bad = reader.take(t, l.number)) return *bad;
  }
  if (!reader.recognised()) return Result::not_this("no 'BOOT variable' or 'Configuration register' line");
  return Result::ok(reader.take_result());
}

}  // namespace licmig::snapshot
