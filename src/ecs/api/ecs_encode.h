// ECS resources as the JSON the SDKs parse: exact PascalCase names, list wrappers
// (Instances.Instance[], Tags.Tag[], …) even for one element, numbers as numbers, booleans as
// booleans, times at minute precision (yyyy-MM-ddTHH:mmZ).
#pragma once

#include <nlohmann/json.hpp>

#include "ecs/api/answer_writer.h"
#include "ecs/ecs_model.h"

namespace cloudlife::ecs::api {

// An instance's members, written straight to the answer (DescribeInstances); instance_json() is
// the same members as a DOM (DescribeInstanceAttribute).
void write_instance(AnswerWriter& w, const Instance& instance);
nlohmann::json instance_json(const Instance& instance);
nlohmann::json instance_response_json(const std::vector<InstanceResponse>& responses);
nlohmann::json disk_json(const Disk& disk);
nlohmann::json snapshot_json(const Snapshot& snapshot);
nlohmann::json eip_json(const EipAddress& eip);
nlohmann::json network_interface_json(const NetworkInterface& eni);
// The VPC API's shapes (times with seconds, Tags.Tag[] as Key/Value).
nlohmann::json vpc_json(const Vpc& vpc);
nlohmann::json vswitch_json(const VSwitch& vswitch);
nlohmann::json security_group_json(const SecurityGroup& group);
nlohmann::json permission_json(const SecurityGroupRule& rule);
nlohmann::json tags_json(const std::vector<Tag>& tags, const char* key_name = "TagKey",
                         const char* value_name = "TagValue");
// TotalCount/PageNumber/PageSize or NextToken, merged into `body`.
void add_page_fields(nlohmann::json& body, const PageInfo& page);
void write_page_fields(AnswerWriter& w, const PageInfo& page);
std::string ecs_time(core::TimeMs t);

}  // namespace cloudlife::ecs::api
