// Control-plane route for service events (docs/control-plane.md "Service events"):
//   GET /_cloudlife/service-events?after=SEQ&wait=SECONDS&source=&detail_type=&limit=
//   → {"events":[{"seq":N,"event":{EventBridge envelope}}],"last_seq":N}
// Contract: answers nothing for any other path. Fires due scheduled events first (so the answer
// reflects the current virtual time); with `wait` and nothing to answer yet, waits (wall time, at
// most kMaxWaitSeconds) for a matching event, catching up with the clock every 100 ms, and answers
// as soon as one exists. Bad input throws std::invalid_argument (400); nothing changes.
#pragma once

#include <optional>

#include "protocol/http_message.h"
#include "server/services.h"

namespace cloudlife::server {

inline constexpr double kMaxWaitSeconds = 60;

std::optional<protocol::HttpResponse> service_event_route(Services& services,
                                                          const protocol::HttpRequest& request);

}  // namespace cloudlife::server
