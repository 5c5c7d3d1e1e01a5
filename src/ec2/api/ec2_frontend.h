// The EC2 front end: from decoded Query parameters to an EC2 XML response.
// Contract: looks the Action up in the action table (InvalidAction otherwise), runs it, and turns
// every refusal into the EC2 error envelope with the cloud's HTTP status; an unexpected exception
// becomes InternalError (500) and never escapes. Handlers add the IDs of the resources they create
// to ctx.created_ids (the audit trail and the access log read them there).
#pragma once

#include "core/engine.h"
#include "ec2/ec2_model.h"
#include "protocol/http_message.h"
#include "protocol/query_params.h"
#include "protocol/request_context.h"

namespace cloudlife::ec2::api {

class Ec2Frontend {
 public:
  Ec2Frontend(core::Engine& engine, Ec2Model& model) : engine_(engine), model_(model) {}

  protocol::HttpResponse handle(protocol::RequestContext& ctx,
                                const protocol::QueryParams& params);
  static bool is_known_action(const std::string& action);

 private:
  core::Engine& engine_;
  Ec2Model& model_;
};

}  // namespace cloudlife::ec2::api
