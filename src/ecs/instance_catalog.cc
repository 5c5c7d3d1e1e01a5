#include "ecs/instance_catalog.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace cloudlife::ecs {
namespace {

// kInstanceTypesJson: the text of src/ecs/data/instance_types.json, written by CMake.
#include "ecs/instance_types_json.inc"

using nlohmann::json;

std::string text(const json& o, const char* name, const std::string& where) {
  if (!o.contains(name) || !o[name].is_string()) {
    throw std::invalid_argument(where + ": \"" + name + "\" must be a string");
  }
  return o[name].get<std::string>();
}

std::vector<std::string> strings(const json& o, const char* name, const std::string& where) {
  if (!o.contains(name) || !o[name].is_array()) {
    throw std::invalid_argument(where + ": \"" + name + "\" must be an array of strings");
  }
  return o[name].get<std::vector<std::string>>();
}

// Per-size figures as Alibaba's instance family tables scale them with the vCPU count.
void derive_size_figures(InstanceTypeInfo& t) {
  const int c = t.cpu;
  t.eni_quantity = c <= 2 ? 3 : c <= 8 ? 4 : c <= 16 ? 8 : 15;
  t.eni_private_ips = c <= 2 ? 6 : c <= 8 ? 15 : 30;
  t.bandwidth_kbps =
      std::min<long long>(64, std::max(1, c / 2)) * 1024 * 1024 + (c <= 2 ? 1024 * 1024 : 0);
  t.pps = std::min<long long>(24000000, 450000LL * std::max(1, c / 2) + 450000);
}

}  // namespace

InstanceCatalog InstanceCatalog::parse(std::string_view json_text) {
  const json doc = json::parse(json_text);
  InstanceCatalog c;
  if (!doc.contains("families") || !doc["families"].is_array()) {
    throw std::invalid_argument("instance_types.json: \"families\" must be an array");
  }
  const json& disks = doc.at("disk_categories");
  c.default_disks_ = strings(disks, "default", "disk_categories");
  for (const auto& [category, zones] : disks.at("not_on_sale_in").items()) {
    for (const std::string& z : zones.get<std::vector<std::string>>()) {
      c.disk_not_in_[category].insert(z);
    }
  }
  for (const std::string& z : strings(doc, "zones_not_on_sale", "instance_types.json")) {
    c.zones_not_on_sale_.insert(z);
  }
  for (const json& f : doc["families"]) {
    InstanceFamilyInfo fam;
    fam.family = text(f, "family", "instance_types.json");
    const std::string where = "instance_types.json " + fam.family;
    fam.generation = text(f, "generation", where);
    fam.category = text(f, "category", where);
    fam.level = text(f, "level", where);
    fam.processor = text(f, "processor", where);
    fam.base_ghz = f.at("base_ghz").get<double>();
    fam.turbo_ghz = f.at("turbo_ghz").get<double>();
    fam.disk_categories = strings(f, "disk_categories", where);
    for (const std::string& z : strings(f, "not_on_sale_in", where)) fam.not_on_sale_in.insert(z);
    for (const json& row : f.at("types")) {
      InstanceTypeInfo t;
      t.instance_type = row.at(0).get<std::string>();
      t.family = fam.family;
      t.cpu = row.at(1).get<int>();
      t.memory_gib = row.at(2).get<double>();
      if (t.instance_type.rfind(fam.family, 0) != 0 || t.cpu <= 0 || t.memory_gib <= 0) {
        throw std::invalid_argument(where + ": bad type " + t.instance_type);
      }
      if (c.type_index_.contains(t.instance_type)) {
        throw std::invalid_argument(where + ": duplicate type " + t.instance_type);
      }
      derive_size_figures(t);
      c.type_index_[t.instance_type] = c.types_.size();
      fam.types.push_back(t.instance_type);
      c.types_.push_back(std::move(t));
    }
    c.families_.push_back(std::move(fam));
  }
  return c;
}

const InstanceTypeInfo* InstanceCatalog::find_type(std::string_view instance_type) const {
  const auto it = type_index_.find(instance_type);
  return it == type_index_.end() ? nullptr : &types_[it->second];
}

const InstanceFamilyInfo* InstanceCatalog::find_family(std::string_view family) const {
  for (const InstanceFamilyInfo& f : families_) {
    if (f.family == family) return &f;
  }
  return nullptr;
}

bool InstanceCatalog::zone_on_sale(std::string_view zone_id) const {
  return !zones_not_on_sale_.contains(zone_id);
}

bool InstanceCatalog::type_on_sale(const InstanceTypeInfo& type, std::string_view zone_id) const {
  const InstanceFamilyInfo* f = find_family(type.family);
  return zone_on_sale(zone_id) && f && !f->not_on_sale_in.contains(zone_id);
}

std::vector<std::string> InstanceCatalog::disk_categories(std::string_view zone_id) const {
  std::vector<std::string> out;
  for (const std::string& d : default_disks_) {
    if (disk_on_sale(d, zone_id)) out.push_back(d);
  }
  return out;
}

bool InstanceCatalog::disk_on_sale(std::string_view category, std::string_view zone_id) const {
  if (std::find(default_disks_.begin(), default_disks_.end(), category) == default_disks_.end()) {
    return false;
  }
  const auto it = disk_not_in_.find(category);
  return it == disk_not_in_.end() || !it->second.contains(zone_id);
}

Availability InstanceCatalog::launch_availability(std::string_view instance_type,
                                                  std::string_view zone_id,
                                                  std::string_view system_disk_category) const {
  const InstanceTypeInfo* t = find_type(instance_type);
  if (!t) return Availability::kUnknownType;
  if (!zone_on_sale(zone_id)) return Availability::kZoneNotOnSale;
  if (!type_on_sale(*t, zone_id)) return Availability::kNotInZone;
  if (!system_disk_category.empty()) {
    if (!disk_on_sale(system_disk_category, zone_id)) return Availability::kDiskNotInZone;
    const InstanceFamilyInfo* f = find_family(t->family);
    if (std::find(f->disk_categories.begin(), f->disk_categories.end(), system_disk_category) ==
        f->disk_categories.end()) {
      return Availability::kDiskNotForType;
    }
  }
  return Availability::kOk;
}

Availability InstanceCatalog::disk_availability(std::string_view category,
                                                std::string_view zone_id) const {
  if (!zone_on_sale(zone_id)) return Availability::kZoneNotOnSale;
  return disk_on_sale(category, zone_id) ? Availability::kOk : Availability::kDiskNotInZone;
}

const InstanceCatalog& instance_catalog() {
  static const InstanceCatalog kCatalog = InstanceCatalog::parse(kInstanceTypesJson);
  return kCatalog;
}

}  // namespace cloudlife::ecs
