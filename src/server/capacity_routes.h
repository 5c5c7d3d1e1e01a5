// Control-plane routes for capacity pools (docs/control-plane.md "Capacity pools"):
//   PUT /_cloudlife/capacity    {"pools":[{"region","zone","instance_type","market","available"}]}
//                                replaces the whole set
//   GET /_cloudlife/capacity    {"pools":[{…, "available":N, "remaining":M}]}
//   DELETE /_cloudlife/capacity clears it (every pool unlimited again)
// Contract: answers nothing for any other path; bad input throws std::invalid_argument (the control
// plane answers 400) and changes nothing. Runs under the engine lock, after due events fired.
#pragma once

#include <optional>

#include "protocol/http_message.h"
#include "server/services.h"

namespace cloudlife::server {

std::optional<protocol::HttpResponse> capacity_route(Services& services,
                                                     const protocol::HttpRequest& request);

}  // namespace cloudlife::server
