#include "core/service_events.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <stdexcept>
#include <string_view>

#include "core/json_escape.h"
#include "core/state_archive.h"

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

// A subject event as a reader gets it.
std::string write_subject_event(const SubjectEventFormat& format, std::string_view subject,
                                std::string_view value, std::string_view account,
                                std::string_view region, TimeMs at, std::uint64_t salt,
                                std::vector<std::string>& resources, std::string& detail) {
  resources.clear();
  detail.clear();
  format.write(subject, value, account, region, resources, detail);
  return eventbridge_envelope_text(format.source, format.detail_type, account, region, at,
                                   resources, detail, salt);
}

struct FormatRegistry {
  std::mutex mutex;
  std::vector<const SubjectEventFormat*> formats;
};

FormatRegistry& format_registry() {
  static FormatRegistry registry;
  return registry;
}

}  // namespace

bool register_subject_event_format(const SubjectEventFormat& format) {
  FormatRegistry& registry = format_registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (const SubjectEventFormat* known : registry.formats) {
    if (known->source == format.source && known->detail_type == format.detail_type) {
      if (known == &format) return true;
      throw std::logic_error("two subject event formats for " + format.source + " / " +
                             format.detail_type);
    }
  }
  registry.formats.push_back(&format);
  return true;
}

const SubjectEventFormat* registered_subject_event_format(std::string_view source,
                                                          std::string_view detail_type) {
  FormatRegistry& registry = format_registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (const SubjectEventFormat* known : registry.formats) {
    if (known->source == source && known->detail_type == detail_type) return known;
  }
  return nullptr;
}

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
      text = write_subject_event(*t.format, t.envelope, t.value, t.account, t.region, t.at, t.salt,
                                 resources, detail);
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

nlohmann::json ServiceEventLog::save_event_locked(const Stored& e) const {
  nlohmann::json out = {{"seq", e.seq}, {"source", e.source}, {"detail_type", e.detail_type}};
  if (!e.format) {
    out["text"] = archive::save_text(unpack(e.envelope.view()));
  } else if (registered_subject_event_format(e.format->source, e.format->detail_type) == e.format) {
    out["account"] = e.account;
    out["region"] = e.region;
    out["value"] = e.value;
    out["at"] = e.at;
    out["salt"] = e.salt;
    out["subject"] = archive::save_text(e.envelope.str());
  } else {
    std::vector<std::string> resources;
    std::string detail;
    out["text"] = archive::save_text(
        write_subject_event(*e.format, e.envelope.view(), names_[e.value], names_[e.account],
                            names_[e.region], e.at, e.salt, resources, detail));
  }
  return out;
}

ServiceEventLog::Stored ServiceEventLog::load_event_locked(const nlohmann::json& in,
                                                           archive::Reader& reader) const {
  auto name_index = [&](const char* member) {
    const auto i = in.at(member).get<std::uint16_t>();
    if (i >= names_.size()) throw std::out_of_range("service event name index out of range");
    return i;
  };
  Stored e;
  e.seq = in.at("seq").get<std::uint64_t>();
  if (e.seq >= next_seq_ || (!events_.empty() && e.seq <= events_.back().seq)) {
    throw std::invalid_argument("service events out of order in a snapshot");
  }
  e.source = name_index("source");
  e.detail_type = name_index("detail_type");
  if (auto text = in.find("text"); text != in.end()) {
    e.envelope = pack(archive::load_text(*text));
    return e;
  }
  e.format = registered_subject_event_format(names_[e.source], names_[e.detail_type]);
  if (!e.format) {
    throw std::invalid_argument("no subject event format for " + names_[e.source] + " / " +
                                names_[e.detail_type]);
  }
  e.account = name_index("account");
  e.region = name_index("region");
  e.value = name_index("value");
  e.at = in.at("at").get<TimeMs>();
  e.salt = in.at("salt").get<std::uint64_t>();
  std::string subject;
  archive::load(in.at("subject"), subject, reader);
  e.envelope = CompactText(subject);
  return e;
}

void save_service_events(const ServiceEventLog& log,
                         const std::function<void(nlohmann::json)>& emit) {
  using nlohmann::json;
  std::lock_guard<std::mutex> lock(log.mutex_);
  json names = json::array();
  for (const std::string& name : log.names_) names.push_back(archive::save_text(name));
  emit(json{{"s", "service-events"},
            {"f", {{"next_seq", log.next_seq_}, {"names", std::move(names)}}}});
  archive::emit_chunks(
      json{{"s", "service-events"}}, "events", log.events_.begin(), log.events_.end(),
      [&](const auto& event) { return log.save_event_locked(event); }, emit);
}

void load_service_events_record(ServiceEventLog& log, const nlohmann::json& record,
                                archive::Reader& reader) {
  if (auto f = record.find("f"); f != record.end()) {
    std::vector<std::string> names;
    for (const nlohmann::json& name : f->at("names")) names.push_back(archive::load_text(name));
    if (names.size() > 0x10000) throw std::invalid_argument("too many service event names");
    const std::uint64_t next_seq = f->at("next_seq").get<std::uint64_t>();
    if (next_seq == 0) throw std::invalid_argument("service event seq 0 in a snapshot");
    std::lock_guard<std::mutex> lock(log.mutex_);
    log.events_.clear();
    log.names_ = std::move(names);
    log.next_seq_ = next_seq;
    return;
  }
  std::lock_guard<std::mutex> lock(log.mutex_);
  for (const nlohmann::json& item : record.at("events")) {
    log.events_.push_back(log.load_event_locked(item, reader));
    if (log.events_.size() > ServiceEventLog::kRetained) log.events_.pop_front();
  }
}

void ServiceEventLog::interrupt_waits() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  published_.notify_all();
}

}  // namespace cloudlife::core
