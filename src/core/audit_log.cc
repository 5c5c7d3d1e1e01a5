#include "core/audit_log.h"

#include "audit_state_reflection.inc"  // generated: reflect() of AuditRecord

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "core/state_archive.h"

namespace cloudlife::core {

nlohmann::json AuditRecord::to_json() const {
  nlohmann::json ids = nlohmann::json::array();
  for (const CompactText& id : resource_ids) ids.push_back(id.str());
  return {{"seq", seq},
          {"virtual_time", format_iso8601_ms(virtual_time)},
          {"wall_time", format_iso8601_ms(wall_time)},
          {"cloud", cloud},
          {"account", account},
          {"region", region},
          {"access_key", access_key},
          {"action", action},
          {"resource_ids", std::move(ids)},
          {"http_status", http_status},
          {"result", result},
          {"request_id", request_id}};
}

bool AuditLog::open_file(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  file_.open(path, std::ios::app);
  return file_.is_open();
}

void AuditLog::record(AuditRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  record.seq = next_seq_++;
  if (file_.is_open()) {
    // replace: actions and IDs come from clients and may be invalid UTF-8.
    file_ << record.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          << '\n';
    file_.flush();
  }
  records_.push_back(std::move(record));
  while (records_.size() > capacity_) records_.pop_front();
}

std::vector<AuditRecord> AuditLog::query(const AuditQuery& q) const {
  auto eq = [](const std::string& want, const std::string& have) {
    return want.empty() || want == have;
  };
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<AuditRecord> out;
  for (const AuditRecord& r : records_) {
    if (r.seq <= q.after_seq || !eq(q.cloud, r.cloud) || !eq(q.action, r.action) ||
        !eq(q.account, r.account) || !eq(q.region, r.region) || !eq(q.result, r.result) ||
        !eq(q.access_key, r.access_key)) {
      continue;
    }
    if (!q.resource_id.empty()) {
      bool found = false;
      for (const CompactText& id : r.resource_ids) found |= id.view() == q.resource_id;
      if (!found) continue;
    }
    out.push_back(r);
    if (out.size() >= q.limit) break;
  }
  return out;
}

void AuditLog::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  records_.clear();
}

bool AuditLog::is_mutating(const std::string& action) {
  for (const char* prefix : {"Describe", "List", "Get"}) {
    if (action.rfind(prefix, 0) == 0) return false;
  }
  return !action.empty();
}

void save_audit_log(const AuditLog& log, const std::function<void(nlohmann::json)>& emit) {
  using nlohmann::json;
  std::lock_guard<std::mutex> lock(log.mutex_);
  emit(json{{"s", "audit"}, {"f", {{"next_seq", log.next_seq_}}}});
  const auto& records = log.records_;
  for (std::size_t at = 0; at < records.size(); at += archive::kChunkItems) {
    const auto first = records.begin() + static_cast<std::ptrdiff_t>(at);
    const auto last = records.begin() + static_cast<std::ptrdiff_t>(
                                            std::min(records.size(), at + archive::kChunkItems));
    emit(json{{"s", "audit"}, {"records", archive::save_rows(first, last)}});
  }
}

void load_audit_log_record(AuditLog& log, const nlohmann::json& record, archive::Reader& reader) {
  if (auto f = record.find("f"); f != record.end()) {
    const std::uint64_t next_seq = f->at("next_seq").get<std::uint64_t>();
    std::lock_guard<std::mutex> lock(log.mutex_);
    log.records_.clear();
    log.next_seq_ = next_seq;
    return;
  }
  std::vector<AuditRecord> loaded;
  archive::load_rows<AuditRecord>(record.at("records"), reader,
                                  [&](AuditRecord&& r) { loaded.push_back(std::move(r)); });
  std::lock_guard<std::mutex> lock(log.mutex_);
  for (AuditRecord& r : loaded) log.records_.push_back(std::move(r));
  while (log.records_.size() > log.capacity_) log.records_.pop_front();
}

}  // namespace cloudlife::core
