#include "ec2/spot_price.h"
#include "core/splitmix.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace cloudlife::ec2 {
namespace {

std::uint64_t hash(const std::string& text, std::uint64_t h) {
  for (unsigned char c : text) h = core::splitmix64(h ^ c);
  return h;
}

// Size units of a type's size suffix: micro 1/2, small 1, medium 2, large 4, xlarge 8, Nxlarge 8N.
double size_units(const std::string& size) {
  if (size == "nano") return 0.25;
  if (size == "micro") return 0.5;
  if (size == "small") return 1;
  if (size == "medium") return 2;
  if (size == "large") return 4;
  if (size == "xlarge") return 8;
  if (size.rfind("metal", 0) == 0) return 8 * 24;
  const double n = std::atof(size.c_str());
  return n > 0 ? 8 * n : 8;
}

core::TimeMs period_start(core::TimeMs t) {
  return t - ((t % kSpotPricePeriod) + kSpotPricePeriod) % kSpotPricePeriod;
}

}  // namespace

double on_demand_price(const std::string& instance_type) {
  const auto dot = instance_type.find('.');
  const std::string family = instance_type.substr(0, dot);
  const std::string size = dot == std::string::npos ? "" : instance_type.substr(dot + 1);
  // Burstable families cost less per unit; memory- and accelerator-heavy ones more.
  double per_unit = 0.024;
  if (!family.empty() && family[0] == 't') per_unit = 0.0104;
  if (!family.empty() && (family[0] == 'r' || family[0] == 'x')) per_unit = 0.0315;
  if (!family.empty() && (family[0] == 'p' || family[0] == 'g')) per_unit = 0.125;
  if (!family.empty() && family[0] == 'c') per_unit = 0.02125;
  return std::round(per_unit * size_units(size) * 1e6) / 1e6;
}

double spot_price(const std::string& instance_type, const std::string& zone,
                  const std::string& product_description, core::TimeMs at) {
  const std::uint64_t slot = static_cast<std::uint64_t>(period_start(at) / kSpotPricePeriod);
  const std::uint64_t h =
      core::splitmix64(hash(instance_type + "|" + zone + "|" + product_description, 7) ^ slot);
  const double u = static_cast<double>(h >> 11) / static_cast<double>(1ULL << 53);
  const double price = on_demand_price(instance_type) * (0.30 + 0.25 * u);
  return std::max(0.000001, std::round(price * 1e6) / 1e6);
}

std::string format_price(double price) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", price);
  return buf;
}

std::optional<double> parse_price(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v) || v <= 0) return std::nullopt;
  return v;
}

std::vector<SpotPricePoint> price_changes(const std::string& instance_type, const std::string& zone,
                                          const std::string& product_description, core::TimeMs from,
                                          core::TimeMs to) {
  std::vector<SpotPricePoint> points;
  if (to < from) return points;
  for (core::TimeMs t = period_start(to); t >= period_start(from); t -= kSpotPricePeriod) {
    const double price = spot_price(instance_type, zone, product_description, t);
    points.push_back({instance_type, zone, product_description, price, t});
  }
  return points;
}

std::optional<core::TimeMs> next_price_crossing(const std::string& instance_type,
                                                const std::string& zone,
                                                const std::string& product_description,
                                                double max_price, bool above, core::TimeMs after,
                                                core::TimeMs horizon) {
  core::TimeMs t = period_start(after);
  if (t < after) t += kSpotPricePeriod;
  for (; t <= after + horizon; t += kSpotPricePeriod) {
    const double p = spot_price(instance_type, zone, product_description, t);
    if (above ? p > max_price : p <= max_price) return t;
  }
  return std::nullopt;
}

const std::vector<std::string>& spot_priced_types() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> types;
    for (const char* family : {"t3", "t3a", "t4g"}) {
      for (const char* size : {"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"}) {
        types.push_back(std::string(family) + "." + size);
      }
    }
    for (const char* family :
         {"m5", "m6i", "m6g", "m7i", "c5", "c6i", "c6g", "c7i", "r5", "r6i", "r6g"}) {
      for (const char* size : {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge"}) {
        types.push_back(std::string(family) + "." + size);
      }
    }
    return types;
  }();
  return all;
}

const std::vector<std::string>& spot_product_descriptions() {
  static const std::vector<std::string> all = {"Linux/UNIX",
                                               "Linux/UNIX (Amazon VPC)",
                                               "Red Hat Enterprise Linux",
                                               "Red Hat Enterprise Linux (Amazon VPC)",
                                               "SUSE Linux",
                                               "SUSE Linux (Amazon VPC)",
                                               "Windows",
                                               "Windows (Amazon VPC)"};
  return all;
}

}  // namespace cloudlife::ec2
