#include "server/service_event_routes.h"
#include "server/json_answer.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace cloudlife::server {
namespace {

using nlohmann::json;

unsigned long long whole_number(const std::string& key, const std::string& value) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
  if (value.empty() || value[0] == '-' || *end != '\0' || errno == ERANGE) {
    throw std::invalid_argument(key + " must be a whole number");
  }
  return n;
}

struct Parsed {
  core::ServiceEventQuery query;
  std::chrono::milliseconds wait{0};
};

Parsed parse(const protocol::HttpRequest& request) {
  Parsed p;
  for (const auto& [key, value] : request.query) {
    if (key == "after") {
      p.query.after = whole_number(key, value);
    } else if (key == "limit") {
      const unsigned long long n = whole_number(key, value);
      if (n < 1 || n > core::ServiceEventLog::kMaxLimit) {
        throw std::invalid_argument("limit must be between 1 and " +
                                    std::to_string(core::ServiceEventLog::kMaxLimit));
      }
      p.query.limit = static_cast<std::size_t>(n);
    } else if (key == "wait") {
      char* end = nullptr;
      const double seconds = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !std::isfinite(seconds) || seconds < 0 ||
          seconds > kMaxWaitSeconds) {
        throw std::invalid_argument("wait must be a number of seconds between 0 and " +
                                    std::to_string(static_cast<int>(kMaxWaitSeconds)));
      }
      p.wait = std::chrono::milliseconds(std::llround(seconds * 1000));
    } else if (key == "source") {
      p.query.source = value;
    } else if (key == "detail_type") {
      p.query.detail_type = value;
    } else {
      throw std::invalid_argument("unknown parameter \"" + key +
                                  "\" (after, wait, source, detail_type, limit)");
    }
  }
  return p;
}

// Fires the scheduled events that are due (a real clock moves on while a reader waits).
void catch_up(Services& services) {
  const core::Engine::ReadOnlyScope read_only(true);
  services.engine.transact(
      [&](const core::EngineLock& held, core::TimeMs) { services.engine.observe_pending(held); });
}

// {"events":[{"event":<envelope>,"seq":N},…],"last_seq":N}: the stored envelope text is copied in
// as it is (keys in the order nlohmann's sorted objects print them).
protocol::HttpResponse page_answer(const core::ServiceEventPage& page) {
  std::size_t size = 64;
  for (const core::ServiceEvent& e : page.events) size += e.envelope.size() + 40;
  std::string body;
  body.reserve(size);
  body += "{\"events\":[";
  for (std::size_t i = 0; i < page.events.size(); ++i) {
    if (i > 0) body += ',';
    body += "{\"event\":";
    body += page.events[i].envelope;
    body += ",\"seq\":";
    body += std::to_string(page.events[i].seq);
    body += '}';
  }
  body += "],\"last_seq\":";
  body += std::to_string(page.last_seq);
  body += '}';
  protocol::HttpResponse r;
  r.status = 200;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

}  // namespace

std::optional<protocol::HttpResponse> service_event_route(Services& services,
                                                          const protocol::HttpRequest& request) {
  if (request.path != "/_cloudlife/service-events") return std::nullopt;
  if (request.method != "GET") {
    return json_answer(405, {{"error", "use GET on /_cloudlife/service-events"}});
  }
  const Parsed parsed = parse(request);
  core::ServiceEventLog& log = services.service_events;
  catch_up(services);
  core::ServiceEventPage page = log.query(parsed.query);
  if (!page.events.empty() || parsed.wait.count() == 0 || !log.try_enter_wait()) {
    return page_answer(page);
  }
  const auto deadline = std::chrono::steady_clock::now() + parsed.wait;
  while (page.events.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    page = log.wait_for(parsed.query, std::min(left, std::chrono::milliseconds(100)));
    if (page.events.empty()) {
      catch_up(services);
      page = log.query(parsed.query);
    }
  }
  log.leave_wait();
  return page_answer(page);
}

}  // namespace cloudlife::server
