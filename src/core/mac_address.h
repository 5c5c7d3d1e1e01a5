// A MAC address kept in 8 bytes, for records that exist by the hundred thousand (an instance and
// its primary interface each carry one): the 17-character text would take a 32-byte string and a
// 32-byte heap block.
// Contract: holds nothing (empty) or one address written as six lowercase hex pairs joined by ':'
// ("0e:1a:2b:3c:4d:5e"), the only form cloudlife makes; str() gives back exactly that text.
// Assigning any other text throws std::invalid_argument; assigning "" empties it.
//
//   core::MacAddress mac;
//   mac = "0e:00:00:00:00:01";   // mac.str() == "0e:00:00:00:00:01"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudlife::core {

class MacAddress {
 public:
  MacAddress() noexcept = default;
  MacAddress(std::string_view text) : bits_(parse_or_throw(text)) {}           // NOLINT
  MacAddress(const std::string& text) : MacAddress(std::string_view(text)) {}  // NOLINT
  MacAddress(const char* text) : MacAddress(std::string_view(text)) {}         // NOLINT

  // The address of well-formed text ("" gives an empty one); nullopt for anything else.
  static std::optional<MacAddress> parse(std::string_view text) noexcept;

  bool empty() const noexcept { return bits_ == 0; }
  std::string str() const;

  friend bool operator==(const MacAddress& a, const MacAddress& b) noexcept = default;
  friend bool operator==(const MacAddress& a, std::string_view b) { return a.str() == b; }

 private:
  static constexpr std::uint64_t kPresent = std::uint64_t{1} << 48;
  static std::uint64_t parse_or_throw(std::string_view text);

  std::uint64_t bits_ = 0;  // the six octets in the low 48 bits, kPresent when set
};

}  // namespace cloudlife::core
