// The append-only journal behind --state-dir: one JSON record per committed mutation.
// Contract: the file starts with a header line {"format":"cloudlife-journal","version":1,...};
// each record is one line "<length> <crc32 hex> <json>\n". append() writes a record and, under
// FsyncPolicy::kAlways, fsyncs before returning (so an acknowledged mutation is on disk);
// kBatch fsyncs at most every `batch_interval`; kNever leaves it to the OS. load() returns every
// intact record and, at the first torn or corrupt one, truncates the file there and reports how
// much was dropped. rewrite() atomically replaces the whole journal (compaction).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace cloudlife::core {

enum class FsyncPolicy { kAlways, kBatch, kNever };

struct JournalLoad {
  nlohmann::json header;
  std::vector<nlohmann::json> records;
  std::size_t dropped_bytes = 0;  // a torn or corrupt tail that was truncated
  std::string problem;            // why the tail was dropped ("" when intact)
};

class Journal {
 public:
  static constexpr int kFormatVersion = 1;

  Journal(std::string path, FsyncPolicy policy);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Reads (and repairs) an existing journal; creates one with `fresh_header` when none exists.
  // Throws std::runtime_error for an unreadable file or an unknown format version.
  JournalLoad open(const nlohmann::json& fresh_header);
  void append(const nlohmann::json& record);
  // Replaces the journal with `header` + `records` (write to a temporary file, fsync, rename).
  void rewrite(const nlohmann::json& header, const std::vector<nlohmann::json>& records);
  std::size_t appended() const { return appended_; }

  static std::uint32_t crc32(const std::string& data);
  static std::string encode(const nlohmann::json& record);

 private:
  void sync_locked(bool force);

  std::string path_;
  FsyncPolicy policy_;
  std::mutex mutex_;
  int fd_ = -1;
  std::size_t appended_ = 0;
  TimeMs last_sync_ = 0;
};

}  // namespace cloudlife::core
