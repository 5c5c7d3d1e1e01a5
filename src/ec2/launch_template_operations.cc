// Launch templates and their versions.
#include "ec2/launch_template_operations.h"
#include "ec2/max_results.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/credit_specifications.h"
#include "ec2/ec2_model.h"
#include "ec2/images.h"
#include "ec2/maintenance_options.h"
#include "ec2/tag_operations.h"
#include "ec2/user_data.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

using core::ServiceError;

constexpr std::size_t kMaxDescriptionLength = 255;

std::optional<long long> parse_number(const std::string& text) {
  long long n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

bool is_well_formed_template_id(const std::string& id) {
  if (id.size() != 20 || id.rfind("lt-", 0) != 0) return false;
  return std::all_of(id.begin() + 3, id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

core::ServiceError version_not_found(const std::string& version, const std::string& template_id) {
  return ServiceError("InvalidLaunchTemplateId.VersionNotFound",
                      "Could not find launch template version " + version +
                          " for launch template " + template_id + ".");
}

void validate_description(const std::string& d) {
  if (d.size() > kMaxDescriptionLength) {
    throw ServiceError("InvalidParameterValue",
                       "Value for parameter versionDescription is invalid. The description must "
                       "be at most 255 characters long.");
  }
}

void validate_data(const LaunchSpec& data) {
  // The image is not checked here: EC2 stores it and validates it at launch; a doubtful one is
  // reported in the response's Warning (ec2/launch_template_warnings.h).
  if (data.instance_type && !Ec2Model::is_valid_instance_type(*data.instance_type)) {
    throw ServiceError("InvalidParameterValue",
                       "Invalid value '" + *data.instance_type + "' for InstanceType.");
  }
  validate_cpu_credit_value(data.cpu_credits);
  if (data.instance_type) validate_cpu_credits(*data.instance_type, data.cpu_credits);
  validate_auto_recovery(data.auto_recovery);
  validate_user_data(data.user_data);
  if (data.shutdown_behavior && *data.shutdown_behavior != "stop" &&
      *data.shutdown_behavior != "terminate") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *data.shutdown_behavior +
                           ") for parameter instanceInitiatedShutdownBehavior is invalid.");
  }
  static const std::vector<std::string> volume_types = {"standard", "io1", "io2", "gp2",
                                                        "sc1",      "st1", "gp3"};
  for (const BlockDeviceSpec& bd : data.block_devices) {
    if (!bd.ebs || !bd.ebs->volume_type) continue;
    if (std::find(volume_types.begin(), volume_types.end(), *bd.ebs->volume_type) ==
        volume_types.end()) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + *bd.ebs->volume_type +
                             ") for parameter volumeType is invalid. Valid values: standard, io1, "
                             "io2, gp2, sc1, st1, gp3");
    }
  }
  validate_metadata_options(data.metadata_options);
  validate_iam_profile(data.iam_profile);
  validate_tag_specifications(data.tag_specifications, {"instance", "volume", "network-interface",
                                                        "spot-instances-request", "elastic-gpu"});
}

// A version's data built on a source version: the request's fields win; tag specifications
// replace the source's per resource type.
LaunchSpec layered(const LaunchSpec& mine, const LaunchSpec& source) {
  LaunchSpec out = mine.merged_over(source);
  std::set<std::string> own_types;
  for (const TagSpecification& ts : mine.tag_specifications) own_types.insert(ts.resource_type);
  out.tag_specifications.clear();
  for (const TagSpecification& ts : source.tag_specifications) {
    if (!own_types.contains(ts.resource_type)) out.tag_specifications.push_back(ts);
  }
  for (const TagSpecification& ts : mine.tag_specifications) out.tag_specifications.push_back(ts);
  return out;
}

