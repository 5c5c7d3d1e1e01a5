// The one paginator of the AWS describes: a page of an already ordered list, addressed by an
// opaque token that is the decimal offset of the page's first element.
// Contract: the page size comes from the request (MaxRecords / MaxResults / PageSize) or the
// action's default, and must lie in [min_size, max_size]; a token that does not parse or points
// past the list is refused; no token is returned after the last page (a CLI paginator would loop
// forever). Each service words the refusals its own way (PageStyle), with the codes and
// templates of the AWS error catalogue:
//   kQuery (Auto Scaling, ELB, ELBv2): ValidationError "1 validation error detected: Value '0' at
//     'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100";
//     a bad token: InvalidNextToken "The token 'x' is invalid." (Auto Scaling) or, where the
//     service has no such code (token_code empty), ValidationError "Invalid value 'x' for
//     parameter Marker." (ELB / ELBv2 Marker).
//   kEc2: InvalidParameterValue "Value ( 3 ) for parameter maxResults is invalid. Expecting a
//     value greater than 5." / "... less than or equal to 1000."; a bad token:
//     InvalidParameterValue "Value ( x ) for parameter NextToken is invalid. The token is
//     invalid."
// EC2's offset describes take kEc2. DescribeInstances / DescribeInstanceStatus
// (src/ec2/instances_describe.cc validate_paging) page by a stable cursor (reservation
// sequence . index), not an offset, so they keep their cursor and take only the size check
// (check_page_size with kEc2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudlife::protocol {

enum class PageStyle { kQuery, kEc2 };

struct PageRule {
  PageStyle style;
  std::string_view size_member;  // as the service names it in errors: maxRecords, pageSize …
  long long default_size;
  long long min_size;
  long long max_size;
  std::string_view token_code;    // the bad-token error code; empty: ValidationError
  std::string_view token_member;  // the token parameter: NextToken, Marker
};

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string next_token;  // empty on the last page
};

// The size to use (the default when absent); throws the rule's error when out of range.
long long check_page_size(const PageRule& rule, std::optional<std::int64_t> size);

// The page of a list of `total` elements.
Page aws_page(const PageRule& rule, std::optional<std::int64_t> size,
              const std::optional<std::string>& token, std::size_t total);

}  // namespace cloudlife::protocol
