#include "core/service_events.h"

#include <algorithm>
#include <cstdio>

namespace cloudlife::core {
namespace {

std::uint64_t fnv1a(const std::string& text, std::uint64_t h) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string uuid_from(std::uint64_t a, std::uint64_t b) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

}  // namespace

nlohmann::json eventbridge_envelope(const std::string& source, const std::string& detail_type,
                                    const std::string& account, const std::string& region,
                                    TimeMs at, std::vector<std::string> resources,
                                    nlohmann::json detail, std::uint64_t salt) {
  const std::string time = format_iso8601_s(at);
  std::string key = source + "|" + detail_type + "|" + account + "|" + region + "|" + time + "|" +
                    detail.dump() + "|" + std::to_string(salt);
  for (const std::string& r : resources) key += "|" + r;
  const std::uint64_t a = fnv1a(key, 14695981039346656037ULL);
  const std::uint64_t b = fnv1a(key, a ^ 0x9e3779b97f4a7c15ULL);
  return {{"version", "0"},
          {"id", uuid_from(a, b)},
          {"detail-type", detail_type},
          {"source", source},
          {"account", account},
          {"time", time},
          {"region", region},
          {"resources", std::move(resources)},
          {"detail", std::move(detail)}};
}

std::uint16_t ServiceEventLog::intern_locked(const std::string& name) {
  const int found = find_name_locked(name);
  if (found >= 0) return static_cast<std::uint16_t>(found);
  names_.push_back(name);
  return static_cast<std::uint16_t>(names_.size() - 1);
}

int ServiceEventLog::find_name_locked(const std::string& name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::uint64_t ServiceEventLog::publish(nlohmann::json envelope) {
  const std::string source = envelope.value("source", "");
  const std::string detail_type = envelope.value("detail-type", "");
  std::string text = envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.shrink_to_fit();
  std::uint64_t seq;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    seq = next_seq_++;
    Stored e;
    e.seq = seq;
    e.source = intern_locked(source);
    e.detail_type = intern_locked(detail_type);
    e.envelope = std::move(text);
    events_.push_back(std::move(e));
    if (events_.size() > kRetained) events_.pop_front();
  }
  published_.notify_all();
  return seq;
}

ServiceEventPage ServiceEventLog::query_locked(const ServiceEventQuery& q) const {
  ServiceEventPage page;
  page.last_seq = next_seq_ - 1;
  const std::size_t limit = std::min(q.limit, kMaxLimit);
  const int source = q.source.empty() ? -1 : find_name_locked(q.source);
  const int detail_type = q.detail_type.empty() ? -1 : find_name_locked(q.detail_type);
  // A name no event ever carried matches nothing.
  if ((!q.source.empty() && source < 0) || (!q.detail_type.empty() && detail_type < 0)) {
    return page;
  }
  // Events are in seq order: start at the first one after `after`.
  auto it = std::upper_bound(events_.begin(), events_.end(), q.after,
                             [](std::uint64_t after, const Stored& e) { return after < e.seq; });
  for (; it != events_.end() && page.events.size() < limit; ++it) {
    if (source >= 0 && it->source != source) continue;
    if (detail_type >= 0 && it->detail_type != detail_type) continue;
    page.events.push_back({it->seq, names_[it->source], names_[it->detail_type], it->envelope});
  }
  return page;
}

ServiceEventPage ServiceEventLog::query(const ServiceEventQuery& q) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return query_locked(q);
}

ServiceEventPage ServiceEventLog::wait_for(const ServiceEventQuery& q,
                                           std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  ServiceEventPage page = query_locked(q);
  if (!page.events.empty() || wait.count() <= 0 || stopping_) return page;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::uint64_t seen = next_seq_;
  while (page.events.empty() && !stopping_) {
    if (!published_.wait_until(lock, deadline, [&] { return next_seq_ != seen || stopping_; })) {
      break;
    }
    seen = next_seq_;
    page = query_locked(q);
  }
  return query_locked(q);
}

void ServiceEventLog::clear() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.clear();
    names_.clear();
    next_seq_ = 1;
  }
  published_.notify_all();
}

std::uint64_t ServiceEventLog::last_seq() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_seq_ - 1;
}

std::uint64_t ServiceEventLog::next_seq() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_seq_;
}

void ServiceEventLog::set_max_waiters(int n) {
  std::lock_guard<std::mutex> lock(mutex_);
  max_waiters_ = std::max(0, n);
}

int ServiceEventLog::max_waiters() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return max_waiters_;
}

bool ServiceEventLog::try_enter_wait() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_ || waiters_ >= max_waiters_) return false;
  ++waiters_;
  return true;
}

void ServiceEventLog::leave_wait() {
  std::lock_guard<std::mutex> lock(mutex_);
  --waiters_;
}

void ServiceEventLog::interrupt_waits() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  published_.notify_all();
}

}  // namespace cloudlife::core
