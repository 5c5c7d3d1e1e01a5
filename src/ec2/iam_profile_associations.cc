#include "ec2/iam_profile_associations.h"

#include <algorithm>
#include <utility>

#include "core/ids.h"
#include "core/service_error.h"

namespace cloudlife::ec2 {
namespace {

using core::InstanceState;
using core::ServiceError;

bool gone(const Instance& inst) {
  const InstanceState s = inst.lifecycle.state();
  return s == InstanceState::kShuttingDown || s == InstanceState::kTerminated;
}

IamProfileSpec require_spec(const std::optional<IamProfileSpec>& spec) {
  if (!spec || (!spec->arn && !spec->name)) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter IamInstanceProfile");
  }
  validate_iam_profile(spec);
  return *spec;
}

// The live instance holding `association_id`.
Instance& require_association(Ec2Partition& p, const std::string& association_id) {
  if (association_id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter AssociationId");
  }
  for (auto& [id, inst] : p.instances) {
    if (inst.iam_profile && inst.iam_profile->association_id == association_id && !gone(inst)) {
      return inst;
    }
  }
  throw ServiceError("InvalidAssociationID.NotFound",
                     "The association ID '" + association_id + "' does not exist");
}

IamProfileAssociation view(const Instance& inst, const std::string& state) {
  return {inst.iam_profile->association_id, inst.instance_id.str(), *inst.iam_profile, state,
          inst.iam_profile->associated_at};
}

void attach(Instance& inst, const IamProfileSpec& spec, const std::string& account,
            core::TimeMs now) {
  inst.iam_profile = resolve_iam_profile(spec, account);
  inst.iam_profile->association_id = core::resource_id("iip-assoc");
  inst.iam_profile->associated_at = now;
}

}  // namespace

IamProfileAssociation associate_iam_profile(Ec2Model& model, Ec2Partition& p,
                                            const std::string& instance_id,
                                            const std::optional<IamProfileSpec>& spec, bool dry_run,
                                            core::TimeMs now) {
  const IamProfileSpec wanted = require_spec(spec);
  if (instance_id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter InstanceId");
  }
  Instance& inst = *model.require_instances(p, {instance_id}).front();
  if (gone(inst)) {
    throw ServiceError("IncorrectInstanceState", "The instance '" + instance_id +
                                                     "' is not in a valid state for this "
                                                     "operation.");
  }
  if (inst.iam_profile) {
    throw ServiceError("IncorrectState",
                       "There is an existing association for instance " + instance_id);
  }
  if (dry_run) throw dry_run_succeeded();
  attach(inst, wanted, p.key.account, now);
  return view(inst, "associating");
}

IamProfileAssociation replace_iam_profile_association(Ec2Partition& p,
                                                      const std::string& association_id,
                                                      const std::optional<IamProfileSpec>& spec,
                                                      bool dry_run, core::TimeMs now) {
  const IamProfileSpec wanted = require_spec(spec);
  Instance& inst = require_association(p, association_id);
  if (dry_run) throw dry_run_succeeded();
  attach(inst, wanted, p.key.account, now);
  return view(inst, "associating");
}

IamProfileAssociation disassociate_iam_profile(Ec2Partition& p, const std::string& association_id,
                                               bool dry_run) {
  Instance& inst = require_association(p, association_id);
  if (dry_run) throw dry_run_succeeded();
  IamProfileAssociation out = view(inst, "disassociating");
  inst.iam_profile.reset();
  return out;
}

IamProfileAssociationPage describe_iam_profile_associations(
    Ec2Partition& p, const DescribeIamProfileAssociationsRequest& request) {
  if (request.max_results && (*request.max_results < 5 || *request.max_results > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + std::to_string(*request.max_results) +
                           ") for parameter maxResults is invalid. Expecting a value between 5 "
                           "and 1000.");
  }
  auto values_of = [](const IamProfileAssociation& a) -> FilterValues {
    return [&a](const std::string& name) -> std::optional<std::vector<std::string>> {
      if (name == "instance-id") return std::vector<std::string>{a.instance_id};
      if (name == "state") return std::vector<std::string>{a.state};
      return std::nullopt;
    };
  };
  require_known_filters(request.filters, values_of(IamProfileAssociation{}));
  for (const std::string& id : request.association_ids) require_association(p, id);
  std::vector<IamProfileAssociation> all;
  for (const auto& [id, inst] : std::as_const(p.instances)) {
    if (!inst.iam_profile || gone(inst)) continue;
    IamProfileAssociation a = view(inst, "associated");
    if (!request.association_ids.empty() &&
        std::find(request.association_ids.begin(), request.association_ids.end(),
                  a.association_id) == request.association_ids.end()) {
      continue;
    }
    if (!matches_all(request.filters, values_of(a))) continue;
    if (!request.next_token.empty() && a.association_id <= request.next_token) continue;
    all.push_back(std::move(a));
  }
  // In association ID order; the NextToken is the last ID of the page.
  std::sort(all.begin(), all.end(),
            [](const auto& x, const auto& y) { return x.association_id < y.association_id; });
  IamProfileAssociationPage page;
  const std::size_t limit =
      request.max_results ? static_cast<std::size_t>(*request.max_results) : all.size();
  if (all.size() > limit) {
    all.resize(limit);
    page.next_token = all.back().association_id;
  }
  page.associations = std::move(all);
  return page;
}

}  // namespace cloudlife::ec2