// Finds a remembered ClientToken: "id\nfingerprint"; throws on a fingerprint mismatch.
std::optional<std::string> remembered(Ec2Partition& p, const std::string& key,
                                      const std::string& fingerprint) {
  auto it = p.template_client_tokens.find(key);
  if (it == p.template_client_tokens.end()) return std::nullopt;
  const std::size_t nl = it->second.find('\n');
  if (it->second.substr(nl == std::string::npos ? it->second.size() : nl + 1) != fingerprint) {
    throw ServiceError("IdempotentParameterMismatch",
                       "Arguments on this idempotent request are inconsistent with arguments used "
                       "in previous request(s).");
  }
  return it->second.substr(0, nl);
}

std::optional<std::vector<std::string>> template_filter_values(const LaunchTemplate& lt,
                                                               const std::string& name) {
  if (name == "launch-template-name") return V{lt.name};
  if (name == "create-time") return V{core::format_iso8601_ms(lt.create_time)};
  if (name == "tag-key") {
    V out;
    for (const Tag& t : lt.tags.items()) out.push_back(t.key);
    return out;
  }
  if (name.rfind("tag:", 0) == 0) {
    const std::string* v = lt.tags.find(name.substr(4));
    return v ? V{*v} : V{};
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> version_filter_values(const LaunchTemplateVersionView& v,
                                                              const std::string& name) {
  const LaunchSpec& d = v.version.data;
  if (name == "create-time") return V{core::format_iso8601_ms(v.version.create_time)};
  if (name == "ebs-optimized") {
    return d.ebs_optimized ? V{*d.ebs_optimized ? "true" : "false"} : V{};
  }
  if (name == "image-id") return d.image_id ? V{*d.image_id} : V{};
  if (name == "instance-type") return d.instance_type ? V{*d.instance_type} : V{};
  if (name == "is-default-version") return V{v.is_default ? "true" : "false"};
  if (name == "http-tokens") {
    return d.metadata_options.http_tokens ? V{*d.metadata_options.http_tokens} : V{};
  }
  if (name == "http-endpoint") {
    return d.metadata_options.http_endpoint ? V{*d.metadata_options.http_endpoint} : V{};
  }
  if (name == "iam-instance-profile") {
    if (!d.iam_profile) return V{};
    return V{d.iam_profile->arn ? *d.iam_profile->arn : d.iam_profile->name.value_or("")};
  }
  // Settings with no model here (kernels, RAM disks, host resource groups, license
  // configurations, network cards, IMDS over IPv4 toggles): no version has a value.
  if (name == "kernel-id" || name == "ram-disk-id" || name == "host-resource-group-arn" ||
      name == "license-configuration-arn" || name == "network-card-index" ||
      name == "http-protocol-ipv4") {
    return V{};
  }
  return std::nullopt;
}

template <class T, class F>
bool matches_filters_by(const T& item, const std::vector<Filter>& filters, F&& values_of) {
  for (const Filter& f : filters) {
    bool any = false;
    for (const std::string& v : values_of(item, f.name).value_or(std::vector<std::string>{})) {
      any |= matches_any(f.values, v);
    }
    if (!any) return false;
  }
  return true;
}

ServiceError bad_token(const std::string& token) {
  return ServiceError("InvalidParameterValue", "Value ( " + token +
                                                   " ) for parameter NextToken is invalid. The "
                                                   "token is invalid.");
}

}  // namespace

void validate_launch_template_name(const std::string& name) {
  const bool chars_ok = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '(' ||
           c == ')' || c == '.' || c == '/' || c == '_' || c == '-';
  });
  if (name.size() < 3 || name.size() > 128 || !chars_ok) {
    throw ServiceError("InvalidLaunchTemplateName.MalformedException",
                       "A launch template name must be between 3 and 128 characters, and may "
                       "contain letters, numbers, and the following characters: - ( ) . / _.'");
  }
}

