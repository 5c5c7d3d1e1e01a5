#include "server/persistence.h"

#include <sys/stat.h>

#include <stdexcept>

#include "core/ids.h"
#include "protocol/crypto.h"
#include "protocol/form_decoding.h"
#include "server/control_plane.h"
#include "server/router.h"
#include "server/services.h"

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

}  // namespace

Persistence::Persistence(Services& services, const std::string& state_dir, core::FsyncPolicy policy)
    : services_(services), path_(state_dir + "/journal.log") {
  ::mkdir(state_dir.c_str(), 0755);
  struct stat st {};
  if (::stat(state_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw std::runtime_error("--state-dir " + state_dir + " is not a directory");
  }
  journal_ = std::make_unique<core::Journal>(path_, policy);
}

json Persistence::header(std::uint64_t seed) const {
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
  return {{"format", "cloudlife-journal"},
          {"version", core::Journal::kFormatVersion},
          {"id_seed", seed},
          {"clock_mode", core::clock_mode_name(mode)},
          {"virtual_start", now},
          {"timing", timing},
          {"created", core::format_iso8601_ms(core::wall_clock_now())}};
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
}

void Persistence::record_reset(std::uint64_t new_seed) {
  if (replaying_) return;
  journal_->rewrite(header(new_seed), {});
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

json Persistence::restore(Router& router, ControlPlane& control) {
  const std::uint64_t fresh_seed = core::entropy_seed();
  // Read and replay one record at a time: memory stays bounded by the state, not the history.
  core::JournalReader reader(path_);
  const json head = reader.header().is_null() ? header(fresh_seed) : reader.header();
  services_.engine.with_lock([&](const core::EngineLock& held) {
    services_.engine.ids(held).reseed(head.value("id_seed", fresh_seed));
  });
  restore_timing(head);
  const auto mode =
      core::parse_clock_mode(head.value("clock_mode", "real")).value_or(core::ClockMode::kReal);
  const core::TimeMs start = head.value("virtual_start", core::wall_clock_now());
  services_.engine.with_lock([&](const core::EngineLock& held) {
    services_.engine.clock(held).restore(core::ClockMode::kFrozen, start);
  });
  replaying_ = true;
  core::ClockMode final_mode = mode;
  core::TimeMs final_virtual = start;
  core::TimeMs last_offset = 0;
  bool have_offset = false;
  std::size_t records = 0;
  std::vector<core::JournalSpan> refused;  // compaction: dropped from the file after the replay
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
    const JournalRecord& r = *read;
    ++records;
    if (changed_nothing(r)) {
      refused.push_back(span);
      continue;
    }
    if (r.kind == "ctl") {
      move_clock_to(r);
      control.handle(r.request);
      final_mode = core::parse_clock_mode(r.mode_after).value_or(final_mode);
      final_virtual = r.virtual_after.value_or(final_virtual);
      services_.engine.with_lock([&](const core::EngineLock& held) {
        services_.engine.clock(held).restore(core::ClockMode::kFrozen, final_virtual);
      });
    } else {
      move_clock_to(r);
      router.route(r.request);
      final_virtual = std::max(final_virtual, r.virtual_at.value_or(final_virtual));
    }
    if (r.wall_at) {
      last_offset = r.virtual_after.value_or(r.virtual_at.value_or(core::TimeMs{0})) - *r.wall_at;
      have_offset = true;
    }
  }
  replaying_ = false;
  services_.engine.with_lock([&](const core::EngineLock& held) {
    core::VirtualClock& clock = services_.engine.clock(held);
    if (final_mode == core::ClockMode::kFrozen) {
      clock.restore(core::ClockMode::kFrozen, final_virtual);
    } else {
      // Real time kept flowing while the server was down; keep the recorded offset.
      clock.restore(core::ClockMode::kReal, have_offset
                                                ? core::wall_clock_now() + last_offset
                                                : std::max(final_virtual, core::wall_clock_now()));
    }
  });
  const std::size_t dropped_bytes =
      reader.header().is_null() ? 0 : reader.file_size() - reader.good_end();
  // Truncates a torn tail (or starts a fresh journal), then drops the refused records.
  journal_->open_at(reader.header().is_null() ? 0 : reader.good_end(), head);
  if (!refused.empty()) journal_->compact(refused);
  return {{"journal", path_},
          {"records", records},
          {"dropped_bytes", dropped_bytes},
          {"problem", reader.problem()},
          {"replayed", records - refused.size()}};
}

}  // namespace cloudlife::server
