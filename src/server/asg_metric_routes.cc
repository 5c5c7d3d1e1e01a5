#include "server/asg_metric_routes.h"

#include <stdexcept>

#include "core/service_error.h"
#include "core/time.h"
#include "protocol/request_context.h"

#include "autoscaling/asg_model.h"
#include "server/json_answer.h"

namespace cloudlife::server {
namespace {

using autoscaling::MetricAlarm;
using autoscaling::MetricKey;
using nlohmann::json;

json body_of(const protocol::HttpRequest& request) {
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    throw std::invalid_argument("the body must be a JSON object");
  }
  return body;
}

std::string required_string(const json& body, const char* field) {
  if (!body.contains(field) || !body[field].is_string() || body[field].get<std::string>().empty()) {
    throw std::invalid_argument(std::string("\"") + field + "\" must be a non-empty string");
  }
  return body[field].get<std::string>();
}

double required_number(const json& body, const char* field) {
  if (!body.contains(field) || !body[field].is_number()) {
    throw std::invalid_argument(std::string("\"") + field + "\" must be a number");
  }
  return body[field].get<double>();
}

core::PartitionKey partition_of(const json& body) {
  return {body.value("account", std::string(protocol::kDefaultAccount)),
          required_string(body, "region")};
}

core::PartitionKey partition_of(const protocol::HttpRequest& request) {
  core::PartitionKey key{protocol::kDefaultAccount, ""};
  for (const auto& [k, v] : request.query) {
    if (k == "account") key.account = v;
    if (k == "region") key.region = v;
  }
  return key;
}

MetricKey metric_of(const json& body) {
  MetricKey key;
  key.name_space = required_string(body, "namespace");
  key.name = required_string(body, "metric");
  if (body.contains("dimensions")) {
    if (!body["dimensions"].is_object()) {
      throw std::invalid_argument("\"dimensions\" must be an object of name: value strings");
    }
    for (const auto& [name, value] : body["dimensions"].items()) {
      if (!value.is_string()) throw std::invalid_argument("dimension values must be strings");
      key.dimensions[name] = value.get<std::string>();
    }
  }
  return key;
}

json metric_json(const core::PartitionKey& p, const MetricKey& k,
                 const autoscaling::MetricValue& v) {
  return {{"account", p.account},
          {"region", p.region},
          {"namespace", k.name_space},
          {"metric", k.name},
          {"dimensions", k.dimensions},
          {"value", v.value},
          {"since", core::format_iso8601_ms(v.since)}};
}

json alarm_json(const core::PartitionKey& p, const MetricAlarm& a) {
  return {{"account", p.account},
          {"region", p.region},
          {"name", a.name},
          {"arn", a.arn},
          {"namespace", a.metric.name_space},
          {"metric", a.metric.name},
          {"dimensions", a.metric.dimensions},
          {"statistic", a.statistic},
          {"threshold", a.threshold},
          {"comparison", a.comparison},
          {"evaluation_periods", a.evaluation_periods},
          {"datapoints_to_alarm", a.datapoints_to_alarm},
          {"alarm_actions", a.actions},
          {"managed_by", a.managed_by.empty() ? json(nullptr) : json(a.managed_by)},
          {"state", a.state},
          {"state_reason", a.state_reason},
          {"state_since", core::format_iso8601_ms(a.state_since)}};
}

template <class F>
auto in_model(Services& services, F&& f) {
  return services.engine.transact([&](const core::EngineLock& held, core::TimeMs now) {
    return f(held, services.autoscaling.model(), now);
  });
}

template <class Each>
json list(Services& services, const core::PartitionKey& filter, Each&& each) {
  json out = json::array();
  in_model(services, [&](const core::EngineLock& held, autoscaling::AsgModel& model, core::TimeMs) {
    model.for_each_partition(held,
                             [&](const core::PartitionKey& key, autoscaling::AsgPartition& p) {
                               if (!filter.account.empty() && key.account != filter.account) return;
                               if (!filter.region.empty() && key.region != filter.region) return;
                               each(key, p, out);
                             });
    return 0;
  });
  return out;
}

protocol::HttpResponse route(Services& services, const protocol::HttpRequest& request) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (path == "/_cloudlife/metrics" && method == "PUT") {
    const json body = body_of(request);
    const core::PartitionKey key = partition_of(body);
    const MetricKey metric = metric_of(body);
    const double value = required_number(body, "value");
    return json_answer(200, in_model(services, [&](const core::EngineLock& held,
                                                   autoscaling::AsgModel& model, core::TimeMs now) {
                         autoscaling::AsgPartition& p = model.partition(held, key);
                         model.put_metric(p, metric, value, now);
                         return metric_json(key, metric, p.metrics.at(metric));
                       }));
  }
  if (path == "/_cloudlife/metrics" && method == "GET") {
    return json_answer(200, {{"metrics", list(services, partition_of(request),
                                              [](const core::PartitionKey& key,
                                                 autoscaling::AsgPartition& p, json& out) {
                                                for (const auto& [k, v] : p.metrics) {
                                                  out.push_back(metric_json(key, k, v));
                                                }
                                              })}});
  }
  if (path == "/_cloudlife/alarms" && method == "PUT") {
    const json body = body_of(request);
    const core::PartitionKey key = partition_of(body);
    MetricAlarm alarm;
    alarm.name = required_string(body, "name");
    alarm.metric = metric_of(body);
    alarm.statistic = body.value("statistic", std::string("Average"));
    alarm.threshold = required_number(body, "threshold");
    alarm.comparison = required_string(body, "comparison");
    alarm.evaluation_periods = body.value("evaluation_periods", 1);
    alarm.datapoints_to_alarm = body.value("datapoints_to_alarm", alarm.evaluation_periods);
    alarm.actions = body.value("alarm_actions", std::vector<std::string>{});
    return json_answer(200, in_model(services, [&](const core::EngineLock& held,
                                                   autoscaling::AsgModel& model, core::TimeMs now) {
                         return alarm_json(key,
                                           model.put_alarm(model.partition(held, key), alarm, now));
                       }));
  }
  if (path == "/_cloudlife/alarms" && method == "GET") {
    return json_answer(200, {{"alarms", list(services, partition_of(request),
                                             [](const core::PartitionKey& key,
                                                autoscaling::AsgPartition& p, json& out) {
                                               for (const auto& [n, a] : p.alarms) {
                                                 out.push_back(alarm_json(key, a));
                                               }
                                             })}});
  }
  if (path == "/_cloudlife/alarms" && method == "DELETE") {
    core::PartitionKey key = partition_of(request);
    std::string name;
    for (const auto& [k, v] : request.query) {
      if (k == "name") name = v;
    }
    if (name.empty() || key.region.empty()) {
      throw std::invalid_argument("DELETE /_cloudlife/alarms takes name and region");
    }
    const bool gone = in_model(
        services, [&](const core::EngineLock& held, autoscaling::AsgModel& model, core::TimeMs) {
          return model.delete_alarm(model.partition(held, key), name);
        });
    if (!gone) return json_answer(404, {{"error", "no alarm named " + name}});
    return json_answer(200, {{"deleted", name}});
  }
  return json_answer(405, {{"error",
                            "use GET or PUT on /_cloudlife/metrics, GET, PUT or DELETE on "
                            "/_cloudlife/alarms"}});
}

}  // namespace

std::optional<protocol::HttpResponse> asg_metric_route(Services& services,
                                                       const protocol::HttpRequest& request) {
  if (request.path != "/_cloudlife/metrics" && request.path != "/_cloudlife/alarms") {
    return std::nullopt;
  }
  try {
    return route(services, request);
  } catch (const core::ServiceError& e) {  // the model's refusal of a value
    protocol::HttpResponse r;
    r.status = 400;
    r.content_type = "application/json";
    r.body = nlohmann::json{{"error", e.message()}}.dump();
    return r;
  }
}

}  // namespace cloudlife::server
