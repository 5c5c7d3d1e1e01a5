#include "core/engine_snapshot.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cloudlife::core {
namespace {

using nlohmann::json;

constexpr const char* kSection = "engine";

json save_timing(const Timing& timing) {
  json overrides = json::array();
  for (const auto& [phase, ms] : timing.overrides()) overrides.push_back(json::array({phase, ms}));
  return {{"kind", timing_profile_name(timing.kind())},
          {"overrides", std::move(overrides)},
          {"position", archive::save(timing.position())}};
}

void load_timing(const json& in, Timing& timing, archive::Reader& reader) {
  const auto kind = parse_timing_profile(in.at("kind").get<std::string>());
  if (!kind) throw std::invalid_argument("unknown timing profile in a snapshot");
  timing.set_kind(*kind);
  timing.clear_overrides();
  for (const json& pair : in.at("overrides")) {
    const std::string phase = pair.at(0).get<std::string>();
    if (!timing.set_override(phase, pair.at(1).get<TimeMs>())) {
      throw std::invalid_argument("bad timing override in a snapshot: " + phase);
    }
  }
  std::mt19937_64 position;
  archive::load(in.at("position"), position, reader);
  timing.restore_position(position);
}

json save_clock(const VirtualClock& clock) {
  return {{"mode", clock_mode_name(clock.mode())},
          {"virtual_now", clock.now()},
          {"wall_at_save", clock.wall_now()}};
}

json save_event(const Scheduler& scheduler, const PendingEvent& pending) {
  const TimedEvent& e = pending.event;
  return {{"due", pending.due},
          {"id", pending.id},
          {"kind", scheduler.kind_name(e.kind)},
          {"part", json::array({archive::save(e.part.account), archive::save(e.part.region)})},
          {"subject", archive::save(e.subject)},
          {"args", archive::save(e.args)}};
}

PendingEvent load_event(const Scheduler& scheduler, const json& in, archive::Reader& reader) {
  const std::string kind = in.at("kind").get<std::string>();
  const std::optional<EventKind> defined = scheduler.kind_named(kind);
  if (!defined) throw std::invalid_argument("unknown event kind in a snapshot: " + kind);
  PendingEvent out;
  out.due = in.at("due").get<TimeMs>();
  out.id = in.at("id").get<EventId>();
  out.event.kind = *defined;
  archive::load(in.at("part").at(0), out.event.part.account, reader);
  archive::load(in.at("part").at(1), out.event.part.region, reader);
  archive::load(in.at("subject"), out.event.subject, reader);
  archive::load(in.at("args"), out.event.args, reader);
  return out;
}

void emit_events(Engine& engine, const std::function<void(json)>& emit) {
  const Scheduler& scheduler = engine.scheduler();
  const std::vector<PendingEvent> pending = scheduler.pending_events();
  archive::emit_chunks(
      json{{"s", kSection}}, "events", pending.begin(), pending.end(),
      [&](const PendingEvent& event) { return save_event(scheduler, event); }, emit);
}

void load_fields(const EngineLock& held, Engine& engine, const json& f, archive::Reader& reader) {
  std::mt19937_64 ids;
  archive::load(f.at("ids"), ids, reader);
  load_timing(f.at("timing"), engine.timing(), reader);
  const EventId next_id = f.at("next_event_id").get<EventId>();
  const json& owed = f.at("owed_observation");
  engine.ids(held).restore_position(ids);
  engine.scheduler().restore_pending({}, next_id);
  engine.restore_owed_observation(
      held, owed.is_null() ? std::nullopt : std::optional<TimeMs>(owed.get<TimeMs>()));
}

}  // namespace

void save_engine(const EngineLock& held, Engine& engine, const std::function<void(json)>& emit) {
  const std::optional<TimeMs> owed = engine.owed_observation(held);
  json fields = {{"ids", archive::save(engine.ids(held).position())},
                 {"timing", save_timing(engine.timing())},
                 {"clock", save_clock(engine.clock(held))},
                 {"next_event_id", engine.scheduler().next_id()},
                 {"owed_observation", owed ? json(*owed) : json(nullptr)}};
  emit(json{{"s", kSection}, {"f", std::move(fields)}});
  emit_events(engine, emit);
}

void load_engine_record(const EngineLock& held, Engine& engine, const json& record,
                        archive::Reader& reader) {
  if (auto f = record.find("f"); f != record.end()) {
    load_fields(held, engine, *f, reader);
    return;
  }
  const json& events = record.at("events");
  std::vector<PendingEvent> loaded;
  loaded.reserve(events.size());
  for (const json& e : events) loaded.push_back(load_event(engine.scheduler(), e, reader));
  for (PendingEvent& e : loaded) engine.scheduler().restore_event(std::move(e));
}

std::optional<SavedClock> saved_clock(const json& record) {
  auto f = record.find("f");
  if (f == record.end()) return std::nullopt;
  const json& clock = f->at("clock");
  const auto mode = parse_clock_mode(clock.at("mode").get<std::string>());
  if (!mode) throw std::invalid_argument("unknown clock mode in a snapshot");
  return SavedClock{*mode, clock.at("virtual_now").get<TimeMs>(),
                    clock.at("wall_at_save").get<TimeMs>()};
}

}  // namespace cloudlife::core
