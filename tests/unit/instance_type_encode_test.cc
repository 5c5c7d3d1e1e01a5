// DescribeInstanceTypes' item writer (src/ec2/api/instance_type_encode.h): every element of every
// catalogue item reaches the answer, with its value, and supportedInRegion is the region's.
#include "ec2/api/instance_type_encode.h"

#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <cstdlib>
#include <string>

#include "ec2/instance_types.h"
#include "protocol/xml_writer.h"

namespace cloudlife::ec2::api {
namespace {

std::string written_type_xml(const InstanceTypeView& view) {
  protocol::XmlWriter xml(false);
  xml.open("item");
  codec::ec2::InstanceTypeInfoWriter w(xml);
  write_instance_type_info(w, view);
  xml.close();
  return xml.take();
}

int child_count(const tinyxml2::XMLElement* e) {
  int n = 0;
  for (const auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) ++n;
  return n;
}

// The element `e` carries exactly the catalogue value `v` (objects member by member, arrays as
// <item> lists, numbers by value).
void expect_same(const nlohmann::json& v, const tinyxml2::XMLElement* e, const std::string& path) {
  ASSERT_NE(e, nullptr) << path << " is missing";
  if (v.is_object()) {
    EXPECT_EQ(child_count(e), static_cast<int>(v.size())) << path;
    for (auto it = v.begin(); it != v.end(); ++it) {
      expect_same(it.value(), e->FirstChildElement(it.key().c_str()), path + "/" + it.key());
    }
  } else if (v.is_array()) {
    EXPECT_EQ(child_count(e), static_cast<int>(v.size())) << path;
    const auto* item = e->FirstChildElement("item");
    for (const nlohmann::json& x : v) {
      expect_same(x, item, path + "[]");
      if (item) item = item->NextSiblingElement("item");
    }
  } else {
    const std::string text = e->GetText() ? e->GetText() : "";
    if (v.is_string()) {
      EXPECT_EQ(text, v.get<std::string>()) << path;
    } else if (v.is_boolean()) {
      EXPECT_EQ(text, v.get<bool>() ? "true" : "false") << path;
    } else {
      EXPECT_DOUBLE_EQ(std::strtod(text.c_str(), nullptr), v.get<double>()) << path;
    }
  }
}

TEST(InstanceTypeEncode, WritesEveryCatalogueElementOfEveryType) {
  ASSERT_FALSE(instance_type_catalogue().empty());
  for (const InstanceTypeInfo& type : instance_type_catalogue()) {
    for (const bool supported : {true, false}) {
      tinyxml2::XMLDocument doc;
      const std::string xml = written_type_xml({&type, supported});
      ASSERT_EQ(doc.Parse(xml.c_str()), tinyxml2::XML_SUCCESS) << type.name;
      nlohmann::json expected = type.wire();
      expected["supportedInRegion"] = supported;
      expect_same(expected, doc.FirstChildElement("item"), type.name);
    }
  }
}

}  // namespace
}  // namespace cloudlife::ec2::api
