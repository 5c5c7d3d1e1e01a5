// Control-plane routes for usage, billing and leaks (docs/control-plane.md, docs/teardown.md):
//   GET /_cloudlife/usage?account=&region=&cloud=&from=&to=&group_by=&priced=
//   GET /_cloudlife/leaks?account=&region=&cloud=
//   GET /_cloudlife/prices, PUT /_cloudlife/prices (replaces the whole price list)
// Contract: answers nothing for any other path; bad input throws std::invalid_argument (the
// control plane answers 400) and changes nothing. Reads and the price swap run under the engine
// lock, after due events fired.
#pragma once

#include <optional>

#include "protocol/http_message.h"
#include "server/services.h"

namespace cloudlife::server {

std::optional<protocol::HttpResponse> usage_route(Services& services,
                                                  const protocol::HttpRequest& request);

}  // namespace cloudlife::server
