#include "server/logging.h"

#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

namespace cloudlife::server {
namespace {

constexpr const char* kTextPattern = "%Y-%m-%dT%H:%M:%S.%eZ %l %v";

// One JSON object per line. With `splice`, the message is a run of JSON members (`"a":1,"b":2`)
// written into the object as they are.
class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(bool splice) : splice_(splice) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    time_.format(msg, dest);  // {"time":"…","level":"…",
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    std::string tail;
    if (splice_) {
      tail.assign(payload);
    } else {
      tail = "\"logger\":" +
             nlohmann::json(std::string(msg.logger_name.data(), msg.logger_name.size())).dump() +
             ",\"msg\":" +
             nlohmann::json(std::string(payload))
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    dest.append(tail.data(), tail.data() + tail.size());
    static constexpr std::string_view kEnd = "}\n";
    dest.append(kEnd.data(), kEnd.data() + kEnd.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>(splice_);
  }

 private:
  bool splice_;
  spdlog::pattern_formatter time_{R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",)",
                                  spdlog::pattern_time_type::utc, ""};
};

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, LogFormat format,
                                            bool splice) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
  if (format == LogFormat::kJson) {
    logger->set_formatter(std::make_unique<JsonFormatter>(splice));
  } else {
    logger->set_formatter(
        std::make_unique<spdlog::pattern_formatter>(kTextPattern, spdlog::pattern_time_type::utc));
  }
  return logger;
}

}  // namespace

void setup_logging(const std::string& level, LogFormat format) {
  const auto lvl = spdlog::level::from_str(level);
  auto main_logger = make_logger("cloudlife", format, /*splice=*/false);
  auto access = make_logger(kAccessLoggerName, format, /*splice=*/true);
  main_logger->set_level(lvl);
  access->set_level(lvl);
  spdlog::drop(kAccessLoggerName);
  spdlog::register_logger(access);
  spdlog::set_default_logger(std::move(main_logger));
}

}  // namespace cloudlife::server
