// Pipeline stage "record": what the journal, the audit trail and the access log keep of a request,
// read from its RequestContext alone (docs/architecture.md, "the request pipeline").
// Contract: complete_context() copies the answer's HTTP status and error code (set by whoever
// answered, never read back from the body) into the context; audit_record() is the audit trail's
// record of a completed context: "Success" or the error code, the named and created resource IDs.
#pragma once

#include "core/audit_log.h"
#include "core/time.h"
#include "protocol/http_message.h"
#include "protocol/request_context.h"

namespace cloudlife::server {

void complete_context(protocol::RequestContext& ctx, const protocol::HttpResponse& response);

core::AuditRecord audit_record(const protocol::RequestContext& ctx, core::TimeMs virtual_time,
                               core::TimeMs wall_time);

}  // namespace cloudlife::server
