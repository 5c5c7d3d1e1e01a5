// Scheduled actions: Put / BatchPut / Describe / Delete / BatchDelete (ScheduledUpdateGroupAction).
// Decoding and encoding only; AsgModel (asg_schedules.cc) holds every rule.
#include <algorithm>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/api/paging.h"
#include "core/time.h"

namespace cloudlife::autoscaling::api {
namespace {

using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

std::optional<core::TimeMs> timestamp(const QueryParams& p, std::string_view name) {
  auto text = p.str(name);
  if (!text) return std::nullopt;
  auto t = core::parse_iso8601(*text);
  if (!t) {
    throw core::ServiceError("ValidationError", "Invalid value '" + *text + "' for parameter " +
                                                    p.full_name(name) + ".");
  }
  return t;
}

ScheduledActionInput decode_input(const QueryParams& p) {
  ScheduledActionInput in;
  in.name = p.str_or("ScheduledActionName", "");
  in.start_time = timestamp(p, "StartTime");
  if (!in.start_time) in.start_time = timestamp(p, "Time");
  in.end_time = timestamp(p, "EndTime");
  in.recurrence = p.str("Recurrence");
  in.time_zone = p.str("TimeZone");
  in.min_size = p.integer("MinSize");
  in.max_size = p.integer("MaxSize");
  in.desired = p.integer("DesiredCapacity");
  return in;
}

HttpResponse put_scheduled_action(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  call.required("ScheduledActionName");
  const ScheduledActionInput in = decode_input(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.put_scheduled_action(part, group, in, now);
  });
  return call.empty();
}

void write_failures(XmlWriter& xml, const char* element,
                    const std::vector<std::pair<std::string, core::ServiceError>>& failed) {
  xml.open(element);
  for (const auto& [name, error] : failed) {
    xml.open("member");
    xml.leaf("ScheduledActionName", name);
    xml.leaf("ErrorCode", error.code());
    xml.leaf("ErrorMessage", error.message());
    xml.close();
  }
  xml.close();
}

HttpResponse batch_put_scheduled_actions(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  std::vector<ScheduledActionInput> inputs;
  for (const QueryParams& entry : call.params.structs("ScheduledUpdateGroupActions.member")) {
    inputs.push_back(decode_input(entry));
  }
  if (inputs.empty()) {
    throw core::ServiceError("ValidationError",
                             "1 validation error detected: Value null at "
                             "'scheduledUpdateGroupActions' failed to satisfy constraint: Member "
                             "must not be null");
  }
  const auto failed = call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.require_group(part, group);
    std::vector<std::pair<std::string, core::ServiceError>> out;
    for (const ScheduledActionInput& in : inputs) {
      try {
        call.model.put_scheduled_action(part, group, in, now);
      } catch (const core::ServiceError& e) {
        out.emplace_back(in.name, e);
      }
    }
    return out;
  });
  XmlWriter xml = call.begin();
  write_failures(xml, "FailedScheduledUpdateGroupActions", failed);
  return call.finish(xml);
}

HttpResponse batch_delete_scheduled_actions(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto names = call.params.list("ScheduledActionNames.member");
  if (names.empty()) {
    throw core::ServiceError("ValidationError",
                             "1 validation error detected: Value null at 'scheduledActionNames' "
                             "failed to satisfy constraint: Member must not be null");
  }
  const auto failed = call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.require_group(part, group);
    std::vector<std::pair<std::string, core::ServiceError>> out;
    for (const std::string& name : names) {
      try {
        call.model.delete_scheduled_action(part, group, name);
      } catch (const core::ServiceError& e) {
        out.emplace_back(name, e);
      }
    }
    return out;
  });
  XmlWriter xml = call.begin();
  write_failures(xml, "FailedScheduledActions", failed);
  return call.finish(xml);
}

HttpResponse delete_scheduled_action(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const std::string name = call.required("ScheduledActionName");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.delete_scheduled_action(part, group, name);
  });
  return call.empty();
}

HttpResponse describe_scheduled_actions(AsgCall& call) {
  const std::string group = call.params.str_or("AutoScalingGroupName", "");
  const auto names = call.params.list("ScheduledActionNames.member");
  const auto start = timestamp(call.params, "StartTime");
  const auto end = timestamp(call.params, "EndTime");
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return call.model.describe_scheduled_actions(part, group, names, start, end);
  });
  const Page page = page_of(call.params, rows.size(), 50, 100);
  XmlWriter xml = call.begin();
  xml.open("ScheduledUpdateGroupActions");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const ScheduledAction& a = rows[i].action;
    xml.open("member");
    xml.leaf("AutoScalingGroupName", rows[i].group);
    xml.leaf("ScheduledActionName", a.name);
    xml.leaf("ScheduledActionARN", a.arn);
    xml.leaf("Time", core::format_iso8601_s(a.next_run));
    xml.leaf("StartTime", core::format_iso8601_s(a.next_run));
    if (a.end_time) xml.leaf("EndTime", core::format_iso8601_s(*a.end_time));
    xml.leaf_if("Recurrence", a.recurrence);
    if (a.min_size) xml.leaf("MinSize", *a.min_size);
    if (a.max_size) xml.leaf("MaxSize", *a.max_size);
    if (a.desired) xml.leaf("DesiredCapacity", *a.desired);
    xml.leaf_if("TimeZone", a.time_zone);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

}  // namespace

void register_schedule_actions(AsgActionTable& t) {
  t["PutScheduledUpdateGroupAction"] = put_scheduled_action;
  t["BatchPutScheduledUpdateGroupAction"] = batch_put_scheduled_actions;
  t["DescribeScheduledActions"] = describe_scheduled_actions;
  t["DeleteScheduledAction"] = delete_scheduled_action;
  t["BatchDeleteScheduledAction"] = batch_delete_scheduled_actions;
}

}  // namespace cloudlife::autoscaling::api
