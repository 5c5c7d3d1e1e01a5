#include "ecs/cidr.h"

#include <charconv>

namespace cloudlife::ecs {

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
  std::uint32_t out = 0;
  for (int part_index = 0; part_index < 4; ++part_index) {
    const std::size_t dot = text.find('.');
    const bool last = part_index == 3;
    if (last != (dot == std::string_view::npos)) return std::nullopt;  // exactly three dots
    const std::string_view part = text.substr(0, dot);
    if (part.empty() || part.size() > 3) return std::nullopt;
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || value > 255) return std::nullopt;
    out = (out << 8) | value;
    if (!last) text.remove_prefix(dot + 1);
  }
  return out;
}

std::string format_ipv4(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." +
         std::to_string((a >> 8) & 0xff) + "." + std::to_string(a & 0xff);
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto base = parse_ipv4(text.substr(0, slash));
  const std::string_view bits = text.substr(slash + 1);
  int prefix = -1;
  const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (!base || bits.empty() || ec != std::errc() || end != bits.data() + bits.size() ||
      prefix < 0 || prefix > 32) {
    return std::nullopt;
  }
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  if ((*base & ~mask) != 0) return std::nullopt;
  return Cidr{*base, prefix};
}

bool is_private_block(const Cidr& block) {
  static const Cidr kRanges[] = {*parse_cidr("10.0.0.0/8"), *parse_cidr("172.16.0.0/12"),
                                 *parse_cidr("192.168.0.0/16")};
  for (const Cidr& r : kRanges) {
    if (r.contains(block)) return true;
  }
  return false;
}

bool is_vswitch_host(const Cidr& block, std::uint32_t address) {
  return block.contains(address) && address > block.base && address + 3 < block.last() + 1;
}

std::uint64_t vswitch_host_count(const Cidr& block) {
  return block.size() > 4 ? block.size() - 4 : 0;
}

}  // namespace cloudlife::ecs
