// Layering one optional setting over another (a launch's own value over its template's, a
// modification over the current options): `out` takes `mine` when set, else `base`.
#pragma once

#include <optional>

namespace cloudlife::ec2 {

template <class T>
void take_first(std::optional<T>& out, const std::optional<T>& mine, const std::optional<T>& base) {
  out = mine ? mine : base;
}

}  // namespace cloudlife::ec2
