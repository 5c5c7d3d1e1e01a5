// Launch template operations: Create/Modify/Describe/Delete LaunchTemplate(s), Create/Describe/
// Delete LaunchTemplateVersion(s).
// Contract: free functions over one partition, called with the engine lock held; each validates
// everything first and throws core::ServiceError before changing anything. Versions are numbered
// from 1 and numbers are never reused; the default version can be changed but not deleted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "ec2/ec2_partition.h"
#include "ec2/filters.h"
#include "ec2/launch_spec.h"
#include "ec2/launch_template.h"

namespace cloudlife::ec2 {

// Which template a request names: by ID or by name (exactly one).
struct TemplateSelector {
  std::string id;
  std::string name;
};

struct CreateLaunchTemplateRequest {
  std::string name;
  std::string version_description;
  bool has_data = false;  // any LaunchTemplateData.* parameter present
  LaunchSpec data;
  std::vector<TagSpecification> tag_specifications;
  std::string client_token;
  std::string fingerprint;
  std::string created_by;
  bool dry_run = false;
};

struct CreateLaunchTemplateVersionRequest {
  TemplateSelector selector;
  std::string source_version;
  std::string version_description;
  bool has_data = false;
  LaunchSpec data;
  std::string client_token;
  std::string fingerprint;
  std::string created_by;
  bool dry_run = false;
};

struct LaunchTemplateVersionView {
  std::string template_id;
  std::string template_name;
  bool is_default = false;
  LaunchTemplateVersion version;
};

struct DescribeLaunchTemplatesRequest {
  std::vector<std::string> ids;
  std::vector<std::string> names;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
};

struct DescribeLaunchTemplatesResult {
  std::vector<LaunchTemplate> templates;  // versions omitted
  std::string next_token;
};

struct DescribeLaunchTemplateVersionsRequest {
  TemplateSelector selector;  // both empty: every template ($Latest / $Default only)
  std::vector<std::string> versions;
  std::string min_version;
  std::string max_version;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
};

struct DescribeLaunchTemplateVersionsResult {
  std::vector<LaunchTemplateVersionView> versions;
  std::string next_token;
};

struct DeleteVersionOutcome {
  std::string template_id;
  std::string template_name;
  std::string version;     // as asked
  std::string error_code;  // empty when deleted
  std::string error_message;
};

// Throws InvalidLaunchTemplateName.MalformedException unless 3-128 of [A-Za-z0-9()./_-].
void validate_launch_template_name(const std::string& name);
// The template a selector names (MissingParameter, InvalidParameterCombination,
// InvalidLaunchTemplateId.Malformed / .NotFound, InvalidLaunchTemplateName.NotFoundException).
LaunchTemplate& require_launch_template(Ec2Partition& p, const TemplateSelector& selector);

// Copy of the template without its versions (for the LaunchTemplate shape).
LaunchTemplate template_summary(const LaunchTemplate& lt);

LaunchTemplate create_launch_template(Ec2Partition& p, const CreateLaunchTemplateRequest& request,
                                      core::TimeMs now);
LaunchTemplateVersionView create_launch_template_version(
    Ec2Partition& p, const CreateLaunchTemplateVersionRequest& request, core::TimeMs now);
LaunchTemplate modify_launch_template(Ec2Partition& p, const TemplateSelector& selector,
                                      const std::optional<std::string>& default_version,
                                      bool dry_run);
LaunchTemplate delete_launch_template(Ec2Partition& p, const TemplateSelector& selector,
                                      bool dry_run);
std::vector<DeleteVersionOutcome> delete_launch_template_versions(
    Ec2Partition& p, const TemplateSelector& selector, const std::vector<std::string>& versions,
    bool dry_run);
DescribeLaunchTemplatesResult describe_launch_templates(
    Ec2Partition& p, const DescribeLaunchTemplatesRequest& request);
DescribeLaunchTemplateVersionsResult describe_launch_template_versions(
    Ec2Partition& p, const DescribeLaunchTemplateVersionsRequest& request);
// GetLaunchTemplateData: the launch parameters that reproduce `instance` (its image, type, key,
// placement, network, volumes, options and tags), as a template's data.
LaunchSpec launch_data_of(const Ec2Partition& p, const Instance& instance);

}  // namespace cloudlife::ec2
