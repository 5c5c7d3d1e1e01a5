// One ECS answer written straight to text, in JSON or in Alibaba's XML, members in the order they
// are written (no DOM per resource): the hot reads (DescribeInstances) use it.
// Contract: calls nest like the document (open/close, open_list/close_list, item/close_item);
// strings are escaped (JSON: invalid UTF-8 becomes U+FFFD, as the DOM path's dump does); a list
// is Alibaba's wrapper object holding one array member ("Instances":{"Instance":[…]} in JSON,
// <Instances><Instance>…</Instance>…</Instances> in XML, as xml_answer.h writes it).
//
//   AnswerWriter w(xml);
//   w.begin("DescribeInstancesResponse");
//   w.field("RequestId", id);
//   w.open_list("Instances", "Instance");
//   w.item(); w.field("InstanceId", "i-1"); w.close_item();
//   w.close_list();
//   std::string body = w.finish();
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocol/xml_writer.h"

namespace cloudlife::ecs::api {

class AnswerWriter {
 public:
  explicit AnswerWriter(bool xml);

  bool xml() const { return xml_; }
  void reserve(std::size_t bytes);
  void begin(std::string_view root);
  std::string finish();

  void field(std::string_view name, std::string_view value);
  void field(std::string_view name, const std::string& value) {
    field(name, std::string_view(value));
  }
  void field(std::string_view name, const char* value) { field(name, std::string_view(value)); }
  void field(std::string_view name, long long value);
  void field(std::string_view name, int value) { field(name, static_cast<long long>(value)); }
  void field(std::string_view name, bool value);

  // A nested object member.
  void open(std::string_view name);
  void close();
  // A list: `wrapper` holding `item` repeated.
  void open_list(std::string_view wrapper, std::string_view item);
  void close_list();
  // One object item of the open list, or one string item.
  void item();
  void close_item();
  void string_item(std::string_view value);

  // JSON string escaping (quotes included), invalid UTF-8 replaced by U+FFFD.
  static void json_string(std::string& out, std::string_view text);

 private:
  struct Frame {
    bool first = true;
    std::string_view item;  // the item name inside a list ("" otherwise)
  };
  void key(std::string_view name);  // JSON: separator and "name":
  void separator();

  bool xml_;
  std::string json_;
  protocol::XmlWriter xml_writer_;
  std::vector<Frame> frames_;
};

}  // namespace cloudlife::ecs::api
