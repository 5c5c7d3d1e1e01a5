// The service-event log: what the clouds announce about their resources, in the order it happened,
// shaped as the event bus delivers it (EventBridge's envelope for AWS; docs/control-plane.md
// "Service events").
// Contract: publish() is called by the models under the engine lock, at the virtual time of the
// change; it numbers events 1, 2, 3 … (seq) and wakes readers. Readers query by seq, source and
// detail type without the engine lock, and may wait (wall time, bounded) for an event after a seq;
// at most max_waiters() readers wait at once (each holds an HTTP thread: try_enter_wait()), the
// others answer at once. Events are derived from model changes, so a journal replay (--state-dir)
// publishes them again, identically; clear() (reset) forgets them and starts numbering at 1.
// Each event is kept as its envelope's compact JSON text (what a reader is sent), packed with a
// fixed dictionary (service_events.cc), with its source and detail type interned: a DOM per event
// cost ~1.5 KB, and every instance publishes one per state it enters (docs/performance.md,
// "Memory per instance, idle RSS, …").
// Thread-safe (own lock).
//
//   log.publish(eventbridge_envelope("aws.ec2", "EC2 Instance State-change Notification", …));
//   auto page = log.wait_for({.after = 41}, std::chrono::seconds(20));
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace cloudlife::core {

struct ServiceEvent {
  std::uint64_t seq = 0;
  std::string source;       // "aws.ec2"
  std::string detail_type;  // "EC2 Instance State-change Notification"
  std::string envelope;     // exactly what the bus delivers: the envelope's compact JSON text
};

struct ServiceEventQuery {
  std::uint64_t after = 0;
  std::string source;       // "" = any
  std::string detail_type;  // "" = any
  std::size_t limit = 1000;
};

struct ServiceEventPage {
  std::vector<ServiceEvent> events;
  std::uint64_t last_seq = 0;  // the newest event in the log (matching or not)
};

// EventBridge's envelope: version "0", a UUID id derived from the content (stable across a replay),
// time in whole seconds of virtual time.
nlohmann::json eventbridge_envelope(const std::string& source, const std::string& detail_type,
                                    const std::string& account, const std::string& region,
                                    TimeMs at, std::vector<std::string> resources,
                                    nlohmann::json detail, std::uint64_t salt);
// The same envelope written straight as its compact JSON text (what publish() stores), without a
// DOM: `detail_json` is the detail's compact text (keys in nlohmann's sorted order, as its dump()
// writes them). Byte-identical to eventbridge_envelope(...).dump() for the same inputs (unit
// test); the hot path of every instance state change (docs/performance.md, "RunInstances, one
// instance per call").
std::string eventbridge_envelope_text(std::string_view source, std::string_view detail_type,
                                      std::string_view account, std::string_view region, TimeMs at,
                                      const std::vector<std::string>& resources,
                                      std::string_view detail_json, std::uint64_t salt);
// Appends `text` as a JSON string (quotes included), exactly as nlohmann's compact dump with
// invalid UTF-8 replaced writes it.
void append_json_string(std::string& out, std::string_view text);

class ServiceEventLog {
 public:
  static constexpr std::size_t kMaxLimit = 10000;
  static constexpr std::size_t kRetained = 1000000;  // oldest events beyond this are dropped

  // Stores the envelope (its "source" and "detail-type" index it); returns its seq.
  std::uint64_t publish(nlohmann::json envelope);
  // Stores an envelope already written as compact JSON text (eventbridge_envelope_text), indexed
  // by the given source and detail type (those the text carries); returns its seq.
  std::uint64_t publish_text(const std::string& source, const std::string& detail_type,
                             std::string text);
  ServiceEventPage query(const ServiceEventQuery& q) const;
  // Like query(), but when nothing matches yet waits up to `wait` for a matching event.
  ServiceEventPage wait_for(const ServiceEventQuery& q, std::chrono::milliseconds wait);
  void clear();
  std::uint64_t last_seq() const;
  // The next seq publish() will give (used to salt envelope IDs).
  std::uint64_t next_seq() const;

  void set_max_waiters(int n);
  int max_waiters() const;
  // Takes one of the max_waiters() slots for a reader about to wait (false: none free, or the
  // server is stopping: answer at once); leave_wait() gives it back.
  bool try_enter_wait();
  void leave_wait();
  // Wakes every waiting reader (the server is stopping); later waits answer at once.
  void interrupt_waits();

 private:
  struct Stored {
    std::uint64_t seq = 0;
    std::uint16_t source = 0;       // index into names_
    std::uint16_t detail_type = 0;  // index into names_
    std::string envelope;
  };

  ServiceEventPage query_locked(const ServiceEventQuery& q) const;
  std::uint16_t intern_locked(const std::string& name);
  // names_ index of `name`, or -1 when no event ever carried it.
  int find_name_locked(const std::string& name) const;

  mutable std::mutex mutex_;
  std::condition_variable published_;
  std::deque<Stored> events_;
  std::vector<std::string> names_;  // sources and detail types seen (a handful)
  std::uint64_t next_seq_ = 1;
  int max_waiters_ = 1;
  int waiters_ = 0;
  bool stopping_ = false;
};

}  // namespace cloudlife::core
