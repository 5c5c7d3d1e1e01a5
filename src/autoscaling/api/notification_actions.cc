// Notification configurations, DescribeAutoScalingNotificationTypes and DescribeAccountLimits,
// decoded and encoded by the generated codec (codegen/autoscaling/notifications.ops).
#include "autoscaling/api/asg_call.h"
#include "autoscaling_codec.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// DescribeNotificationConfigurations: 50 a page unless MaxRecords (1..100) says otherwise.
constexpr protocol::PageRule kNotificationPages{
    protocol::PageStyle::kQuery, "maxRecords", 50, 1, 100, "InvalidNextToken", "NextToken"};

HttpResponse put_notification_configuration(AsgCall& call) {
  const auto req = wire::PutNotificationConfigurationRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.put_notification_configuration(part, req.auto_scaling_group_name, req.topic_arn,
                                              req.notification_types, now);
  });
  return wire::PutNotificationConfigurationResponse(call.ctx.request_id).finish();
}

HttpResponse delete_notification_configuration(AsgCall& call) {
  const auto req = wire::DeleteNotificationConfigurationRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.delete_notification_configuration(part, req.auto_scaling_group_name, req.topic_arn);
  });
  return wire::DeleteNotificationConfigurationResponse(call.ctx.request_id).finish();
}

struct NotificationRow {
  std::string group, topic, type;
};

HttpResponse describe_notification_configurations(AsgCall& call) {
  const auto req = wire::DescribeNotificationConfigurationsRequest::decode(call.params);
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<const Group*> groups;
    for (const std::string& name : req.auto_scaling_group_names) {
      groups.push_back(&call.model.require_group(part, name));
    }
    if (req.auto_scaling_group_names.empty()) {
      for (const auto& [name, g] : part.groups) {
        if (!g.deleting) groups.push_back(&g);
      }
    }
    std::vector<NotificationRow> out;
    for (const Group* g : groups) {
      for (const auto& [topic, types] : g->notifications) {
        for (const std::string& t : types) out.push_back({g->name, topic, t});
      }
    }
    return out;
  });
  const protocol::Page page =
      protocol::aws_page(kNotificationPages, req.max_records, req.next_token, rows.size());
  wire::DescribeNotificationConfigurationsResponse out(call.ctx.request_id);
  out.notification_configurations(
      std::vector<NotificationRow>(rows.begin() + static_cast<long>(page.begin),
                                   rows.begin() + static_cast<long>(page.end)),
      [](wire::NotificationConfigurationWriter& w, const NotificationRow& r) {
        w.auto_scaling_group_name(r.group).topic_arn(r.topic).notification_type(r.type);
      });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

HttpResponse describe_notification_types(AsgCall& call) {
  wire::DescribeAutoScalingNotificationTypesResponse out(call.ctx.request_id);
  out.auto_scaling_notification_types([](wire::AutoScalingNotificationTypesWriter& w) {
    for (const std::string& t : AsgModel::notification_types()) w.item(t);
  });
  return out.finish();
}

HttpResponse describe_account_limits(AsgCall& call) {
  const auto counts = call.run([&](AsgPartition& part, core::TimeMs) {
    long long groups = 0;
    for (const auto& [name, g] : part.groups) groups += g.deleting ? 0 : 1;
    return std::pair<long long, long long>(
        groups, static_cast<long long>(part.launch_configurations.size()));
  });
  wire::DescribeAccountLimitsResponse out(call.ctx.request_id);
  out.max_number_of_auto_scaling_groups(static_cast<int>(AsgModel::kMaxGroups))
      .max_number_of_launch_configurations(static_cast<int>(AsgModel::kMaxLaunchConfigurations))
      .number_of_auto_scaling_groups(static_cast<int>(counts.first))
      .number_of_launch_configurations(static_cast<int>(counts.second));
  return out.finish();
}

}  // namespace

void register_notification_actions(AsgActionTable& t) {
  t["PutNotificationConfiguration"] = put_notification_configuration;
  t["DeleteNotificationConfiguration"] = delete_notification_configuration;
  t["DescribeNotificationConfigurations"] = describe_notification_configurations;
  t["DescribeAutoScalingNotificationTypes"] = describe_notification_types;
  t["DescribeAccountLimits"] = describe_account_limits;
}

}  // namespace cloudlife::autoscaling::api
