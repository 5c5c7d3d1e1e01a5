// A resource ID of up to 23 characters held inline (24 bytes, no heap block), for what a record
// keeps per timed event: an instance's pending settle captures its ID twice (to find it again and
// to run what follows), and a std::string of a 19-character ID takes a 32-byte heap block besides.
// Contract: REQUIRES text of at most kCapacity characters (every EC2 resource ID; longer text
// throws std::length_error). str() gives the text back.
//
//   core::InlineId id(instance.instance_id);
//   scheduler.schedule(due, [part, id](core::TimeMs) { part->find_instance(id.str()); });
#pragma once

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cloudlife::core {

class InlineId {
 public:
  static constexpr std::size_t kCapacity = 23;

  explicit InlineId(std::string_view text) : size_(static_cast<unsigned char>(text.size())) {
    if (text.size() > kCapacity) throw std::length_error("ID too long to keep inline");
    std::memcpy(chars_, text.data(), text.size());
  }

  std::string_view view() const noexcept { return {chars_, size_}; }
  std::string str() const { return std::string(chars_, size_); }

 private:
  char chars_[kCapacity] = {};
  unsigned char size_;
};

}  // namespace cloudlife::core
