#include "core/service_events.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string_view>

#include "core/json_escape.h"

namespace cloudlife::core {
namespace {

std::uint64_t fnv1a(std::string_view text, std::uint64_t h) {
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

// Stored envelopes are packed with a fixed dictionary of the runs every envelope repeats (its keys,
// the EC2 state-change type, ARN prefixes, the default account and regions): each run becomes one
// byte below 0x20. Compact JSON text never holds such a byte (the dump escapes controls as \u00XX),
// so the packing is lossless: unpack(pack(t)) == t for every dump. A state-change event shrinks
// from ~370 to ~120 bytes; every instance publishes one per state it enters.
constexpr std::string_view kRuns[] = {
    "",  // 0x00 is never a token
    "{\"account\":\"",
    "\",\"detail\":{\"instance-id\":\"",
    "\"detail-type\":\"EC2 Instance State-change Notification\",\"id\":\"",
    "\",\"region\":\"",
    "\",\"resources\":[\"arn:aws:ec2:",
    ":instance/",
    "\"],\"source\":\"aws.ec2\",\"time\":\"",
    "\",\"version\":\"0\"}",
    "\",\"state\":\"",
    "\"},",
    "123456789012",
    "us-east-1",
    "\",\"detail\":{",
    "\",\"detail-type\":\"",
    "\",\"id\":\"",
    "\",\"resources\":[\"",
    "\"],\"source\":\"",
    "\",\"time\":\"",
    "arn:aws:autoscaling:",
    "aws.autoscaling",
    "us-west-2",
    "\"AutoScalingGroupName\":\"",
    "\"EC2InstanceId\":\"",
    "running",
    "pending",
    "\"instance-id\":\"",
    "shutting-down",
    "terminated",
    "stopping",
    "stopped",
    "\"},\"detail-type\":\"",
};
static_assert(std::size(kRuns) <= 0x20, "tokens are the bytes below 0x20");

// For each first byte, the tokens whose run starts with it, longest first.
struct RunIndex {
  std::vector<std::uint8_t> by_first[256];
  RunIndex() {
    for (std::size_t t = 1; t < std::size(kRuns); ++t) {
      by_first[static_cast<unsigned char>(kRuns[t][0])].push_back(static_cast<std::uint8_t>(t));
    }
    for (auto& tokens : by_first) {
      std::stable_sort(tokens.begin(), tokens.end(), [](std::uint8_t a, std::uint8_t b) {
        return kRuns[a].size() > kRuns[b].size();
      });
    }
  }
};

std::string pack(std::string_view text) {
  static const RunIndex index;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto& tokens = index.by_first[static_cast<unsigned char>(text[i])];
    std::uint8_t hit = 0;
    for (const std::uint8_t t : tokens) {
      if (text.compare(i, kRuns[t].size(), kRuns[t]) == 0) {
        hit = t;
        break;
      }
    }
    if (hit != 0) {
      out += static_cast<char>(hit);
      i += kRuns[hit].size();
    } else {
      out += text[i++];
    }
  }
  out.shrink_to_fit();
  return out;
}

std::string unpack(std::string_view packed) {
  std::string out;
  out.reserve(packed.size() * 3);
  for (const char c : packed) {
    const auto u = static_cast<unsigned char>(c);
    if (u > 0 && u < std::size(kRuns)) {
      out += kRuns[u];
    } else {
      out += c;
    }
  }
  return out;
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

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u >= 0x80) {
      // Non-ASCII: nlohmann's own writer (it keeps valid UTF-8 and replaces invalid bytes).
      out.resize(out.size() - 1);
      out += nlohmann::json(std::string(text))
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
  }
  for (const char c : text) append_json_escaped_ascii(out, static_cast<unsigned char>(c));
  out += '"';
}

std::string eventbridge_envelope_text(std::string_view source, std::string_view detail_type,
                                      std::string_view account, std::string_view region, TimeMs at,
                                      const std::vector<std::string>& resources,
                                      std::string_view detail_json, std::uint64_t salt) {
  const std::string time = format_iso8601_s(at);
  // The same key as eventbridge_envelope() hashes, so the id is the same.
  std::string key;
  key.reserve(160 + detail_json.size());
  key.append(source).append("|").append(detail_type).append("|").append(account).append("|");
  key.append(region).append("|").append(time).append("|").append(detail_json).append("|");
  key.append(std::to_string(salt));
  for (const std::string& r : resources) key.append("|").append(r);
  const std::uint64_t a = fnv1a(key, 14695981039346656037ULL);
  const std::uint64_t b = fnv1a(key, a ^ 0x9e3779b97f4a7c15ULL);
  // nlohmann's object keys are sorted: account, detail, detail-type, id, region, resources,
  // source, time, version.
  std::string out;
  out.reserve(key.size() + 160);
  out += "{\"account\":";
  append_json_string(out, account);
  out += ",\"detail\":";
  out.append(detail_json);
  out += ",\"detail-type\":";
  append_json_string(out, detail_type);
  out += ",\"id\":";
  append_json_string(out, uuid_from(a, b));
  out += ",\"region\":";
  append_json_string(out, region);
  out += ",\"resources\":[";
  for (std::size_t i = 0; i < resources.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, resources[i]);
  }
  out += "],\"source\":";
  append_json_string(out, source);
  out += ",\"time\":";
  append_json_string(out, time);
  out += ",\"version\":\"0\"}";
  return out;
}

std::uint16_t ServiceEventLog::intern_locked(std::string_view name) {
  const int found = find_name_locked(name);
  if (found >= 0) return static_cast<std::uint16_t>(found);
  names_.emplace_back(name);
  return static_cast<std::uint16_t>(names_.size() - 1);
}

