// IPv4 addresses and CIDR blocks as the VPC API takes them: "172.16.0.0/12".
// Contract: pure functions; parse_cidr() accepts only a block whose address is its own network
// address (no host bits set) and a prefix of 0..32; everything else is std::nullopt.
//
//   auto vpc = parse_cidr("172.16.0.0/12");
//   bool ok = vpc && vpc->contains(*parse_cidr("172.16.1.0/24"));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudlife::ecs {

std::optional<std::uint32_t> parse_ipv4(std::string_view text);
std::string format_ipv4(std::uint32_t address);

struct Cidr {
  std::uint32_t base = 0;
  int prefix = 0;

  std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix); }
  std::uint32_t last() const { return static_cast<std::uint32_t>(base + size() - 1); }
  bool contains(std::uint32_t address) const { return address >= base && address <= last(); }
  bool contains(const Cidr& other) const { return other.prefix >= prefix && contains(other.base); }
  bool overlaps(const Cidr& other) const { return contains(other.base) || other.contains(base); }
  std::string str() const { return format_ipv4(base) + "/" + std::to_string(prefix); }
};

std::optional<Cidr> parse_cidr(std::string_view text);

// The private ranges a VPC may use (RFC 1918): 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16.
bool is_private_block(const Cidr& block);

// A vSwitch reserves its first address and its last three: hosts are base+1 .. last-3.
bool is_vswitch_host(const Cidr& block, std::uint32_t address);
std::uint64_t vswitch_host_count(const Cidr& block);

}  // namespace cloudlife::ecs
