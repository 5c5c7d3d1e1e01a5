#include "server/request_record.h"

namespace cloudlife::server {

void complete_context(protocol::RequestContext& ctx, const protocol::HttpResponse& response) {
  ctx.http_status = response.status;
  ctx.error_code = response.status < 400 ? std::string() : response.error_code;
  ctx.injected_fault = ctx.injected_fault || response.injected_fault;
}

core::AuditRecord audit_record(const protocol::RequestContext& ctx, core::TimeMs virtual_time,
                               core::TimeMs wall_time) {
  core::AuditRecord r;
  r.virtual_time = virtual_time;
  r.wall_time = wall_time;
  r.cloud = std::string(protocol::cloud_name(ctx.cloud));
  r.account = ctx.account;
  r.region = ctx.region;
  r.access_key = ctx.access_key;
  r.action = ctx.action;
  r.http_status = ctx.http_status;
  r.result = ctx.http_status < 400 ? "Success" : ctx.error_code;
  r.request_id = ctx.request_id;
  const std::vector<std::string> ids = protocol::resource_ids_of(ctx);
  r.resource_ids.assign(ids.begin(), ids.end());
  return r;
}

}  // namespace cloudlife::server
