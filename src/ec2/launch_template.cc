#include "ec2/launch_template.h"

#include <charconv>

namespace cloudlife::ec2 {

const LaunchTemplateVersion* LaunchTemplate::resolve(const std::string& version) const {
  long long wanted = default_version;
  if (version == "$Latest") {
    wanted = latest_version;
  } else if (!version.empty() && version != "$Default") {
    auto [ptr, ec] = std::from_chars(version.data(), version.data() + version.size(), wanted);
    if (ec != std::errc{} || ptr != version.data() + version.size()) return nullptr;
  }
  for (const LaunchTemplateVersion& v : versions) {
    if (v.number == wanted) return &v;
  }
  return nullptr;
}

}  // namespace cloudlife::ec2
