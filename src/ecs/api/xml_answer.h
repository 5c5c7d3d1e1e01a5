// An ECS / VPC answer held as a JSON DOM, written as Alibaba writes it: in JSON or in XML
// (Format=XML), the members of every object in the order of the action's AnswerOrder.
// Contract: pure. Members the order names come first, in its order; any other member follows in
// name order (a null order: name order throughout). XML: the root element is `<Action>Response`
// for a success and `Error` for an error; an object member becomes an element, an array member
// repeats its element once per item (so {"Instances":{"Instance":[a,b]}} is
// <Instances><Instance>a</Instance><Instance>b</Instance></Instances>, as Alibaba writes lists),
// strings are escaped, numbers and booleans written as JSON writes them, null as an empty
// element. JSON: the same members, invalid UTF-8 in strings replaced by U+FFFD.
//
//   std::string xml = alibaba_xml("DescribeVpcsResponse", body, AnswerOrder::find("vpc",
//   "DescribeVpcs")); std::string json = alibaba_json(body, AnswerOrder::find("vpc",
//   "DescribeVpcs"));
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "ecs/api/answer_order.h"

namespace cloudlife::ecs::api {

std::string alibaba_xml(const std::string& root, const nlohmann::json& body,
                        const AnswerOrder* order = nullptr);
std::string alibaba_json(const nlohmann::json& body, const AnswerOrder* order = nullptr);

}  // namespace cloudlife::ecs::api
