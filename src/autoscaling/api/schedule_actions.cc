// Scheduled actions: Put / BatchPut / Describe / Delete / BatchDelete (ScheduledUpdateGroupAction)
// (decoded and encoded by the generated codec: codegen/autoscaling/groups_policies.ops).
// AsgModel (asg_schedules.cc) holds every rule.
#include "autoscaling/api/asg_call.h"
#include "autoscaling_codec.h"
#include "protocol/aws_errors.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// DescribeScheduledActions: MaxRecords 1-100, 50 by default.
constexpr protocol::PageRule kScheduleDescribePages{
    protocol::PageStyle::kQuery, "maxRecords", 50, 1, 100, "InvalidNextToken", "NextToken"};

// Scheduled action times are described to the second, as AWS does.
core::TimeMs schedule_whole_seconds(core::TimeMs t) {
  return t / 1000 * 1000;
}

// One action's members, from PutScheduledUpdateGroupAction's request or one BatchPut entry.
template <class Given>
ScheduledActionInput schedule_input_of(const Given& given) {
  ScheduledActionInput in;
  in.name = given.scheduled_action_name;
  in.start_time = given.start_time;
  if constexpr (requires { given.time; }) {
    if (!in.start_time) in.start_time = given.time;  // Time: the older name of StartTime
  }
  in.end_time = given.end_time;
  in.recurrence = given.recurrence;
  in.time_zone = given.time_zone;
  in.min_size = given.min_size;
  in.max_size = given.max_size;
  in.desired = given.desired_capacity;
  return in;
}

// A BatchPut entry's legacy "Time" (the model's entry shape lacks it; cloudlife has always taken
// it there as PutScheduledUpdateGroupAction does): the entries in request order, for those
// without a StartTime.
void apply_batch_legacy_time(const protocol::QueryParams& params,
                             std::vector<ScheduledActionInput>& inputs) {
  const std::vector<protocol::QueryParams> entries =
      params.structs("ScheduledUpdateGroupActions.member");
  for (std::size_t i = 0; i < inputs.size() && i < entries.size(); ++i) {
    core::TimeMs t = 0;
    if (!inputs[i].start_time && protocol::read_timestamp(entries[i], "Time", t)) {
      inputs[i].start_time = t;
    }
  }
}

HttpResponse put_scheduled_action(AsgCall& call) {
  const auto req = wire::PutScheduledUpdateGroupActionRequest::decode(call.params);
  const ScheduledActionInput in = schedule_input_of(req);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.put_scheduled_action(part, req.auto_scaling_group_name, in, now);
  });
  return wire::PutScheduledUpdateGroupActionResponse(call.ctx.request_id).finish();
}

using ScheduleFailures = std::vector<std::pair<std::string, core::ServiceError>>;

void put_schedule_failure(wire::FailedScheduledUpdateGroupActionRequestWriter& w,
                          const ScheduleFailures::value_type& failure) {
  w.scheduled_action_name(failure.first)
      .error_code(failure.second.code())
      .error_message(failure.second.message());
}

HttpResponse batch_put_scheduled_actions(AsgCall& call) {
  const auto req = wire::BatchPutScheduledUpdateGroupActionRequest::decode(call.params);
  std::vector<ScheduledActionInput> inputs;
  for (const wire::ScheduledUpdateGroupActionRequest& entry : req.scheduled_update_group_actions) {
    inputs.push_back(schedule_input_of(entry));
  }
  apply_batch_legacy_time(call.params, inputs);
  if (inputs.empty()) {
    throw protocol::aws_error("ValidationError",
                              {"1 validation error detected: Value null at "
                               "'scheduledUpdateGroupActions' failed to satisfy constraint: "
                               "Member must not be null"});
  }
  const std::string& group = req.auto_scaling_group_name;
  const auto failed = call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.require_group(part, group);
    ScheduleFailures out;
    for (const ScheduledActionInput& in : inputs) {
      try {
        call.model.put_scheduled_action(part, group, in, now);
      } catch (const core::ServiceError& e) {
        out.emplace_back(in.name, e);
      }
    }
    return out;
  });
  wire::BatchPutScheduledUpdateGroupActionResponse out(call.ctx.request_id);
  out.failed_scheduled_update_group_actions(failed, put_schedule_failure);
  return out.finish();
}

HttpResponse batch_delete_scheduled_actions(AsgCall& call) {
  const auto req = wire::BatchDeleteScheduledActionRequest::decode(call.params);
  const std::vector<std::string>& names = req.scheduled_action_names;
  if (names.empty()) {
    throw protocol::aws_error("ValidationError",
                              {"1 validation error detected: Value null at 'scheduledActionNames' "
                               "failed to satisfy constraint: Member must not be null"});
  }
  const std::string& group = req.auto_scaling_group_name;
  const auto failed = call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.require_group(part, group);
    ScheduleFailures out;
    for (const std::string& name : names) {
      try {
        call.model.delete_scheduled_action(part, group, name);
      } catch (const core::ServiceError& e) {
        out.emplace_back(name, e);
      }
    }
    return out;
  });
  wire::BatchDeleteScheduledActionResponse out(call.ctx.request_id);
  out.failed_scheduled_actions(failed, put_schedule_failure);
  return out.finish();
}

HttpResponse delete_scheduled_action(AsgCall& call) {
  const auto req = wire::DeleteScheduledActionRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.delete_scheduled_action(part, req.auto_scaling_group_name,
                                       req.scheduled_action_name);
  });
  return wire::DeleteScheduledActionResponse(call.ctx.request_id).finish();
}

void put_scheduled(wire::ScheduledUpdateGroupActionWriter& w, const ScheduledActionView& row) {
  const ScheduledAction& a = row.action;
  const core::TimeMs next = schedule_whole_seconds(a.next_run);
  w.auto_scaling_group_name(row.group)
      .scheduled_action_name(a.name)
      .scheduled_action_arn(a.arn)
      .time(next)
      .start_time(next);
  if (a.end_time) w.end_time(schedule_whole_seconds(*a.end_time));
  if (!a.recurrence.empty()) w.recurrence(a.recurrence);
  if (a.min_size) w.min_size(*a.min_size);
  if (a.max_size) w.max_size(*a.max_size);
  if (a.desired) w.desired_capacity(*a.desired);
  if (!a.time_zone.empty()) w.time_zone(a.time_zone);
}

HttpResponse describe_scheduled_actions(AsgCall& call) {
  const auto req = wire::DescribeScheduledActionsRequest::decode(call.params);
  const std::string group = req.auto_scaling_group_name.value_or("");
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return call.model.describe_scheduled_actions(part, group, req.scheduled_action_names,
                                                 req.start_time, req.end_time);
  });
  const protocol::Page page =
      protocol::aws_page(kScheduleDescribePages, req.max_records, req.next_token, rows.size());
  wire::DescribeScheduledActionsResponse out(call.ctx.request_id);
  out.scheduled_update_group_actions([&](auto& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::ScheduledUpdateGroupActionWriter& w) { put_scheduled(w, rows[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
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