LaunchTemplate& require_launch_template(Ec2Partition& p, const TemplateSelector& s) {
  if (!s.id.empty() && !s.name.empty()) {
    throw ServiceError("InvalidParameterCombination",
                       "Only one of launchTemplateId or launchTemplateName can be specified.");
  }
  if (!s.id.empty()) {
    if (!is_well_formed_template_id(s.id)) {
      throw ServiceError("InvalidLaunchTemplateId.Malformed",
                         "The specified ID for the launch template (" + s.id +
                             ") is not valid. Specify a valid ID and try again.");
    }
    auto it = p.launch_templates.find(s.id);
    if (it == p.launch_templates.end()) {
      throw ServiceError(
          "InvalidLaunchTemplateId.NotFound",
          "The specified launch template, with template ID " + s.id + ", does not exist.");
    }
    return it->second;
  }
  if (!s.name.empty()) {
    LaunchTemplate* lt = p.find_template_by_name(s.name);
    if (!lt) {
      throw ServiceError(
          "InvalidLaunchTemplateName.NotFoundException",
          "The specified launch template, with template name " + s.name + ", does not exist.");
    }
    return *lt;
  }
  throw ServiceError("MissingParameter",
                     "The request must contain the parameter launchTemplateName or "
                     "launchTemplateId");
}

LaunchTemplate template_summary(const LaunchTemplate& lt) {
  LaunchTemplate out = lt;
  out.versions.clear();
  return out;
}

LaunchTemplate create_launch_template(Ec2Partition& p, const CreateLaunchTemplateRequest& r,
                                      core::TimeMs now) {
  if (!r.client_token.empty()) {
    if (auto id = remembered(p, "t:" + r.client_token, r.fingerprint)) {
      if (auto it = p.launch_templates.find(*id); it != p.launch_templates.end()) {
        if (r.dry_run) throw dry_run_succeeded();
        return template_summary(it->second);
      }
    }
  }
  if (r.name.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter LaunchTemplateName");
  }
  validate_launch_template_name(r.name);
  if (!r.has_data) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter LaunchTemplateData");
  }
  validate_description(r.version_description);
  validate_data(r.data);
  validate_tag_specifications(r.tag_specifications, {"launch-template"});
  if (p.find_template_by_name(r.name)) {
    throw ServiceError("InvalidLaunchTemplateName.AlreadyExistsException",
                       "Launch template name already in use.");
  }
  if (r.dry_run) throw dry_run_succeeded();

  LaunchTemplate lt;
  lt.id = core::resource_id("lt");
  lt.name = r.name;
  lt.create_time = now;
  lt.created_by = r.created_by;
  lt.default_version = 1;
  lt.latest_version = 1;
  lt.next_version = 2;
  for (const TagSpecification& ts : r.tag_specifications) {
    for (const Tag& t : ts.tags) lt.tags.set(t.key, t.value);
  }
  LaunchTemplateVersion v;
  v.number = 1;
  v.description = r.version_description;
  v.data = r.data;
  v.create_time = now;
  v.created_by = r.created_by;
  lt.versions.push_back(std::move(v));
  const std::string id = lt.id;
  const LaunchTemplate& stored = p.launch_templates.emplace(id, std::move(lt)).first->second;
  if (!r.client_token.empty()) {
    p.template_client_tokens["t:" + r.client_token] = id + "\n" + r.fingerprint;
  }
  return template_summary(stored);
}

