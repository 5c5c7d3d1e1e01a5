// One journal record as a restart replays it (docs/persistence.md; the writer is
// Persistence::record_request / record_control): its kind, the request, the virtual and wall times,
// the status and error code it got, and for control records the clock after them.
// Contract: read_journal_record() reads the records this server writes — a flat JSON object of
// string and integer members and the "h" array of {"n","v"} headers, with base64 "<key>64"
// members for bytes that are not UTF-8 — without building a JSON DOM (the DOM was a third of a
// replay's CPU: docs/performance.md, "Restart after 1,000,000 journal records"). Anything else
// (a \u escape, an unknown member, a non-integer number …) answers nullopt, and the caller reads
// the text with nlohmann and journal_record_from_json(): both give the same record for any text
// the fast reader accepts (unit test).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "protocol/http_message.h"

namespace cloudlife::server {

struct JournalRecord {
  std::string kind;  // "t": "req" | "ctl"
  protocol::HttpRequest request;
  std::optional<core::TimeMs> virtual_at;     // "v"
  std::optional<core::TimeMs> wall_at;        // "w"
  std::optional<core::TimeMs> virtual_after;  // "v_after" (control records)
  int status = 200;                           // "s"
  std::string error_code;                     // "e"
  std::string mode_after = "real";            // "mode_after" (control records)
};

std::optional<JournalRecord> read_journal_record(std::string_view text);
// The same record from a parsed JSON object (old or unusual records).
JournalRecord journal_record_from_json(const nlohmann::json& r);

}  // namespace cloudlife::server
