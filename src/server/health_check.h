// `cloudlife health`: probes a running server's GET /_cloudlife/health.
// Contract: returns 0 when the server answers 200 with {"status":"ok"} within the timeout, 1
// otherwise (refused, timed out, other status or body); prints one line saying which, to stdout on
// success and stderr on failure. `endpoint` is http://HOST:PORT (a trailing path is ignored).
#pragma once

#include <string>

namespace cloudlife::server {

int run_health_check(const std::string& endpoint, double timeout_seconds);

}  // namespace cloudlife::server
