// Static public IPs and elastic IP addresses.
#include <algorithm>
#include <utility>

#include "core/ids.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"
#include "ecs/paging.h"

namespace cloudlife::ecs {

std::string EcsModel::allocate_public_ip(EcsPartition& scope, const std::string& instance_id,
                                         core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, instance_id);
  const std::string status = status_of(r, now);
  if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
  if (!r.data.public_ip.empty() || !r.data.eip_allocation_id.empty()) {
    throw core::ServiceError("AllocatedAlready",
                             "A public IP address has been allocated to the specified instance.",
                             403);
  }
  r.data.public_ip = new_public_ip();
  if (r.data.internet_max_bandwidth_out == 0) r.data.internet_max_bandwidth_out = 5;
  return r.data.public_ip;
}

void EcsModel::convert_nat_public_ip_to_eip(EcsPartition& scope, const std::string& instance_id,
                                            core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, instance_id);
  const std::string status = status_of(r, now);
  if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
  if (r.data.public_ip.empty() || !r.data.eip_allocation_id.empty()) {
    throw core::ServiceError("OperationDenied", "The instance has no public IP address to convert.",
                             403);
  }
  EcsPartition& p = *home_of(scope, instance_id);
  EipAddress eip;
  eip.allocation_id = core::resource_id("eip", 20);
  eip.account = scope.key.account;
  eip.region_id = r.data.region_id;
  eip.ip_address = r.data.public_ip;  // the same address, now an EIP
  eip.status = "InUse";
  eip.instance_id = instance_id;
  eip.bandwidth = r.data.internet_max_bandwidth_out;
  eip.internet_charge_type = r.data.internet_charge_type;
  eip.allocation_time = now;
  r.data.public_ip.clear();
  r.data.eip_allocation_id = eip.allocation_id;
  home_[eip.allocation_id] = p.key;
  const std::string id = eip.allocation_id;
  p.eips.emplace(id, std::move(eip));
}

EipAddress EcsModel::allocate_eip(EcsPartition& scope, int bandwidth,
                                  const std::string& internet_charge_type, core::TimeMs now,
                                  const NameChange& names) {
  const std::string& region_id = scope.key.region;
  if (region_id.empty()) throw errors::missing_parameter("RegionId");
  if (!find_region(region_id)) throw errors::region_not_found(region_id);
  if (bandwidth < 1 || bandwidth > 500) throw errors::invalid_parameter("Bandwidth");
  if (internet_charge_type != "PayByTraffic" && internet_charge_type != "PayByBandwidth") {
    throw errors::invalid_parameter("InternetChargeType");
  }
  auto valid = [](const std::optional<std::string>& s, std::size_t max) {
    if (!s || s->empty()) return true;
    return s->size() >= 2 && s->size() <= max && s->rfind("http://", 0) != 0 &&
           s->rfind("https://", 0) != 0;
  };
  if (!valid(names.name, 128)) {
    throw core::ServiceError("InvalidName.Malformed", "Specified name is not valid.", 400);
  }
  if (!valid(names.description, 256)) {
    throw core::ServiceError("InvalidDescription.Malformed", "Specified description is not valid.",
                             400);
  }
  EcsPartition& p = scope;
  EipAddress eip;
  eip.allocation_id = core::resource_id("eip", 20);
  eip.account = scope.key.account;
  eip.region_id = region_id;
  eip.ip_address = new_public_ip();
  eip.status = "Available";
  eip.bandwidth = bandwidth;
  eip.internet_charge_type = internet_charge_type;
  eip.allocation_time = now;
  eip.name = names.name.value_or("");
  eip.description = names.description.value_or("");
  home_[eip.allocation_id] = p.key;
  p.eips.emplace(eip.allocation_id, eip);
  return eip;
}

