// `licmig store prune --keep N [--store DIR] [-l HOST...] [--dry-run] [--format table|json]`: keeps
// each router's newest N snapshots (a snapshot is its .json record, its .xml twin and the .diff.txt
// made with it) and deletes the older ones. A snapshot a migration journal names (a pre-change record
// a resume compares the router with, a post-change record) is always kept. Takes the store's run
// lock, so it never runs beside a `migrate`.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/settings.hpp"
#include "migrate/json_report.hpp"
#include "migrate/run_lock.hpp"
#include "snapshot/store.hpp"

namespace licmig::cli {

namespace {

namespace fs = std::filesystem;

struct PruneOptions {
  std::string store = "./licmig-data";
  int keep = 0;
  std::vector<std::string> hosts;  // only these routers' folders ("" = all)
  bool dry_run = false;
  std::string format = "table";
};

// Every journal's text: a snapshot whose file name appears in one is kept.
std::string journals_text(const std::string &store) {
  std::string all;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(store) / "journal", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".jsonl") continue;
    std::ifstream in(it->path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

int run_prune(const PruneOptions &opt, Io io) {
  if (opt.keep < 1) {
    io.err << "licmig: error: --keep: at least 1 (the newest record of each router is always kept)\n";
    return exit_usage;
  }
  const fs::path root = fs::path(opt.store) / "snapshots";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    io.err << "licmig: error: " << root.string() << ": no snapshots folder (is --store right?)\n";
    return exit_usage;
  }
  std::optional<migrate::RunLock> lock;
  if (!opt.dry_run) {
    migrate::LockHolder holder;
    holder.run_id = "store-prune";
    holder.pid = static_cast<long>(::getpid());
    holder.started_at = snapshot::utc_timestamp();
    auto acquired = migrate::RunLock::acquire(opt.store, holder);
    if (!acquired) {
      io.err << "licmig: error: " << acquired.error_message() << "\n";
      return migrate::exit_store_unavailable;
    }
    lock.emplace(std::move(acquired).value());
  }
  const std::string journals = journals_text(opt.store);
  snapshot::Store store(opt.store);
  std::vector<fs::path> folders;
  if (opt.hosts.empty()) {
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_directory()) folders.push_back(it->path());
    }
  } else {
    for (const auto &h : opt.hosts) folders.emplace_back(store.host_dir(h));
  }
  std::sort(folders.begin(), folders.end());
  migrate::JsonReport report{"store", std::nullopt};
  std::ostringstream table;
  int code = exit_ok;
  std::size_t total_deleted = 0;
  for (const auto &folder : folders) {
    std::vector<fs::path> records;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".json") records.push_back(it->path());
    }
    std::sort(records.begin(), records.end());  // the names are UTC time stamps: oldest first
    std::size_t deleted = 0, kept_by_journal = 0;
    std::string error;
    const std::size_t old =
        records.size() > static_cast<std::size_t>(opt.keep) ? records.size() - static_cast<std::size_t>(opt.keep) : 0;
    for (std::size_t i = 0; i < old && error.empty(); ++i) {
      if (journals.find(records[i].filename().string()) != std::string::npos) {
        ++kept_by_journal;
        continue;
      }
      ++deleted;
      if (opt.dry_run) continue;
      const std::string stem = records[i].string().substr(0, records[i].string().size() - 5);
      for (const auto &file : {records[i].string(), stem + ".xml", stem + ".diff.txt"}) {
        std::error_code rm;
        fs::remove(file, rm);
        if (rm) error = file + ": " + rm.message();
      }
    }
    total_deleted += deleted;
    const std::string host = folder.filename().string();
    nlohmann::json row = {{"host", host},
                          {"status", !error.empty() ? "failed"
                                     : deleted > 0  ? "pruned"
                                                    : "unchanged"},
                          {"snapshots", records.size() - (opt.dry_run ? 0 : deleted)},
                          {"deleted", deleted},
                          {"kept_by_journal", kept_by_journal}};
    if (!error.empty()) {
      row["error"] = error;
      code = migrate::exit_store_unavailable;
    }
    report.routers.push_back(row);
    table << host << ": " << (opt.dry_run ? "would delete " : "deleted ") << deleted << " of " << records.size()
          << (kept_by_journal ? ", kept " + std::to_string(kept_by_journal) + " a journal names" : std::string())
          << (error.empty() ? "" : " — " + error) << "\n";
  }
  report.summary = migrate::count_statuses(report.routers);
  report.summary["deleted"] = total_deleted;
  report.summary["dry_run"] = opt.dry_run;
  io.out << (opt.format == "json" ? migrate::render_json_report(std::move(report), code) : table.str());
  return code;
}

}  // namespace

void add_store_command(CLI::App &app, Io io, int *exit_code) {
  auto opt = std::make_shared<PruneOptions>();
  auto *store = app.add_subcommand("store", "Look after the store: `store prune --keep N`");
  store->require_subcommand(1);
  auto *prune = store->add_subcommand(
      "prune", "Delete each router's snapshots but the newest N (those a migration journal names are kept)");
  prune->add_option("--keep", opt->keep, "Snapshots to keep per router (at least 1)")->required();
  prune->add_option("--store", opt->store, "The store (also LICMIG_STORE, store: in licmig.yaml)")
      ->default_str("./licmig-data");
  prune->add_option("-l,--limit", opt->hosts, "Only these routers (names; repeatable)")->allow_extra_args(false);
  prune->add_flag("--dry-run", opt->dry_run, "Say what would be deleted, delete nothing");
  prune->add_option("--format", opt->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  prune->callback([opt, io, exit_code, prune]() {
    *exit_code = apply_store_setting(*prune, opt->store, io) ? run_prune(*opt, io) : exit_usage;
  });
}

}  // namespace licmig::cli
