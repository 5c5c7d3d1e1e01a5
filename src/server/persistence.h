// Crash-safe persistence (--state-dir): every committed mutation is journaled before it is
// acknowledged, snapshots of the whole state bound what a restart replays, and a restart comes back
// to the identical state (docs/architecture.md "Persistence").
// Contract: record_request() / record_control() append, in execution order (callers hold
// order_mutex() across "execute + record"), the cloud requests that mutated (not reads, not
// injected faults) and the state-changing control-plane calls, each with the virtual time it ran
// at. When the journal passes `snapshot_every` bytes (0: never), the next record_*() takes a
// snapshot: the whole state is written down under the engine lock (server/state_snapshot.h), the
// journal is kept as journal-<gen>.log and a new journal.log (generation gen+1, "base_snapshot")
// starts at once, and a background thread writes snapshot-<gen+1>.snap durably, then deletes the
// files two generations old. restore() loads the snapshot the journal continues from and replays
// the journal after it; when that snapshot is missing or corrupt it falls back to the previous
// snapshot and replays the kept journal too (a journal without a base replays from empty state,
// as every version-1 journal does). Replays run through the router / control plane at the
// recorded virtual times, so IDs, scheduled events, activities and auto-release times come back
// identical; then restore() truncates a torn tail, compacts the current journal (no refused
// requests) and deletes the files no restart needs. The virtual clock ends where it was (frozen)
// or at wall time plus the recorded offset (real).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/journal_record.h"

#include "core/clock.h"
#include "core/journal.h"
#include "protocol/http_message.h"
#include "protocol/request_context.h"

namespace cloudlife::server {

struct Services;
class Router;
class ControlPlane;

class Persistence {
 public:
  static constexpr std::size_t kDefaultSnapshotEvery = 8u << 20;  // 8 MiB of journal

  Persistence(Services& services, const std::string& state_dir, core::FsyncPolicy policy,
              std::size_t snapshot_every = kDefaultSnapshotEvery);
  ~Persistence();
  Persistence(const Persistence&) = delete;
  Persistence& operator=(const Persistence&) = delete;

  // Returns a report: {"journal", "snapshot", "records", "replayed", "dropped_bytes", "problem"}.
  nlohmann::json restore(Router& router, ControlPlane& control);

  // The request's bytes (replayed as they are) with the outcome from its completed context.
  void record_request(const protocol::HttpRequest& request, const protocol::RequestContext& ctx,
                      core::TimeMs virtual_now);
  // `virtual_before`: the virtual time when the call began (events fire up to it on replay).
  void record_control(const protocol::HttpRequest& request, core::TimeMs virtual_before);
  // A reset makes everything before it irrelevant: the journal restarts with a new ID seed, and
  // every snapshot and kept journal is deleted.
  void record_reset(std::uint64_t new_seed);
  // Takes a snapshot now and waits until it is on disk (POST /_cloudlife/snapshot); the caller
  // holds order_mutex(). Returns {"generation", "records", "bytes", "path"}.
  nlohmann::json snapshot_now();

  bool replaying() const { return replaying_; }
  std::mutex& order_mutex() { return order_mutex_; }

 private:
  // Where the clock and the counts of a restore stand while records are replayed.
  struct Replay {
    core::ClockMode final_mode = core::ClockMode::kReal;
    core::TimeMs final_virtual = 0;
    core::TimeMs last_offset = 0;
    bool have_offset = false;
    std::size_t records = 0;
    std::size_t refused = 0;
  };

  nlohmann::json header(std::uint64_t seed, std::uint64_t generation, bool has_base) const;
  // Applies the timing a journal header records (profile, overrides, seed of the realistic draws).
  void restore_timing(const nlohmann::json& head);
  static bool changed_nothing(const JournalRecord& record);
  static nlohmann::json request_json(const protocol::HttpRequest& request);
  void move_clock_to(const JournalRecord& record);
  void replay_one(const JournalRecord& r, Router& router, ControlPlane& control, Replay& state);
  // Replays one journal file; returns its reader's problem ("" when it was read to the end).
  // `refused` (current journal only) collects the spans compaction drops.
  std::string replay_file(core::JournalReader& reader, Router& router, ControlPlane& control,
                          Replay& state, std::vector<core::JournalSpan>* refused);
  // Loads a snapshot file into the (fresh) state; its clock becomes the replay's starting point.
  void load_snapshot(const std::string& path, Replay& state);

  std::string snapshot_path(std::uint64_t generation) const;
  std::string kept_journal_path(std::uint64_t generation) const;
  void maybe_snapshot();
  nlohmann::json take_snapshot(bool wait);
  void join_writer();
  // Deletes snapshots and kept journals older than `oldest_needed` (and stray temporary files).
  void delete_files_before(std::uint64_t oldest_needed) const;

  Services& services_;
  std::string dir_;
  std::string path_;
  std::unique_ptr<core::Journal> journal_;
  std::mutex order_mutex_;
  bool replaying_ = false;
  std::size_t snapshot_every_;
  std::uint64_t generation_ = 0;  // the current journal's
  std::thread writer_;            // writes the latest snapshot file
  std::atomic<bool> writing_ = false;
};

}  // namespace cloudlife::server
