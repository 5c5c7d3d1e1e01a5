// The request pipeline, the same for every API (docs/architecture.md, "the request pipeline"):
//   origin / Host check → decode → authenticate → authorize → faults → dispatch → record
// where record is the journal (mutations, --state-dir), the audit trail (mutations) and the context
// the access log reads. Each stage is its own unit: AccessControl::check_origin, decode_request
// (request_decoder.h), AccessControl::authenticate and authorize, protocol::fault_context with
// FaultRegistry::error_for, the clouds' front ends, complete_context / audit_record
// (request_record.h) and the access log (access_log.h).
// Contract: route() never throws for bad input; every answer an earlier stage gives is in the
// words of the cloud the request was for (wire_errors.h). /_cloudlife/… and /moto-api/… pass the
// origin check and go to the control plane. A journal replay runs the same pipeline without
// authentication and faults (they decided when the request was first served).
#pragma once

#include "protocol/http_message.h"
#include "protocol/request_context.h"
#include "server/request_decoder.h"
#include "server/services.h"

namespace cloudlife::server {

class ControlPlane;

class Router {
 public:
  Router(Services& services, ControlPlane& control) : services_(services), control_(control) {}

  protocol::HttpResponse route(const protocol::HttpRequest& request);
  // As route(), and leaves the request's completed context in `ctx` (for the access log).
  protocol::HttpResponse route(const protocol::HttpRequest& request, protocol::RequestContext& ctx);

  static constexpr std::size_t kMaxBodyBytes = server::kMaxBodyBytes;

 private:
  protocol::HttpResponse serve(const protocol::HttpRequest& request, DecodedRequest& decoded);
  // authenticate → authorize → faults → dispatch.
  protocol::HttpResponse answer(const protocol::HttpRequest& request, DecodedRequest& decoded,
                                bool replaying);
  protocol::HttpResponse dispatch(const protocol::HttpRequest& request, DecodedRequest& decoded);

  Services& services_;
  ControlPlane& control_;
};

}  // namespace cloudlife::server
