// A control-plane answer: `body` as JSON (application/json) with `status`. Client text echoed in
// the body may be invalid UTF-8; it is replaced, so a 400 never turns into a 500.
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/http_message.h"

namespace cloudlife::server {

inline protocol::HttpResponse json_answer(int status, const nlohmann::json& body) {
  protocol::HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace cloudlife::server
