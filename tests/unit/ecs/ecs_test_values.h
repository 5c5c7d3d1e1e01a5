// The account, region and start time the ECS model tests launch into (one definition for every
// test file, so the files also compile together in a unity batch).
#pragma once

#include <string>

#include "core/time.h"

namespace cloudlife::ecs {

inline constexpr core::TimeMs kStart = 1'795'000'000'000;  // 2026-11-18T…Z
inline const std::string kAccount = "123456789012";
inline const std::string kRegion = "cn-hangzhou";

}  // namespace cloudlife::ecs
