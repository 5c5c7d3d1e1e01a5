// Typed access to an Alibaba RPC request's parameters, with ECS's own error codes.
// Contract: names are the wire's PascalCase; repeat lists are 1-based (InstanceId.1, Tag.1.Key);
// JSON-array parameters (InstanceIds, DiskIds) are parsed from their JSON text. A value that is
// not of the parameter's type throws InvalidParameter (400); required() throws MissingParameter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ecs/ecs_model.h"
#include "protocol/alibaba_signature.h"
#include "protocol/query_params.h"

namespace cloudlife::ecs::api {

class Params {
 public:
  explicit Params(const protocol::AlibabaParams& pairs) : q_(pairs) {}

  std::optional<std::string> opt(const std::string& name) const { return q_.str(name); }
  std::string str(const std::string& name, const std::string& fallback = "") const {
    return q_.str_or(name, fallback);
  }
  std::string required(const std::string& name) const;
  std::optional<bool> boolean(const std::string& name) const;
  bool flag(const std::string& name, bool fallback = false) const {
    return boolean(name).value_or(fallback);
  }
  std::optional<long long> integer(const std::string& name) const;
  // InstanceId.1, InstanceId.2, … in index order.
  std::vector<std::string> list(const std::string& name) const { return q_.list(name); }
  // A JSON array of strings in one parameter; `malformed_code` is the error code for bad JSON.
  std::optional<std::vector<std::string>> json_array(const std::string& name,
                                                     const std::string& malformed_code) const;
  std::vector<Tag> tags(const std::string& prefix = "Tag") const;
  // PageNumber/PageSize or MaxResults/NextToken.
  PageRequest page(long long default_size, long long max_size, bool allow_tokens) const;
  // Every parameter except the signature and common ones, sorted: the ClientToken fingerprint.
  std::string fingerprint() const;

 private:
  protocol::QueryParams q_;
};

// AcceptLanguage: zh-CN (the default) answers in Chinese; en-US and the other documented values in
// English; anything else is InvalidParameter.
Language accept_language(const Params& p);
// "a,b,,c" -> {"a", "b", "c"}: a comma-separated ID list, empty items dropped.
std::vector<std::string> comma_list(const std::string& text);

}  // namespace cloudlife::ecs::api
