#include "server/persistence.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <spdlog/spdlog.h>

#include "core/ids.h"
#include "protocol/crypto.h"
#include "protocol/form_decoding.h"
#include "server/control_plane.h"
#include "server/router.h"
#include "server/services.h"
#include "server/state_snapshot.h"

namespace cloudlife::server {
namespace {

using nlohmann::json;

// Headers a replay needs: the router reads these (never time-sensitive signatures: replays skip
// authentication).
bool journaled_header(const std::string& name) {
  std::string lower;
  for (char c : name)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "content-type" || lower == "authorization" || lower == "host" ||
         lower.rfind("x-acs-", 0) == 0 || lower == "x-amz-date";
}

// Client text goes into the journal byte for byte: as a JSON string when it is valid UTF-8,
// otherwise base64-encoded under "<key>64".
void put_bytes(json& record, const std::string& key, const std::string& value) {
  try {
    (void)json(value).dump();
    record[key] = value;
  } catch (const json::exception&) {
    record[key + "64"] = protocol::base64_encode(value);
  }
}

// "" when the snapshot file is whole: a snapshot header, every record intact, and a last record
// {"s": "end", "records": n} counting the records before it; else what is wrong.
std::string snapshot_problem(const std::string& path) {
  if (!std::filesystem::exists(path)) return "missing";
  try {
    core::JournalReader reader(path, "cloudlife-snapshot");
    if (reader.header().is_null()) return "empty";
    std::size_t records = 0;
    std::string last;
    while (const std::optional<std::string_view> text = reader.next_text()) {
      ++records;
      last = text->size() < 128 ? std::string(*text) : std::string();
      reader.accept();
    }
    if (!reader.problem().empty()) return reader.problem();
    const json end = json::parse(last, nullptr, false);
    if (end.is_discarded() || end.value("s", "") != "end" ||
        end.value("records", std::size_t{0}) + 1 != records) {
      return "no end record";
    }
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::string snapshot_path(const std::string& dir, std::uint64_t generation) {
  return dir + "/snapshot-" + std::to_string(generation) + ".snap";
}

std::string kept_journal_path(const std::string& dir, std::uint64_t generation) {
  return dir + "/journal-" + std::to_string(generation) + ".log";
}

// A file of the state directory named for a generation: "snapshot-<g>.snap" or "journal-<g>.log",
// possibly with ".tmp" (being written).
struct GenerationFile {
  bool snapshot = false;
  std::uint64_t generation = 0;
  bool temporary = false;
};

std::optional<GenerationFile> generation_file(std::string_view name) {
  GenerationFile f;
  if (name.ends_with(".tmp")) {
    f.temporary = true;
    name.remove_suffix(4);
  }
  std::string_view suffix;
  if (name.starts_with("snapshot-")) {
    f.snapshot = true;
    name.remove_prefix(9);
    suffix = ".snap";
  } else if (name.starts_with("journal-")) {
    name.remove_prefix(8);
    suffix = ".log";
  } else {
    return std::nullopt;
  }
  if (!name.ends_with(suffix)) return std::nullopt;
  name.remove_suffix(suffix.size());
  if (name.empty() || name.size() > 19) return std::nullopt;
  for (char c : name) {
    if (c < '0' || c > '9') return std::nullopt;
    f.generation = f.generation * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return f;
}

// A crash between keeping journal.log and starting the next leaves no journal.log: the newest
// kept journal becomes it again.
void take_back_kept_journal(const std::string& dir, const std::string& path) {
  if (std::filesystem::exists(path)) return;
  std::error_code ec;
  std::optional<std::uint64_t> newest;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto f = generation_file(entry.path().filename().string());
    if (f && !f->snapshot && !f->temporary && (!newest || f->generation > *newest)) {
      newest = f->generation;
    }
  }
  if (newest) std::filesystem::rename(kept_journal_path(dir, *newest), path);
}

// What a restart loads: the journals to replay, oldest first, and the snapshot the oldest continues
// ("" for none: from empty state), falling back past a missing or corrupt snapshot
// (fallback_problem says why). Throws when a fallback needs a journal that is gone.
struct RestorePlan {
  std::vector<std::string> journals;
  std::string snapshot;
  std::string fallback_problem;
};

RestorePlan plan_restore(const std::string& dir, const std::string& path) {
  RestorePlan plan;
  plan.journals.push_back(path);
  for (;;) {
    const json head = core::JournalReader(plan.journals.front()).header();
    if (head.is_null() || !head.contains("base_snapshot")) return plan;  // from empty state
    const std::uint64_t base = head.at("base_snapshot").get<std::uint64_t>();
    const std::string problem = snapshot_problem(snapshot_path(dir, base));
    if (problem.empty()) {
      plan.snapshot = snapshot_path(dir, base);
      return plan;
    }
    plan.fallback_problem = snapshot_path(dir, base) + ": " + problem;
    spdlog::warn("snapshot {} unusable ({}); falling back to the one before", base, problem);
    if (base == 0 || !std::filesystem::exists(kept_journal_path(dir, base - 1))) {
      throw std::runtime_error("cannot restore: " + plan.fallback_problem +
                               ", and the journal before it is gone");
    }
    plan.journals.insert(plan.journals.begin(), kept_journal_path(dir, base - 1));
  }
}

}  // namespace

Persistence::Persistence(Services& services, const std::string& state_dir, core::FsyncPolicy policy,
                         std::size_t snapshot_every)
    : services_(services),
      dir_(state_dir),
      path_(state_dir + "/journal.log"),
      snapshot_every_(snapshot_every) {
  ::mkdir(state_dir.c_str(), 0755);
  struct stat st {};
  if (::stat(state_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw std::runtime_error("--state-dir " + state_dir + " is not a directory");
  }
  journal_ = std::make_unique<core::Journal>(path_, policy);
}

Persistence::~Persistence() {
  join_writer();
}

std::string Persistence::snapshot_path(std::uint64_t generation) const {
  return server::snapshot_path(dir_, generation);
}

std::string Persistence::kept_journal_path(std::uint64_t generation) const {
  return server::kept_journal_path(dir_, generation);
}

json Persistence::header(std::uint64_t seed, std::uint64_t generation, bool has_base) const {
  const auto [mode, now] = services_.engine.with_lock([&](const core::EngineLock& held) {
    return std::pair{services_.engine.clock(held).mode(), services_.engine.clock(held).now()};
  });
  // The timing in force when the journal starts: a reset rewrites the journal but keeps the
  // profile and overrides, so they must come back from here, with the seed of the realistic draws.
  json timing = services_.engine.with_lock([&] {
    const core::Timing& t = services_.engine.timing();
    json overrides = json::object();
    for (const auto& [phase, ms] : t.overrides()) overrides[phase] = ms;
    return json{
        {"profile", core::timing_profile_name(t.kind())}, {"overrides", overrides}, {"seed", seed}};
  });
  json head{{"format", "cloudlife-journal"},
            {"version", core::Journal::kFormatVersion},
            {"generation", generation},
            {"id_seed", seed},
            {"clock_mode", core::clock_mode_name(mode)},
            {"virtual_start", now},
            {"timing", timing},
            {"created", core::format_iso8601_ms(core::wall_clock_now())}};
  // The journal continues the snapshot of its own generation (written by then, or being written).
  if (has_base) head["base_snapshot"] = generation;
  return head;
}

json Persistence::request_json(const protocol::HttpRequest& request) {
  json record{{"m", request.method}};
  put_bytes(record, "p", request.path);
  put_bytes(record, "q", request.raw_query);
  put_bytes(record, "b", request.body);
  json headers = json::array();
  for (const auto& [name, value] : request.headers) {
    if (!journaled_header(name)) continue;
    json header;
    put_bytes(header, "n", name);
    put_bytes(header, "v", value);
    headers.push_back(std::move(header));
  }
  record["h"] = std::move(headers);
  return record;
}

void Persistence::record_request(const protocol::HttpRequest& request,
                                 const protocol::RequestContext& ctx, core::TimeMs virtual_now) {
  if (replaying_ || ctx.injected_fault) return;
  json record = request_json(request);
  record["t"] = "req";
  record["v"] = virtual_now;
  record["w"] = core::wall_clock_now();
  record["s"] = ctx.http_status;
  if (!ctx.error_code.empty()) record["e"] = ctx.error_code;
  journal_->append(record);
  maybe_snapshot();
}

void Persistence::record_control(const protocol::HttpRequest& request,
                                 core::TimeMs virtual_before) {
  if (replaying_) return;
  json record = request_json(request);
  record["t"] = "ctl";
  record["v"] = virtual_before;
  services_.engine.with_lock([&](const core::EngineLock& held) {
    record["v_after"] = services_.engine.clock(held).now();
    record["w"] = core::wall_clock_now();
    record["mode_after"] = core::clock_mode_name(services_.engine.clock(held).mode());
  });
  journal_->append(record);
  maybe_snapshot();
}

void Persistence::record_reset(std::uint64_t new_seed) {
  if (replaying_) return;
  join_writer();
  ++generation_;
  journal_->rewrite(header(new_seed, generation_, false), {});
  delete_files_before(generation_ + 1);
}

void Persistence::maybe_snapshot() {
  if (snapshot_every_ == 0 || journal_->size() < snapshot_every_ || writing_) return;
  try {
    take_snapshot(false);
  } catch (const std::exception& e) {
    // The journal still holds everything: a failed snapshot only leaves it longer.
    spdlog::error("snapshot not taken: {}", e.what());
  }
}

json Persistence::snapshot_now() {
  return take_snapshot(true);
}

// The caller holds order_mutex_: no mutation runs until the state is written down and the new
// journal started, so the snapshot and the new journal meet exactly.
json Persistence::take_snapshot(bool wait) {
  join_writer();
  const std::uint64_t next = generation_ + 1;
  std::size_t records = 0;
  std::string text = json{{"format", "cloudlife-snapshot"},
                          {"version", 1},
                          {"generation", next},
                          {"created", core::format_iso8601_ms(core::wall_clock_now())}}
                         .dump() +
                     "\n";
  save_state(services_, [&](json record) {
    text += core::Journal::encode(record);
    ++records;
  });
  text += core::Journal::encode(json{{"s", "end"}, {"records", records}});
  // The snapshot holds the ID and timing draws' positions: the header's seeds go unused.
  journal_->rotate(kept_journal_path(generation_), header(0, next, true));
  generation_ = next;
  const json report{{"generation", next},
                    {"records", records + 1},
                    {"bytes", text.size()},
                    {"path", snapshot_path(next)}};
  writing_ = true;
  writer_ = std::thread([this, next, data = std::move(text)] {
    try {
      core::write_file_durably(snapshot_path(next), data);
      delete_files_before(next - 1);
    } catch (const std::exception& e) {
      spdlog::error("snapshot {} not written: {}", next, e.what());
    }
    writing_ = false;
  });
  if (wait) join_writer();
  return report;
}

void Persistence::join_writer() {
  if (writer_.joinable()) writer_.join();
}

void Persistence::delete_files_before(std::uint64_t oldest_needed) const {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const auto f = generation_file(entry.path().filename().string());
    if (f && (f->temporary || f->generation < oldest_needed)) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

void Persistence::move_clock_to(const JournalRecord& record) {
  core::Engine& engine = services_.engine;
  if (record.virtual_at) {
    const core::TimeMs v = *record.virtual_at;
    const core::TimeMs now =
        engine.with_lock([&](const core::EngineLock& held) { return engine.clock(held).now(); });
    if (v > now) engine.advance(v - now);  // fires what fell due, in order, as it did then
  }
}

void Persistence::restore_timing(const json& head) {
  const auto it = head.find("timing");
  if (it == head.end() || !it->is_object()) return;  // a journal written before timing was kept
  services_.engine.with_lock([&] {
    core::Timing& timing = services_.engine.timing();
    if (auto kind = core::parse_timing_profile(it->value("profile", ""))) timing.set_kind(*kind);
    timing.clear_overrides();
    if (auto o = it->find("overrides"); o != it->end() && o->is_object()) {
      for (const auto& [phase, ms] : o->items()) {
        if (ms.is_number_integer()) timing.set_override(phase, ms.get<core::TimeMs>());
      }
    }
    if (auto seed = it->find("seed"); seed != it->end() && seed->is_number_unsigned()) {
      timing.reseed(seed->get<std::uint64_t>());
    }
  });
}

// Refused requests changed nothing (models validate before they mutate), except a
// TerminateInstances refused for protection, which terminated the other Availability Zones.
bool Persistence::changed_nothing(const JournalRecord& record) {
  return record.kind == "req" && record.status >= 400 &&
         record.error_code != "OperationNotPermitted";
}

void Persistence::replay_one(const JournalRecord& r, Router& router, ControlPlane& control,
                             Replay& state) {
  if (r.kind == "ctl") {
    move_clock_to(r);
    control.handle(r.request);
    state.final_mode = core::parse_clock_mode(r.mode_after).value_or(state.final_mode);
    state.final_virtual = r.virtual_after.value_or(state.final_virtual);
    services_.engine.with_lock([&](const core::EngineLock& held) {
      services_.engine.clock(held).restore(core::ClockMode::kFrozen, state.final_virtual);
    });
  } else {
    move_clock_to(r);
    router.route(r.request);
    state.final_virtual = std::max(state.final_virtual, r.virtual_at.value_or(state.final_virtual));
  }
  if (r.wall_at) {
    state.last_offset =
        r.virtual_after.value_or(r.virtual_at.value_or(core::TimeMs{0})) - *r.wall_at;
    state.have_offset = true;
  }
}

std::string Persistence::replay_file(core::JournalReader& reader, Router& router,
                                     ControlPlane& control, Replay& state,
                                     std::vector<core::JournalSpan>* refused) {
  core::JournalSpan span;
  while (const std::optional<std::string_view> text = reader.next_text()) {
    // The records this server writes are read without a DOM; anything else through nlohmann.
    std::optional<JournalRecord> read = read_journal_record(*text);
    if (!read) {
      const json parsed = json::parse(text->begin(), text->end(), nullptr, false);
      if (parsed.is_discarded()) {
        reader.unreadable();
        break;
      }
      read = journal_record_from_json(parsed);
    }
    reader.accept(&span);
    ++state.records;
    if (changed_nothing(*read)) {
      ++state.refused;
      if (refused) refused->push_back(span);
      continue;
    }
    replay_one(*read, router, control, state);
  }
  return reader.problem();
}

void Persistence::load_snapshot(const std::string& path, Replay& state) {
  core::JournalReader reader(path, "cloudlife-snapshot");
  StateLoader loader(services_);
  while (std::optional<json> record = reader.next()) {
    if (record->value("s", "") == "end") break;
    loader.apply(*record);
  }
  const SnapshotClock clock = loader.finish();
  state.final_mode = clock.mode;
  state.final_virtual = clock.virtual_now;
  state.last_offset = clock.virtual_now - clock.wall_at_save;
  state.have_offset = true;
}

json Persistence::restore(Router& router, ControlPlane& control) {
  const std::uint64_t fresh_seed = core::entropy_seed();
  // A crash between keeping the journal and starting the next leaves only the kept one.
  take_back_kept_journal(dir_, path_);
  const RestorePlan plan = plan_restore(dir_, path_);
  const std::vector<std::string>& journals = plan.journals;
  const std::string& snapshot = plan.snapshot;
  const std::string& fallback_problem = plan.fallback_problem;

  core::JournalReader current(path_);
  const json head = current.header().is_null() ? header(fresh_seed, 0, false) : current.header();
  generation_ = head.value("generation", std::uint64_t{0});
  const json first_head =  // a copy: the reader of an older journal is a temporary
      journals.size() > 1 ? json(core::JournalReader(journals.front()).header()) : head;
  services_.engine.with_lock([&](const core::EngineLock& held) {
    services_.engine.ids(held).reseed(first_head.value("id_seed", fresh_seed));
  });
  restore_timing(first_head);
  Replay state;
  state.final_mode = core::parse_clock_mode(first_head.value("clock_mode", "real"))
                         .value_or(core::ClockMode::kReal);
  state.final_virtual = first_head.value("virtual_start", core::wall_clock_now());
  services_.engine.with_lock([&](const core::EngineLock& held) {
    services_.engine.clock(held).restore(core::ClockMode::kFrozen, state.final_virtual);
  });
  replaying_ = true;
  if (!snapshot.empty()) load_snapshot(snapshot, state);
  std::string problem;
  for (std::size_t i = 0; i + 1 < journals.size(); ++i) {
    core::JournalReader kept(journals[i]);
    const std::string kept_problem = replay_file(kept, router, control, state, nullptr);
    if (!kept_problem.empty()) problem = journals[i] + ": " + kept_problem;
  }
  std::vector<core::JournalSpan> refused;  // compaction: dropped from the file after the replay
  const std::string current_problem = replay_file(current, router, control, state, &refused);
  if (!current_problem.empty()) problem = current_problem;
  replaying_ = false;
  services_.engine.with_lock([&](const core::EngineLock& held) {
    core::VirtualClock& clock = services_.engine.clock(held);
    if (state.final_mode == core::ClockMode::kFrozen) {
      clock.restore(core::ClockMode::kFrozen, state.final_virtual);
    } else {
      // Real time kept flowing while the server was down; keep the recorded offset.
      clock.restore(core::ClockMode::kReal,
                    state.have_offset ? core::wall_clock_now() + state.last_offset
                                      : std::max(state.final_virtual, core::wall_clock_now()));
    }
  });
  const std::size_t dropped_bytes =
      current.header().is_null() ? 0 : current.file_size() - current.good_end();
  // Truncates a torn tail (or starts a fresh journal), then drops the refused records.
  journal_->open_at(current.header().is_null() ? 0 : current.good_end(), head);
  if (!refused.empty()) journal_->compact(refused);
  // Keep what a later restart may need: this generation's snapshot, and the one before with its
  // journal (the fallback); a restart that fell back writes a fresh snapshot at once.
  if (journals.size() > 1) {
    take_snapshot(true);
  } else {
    delete_files_before(snapshot.empty() ? generation_ + 1 : generation_ - 1);
  }
  json report{
      {"journal", path_},         {"snapshot", snapshot.empty() ? json(nullptr) : json(snapshot)},
      {"records", state.records}, {"dropped_bytes", dropped_bytes},
      {"problem", problem},       {"replayed", state.records - state.refused}};
  if (!fallback_problem.empty()) report["fallback"] = fallback_problem;
  // A long journal (one written before snapshots, or with snapshots off until now) is cut now.
  maybe_snapshot();
  return report;
}

}  // namespace cloudlife::server
