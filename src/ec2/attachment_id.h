// An interface attachment's ID without a heap block: "eni-attach-" and 17 hex digits is 28
// characters, past the 23 core::CompactText keeps inline, so it keeps the text after that prefix
// (inline) and whether the prefix was there. Kept once per interface, so once per instance.
// Contract: holds any text (text without the prefix is kept whole: inline up to 23 characters);
// compares equal to exactly the text it was made from; str() gives that text back.
//
//   AttachmentId id = core::resource_id("eni-attach");
//   if (id == request.attachment_id) out.attachment_id(id.str());
#pragma once

#include <string>
#include <string_view>

#include "core/compact_text.h"

namespace cloudlife::ec2 {

class AttachmentId {
 public:
  static constexpr std::string_view kPrefix = "eni-attach-";

  AttachmentId() = default;
  AttachmentId(std::string_view text)  // NOLINT(google-explicit-constructor): as a std::string
      : prefixed_(text.starts_with(kPrefix)),
        rest_(prefixed_ ? text.substr(kPrefix.size()) : text) {}
  AttachmentId(const std::string& text)  // NOLINT(google-explicit-constructor)
      : AttachmentId(std::string_view(text)) {}
  AttachmentId(const char* text)  // NOLINT(google-explicit-constructor)
      : AttachmentId(std::string_view(text)) {}
  // The ID of the attachment an instance's primary interface is made with: "eni-attach-" and
  // the interface ID's hex digits (what follows "eni-").
  static AttachmentId of_primary_interface(std::string_view interface_id) {
    AttachmentId id;
    id.prefixed_ = true;
    id.rest_ = interface_id.substr(4);
    return id;
  }

  std::string str() const {
    if (!prefixed_) return rest_.str();
    std::string text;
    text.reserve(kPrefix.size() + rest_.size());
    text.append(kPrefix).append(rest_.view());
    return text;
  }
  bool empty() const noexcept { return !prefixed_ && rest_.empty(); }

  friend bool operator==(const AttachmentId& id, std::string_view text) noexcept {
    if (!id.prefixed_) return text == id.rest_.view();
    return text.starts_with(kPrefix) && text.substr(kPrefix.size()) == id.rest_.view();
  }

 private:
  bool prefixed_ = false;
  core::CompactText rest_;
};

static_assert(sizeof(AttachmentId) == 32);

}  // namespace cloudlife::ec2
