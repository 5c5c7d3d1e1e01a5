// The audit trail: every mutating call, allowed or refused.
// Contract: record() appends one AuditRecord (sequence numbers strictly increase) and, when a file
// is configured, writes it as one JSON line and flushes; query() filters by equality on the given
// fields and returns records in order. Keeps the newest `capacity` records in memory.
// Thread-safe (own lock).
#pragma once

#include <cstdint>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compact_text.h"
#include "core/time.h"

namespace cloudlife::core {

struct AuditRecord {
  std::uint64_t seq = 0;
  TimeMs virtual_time = 0;
  TimeMs wall_time = 0;
  std::string cloud;
  std::string account;
  std::string region;
  std::string access_key;
  std::string action;
  std::vector<CompactText> resource_ids;  // inline: a RunInstances of 1,000 keeps 1,000
  int http_status = 200;
  std::string result;  // "Success" or the error code
  std::string request_id;

  nlohmann::json to_json() const;
};

struct AuditQuery {
  std::string cloud, action, account, region, result, resource_id, access_key;
  std::uint64_t after_seq = 0;
  std::size_t limit = 1000;
};

class AuditLog {
 public:
  explicit AuditLog(std::size_t capacity = 100000) : capacity_(capacity) {}

  // Opens (appends to) a JSON-lines file; returns false when it cannot be opened.
  bool open_file(const std::string& path);
  void record(AuditRecord record);
  std::vector<AuditRecord> query(const AuditQuery& q) const;
  void clear();

  // Actions that change nothing (Describe*, List*, Get*) are not audited.
  static bool is_mutating(const std::string& action);

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<AuditRecord> records_;
  std::uint64_t next_seq_ = 1;
  std::ofstream file_;
};

}  // namespace cloudlife::core
