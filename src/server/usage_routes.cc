#include "server/usage_routes.h"

#include <stdexcept>

#include "server/json_answer.h"
#include "usage/usage_report.h"

namespace cloudlife::server {
namespace {

using nlohmann::json;

}  // namespace

std::optional<protocol::HttpResponse> usage_route(Services& services,
                                                  const protocol::HttpRequest& request) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (path == "/_cloudlife/usage" && method == "GET") {
    const usage::UsageQuery q = usage::parse_usage_query(request.query);
    return json_answer(200, services.engine.transact([&](const core::EngineLock& held,
                                                         core::TimeMs now) {
      services.engine.observe_pending(held);
      return usage::usage_report(services.usage.ledger(held), services.usage.prices(held), q, now);
    }));
  }
  if (path == "/_cloudlife/leaks" && method == "GET") {
    const usage::UsageQuery q = usage::parse_usage_query(request.query);
    if (q.from || q.to || q.priced || q.group_by != "type") {
      throw std::invalid_argument("leaks take account, region and cloud only");
    }
    return json_answer(200,
                       services.engine.transact([&](const core::EngineLock& held, core::TimeMs) {
                         services.engine.observe_pending(held);
                         return usage::leaks_report(services.usage.ledger(held), q);
                       }));
  }
  if (path == "/_cloudlife/prices" && method == "GET") {
    return json_answer(200, services.engine.with_lock([&](const core::EngineLock& held) {
      return services.usage.prices(held).to_json();
    }));
  }
  if (path == "/_cloudlife/prices" && method == "PUT") {
    json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) throw std::invalid_argument("the body must be a JSON object");
    usage::PriceBook book = usage::PriceBook::from_json(body);
    return json_answer(200, services.engine.with_lock([&](const core::EngineLock& held) {
      services.usage.set_prices(held, std::move(book));
      return services.usage.prices(held).to_json();
    }));
  }
  return std::nullopt;
}

}  // namespace cloudlife::server
