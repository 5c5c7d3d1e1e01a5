// NextToken / MaxRecords paging over an already ordered list, shared by the describe actions.
// Contract: the token is the decimal offset of the next page; an unparsable or out-of-range token
// is InvalidNextToken; no token is returned after the last page (the CLI would loop forever).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/service_error.h"
#include "protocol/query_params.h"

namespace cloudlife::autoscaling::api {

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string next_token;
};

// From a decoded request's MaxRecords / NextToken (the generated codec's request structs).
inline Page page_of(std::optional<std::int64_t> max_records,
                    const std::optional<std::string>& token_in, std::size_t total,
                    long long default_size, long long max_size) {
  const long long size = max_records.value_or(default_size);
  if (size < 1 || size > max_size) {
    throw core::ServiceError("ValidationError",
                             "1 validation error detected: Value '" + std::to_string(size) +
                                 "' at 'maxRecords' failed to satisfy constraint: Member must "
                                 "have value between 1 and " +
                                 std::to_string(max_size));
  }
  Page page;
  const std::string token = token_in.value_or("");
  if (!token.empty()) {
    std::size_t pos = 0;
    unsigned long long offset = 0;
    try {
      offset = std::stoull(token, &pos);
    } catch (const std::exception&) {
      pos = 0;
    }
    if (pos != token.size() || offset > total) {
      throw core::ServiceError("InvalidNextToken", "The token '" + token + "' is invalid.");
    }
    page.begin = static_cast<std::size_t>(offset);
  }
  page.end = std::min(total, page.begin + static_cast<std::size_t>(size));
  if (page.end < total) page.next_token = std::to_string(page.end);
  return page;
}

inline Page page_of(const protocol::QueryParams& params, std::size_t total, long long default_size,
                    long long max_size) {
  return page_of(params.integer("MaxRecords"), params.str("NextToken"), total, default_size,
                 max_size);
}

}  // namespace cloudlife::autoscaling::api
