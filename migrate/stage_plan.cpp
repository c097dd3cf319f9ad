#include "migrate/stage_plan.hpp"

#include <algorithm>
#include <cstdio>

#include "base/text.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate {

namespace {

bool ends_with(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_folder(const snapshot::FlashFile &f) {
  return f.permissions && !f.permissions->empty() && (*f.permissions)[0] == 'd';
}

}  // namespace

std::int64_t stage_margin(std::int64_t image_size) { return std::max(k_stage_margin_min, image_size / 20); }

const char *to_string(StageAction action) {
  switch (action) {
    case StageAction::already_staged: return "already staged";
    case StageAction::transfer: return "transfer";
    case StageAction::refuse: return "refused";
  }
  return "refused";
}

const char *to_string(StageRefusal refusal) {
  switch (refusal) {
    case StageRefusal::none: return "none";
    case StageRefusal::no_space: return "no space";
    case StageRefusal::no_scp_server: return "no scp server";
    case StageRefusal::target_in_use: return "target in use";
    case StageRefusal::size_unknown: return "size unknown";
  }
  return "none";
}

std::string human_bytes(std::int64_t bytes) {
  const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  std::size_t u = 0;
  while ((v >= 1024.0 || v <= -1024.0) && u + 1 < std::size(units)) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  if (u == 0) {
    std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  }
  return buf;
}

bool same_flash_file(const std::string &name, const std::string &other) {
  return !name.empty() && base::basename_of(name) == base::basename_of(other);
}

std::vector<snapshot::FlashFile> cleanup_candidates(const StageFacts &facts, const std::string &target) {
  auto used = [&](const std::string &name) {
    if (same_flash_file(name, target) || same_flash_file(name, facts.running_image)) return true;
    return std::any_of(facts.boot_images.begin(), facts.boot_images.end(),
                       [&](const std::string &b) { return same_flash_file(name, b); });
  };
  bool install_mode = ends_with(facts.running_image, ".conf");
  for (const auto &b : facts.boot_images) install_mode = install_mode || ends_with(b, ".conf");
  std::vector<snapshot::FlashFile> out;
  for (const auto &f : facts.bootflash.files) {
    if (is_folder(f) || !f.size || f.name.find('/') != std::string::npos) continue;
    const bool image = ends_with(f.name, ".bin") || (!install_mode && ends_with(f.name, ".pkg"));
    if (!image || used(f.name)) continue;
    out.push_back(f);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return *a.size > *b.size; });
  return out;
}

bool serves_scp(const std::string &running_config) {
  for (const auto &l : snapshot::clean_lines(running_config)) {
    if (!l.text.empty() && l.text[0] != ' ' && base::trim(l.text) == "ip scp server enable") return true;
  }
  return false;
}

StageFacts stage_facts_of(const snapshot::Snapshot &snap, const std::string &image) {
  StageFacts f;
  if (snap.bootflash) f.bootflash = *snap.bootflash;
  f.running_image = snap.version.image.value_or("");
  if (snap.boot) {
    f.boot_images = snap.boot->boot_images;
    f.boot_images.insert(f.boot_images.end(), snap.boot->next_boot_images.begin(), snap.boot->next_boot_images.end());
  }
  for (const auto &line : snap.running_config.boot_system) {
    auto w = base::words(line);
    if (!w.empty()) f.boot_images.emplace_back(w.back());
  }
  for (const auto &r : snap.raw) {
    if (r.command == "show running-config") f.scp_server = serves_scp(r.text);
  }
  for (const auto &c : snap.image_checks) {
    if (same_flash_file(c.file, image)) f.present_md5 = c.md5;
  }
  return f;
}

StageDecision decide_stage(const StageFacts &facts, const StageImage &image, const StagePolicy &policy) {
  StageDecision d;
  d.free_bytes = facts.bootflash.free_bytes.value_or(0);
  const auto present = std::find_if(facts.bootflash.files.begin(), facts.bootflash.files.end(),
                                    [&](const auto &f) { return same_flash_file(f.name, image.name); });
  std::int64_t reclaimed = 0;
  if (present != facts.bootflash.files.end()) {
    if (facts.present_md5 && base::to_lower(*facts.present_md5) == base::to_lower(image.md5)) {
      d.action = StageAction::already_staged;
      return d;
    }
    const bool in_use = same_flash_file(image.name, facts.running_image) ||
                        std::any_of(facts.boot_images.begin(), facts.boot_images.end(),
                                    [&](const std::string &b) { return same_flash_file(image.name, b); });
    if (in_use) {
      d.refusal = StageRefusal::target_in_use;
      d.reason = "bootflash:" + image.name + " has md5 " + facts.present_md5.value_or("(unknown)") + ", expected " +
                 image.md5 + ", and the router runs or boots it: it is not deleted";
      return d;
    }
    d.replace = true;
    reclaimed = present->size.value_or(0);
  }
  if (!image.size) {
    d.refusal = StageRefusal::size_unknown;
    d.reason = "the size of " + image.name + " is unknown" +
               (image.size_unknown_why.empty() ? "" : " (" + image.size_unknown_why + ")") +
               ", so the free space cannot be judged: give --image FILE, a local copy (its size and md5 are read "
               "from it), or pull from an http://, https:// or ftp:// URL whose server reports the size";
    return d;
  }
  d.needed_bytes = *image.size + stage_margin(*image.size);
  std::int64_t available = d.free_bytes + reclaimed;
  if (available < d.needed_bytes) {
    const auto candidates = cleanup_candidates(facts, image.name);
    std::int64_t could = 0;
    for (const auto &f : candidates) could += *f.size;
    const std::string numbers_text = std::to_string(available) + " bytes free (" + human_bytes(available) + "), " +
                                     std::to_string(d.needed_bytes) + " needed (" + human_bytes(d.needed_bytes) +
                                     ": the image and a margin of " + human_bytes(stage_margin(*image.size)) + ")";
    if (!policy.cleanup) {
      d.refusal = StageRefusal::no_space;
      d.reason = "not enough space on bootflash: " + numbers_text +
                 (candidates.empty() ? "; no unused image to delete"
                                     : "; --cleanup would delete " + std::to_string(candidates.size()) +
                                           " unused image(s) of " + human_bytes(could));
      return d;
    }
    for (const auto &f : candidates) {
      if (available >= d.needed_bytes) break;
      d.cleanup.push_back(f);
      available += *f.size;
    }
    if (available < d.needed_bytes) {
      d.cleanup.clear();
      d.refusal = StageRefusal::no_space;
      d.reason = "not enough space on bootflash even after deleting every unused image: " + numbers_text + ", " +
                 human_bytes(could) + " deletable";
      return d;
    }
  }
  if (!image.pull() && !facts.scp_server) {
    if (!policy.enable_scp_server) {
      d.refusal = StageRefusal::no_scp_server;
      d.reason =
          "the router does not serve SCP (no 'ip scp server enable'): configure it, or give "
          "--enable-scp-server (enabled for the transfer, restored after), or --image-url to let the router "
          "pull the image";
      d.cleanup.clear();
      return d;
    }
    d.enable_scp_server = true;
  }
  d.action = StageAction::transfer;
  return d;
}

}  // namespace licmig::migrate
