#include "protocol/aws_paging.h"

#include <algorithm>
#include <charconv>

#include "protocol/aws_errors.h"

namespace cloudlife::protocol {
namespace {

[[noreturn]] void bad_size(const PageRule& rule, long long size) {
  const std::string n = std::to_string(size);
  if (rule.style == PageStyle::kEc2) {
    const std::string bound = size < rule.min_size
                                  ? "greater than " + std::to_string(rule.min_size)
                                  : "less than or equal to " + std::to_string(rule.max_size);
    throw aws_error("InvalidParameterValue",
                    {"Value ( " + n + " ) for parameter " + std::string(rule.size_member) +
                     " is invalid. Expecting a value " + bound + "."});
  }
  throw aws_error(
      "ValidationError",
      {"1 validation error detected: Value '" + n + "' at '" + std::string(rule.size_member) +
       "' failed to satisfy constraint: Member must have value between " +
       std::to_string(rule.min_size) + " and " + std::to_string(rule.max_size)});
}

[[noreturn]] void bad_token(const PageRule& rule, const std::string& token) {
  if (rule.style == PageStyle::kEc2) {
    throw aws_error("InvalidParameterValue",
                    {"Value ( " + token + " ) for parameter " + std::string(rule.token_member) +
                     " is invalid. The token is invalid."});
  }
  if (!rule.token_code.empty()) throw aws_error(rule.token_code, {token});
  throw aws_error("ValidationError", {"Invalid value '" + token + "' for parameter " +
                                      std::string(rule.token_member) + "."});
}

}  // namespace

long long check_page_size(const PageRule& rule, std::optional<std::int64_t> size) {
  const long long n = size.value_or(rule.default_size);
  if (n < rule.min_size || n > rule.max_size) bad_size(rule, n);
  return n;
}

Page aws_page(const PageRule& rule, std::optional<std::int64_t> size,
              const std::optional<std::string>& token, std::size_t total) {
  const long long n = check_page_size(rule, size);
  Page page;
  if (token && !token->empty()) {
    unsigned long long offset = 0;
    const char* end = token->data() + token->size();
    const auto [ptr, ec] = std::from_chars(token->data(), end, offset);
    if (ec != std::errc() || ptr != end || offset > total) bad_token(rule, *token);
    page.begin = static_cast<std::size_t>(offset);
  }
  page.end = std::min(total, page.begin + static_cast<std::size_t>(n));
  if (page.end < total) page.next_token = std::to_string(page.end);
  return page;
}

}  // namespace cloudlife::protocol
