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
// "Memory per instance, idle RSS, …"). A subject event (publish_subject: one subject, one value,
// the shape a SubjectEventFormat writes; EC2's instance state changes) is kept as its facts and
// written when read, byte for byte the text publish_text would have stored: the hot path of every
// launch (docs/performance.md, "RunInstances, one instance per call").
// Thread-safe (own lock).
// Snapshots (docs/architecture.md, "Snapshots"), section "service-events": save_service_events()
// emits, under the log's lock,
//   {"s": "service-events", "f": {"next_seq": n, "names": [text, ...]}}
// then the events in seq order, at most archive::kChunkItems a record, each one of
//   {"seq": n, "source": i, "detail_type": i, "text": <the envelope as a reader gets it>}
//   {"seq": n, "source": i, "detail_type": i, "account": i, "region": i, "value": i, "at": ms,
//    "salt": n, "subject": text}
// in {"s": "service-events", "events": [...]} (i: an index into "names"). The second form is a
// subject event whose format is registered (register_subject_event_format: it is found again by
// its source and detail type); a subject event of an unregistered format is saved written, in the
// first form, byte for byte what a reader gets. load_service_events_record() applies one, in the
// order saved: "f" forgets every event and puts back the names and the seq; "events" appends. The
// waiters and the stopping flag are not state. A loaded log answers every query as the saved one.
//
//   log.publish(eventbridge_envelope("aws.ec2", "EC2 Instance State-change Notification", …));
//   auto page = log.wait_for({.after = 41}, std::chrono::seconds(20));
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compact_text.h"
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

// How a model's subject events read (core knows no cloud): the source and detail type, and how
// the subject and its value become the envelope's resources and detail (compact JSON, keys in
// nlohmann's sorted order). Formats are static objects of the model that publishes them.
struct SubjectEventFormat {
  std::string source;
  std::string detail_type;
  void (*write)(std::string_view subject, std::string_view value, std::string_view account,
                std::string_view region, std::vector<std::string>& resources,
                std::string& detail_json);
};

// Makes `format` findable by its source and detail type, so a snapshot keeps its events as facts
// (small) instead of text. A model registers each of its formats once, at static initialisation:
//   const bool kRegistered = core::register_subject_event_format(kFormat);
// Returns true; std::logic_error when another format has the same source and detail type.
bool register_subject_event_format(const SubjectEventFormat& format);
// The registered format with this source and detail type, or null.
const SubjectEventFormat* registered_subject_event_format(std::string_view source,
                                                          std::string_view detail_type);

namespace archive {
class Reader;
}  // namespace archive

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
  // Stores a subject event as its facts; what a reader gets is exactly
  // eventbridge_envelope_text(format.source, format.detail_type, account, region, at, resources,
  // detail, salt) with resources and detail as format.write gives them. Returns its seq.
  std::uint64_t publish_subject(const SubjectEventFormat& format, std::string_view account,
                                std::string_view region, TimeMs at, std::string_view subject,
                                std::string_view value, std::uint64_t salt);
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
  friend void save_service_events(const ServiceEventLog& log,
                                  const std::function<void(nlohmann::json)>& emit);
  friend void load_service_events_record(ServiceEventLog& log, const nlohmann::json& record,
                                         archive::Reader& reader);

  struct Stored {
    std::uint64_t seq = 0;
    std::uint16_t source = 0;       // index into names_
    std::uint16_t detail_type = 0;  // index into names_
    // A subject event's facts (format set): names_ indices of its account, region and value.
    std::uint16_t account = 0, region = 0, value = 0;
    const SubjectEventFormat* format = nullptr;
    TimeMs at = 0;
    std::uint64_t salt = 0;
    CompactText envelope;  // the packed text; a subject event's subject (inline: an ID)
  };
  // What query_locked() takes out under the lock; written as text after it is released.
  struct Taken {
    std::uint64_t seq = 0;
    std::string source, detail_type;
    const SubjectEventFormat* format = nullptr;
    std::string account, region, value;
    TimeMs at = 0;
    std::uint64_t salt = 0;
    std::string envelope;
  };

  std::vector<Taken> query_locked(const ServiceEventQuery& q, std::uint64_t& last_seq) const;
  static ServiceEventPage written(std::vector<Taken> taken, std::uint64_t last_seq);
  std::uint64_t store_locked(Stored e);
  std::uint16_t intern_locked(std::string_view name);
  nlohmann::json save_event_locked(const Stored& e) const;
  Stored load_event_locked(const nlohmann::json& in, archive::Reader& reader) const;
  // names_ index of `name`, or -1 when no event ever carried it.
  int find_name_locked(std::string_view name) const;

  mutable std::mutex mutex_;
  std::condition_variable published_;
  std::deque<Stored> events_;
  // Sources, detail types, and subject events' accounts, regions and values seen (a handful; a
  // subject event that would make it longer than kMaxNames is stored as text).
  std::vector<std::string> names_;
  static constexpr std::size_t kMaxNames = 256;
  std::uint64_t next_seq_ = 1;
  int max_waiters_ = 1;
  int waiters_ = 0;
  bool stopping_ = false;
};

void save_service_events(const ServiceEventLog& log,
                         const std::function<void(nlohmann::json)>& emit);
void load_service_events_record(ServiceEventLog& log, const nlohmann::json& record,
                                archive::Reader& reader);

}  // namespace cloudlife::core
