// Shell-style wildcard matching, as AWS filters and IAM-style policies use it.
// Contract: '*' matches any run (also empty), '?' exactly one character, '\' escapes the next
// character; everything else matches itself, case-sensitively.
#pragma once

#include <string_view>

namespace cloudlife::core {

bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace cloudlife::core
