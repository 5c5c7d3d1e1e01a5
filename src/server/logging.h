// Logging set-up: everything goes to stderr (stdout's first line is the listening address).
// Contract: setup_logging() installs the default logger "cloudlife" and the access logger
// "cloudlife.access" at `level`. Text lines are "TIME LEVEL message"; JSON lines are one object per
// line {"time","level","logger","msg"} — the access logger's messages are already JSON members
// (see access_log.h) and are spliced into the object instead of quoted as "msg".
#pragma once

#include <string>

namespace cloudlife::server {

enum class LogFormat { kText, kJson };

inline constexpr const char* kAccessLoggerName = "cloudlife.access";

// `level` is an spdlog level name (trace … off); `format` "text" or "json". Safe to call again.
void setup_logging(const std::string& level, LogFormat format);

}  // namespace cloudlife::server
