// Alibaba's Format=XML answers, written from the same JSON body the JSON answer carries.
// Contract: pure. The root element is `<Action>Response` for a success and `Error` for an error;
// an object member becomes an element, an array member repeats its element once per item (so
// {"Instances":{"Instance":[a,b]}} is <Instances><Instance>a</Instance><Instance>b</Instance>
// </Instances>, as Alibaba writes lists), strings are escaped, numbers and booleans written as
// JSON writes them, null as an empty element.
//
//   std::string xml = alibaba_xml("DescribeVpcsResponse", body);
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cloudlife::ecs::api {

std::string alibaba_xml(const std::string& root, const nlohmann::json& body);

}  // namespace cloudlife::ecs::api
