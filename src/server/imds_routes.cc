#include "server/imds_routes.h"

#include <cstdlib>

#include "core/service_error.h"
#include "ec2/instance_metadata.h"
#include "protocol/crypto.h"

namespace cloudlife::server {
namespace {

using nlohmann::json;
using protocol::HttpResponse;

constexpr std::string_view kPrefix = "/_cloudlife/imds/";
constexpr const char* kTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
constexpr const char* kTokenHeader = "X-aws-ec2-metadata-token";

HttpResponse text(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

HttpResponse json_error(int status, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = json{{"error", message}}.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

HttpResponse not_found() {
  return text(404, "Not Found");
}
HttpResponse unauthorized() {
  return text(401, "Unauthorized");
}

// The TTL header as seconds, or nullopt when missing or not a whole number in 1..21,600.
std::optional<long long> token_ttl(const protocol::HttpRequest& request) {
  const std::string value(request.header(kTtlHeader));
  char* end = nullptr;
  const long long n = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || n < ec2::ImdsTokens::kMinTtlSeconds ||
      n > ec2::ImdsTokens::kMaxTtlSeconds) {
    return std::nullopt;
  }
  return n;
}

struct Found {
  ec2::Ec2Partition* partition = nullptr;
  ec2::Instance* instance = nullptr;
};

Found find_instance(core::LockProof held, ec2::Ec2Model& model, const std::string& id) {
  Found found;
  model.for_each_partition(held, [&](const core::PartitionKey&, ec2::Ec2Partition& p) {
    if (found.instance) return;
    if (ec2::Instance* inst = p.find_instance(id)) {
      found.partition = &p;
      found.instance = inst;
    }
  });
  return found;
}

HttpResponse serve(const core::EngineLock& held, Services& services,
                   const protocol::HttpRequest& request, const std::string& instance_id,
                   const std::string& path, core::TimeMs now) {
  const Found found = find_instance(held, services.ec2, instance_id);
  if (!found.instance) return json_error(404, "no instance " + instance_id);
  const ec2::Instance& inst = *found.instance;
  const core::InstanceState state = inst.lifecycle.state();
  if (state == core::InstanceState::kStopped || state == core::InstanceState::kTerminated) {
    return json_error(404, "the instance " + instance_id + " is " +
                               std::string(core::state_name(state)) +
                               ": its metadata service does not answer");
  }
  if (inst.metadata.http_endpoint == "disabled") return not_found();
  if (path == "latest/api/token") {
    if (request.method != "PUT") return text(405, "Method Not Allowed");
    const auto ttl = token_ttl(request);
    if (!ttl) return text(400, "Bad Request");
    HttpResponse r = text(200, services.ec2.imds_tokens(held).issue(instance_id, *ttl, now));
    r.headers.emplace_back(kTtlHeader, std::to_string(*ttl));
    return r;
  }
  if (request.method != "GET" && request.method != "HEAD") return text(405, "Method Not Allowed");
  if (request.has_header(kTokenHeader)) {
    if (!services.ec2.imds_tokens(held).valid(std::string(request.header(kTokenHeader)),
                                              instance_id, now)) {
      return unauthorized();
    }
  } else if (inst.metadata.http_tokens == "required") {
    return unauthorized();
  }
  if (path == "latest/user-data") {
    if (inst.user_data.empty()) return not_found();
    return text(200, protocol::base64_decode(inst.user_data).value_or(inst.user_data));
  }
  if (path == "latest" || path == "latest/") return text(200, "dynamic\nmeta-data\nuser-data");
  if (path.rfind("latest/", 0) != 0) return not_found();
  ec2::MetadataExtras extras;
  extras.target_lifecycle_state =
      services.ec2.target_lifecycle_state(held, found.partition->key, instance_id);
  const ec2::MetadataTree tree = ec2::metadata_tree(inst, *found.partition, extras);
  const auto value = tree.get(path.substr(std::string("latest/").size()));
  return value ? text(200, *value) : not_found();
}

}  // namespace

std::optional<HttpResponse> imds_route(Services& services, const protocol::HttpRequest& request) {
  const std::string& full = request.path;
  if (full.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  const std::string rest = full.substr(kPrefix.size());
  const auto slash = rest.find('/');
  const std::string instance_id = rest.substr(0, slash);
  const std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (!ec2::Ec2Model::is_well_formed_instance_id(instance_id)) {
    return json_error(400, "\"" + instance_id + "\" is not an instance ID");
  }
  const bool reads = request.method != "PUT";
  const core::Engine::ReadOnlyScope read_only(reads);
  return services.engine.transact([&](const core::EngineLock& held, core::TimeMs now) {
    return serve(held, services, request, instance_id, path, now);
  });
}

}  // namespace cloudlife::server