LaunchTemplateVersionView create_launch_template_version(
    Ec2Partition& p, const CreateLaunchTemplateVersionRequest& r, core::TimeMs now) {
  LaunchTemplate& lt = require_launch_template(p, r.selector);
  if (!r.client_token.empty()) {
    if (auto key = remembered(p, "v:" + lt.id + ":" + r.client_token, r.fingerprint)) {
      const auto number = parse_number(*key);
      for (const LaunchTemplateVersion& v : lt.versions) {
        if (number && v.number == *number) {
          if (r.dry_run) throw dry_run_succeeded();
          return {lt.id, lt.name, v.number == lt.default_version, v};
        }
      }
    }
  }
  if (!r.has_data) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter LaunchTemplateData");
  }
  validate_description(r.version_description);
  validate_data(r.data);
  LaunchSpec data = r.data;
  if (!r.source_version.empty()) {
    const LaunchTemplateVersion* source = lt.resolve(r.source_version);
    if (!source) throw version_not_found(r.source_version, lt.id);
    data = layered(r.data, source->data);
  }
  if (r.dry_run) throw dry_run_succeeded();

  LaunchTemplateVersion v;
  v.number = lt.next_version++;
  v.description = r.version_description;
  v.data = std::move(data);
  v.create_time = now;
  v.created_by = r.created_by;
  lt.latest_version = v.number;
  lt.versions.push_back(v);
  if (!r.client_token.empty()) {
    p.template_client_tokens["v:" + lt.id + ":" + r.client_token] =
        std::to_string(v.number) + "\n" + r.fingerprint;
  }
  return {lt.id, lt.name, false, v};
}

LaunchTemplate modify_launch_template(Ec2Partition& p, const TemplateSelector& selector,
                                      const std::optional<std::string>& default_version,
                                      bool dry_run) {
  LaunchTemplate& lt = require_launch_template(p, selector);
  const LaunchTemplateVersion* target = nullptr;
  if (default_version) {
    const auto number = parse_number(*default_version);
    if (number) {
      for (const LaunchTemplateVersion& v : lt.versions) {
        if (v.number == *number) target = &v;
      }
    }
    if (!target) throw version_not_found(*default_version, lt.id);
  }
  if (dry_run) throw dry_run_succeeded();
  if (target) lt.default_version = target->number;
  return template_summary(lt);
}

LaunchTemplate delete_launch_template(Ec2Partition& p, const TemplateSelector& selector,
                                      bool dry_run) {
  LaunchTemplate& lt = require_launch_template(p, selector);
  if (dry_run) throw dry_run_succeeded();
  LaunchTemplate out = template_summary(lt);
  p.launch_templates.erase(lt.id);
  return out;
}

std::vector<DeleteVersionOutcome> delete_launch_template_versions(
    Ec2Partition& p, const TemplateSelector& selector, const std::vector<std::string>& versions,
    bool dry_run) {
  if (versions.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter LaunchTemplateVersion");
  }
  if (versions.size() > 200) {
    throw ServiceError("InvalidParameterValue",
                       "You can specify at most 200 launch template versions per request.");
  }
  LaunchTemplate& lt = require_launch_template(p, selector);
  if (dry_run) throw dry_run_succeeded();
  std::vector<DeleteVersionOutcome> out;
  for (const std::string& text : versions) {
    DeleteVersionOutcome o{lt.id, lt.name, text, "", ""};
    const auto number = parse_number(text);
    auto it =
        std::find_if(lt.versions.begin(), lt.versions.end(),
                     [&](const LaunchTemplateVersion& v) { return number && v.number == *number; });
    if (!number) {
      o.error_code = "launchTemplateVersionDoesNotExist";
      o.error_message = "The specified launch template version does not exist.";
    } else if (it == lt.versions.end()) {
      o.error_code = "launchTemplateVersionDoesNotExist";
      o.error_message = "The specified launch template version does not exist.";
    } else if (*number == lt.default_version) {
      o.error_code = "launchTemplateVersionIsDefaultVersion";
      o.error_message = "The specified version is the default version and cannot be deleted.";
    } else {
      lt.versions.erase(it);
    }
    out.push_back(std::move(o));
  }
  long long latest = 0;
  for (const LaunchTemplateVersion& v : lt.versions) latest = std::max(latest, v.number);
  lt.latest_version = latest;
  return out;
}

