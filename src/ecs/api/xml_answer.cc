#include "ecs/api/xml_answer.h"

#include "protocol/xml_writer.h"

namespace cloudlife::ecs::api {
namespace {

void write_value(protocol::XmlWriter& w, const std::string& name, const nlohmann::json& v);

void write_members(protocol::XmlWriter& w, const nlohmann::json& object) {
  for (const auto& [key, value] : object.items()) {
    if (value.is_array()) {
      for (const nlohmann::json& item : value) write_value(w, key, item);
    } else {
      write_value(w, key, value);
    }
  }
}

void write_value(protocol::XmlWriter& w, const std::string& name, const nlohmann::json& v) {
  if (v.is_object()) {
    w.open(name);
    write_members(w, v);
    w.close();
  } else if (v.is_array()) {
    w.open(name);
    for (const nlohmann::json& item : v) write_value(w, name, item);
    w.close();
  } else if (v.is_string()) {
    w.leaf(name, v.get<std::string>());
  } else if (v.is_null()) {
    w.empty(name);
  } else {
    w.leaf(name, v.dump());
  }
}

}  // namespace

std::string alibaba_xml(const std::string& root, const nlohmann::json& body) {
  protocol::XmlWriter w;
  w.open(root);
  if (body.is_object()) write_members(w, body);
  w.close();
  return w.str();
}

}  // namespace cloudlife::ecs::api
