#include "ecs/api/answer_order.h"

#include <nlohmann/json.hpp>

#include "ecs/answer_order_json.inc"

namespace cloudlife::ecs::api {
namespace {

using OrderTable = std::map<std::string, AnswerOrder, std::less<>>;  // "product/Action"

OrderTable parse_answer_order_table() {
  OrderTable table;
  const nlohmann::json doc = nlohmann::json::parse(kAnswerOrderJson);
  for (const auto& [product, actions] : doc.items()) {
    for (const auto& [action, paths] : actions.items()) {
      AnswerOrder& order = table[product + "/" + action];
      for (const auto& [path, members] : paths.items()) {
        order.paths[path] = members.get<std::vector<std::string>>();
      }
    }
  }
  return table;
}

}  // namespace

const AnswerOrder* AnswerOrder::find(std::string_view product, std::string_view action) {
  static const OrderTable kTable = parse_answer_order_table();
  std::string key;
  key.reserve(product.size() + 1 + action.size());
  key.append(product).append("/").append(action);
  const auto it = kTable.find(key);
  return it == kTable.end() ? nullptr : &it->second;
}

const AnswerOrder& AnswerOrder::error() {
  static const AnswerOrder kError{{{"", {"RequestId", "HostId", "Code", "Message", "Recommend"}}}};
  return kError;
}

const std::vector<std::string>* AnswerOrder::members(std::string_view path) const {
  const auto it = paths.find(path);
  return it == paths.end() ? nullptr : &it->second;
}

}  // namespace cloudlife::ecs::api
