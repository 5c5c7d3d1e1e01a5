// An EC2 launch template with its numbered versions.
// Contract: versions are numbered from 1 and never renumbered; default_version names one of them;
// resolve() maps "$Latest", "$Default" or a number (or empty = default) to a version.
#pragma once

#include <string>
#include <vector>

#include "core/time.h"
#include "ec2/launch_spec.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct LaunchTemplateVersion {
  long long number = 1;
  std::string description;
  LaunchSpec data;
  core::TimeMs create_time = 0;
  std::string created_by;
};

struct LaunchTemplate {
  std::string id;
  std::string name;
  core::TimeMs create_time = 0;
  std::string created_by;
  long long default_version = 1;
  long long latest_version = 1;
  long long next_version = 2;  // numbers are never reused, even after a version is deleted
  TagSet tags;
  std::vector<LaunchTemplateVersion> versions;

  const LaunchTemplateVersion* resolve(const std::string& version) const;
};

}  // namespace cloudlife::ec2
