// AWS Security Token Service (Query API 2011-06-15), the part tools call before they work with
// EC2: GetCallerIdentity (Ansible's amazon.aws modules ask it for the account ID; Terraform's
// provider at start-up). Contract: handle_sts() answers one decoded STS request from who the
// request's key is (server/caller_identity.h) and touches no cloud state; actions the model has
// but cloudlife lacks are 501 NotImplemented, others InvalidAction; errors use the Query
// <ErrorResponse> with STS's namespace.
#pragma once

#include <string>
#include <vector>

#include "protocol/http_message.h"
#include "protocol/query_params.h"
#include "protocol/request_context.h"
#include "server/access_control.h"

namespace cloudlife::server {

inline constexpr std::string_view kStsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

protocol::HttpResponse handle_sts(const protocol::RequestContext& ctx,
                                  const protocol::QueryParams& params, const AccessControl& access);

// The STS actions cloudlife serves (for --list-actions and docs/coverage.md).
std::vector<std::string> sts_actions();

}  // namespace cloudlife::server
