// The audit trail: every mutating call, allowed or refused.
// Contract: record() appends one AuditRecord (sequence numbers strictly increase) and, when a file
// is configured, writes it as one JSON line and flushes; query() filters by equality on the given
// fields and returns records in order. Keeps the newest `capacity` records in memory.
// Thread-safe (own lock).
// Snapshots (docs/architecture.md, "Snapshots"), section "audit": save_audit_log() emits, under the
// log's lock,
//   {"s": "audit", "f": {"next_seq": n}}
// then the records in order, at most archive::kChunkItems a record, as a table of their members
// (archive::save_rows; the member list is generated, scripts/gen_state_reflection.py):
//   {"s": "audit", "records": {"columns": ["seq", "virtual_time", "wall_time", "cloud", ...],
//                              "rows": [[1, ms, ms, "ec2", ...], ...]}}
// load_audit_log_record() applies one, in the order saved: "f" forgets every record and puts back
// the sequence; "records" appends (keeping the newest `capacity`). Loading writes nothing to the
// file (--audit-log): those records were written when they happened.
#pragma once

#include <cstdint>
#include <deque>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compact_text.h"
#include "core/time.h"

namespace cloudlife::core {

namespace archive {
class Reader;
}  // namespace archive

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
  friend void save_audit_log(const AuditLog& log, const std::function<void(nlohmann::json)>& emit);
  friend void load_audit_log_record(AuditLog& log, const nlohmann::json& record,
                                    archive::Reader& reader);

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<AuditRecord> records_;
  std::uint64_t next_seq_ = 1;
  std::ofstream file_;
};

void save_audit_log(const AuditLog& log, const std::function<void(nlohmann::json)>& emit);
void load_audit_log_record(AuditLog& log, const nlohmann::json& record, archive::Reader& reader);

}  // namespace cloudlife::core
