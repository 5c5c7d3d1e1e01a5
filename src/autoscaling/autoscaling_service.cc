#include "autoscaling/autoscaling_service.h"

#include "autoscaling/api/asg_call.h"
#include "autoscaling/asg_model.h"
#include "core/service_error.h"
#include "protocol/aws_operations.h"

namespace cloudlife::autoscaling {
namespace {

const api::AsgActionTable& table_for(const std::string& cloud) {
  static const api::AsgActionTable asg = [] {
    api::AsgActionTable t;
    api::register_autoscaling_actions(t);
    return t;
  }();
  static const api::AsgActionTable elb = [] {
    api::AsgActionTable t;
    api::register_elb_actions(t);
    return t;
  }();
  static const api::AsgActionTable elbv2 = [] {
    api::AsgActionTable t;
    api::register_elbv2_actions(t);
    return t;
  }();
  if (cloud == "elb") return elb;
  if (cloud == "elbv2") return elbv2;
  return asg;
}

std::string_view namespace_for(const std::string& cloud) {
  if (cloud == "elb") return api::kElbNamespace;
  if (cloud == "elbv2") return api::kElbV2Namespace;
  return protocol::kAutoScalingNamespace;
}

}  // namespace

namespace api {

void register_autoscaling_actions(AsgActionTable& table) {
  register_group_actions(table);
  register_member_actions(table);
  register_misc_actions(table);
  register_schedule_actions(table);
  register_policy_actions(table);
  register_refresh_actions(table);
  register_notification_actions(table);
}

}  // namespace api

AutoScalingService::AutoScalingService(core::Engine& engine, ec2::Ec2Model& ec2)
    : engine_(engine), ec2_(ec2), model_(std::make_unique<AsgModel>(engine, ec2)) {
  ec2.set_lifecycle_state_lookup([model = model_.get()](core::LockProof held,
                                                        const core::PartitionKey& key,
                                                        const std::string& id) {
    return model->target_lifecycle_state(held, key, id);
  });
}

AutoScalingService::~AutoScalingService() = default;

protocol::HttpResponse AutoScalingService::handle(const protocol::RequestContext& ctx,
                                                  const protocol::QueryParams& params) {
  const std::string cloud(protocol::cloud_name(ctx.cloud));
  const std::string_view xmlns = namespace_for(cloud);
  const auto& table = table_for(cloud);
  auto it = table.find(ctx.action);
  if (it == table.end()) {
    const protocol::UnhandledAction answer = protocol::unhandled_action(cloud, ctx.action);
    return protocol::aws_query_error_response(answer.status, answer.code, answer.message,
                                              ctx.request_id, xmlns);
  }
  try {
    api::AsgCall call{ctx, params, engine_, *model_, ec2_, xmlns};
    return it->second(call);
  } catch (const core::ServiceError& e) {
    return protocol::aws_query_error_response(e.http_status(), e.code(), e.message(),
                                              ctx.request_id, xmlns);
  } catch (const protocol::ParamError& e) {
    return protocol::aws_query_error_response(
        400, "ValidationError", "Invalid value '" + e.value() + "' for parameter " + e.name() + ".",
        ctx.request_id, xmlns);
  } catch (const std::exception&) {
    return protocol::aws_query_error_response(
        500, "InternalFailure", "An internal error has occurred", ctx.request_id, xmlns);
  }
}

void AutoScalingService::clear(core::LockProof held) {
  model_->clear(held);
}

nlohmann::json AutoScalingService::dump(core::LockProof held) const {
  nlohmann::json out = nlohmann::json::object();
  model_->for_each_partition(held, [&](const core::PartitionKey& key, AsgPartition& p) {
    nlohmann::json part;
    for (const auto& [name, g] : p.groups) {
      nlohmann::json jg;
      jg["min"] = g.min_size;
      jg["max"] = g.max_size;
      jg["desired"] = g.desired;
      jg["zones"] = g.zones;
      jg["deleting"] = g.deleting;
      nlohmann::json members = nlohmann::json::array();
      for (const Member& m : g.members) {
        members.push_back({{"instance_id", m.instance_id},
                           {"zone", m.zone},
                           {"state", m.state},
                           {"health", m.health},
                           {"protected", m.protected_from_scale_in},
                           {"warm", m.warm}});
      }
      jg["members"] = members;
      part["groups"][name] = jg;
    }
    for (const auto& [name, lc] : p.launch_configurations) {
      part["launch_configurations"].push_back(name);
    }
    part["activities"] = p.activities.size();
    for (const auto& [name, lb] : p.load_balancers) part["load_balancers"][name] = lb.instances;
    for (const auto& [arn, tg] : p.target_groups) {
      nlohmann::json ids = nlohmann::json::array();
      for (const auto& t : tg.targets) ids.push_back(t.id);
      part["target_groups"][arn] = ids;
    }
    out[key.account + "/" + key.region] = part;
  });
  return out;
}

}  // namespace cloudlife::autoscaling