void EcsModel::associate_eip(EcsPartition& scope, const std::string& allocation_id,
                             const std::string& instance_id, core::TimeMs now,
                             const std::string& instance_type) {
  EipAddress& eip = require_eip(scope, allocation_id);
  std::string target = instance_id;
  if (instance_type == "NetworkInterface") {
    NetworkInterface& eni = require_eni(scope, instance_id);
    if (eni.type == "Primary") {
      target = eni.instance_id;  // the primary ENI's address is its instance's
    } else {
      if (eip.status != "Available") {
        throw core::ServiceError("InvalidIpStatus.HasBeenUsedBySnatTable",
                                 "The specified EIP is not in the Available state.", 400);
      }
      if (eni.region_id != eip.region_id) {
        throw core::ServiceError("InvalidRegionId.NotMatch",
                                 "The EIP and the instance are not in the same region.", 400);
      }
      if (!eni.eip_allocation_id.empty()) {
        throw core::ServiceError("InvalidAssociation.Duplicated",
                                 "The instance already has a public IP address or an EIP.", 400);
      }
      eip.status = "InUse";
      eip.instance_id = instance_id;
      eip.instance_type = "NetworkInterface";
      eni.eip_allocation_id = allocation_id;
      return;
    }
  } else if (instance_type != "EcsInstance") {
    throw errors::invalid_parameter("InstanceType");
  }
  InstanceRecord& r = require_instance(scope, target);
  if (eip.status != "Available") {
    throw core::ServiceError("InvalidIpStatus.HasBeenUsedBySnatTable",
                             "The specified EIP is not in the Available state.", 400);
  }
  if (r.data.region_id != eip.region_id) {
    throw core::ServiceError("InvalidRegionId.NotMatch",
                             "The EIP and the instance are not in the same region.", 400);
  }
  const std::string status = status_of(r, now);
  if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
  if (!r.data.eip_allocation_id.empty() || !r.data.public_ip.empty()) {
    throw core::ServiceError("InvalidAssociation.Duplicated",
                             "The instance already has a public IP address or an EIP.", 400);
  }
  eip.status = "InUse";
  eip.instance_id = target;
  eip.instance_type = "EcsInstance";
  r.data.eip_allocation_id = allocation_id;
}

void EcsModel::unassociate_eip(EcsPartition& scope, const std::string& allocation_id,
                               const std::string& instance_id) {
  EipAddress& eip = require_eip(scope, allocation_id);
  if (eip.status != "InUse" || (!instance_id.empty() && eip.instance_id != instance_id)) {
    throw core::ServiceError("IncorrectEipStatus",
                             "The current status of the EIP does not support this operation.", 400);
  }
  if (eip.instance_type == "NetworkInterface") {
    if (EcsPartition* p = home_of(scope, eip.instance_id)) {
      auto e = p->enis.find(eip.instance_id);
      if (e != p->enis.end()) e->second.eip_allocation_id.clear();
    }
  } else if (InstanceRecord* r = find_instance(scope, eip.instance_id)) {
    r->data.eip_allocation_id.clear();
  }
  eip.status = "Available";
  eip.instance_id.clear();
  eip.instance_type = "EcsInstance";
}

void EcsModel::release_eip(EcsPartition& scope, const std::string& allocation_id) {
  EipAddress& eip = require_eip(scope, allocation_id);
  if (eip.status != "Available") {
    throw core::ServiceError("IncorrectEipStatus",
                             "The current status of the EIP does not support this operation.", 400);
  }
  EcsPartition* p = home_of(scope, allocation_id);
  home_.erase(allocation_id);
  p->eips.erase(allocation_id);
}

EipPage EcsModel::describe_eips(EcsPartition& scope, const EipFilter& f, const PageRequest& page) {
  if (f.region_id.empty()) throw errors::missing_parameter("RegionId");
  std::vector<std::pair<std::string, const EipAddress*>> matches;
  const EcsPartition& p = scope;
  for (const auto& [id, e] : std::as_const(p.eips)) {
    if (!f.allocation_id.empty() && id != f.allocation_id) continue;
    if (!f.ip_address.empty() && e.ip_address != f.ip_address) continue;
    if (!f.status.empty() && e.status != f.status) continue;
    if (!f.associated_instance_id.empty() && e.instance_id != f.associated_instance_id) continue;
    matches.emplace_back(sequence_key(static_cast<std::uint64_t>(e.allocation_time), id), &e);
  }
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> keys;
  for (const auto& m : matches) keys.push_back(m.first);
  const PageSlice slice = select_page(keys, page);
  EipPage out;
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i) out.eips.push_back(*matches[i].second);
  return out;
}

}  // namespace cloudlife::ecs