int ServiceEventLog::find_name_locked(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::uint64_t ServiceEventLog::publish(nlohmann::json envelope) {
  const std::string source = envelope.value("source", "");
  const std::string detail_type = envelope.value("detail-type", "");
  return publish_text(source, detail_type,
                      envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::uint64_t ServiceEventLog::store_locked(Stored e) {
  const std::uint64_t seq = next_seq_++;
  e.seq = seq;
  events_.push_back(std::move(e));
  if (events_.size() > kRetained) events_.pop_front();
  return seq;
}

std::uint64_t ServiceEventLog::publish_text(const std::string& source,
                                            const std::string& detail_type, std::string text) {
  Stored e;
  e.envelope = pack(text);
  std::uint64_t seq;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    e.source = intern_locked(source);
    e.detail_type = intern_locked(detail_type);
    seq = store_locked(std::move(e));
  }
  published_.notify_all();
  return seq;
}

std::uint64_t ServiceEventLog::publish_subject(const SubjectEventFormat& format,
                                               std::string_view account, std::string_view region,
                                               TimeMs at, std::string_view subject,
                                               std::string_view value, std::uint64_t salt) {
  std::uint64_t seq = 0;
  bool stored = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // At most five new names; past kMaxNames (many accounts) the event is stored as text.
    if (names_.size() + 5 <= kMaxNames) {
      Stored e;
      e.source = intern_locked(format.source);
      e.detail_type = intern_locked(format.detail_type);
      e.account = intern_locked(account);
      e.region = intern_locked(region);
      e.value = intern_locked(value);
      e.format = &format;
      e.at = at;
      e.salt = salt;
      e.envelope = CompactText(subject);
      seq = store_locked(std::move(e));
      stored = true;
    }
  }
  if (!stored) {
    std::vector<std::string> resources;
    std::string detail;
    format.write(subject, value, account, region, resources, detail);
    return publish_text(format.source, format.detail_type,
                        eventbridge_envelope_text(format.source, format.detail_type, account,
                                                  region, at, resources, detail, salt));
  }
  published_.notify_all();
  return seq;
}

std::vector<ServiceEventLog::Taken> ServiceEventLog::query_locked(const ServiceEventQuery& q,
                                                                  std::uint64_t& last_seq) const {
  std::vector<Taken> taken;
  last_seq = next_seq_ - 1;
  const std::size_t limit = std::min(q.limit, kMaxLimit);
  const int source = q.source.empty() ? -1 : find_name_locked(q.source);
  const int detail_type = q.detail_type.empty() ? -1 : find_name_locked(q.detail_type);
  // A name no event ever carried matches nothing.
  if ((!q.source.empty() && source < 0) || (!q.detail_type.empty() && detail_type < 0)) {
    return taken;
  }
  // Events are in seq order: start at the first one after `after`.
  auto it = std::upper_bound(events_.begin(), events_.end(), q.after,
                             [](std::uint64_t after, const Stored& e) { return after < e.seq; });
  for (; it != events_.end() && taken.size() < limit; ++it) {
    if (source >= 0 && it->source != source) continue;
    if (detail_type >= 0 && it->detail_type != detail_type) continue;
    Taken t;
    t.seq = it->seq;
    t.source = names_[it->source];
    t.detail_type = names_[it->detail_type];
    t.format = it->format;
    if (it->format) {
      t.account = names_[it->account];
      t.region = names_[it->region];
      t.value = names_[it->value];
      t.at = it->at;
      t.salt = it->salt;
    }
    t.envelope = it->envelope.str();
    taken.push_back(std::move(t));
  }
  return taken;
}

// The events as a reader gets them: stored text unpacked, subject events written (outside the
// log's lock: publishers hold the engine lock while they wait for it).
ServiceEventPage ServiceEventLog::written(std::vector<Taken> taken, std::uint64_t last_seq) {
  ServiceEventPage page;
  page.last_seq = last_seq;
  page.events.reserve(taken.size());
  std::vector<std::string> resources;
  std::string detail;
  for (Taken& t : taken) {
    std::string text;
    if (t.format) {
      resources.clear();
      detail.clear();
      t.format->write(t.envelope, t.value, t.account, t.region, resources, detail);
      text = eventbridge_envelope_text(t.source, t.detail_type, t.account, t.region, t.at,
                                       resources, detail, t.salt);
    } else {
      text = unpack(t.envelope);
    }
    page.events.push_back({t.seq, std::move(t.source), std::move(t.detail_type), std::move(text)});
  }
  return page;
}

ServiceEventPage ServiceEventLog::query(const ServiceEventQuery& q) const {
  std::uint64_t last_seq = 0;
  std::vector<Taken> taken;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    taken = query_locked(q, last_seq);
  }
  return written(std::move(taken), last_seq);
}

ServiceEventPage ServiceEventLog::wait_for(const ServiceEventQuery& q,
                                           std::chrono::milliseconds wait) {
  std::uint64_t last_seq = 0;
  std::vector<Taken> taken;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    taken = query_locked(q, last_seq);
    if (taken.empty() && wait.count() > 0 && !stopping_) {
      const auto deadline = std::chrono::steady_clock::now() + wait;
      std::uint64_t seen = next_seq_;
      while (taken.empty() && !stopping_) {
        if (!published_.wait_until(lock, deadline,
                                   [&] { return next_seq_ != seen || stopping_; })) {
          break;
        }
        seen = next_seq_;
        taken = query_locked(q, last_seq);
      }
      taken = query_locked(q, last_seq);
    }
  }
  return written(std::move(taken), last_seq);
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