DescribeLaunchTemplatesResult describe_launch_templates(Ec2Partition& p,
                                                        const DescribeLaunchTemplatesRequest& r) {
  check_max_results(r.max_results, 1, 200);
  for (const Filter& f : r.filters) {
    if (!template_filter_values(LaunchTemplate{}, f.name)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
  std::set<std::string> wanted;
  for (const std::string& id : r.ids) wanted.insert(require_launch_template(p, {id, ""}).id);
  for (const std::string& name : r.names) {
    LaunchTemplate* lt = p.find_template_by_name(name);
    if (!lt) {
      throw ServiceError("InvalidLaunchTemplateName.NotFoundException",
                         "At least one of the launch templates specified in the request does not "
                         "exist.");
    }
    wanted.insert(lt->id);
  }
  std::string after;
  if (!r.next_token.empty()) {
    if (r.next_token.rfind("cl1l.", 0) != 0) throw bad_token(r.next_token);
    after = r.next_token.substr(5);
  }
  DescribeLaunchTemplatesResult result;
  const long long limit = r.max_results.value_or(-1);
  auto it = after.empty() ? p.launch_templates.begin() : p.launch_templates.upper_bound(after);
  for (; it != p.launch_templates.end(); ++it) {
    const LaunchTemplate& lt = it->second;
    if ((!r.ids.empty() || !r.names.empty()) && !wanted.contains(lt.id)) continue;
    if (!matches_filters_by(lt, r.filters, template_filter_values)) continue;
    if (limit >= 0 && static_cast<long long>(result.templates.size()) == limit) {
      result.next_token = "cl1l." + result.templates.back().id;
      return result;
    }
    result.templates.push_back(template_summary(lt));
  }
  return result;
}

DescribeLaunchTemplateVersionsResult describe_launch_template_versions(
    Ec2Partition& p, const DescribeLaunchTemplateVersionsRequest& r) {
  check_max_results(r.max_results, 1, 200);
  for (const Filter& f : r.filters) {
    if (!version_filter_values(LaunchTemplateVersionView{}, f.name)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
  std::optional<long long> min_v, max_v;
  if (!r.min_version.empty() && !(min_v = parse_number(r.min_version))) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + r.min_version + ") for parameter minVersion is invalid.");
  }
  if (!r.max_version.empty() && !(max_v = parse_number(r.max_version))) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + r.max_version + ") for parameter maxVersion is invalid.");
  }
  std::size_t offset = 0;
  if (!r.next_token.empty()) {
    const auto n =
        r.next_token.rfind("cl1lv.", 0) == 0 ? parse_number(r.next_token.substr(6)) : std::nullopt;
    if (!n || *n < 0) throw bad_token(r.next_token);
    offset = static_cast<std::size_t>(*n);
  }

  std::vector<LaunchTemplateVersionView> all;
  auto view = [](const LaunchTemplate& lt, const LaunchTemplateVersion& v) {
    return LaunchTemplateVersionView{lt.id, lt.name, v.number == lt.default_version, v};
  };
  const bool one_template = !r.selector.id.empty() || !r.selector.name.empty();
  if (!one_template) {
    // Across all templates only $Latest and $Default may be asked for.
    for (const std::string& v : r.versions) {
      if (v != "$Latest" && v != "$Default") {
        throw ServiceError("InvalidParameterCombination",
                           "When describing versions of all launch templates, only $Latest and "
                           "$Default may be specified as versions.");
      }
    }
    for (const auto& [id, lt] : p.launch_templates) {
      for (const LaunchTemplateVersion& v : lt.versions) {
        bool wanted = r.versions.empty();
        for (const std::string& asked : r.versions) {
          wanted |= (asked == "$Latest" && v.number == lt.latest_version) ||
                    (asked == "$Default" && v.number == lt.default_version);
        }
        if (wanted) all.push_back(view(lt, v));
      }
    }
  } else {
    const LaunchTemplate& lt = require_launch_template(p, r.selector);
    if (r.versions.empty()) {
      for (const LaunchTemplateVersion& v : lt.versions) all.push_back(view(lt, v));
    } else {
      std::set<long long> numbers;
      for (const std::string& asked : r.versions) {
        const LaunchTemplateVersion* v = lt.resolve(asked.empty() ? "$Default" : asked);
        if (!v) throw version_not_found(asked, lt.id);
        numbers.insert(v->number);
      }
      for (const LaunchTemplateVersion& v : lt.versions) {
        if (numbers.contains(v.number)) all.push_back(view(lt, v));
      }
    }
  }

  DescribeLaunchTemplateVersionsResult result;
  const long long limit = r.max_results.value_or(-1);
  std::size_t matched = 0;
  for (LaunchTemplateVersionView& v : all) {
    if (min_v && v.version.number < *min_v) continue;
    if (max_v && v.version.number > *max_v) continue;
    if (!matches_filters_by(v, r.filters, version_filter_values)) continue;
    if (matched++ < offset) continue;
    if (limit >= 0 && static_cast<long long>(result.versions.size()) == limit) {
      result.next_token = "cl1lv." + std::to_string(offset + result.versions.size());
      return result;
    }
    result.versions.push_back(std::move(v));
  }
  return result;
}

