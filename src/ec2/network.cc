#include "ec2/network.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/regions.h"

namespace cloudlife::ec2 {

void Network::create_defaults(const std::string& region, const std::string& account) {
  const std::string scope = account + "/" + region;
  Vpc vpc;
  vpc.vpc_id = core::derived_id("vpc", scope);
  vpc.cidr_block = "172.31.0.0/16";
  vpc.is_default = true;
  vpc.enable_dns_hostnames = true;
  vpc.dhcp_options_id = core::derived_id("dopt", scope);
  const std::string vpc_id = vpc.vpc_id;
  vpcs.emplace(vpc_id, std::move(vpc));
  default_security_group_id = core::derived_id("sg", scope);
  int k = 0;
  for (const ZoneInfo& zone : zones_of(region)) {
    Subnet s;
    s.subnet_id = core::derived_id("subnet", scope + "/" + zone.name);
    s.vpc_id = vpc_id;
    s.availability_zone = zone.name;
    s.zone_id = zone.zone_id;
    s.cidr_block = "172.31." + std::to_string(16 * k) + ".0/20";
    s.default_for_az = true;
    s.map_public_ip_on_launch = true;
    s.available_ips = 4091;
    const std::string id = s.subnet_id;
    subnets.emplace(id, std::move(s));
    ++k;
  }
  next_public_ = parse_ipv4("3.80.0.4");
}

const Vpc* Network::default_vpc() const {
  for (const auto& [id, v] : vpcs) {
    if (v.is_default) return &v;
  }
  return nullptr;
}

const Subnet* Network::default_subnet_for(const std::string& zone) const {
  for (const auto& [id, s] : subnets) {
    if (s.default_for_az && s.availability_zone == zone) return &s;
  }
  return nullptr;
}

Subnet* Network::find_subnet(const std::string& subnet_id) {
  auto it = subnets.find(subnet_id);
  return it == subnets.end() ? nullptr : &it->second;
}

std::uint32_t Network::parse_ipv4(const std::string& dotted) {
  unsigned a = 0, b = 0, c = 0, d = 0;
  // Four groups of one to three digits (every address cloudlife writes): read here, as sscanf
  // reads them; anything else as sscanf reads it.
  unsigned* const groups[4] = {&a, &b, &c, &d};
  std::size_t at = 0;
  bool plain = true;
  for (int g = 0; g < 4 && plain; ++g) {
    std::size_t digits = 0;
    unsigned value = 0;
    while (at < dotted.size() && dotted[at] >= '0' && dotted[at] <= '9' && digits < 4) {
      value = value * 10 + static_cast<unsigned>(dotted[at] - '0');
      ++at;
      ++digits;
    }
    plain = digits >= 1 && digits <= 3 && (g == 3 ? at == dotted.size() : dotted[at] == '.');
    *groups[g] = value;
    ++at;
  }
  if (!plain) {
    a = b = c = d = 0;
    std::sscanf(dotted.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d);
  }
  return (a << 24) | (b << 16) | (c << 8) | d;
}

std::string Network::format_ipv4(std::uint32_t x) {
  std::string out;
  out.reserve(15);  // "255.255.255.255": no allocation
  for (int shift = 24; shift >= 0; shift -= 8) {
    char digits[4];
    const char* end = std::to_chars(digits, digits + sizeof digits, (x >> shift) & 0xff).ptr;
    out.append(digits, static_cast<std::size_t>(end - digits));
    if (shift > 0) out += '.';
  }
  return out;
}

namespace {
std::uint32_t subnet_base(const Subnet& subnet) {
  return Network::parse_ipv4(subnet.cidr_block.substr(0, subnet.cidr_block.find('/')));
}
std::uint32_t subnet_size(const Subnet& subnet) {
  const int prefix = std::stoi(subnet.cidr_block.substr(subnet.cidr_block.find('/') + 1));
  return 1u << (32 - prefix);
}
}  // namespace

std::string Network::allocate_private_ip(Subnet& subnet) {
  const std::uint32_t last = subnet_size(subnet) - 2;  // the top address is reserved too
  for (std::uint32_t host = std::max<std::uint32_t>(subnet.lowest_free_hint, 4); host <= last;
       ++host) {
    if (subnet.used_hosts.contains(host)) continue;
    subnet.used_hosts.insert(host);
    subnet.lowest_free_hint = host + 1;
    if (subnet.available_ips > 0) --subnet.available_ips;
    return format_ipv4(subnet_base(subnet) + host);
  }
  return "";
}

void Network::claim_private_ip(Subnet& subnet, const std::string& ip, bool apply) {
  const std::uint32_t address = parse_ipv4(ip);
  const std::uint32_t base = subnet_base(subnet);
  const bool dotted = std::count(ip.begin(), ip.end(), '.') == 3;
  if (!dotted || address < base + 4 || address > base + subnet_size(subnet) - 2) {
    throw core::ServiceError("InvalidParameterValue",
                             "Address does not fall within the subnet's address range");
  }
  if (subnet.used_hosts.contains(address - base)) {
    throw core::ServiceError("InvalidIPAddress.InUse", "Address " + ip + " is in use.");
  }
  if (!apply) return;
  subnet.used_hosts.insert(address - base);
  if (subnet.available_ips > 0) --subnet.available_ips;
}

void Network::release_private_ip(const std::string& subnet_id, const std::string& ip) {
  Subnet* subnet = find_subnet(subnet_id);
  if (!subnet || ip.empty()) return;
  const std::uint32_t host = parse_ipv4(ip) - subnet_base(*subnet);
  if (subnet->used_hosts.erase(host) > 0) {
    ++subnet->available_ips;
    subnet->lowest_free_hint = std::min(subnet->lowest_free_hint, host);
  }
}

std::string Network::allocate_public_ip() {
  if (next_public_ == 0) next_public_ = parse_ipv4("3.80.0.4");
  std::uint32_t address = next_public_++;
  if ((address & 0xff) == 0 || (address & 0xff) == 255) address = next_public_++;
  return format_ipv4(address);
}

namespace {
std::string dashed(const std::string& ip) {
  std::string out = ip;
  for (char& c : out) {
    if (c == '.') c = '-';
  }
  return out;
}
}  // namespace

std::string private_dns_name(const std::string& ip, const std::string& region) {
  if (ip.empty()) return "";
  if (region == "us-east-1") return "ip-" + dashed(ip) + ".ec2.internal";
  return "ip-" + dashed(ip) + "." + region + ".compute.internal";
}

std::string public_dns_name(const std::string& ip, const std::string& region) {
  if (ip.empty()) return "";
  if (region == "us-east-1") return "ec2-" + dashed(ip) + ".compute-1.amazonaws.com";
  return "ec2-" + dashed(ip) + "." + region + ".compute.amazonaws.com";
}

}  // namespace cloudlife::ec2
