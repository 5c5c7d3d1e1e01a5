// Crash-safe persistence (--state-dir): every committed mutation is journaled before it is
// acknowledged, and a restart replays the journal to the identical state.
// Contract: record_request() / record_control() append, in execution order (callers hold
// order_mutex() across "execute + record"), the cloud requests that mutated (not reads, not
// injected faults) and the state-changing control-plane calls, each with the virtual time it ran
// at. restore() reseeds the state-ID generator from the journal's header and replays its records
// one at a time as it reads them (memory bounded by the state, not the history) through the router
// / control plane at their recorded virtual times, so IDs, scheduled events, activities and
// auto-release times come back identical; then it truncates a torn tail and compacts the journal
// (nothing before the last reset; no refused requests). The virtual clock ends where it was
// (frozen) or at wall time plus the recorded offset (real).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "server/journal_record.h"

#include "core/journal.h"
#include "protocol/http_message.h"
#include "protocol/request_context.h"

namespace cloudlife::server {

struct Services;
class Router;
class ControlPlane;

class Persistence {
 public:
  Persistence(Services& services, const std::string& state_dir, core::FsyncPolicy policy);

  // Returns a report: {"journal", "records", "replayed", "dropped_bytes", "problem"}.
  nlohmann::json restore(Router& router, ControlPlane& control);

  // The request's bytes (replayed as they are) with the outcome from its completed context.
  void record_request(const protocol::HttpRequest& request, const protocol::RequestContext& ctx,
                      core::TimeMs virtual_now);
  // `virtual_before`: the virtual time when the call began (events fire up to it on replay).
  void record_control(const protocol::HttpRequest& request, core::TimeMs virtual_before);
  // A reset makes everything before it irrelevant: the journal restarts with a new ID seed.
  void record_reset(std::uint64_t new_seed);

  bool replaying() const { return replaying_; }
  std::mutex& order_mutex() { return order_mutex_; }

 private:
  nlohmann::json header(std::uint64_t seed) const;
  // Applies the timing a journal header records (profile, overrides, seed of the realistic draws).
  void restore_timing(const nlohmann::json& head);
  static bool changed_nothing(const JournalRecord& record);
  static nlohmann::json request_json(const protocol::HttpRequest& request);
  void move_clock_to(const JournalRecord& record);

  Services& services_;
  std::string path_;
  std::unique_ptr<core::Journal> journal_;
  std::mutex order_mutex_;
  bool replaying_ = false;
};

}  // namespace cloudlife::server
