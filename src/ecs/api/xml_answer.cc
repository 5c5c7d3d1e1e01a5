#include "ecs/api/xml_answer.h"

#include <algorithm>

#include "protocol/xml_writer.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

// The path of the objects held by member `name` of an object at `path` (list items keep the
// path of their list's member: "Disks" for every disk).
std::string answer_member_path(const std::string& path, const std::string& name) {
  return path.empty() ? name : path + "." + name;
}

// Calls visit(name, value) for each member of `object`: those `order` names first, in its
// order, then the others in name order.
template <class Visit>
void for_each_answer_member(const json& object, const AnswerOrder* order, const std::string& path,
                            Visit&& visit) {
  const std::vector<std::string>* names = order ? order->members(path) : nullptr;
  std::size_t seen = 0;
  if (names) {
    for (const std::string& name : *names) {
      const auto it = object.find(name);
      if (it == object.end()) continue;
      visit(name, *it);
      ++seen;
    }
  }
  if (seen == object.size()) return;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (names && std::find(names->begin(), names->end(), it.key()) != names->end()) continue;
    visit(it.key(), it.value());
  }
}

void write_xml_value(protocol::XmlWriter& w, const std::string& name, const json& v,
                     const AnswerOrder* order, const std::string& path);

void write_xml_members(protocol::XmlWriter& w, const json& object, const AnswerOrder* order,
                       const std::string& path) {
  for_each_answer_member(object, order, path, [&](const std::string& key, const json& value) {
    if (value.is_array()) {
      for (const json& item : value) write_xml_value(w, key, item, order, path);
    } else {
      write_xml_value(w, key, value, order, answer_member_path(path, key));
    }
  });
}

void write_xml_value(protocol::XmlWriter& w, const std::string& name, const json& v,
                     const AnswerOrder* order, const std::string& path) {
  if (v.is_object()) {
    w.open(name);
    write_xml_members(w, v, order, path);
    w.close();
  } else if (v.is_array()) {
    w.open(name);
    for (const json& item : v) write_xml_value(w, name, item, order, path);
    w.close();
  } else if (v.is_string()) {
    w.leaf(name, v.get<std::string>());
  } else if (v.is_null()) {
    w.empty(name);
  } else {
    w.leaf(name, v.dump());
  }
}

void write_json_value(std::string& out, const json& v, const AnswerOrder* order,
                      const std::string& path) {
  if (v.is_object()) {
    out += '{';
    bool first = true;
    for_each_answer_member(v, order, path, [&](const std::string& key, const json& value) {
      if (!first) out += ',';
      first = false;
      out += json(key).dump(-1, ' ', false, json::error_handler_t::replace);
      out += ':';
      write_json_value(out, value, order, value.is_array() ? path : answer_member_path(path, key));
    });
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const json& item : v) {
      if (!first) out += ',';
      first = false;
      write_json_value(out, item, order, path);
    }
    out += ']';
  } else {
    out += v.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

}  // namespace

std::string alibaba_xml(const std::string& root, const json& body, const AnswerOrder* order) {
  protocol::XmlWriter w;
  w.open(root);
  if (body.is_object()) write_xml_members(w, body, order, "");
  w.close();
  return w.str();
}

std::string alibaba_json(const json& body, const AnswerOrder* order) {
  std::string out;
  write_json_value(out, body, order, "");
  return out;
}

}  // namespace cloudlife::ecs::api