LaunchSpec launch_data_of(const Ec2Partition& p, const Instance& i) {
  LaunchSpec d;
  d.image_id = i.image_id;
  d.instance_type = i.instance_type;
  if (!i.key_name.empty()) d.key_name = i.key_name;
  d.availability_zone = i.availability_zone;
  d.tenancy = i.tenancy;
  d.subnet_id = i.subnet_id;
  d.associate_public_ip = i.assign_public_ip;
  d.security_group_ids = core::texts_of(i.security_group_ids);
  if (!i.user_data.empty()) d.user_data = i.user_data;
  d.shutdown_behavior = i.shutdown_behavior;
  d.disable_api_termination = i.disable_api_termination;
  d.disable_api_stop = i.disable_api_stop;
  d.hibernation_configured = i.hibernation_configured;
  d.ebs_optimized = i.ebs_optimized;
  d.monitoring = i.monitoring;
  if (!i.cpu_credits.empty()) d.cpu_credits = i.cpu_credits;
  d.auto_recovery = i.auto_recovery;
  d.metadata_options.http_tokens = i.metadata.http_tokens;
  d.metadata_options.http_put_response_hop_limit = i.metadata.http_put_response_hop_limit;
  d.metadata_options.http_endpoint = i.metadata.http_endpoint;
  d.metadata_options.http_protocol_ipv6 = i.metadata.http_protocol_ipv6;
  d.metadata_options.instance_metadata_tags = i.metadata.instance_metadata_tags;
  if (i.iam_profile) d.iam_profile = IamProfileSpec{i.iam_profile->arn, std::nullopt};
  for (const InstanceBlockDevice& bd : i.block_devices) {
    BlockDeviceSpec spec;
    spec.device_name = bd.device_name;
    EbsSpec ebs;
    ebs.delete_on_termination = bd.delete_on_termination;
    if (auto it = p.volumes.find(bd.volume_id); it != p.volumes.end()) {
      const Volume& v = it->second;
      ebs.volume_size = v.size;
      ebs.volume_type = v.volume_type;
      ebs.encrypted = v.encrypted;
      ebs.iops = v.iops;
      ebs.throughput = v.throughput;
      if (!v.snapshot_id.empty()) ebs.snapshot_id = v.snapshot_id;
    }
    spec.ebs = ebs;
    d.block_devices.push_back(std::move(spec));
  }
  std::vector<Tag> tags;
  for (const Tag& t : i.tags.items()) {
    if (t.key.rfind("aws:", 0) != 0) tags.push_back(t);
  }
  if (!tags.empty()) d.tag_specifications.push_back(TagSpecification{"instance", tags});
  return d;
}

}  // namespace cloudlife::ec2
