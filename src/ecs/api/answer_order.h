// The order in which Alibaba writes the members of an answer, per product and action.
// Contract: read-only data, parsed once from src/ecs/data/answer_order.json (compiled in). The
// order is the API definition's, which the API reference's response tables and examples follow
// (scripts/alibaba_answer_order.py extracts it from Alibaba's generated Java SDK). A member path
// names the objects from the answer's top level down, list items left out: "" is the top level,
// "Disks" each disk of DescribeDisks, "Disks.Tags" each of a disk's tags. An error answer
// (`Error`) has its own fixed order: RequestId, HostId, Code, Message, Recommend.
//
//   const AnswerOrder* order = AnswerOrder::find("ecs", "DescribeDisks");
//   order->members("Disks");  // {"SerialNumber", "CreationTime", "Status", …}
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::ecs::api {

class AnswerOrder {
 public:
  // The order of `action`'s answer in `product` ("ecs" or "vpc"); nullptr when it is not known.
  static const AnswerOrder* find(std::string_view product, std::string_view action);
  // The order of an error answer.
  static const AnswerOrder& error();

  // The members of the objects at `path`, in order; nullptr when the path is not known.
  const std::vector<std::string>* members(std::string_view path) const;

  std::map<std::string, std::vector<std::string>, std::less<>> paths;
};

}  // namespace cloudlife::ecs::api
