// MacAddress: parsing and writing the canonical lowercase text.
#include "core/mac_address.h"

#include <stdexcept>

namespace cloudlife::core {
namespace {

int mac_hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::optional<MacAddress> MacAddress::parse(std::string_view text) noexcept {
  MacAddress out;
  if (text.empty()) return out;
  if (text.size() != 17) return std::nullopt;
  std::uint64_t bits = 0;
  for (std::size_t k = 0; k < 17; k += 3) {
    const int hi = mac_hex_digit(text[k]);
    const int lo = mac_hex_digit(text[k + 1]);
    if (hi < 0 || lo < 0 || (k + 2 < 17 && text[k + 2] != ':')) return std::nullopt;
    bits = bits << 8 | static_cast<std::uint64_t>(hi << 4 | lo);
  }
  out.bits_ = bits | kPresent;
  return out;
}

std::uint64_t MacAddress::parse_or_throw(std::string_view text) {
  const std::optional<MacAddress> mac = parse(text);
  if (!mac) throw std::invalid_argument("not a lowercase MAC address: " + std::string(text));
  return mac->bits_;
}

std::string MacAddress::str() const {
  if (empty()) return {};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(17, ':');
  for (int octet = 0; octet < 6; ++octet) {
    const auto value = static_cast<unsigned>(bits_ >> (8 * (5 - octet)) & 0xff);
    out[3 * octet] = kDigits[value >> 4];
    out[3 * octet + 1] = kDigits[value & 0xf];
  }
  return out;
}

}  // namespace cloudlife::core
