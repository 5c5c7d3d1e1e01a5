// EC2's rule for a describe's MaxResults: outside [low, high] it is refused with
// InvalidParameterValue "Value ( N ) for parameter maxResults is invalid. Expecting a value
// between low and high." (each describe has its own bounds; 5..1000 is the most common).
#pragma once

#include <optional>
#include <string>

#include "core/service_error.h"

namespace cloudlife::ec2 {

inline void check_max_results(const std::optional<long long>& max_results, long long low = 5,
                              long long high = 1000) {
  if (max_results && (*max_results < low || *max_results > high)) {
    throw core::ServiceError("InvalidParameterValue",
                             "Value ( " + std::to_string(*max_results) +
                                 " ) for parameter maxResults is invalid. Expecting a value "
                                 "between " +
                                 std::to_string(low) + " and " + std::to_string(high) + ".");
  }
}

}  // namespace cloudlife::ec2
