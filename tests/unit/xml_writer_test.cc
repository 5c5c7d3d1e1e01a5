// Units for the XML writer: escaping, and documents that stay well-formed UTF-8 whatever bytes a
// client sent (checked by parsing the output with tinyxml2).
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include "protocol/xml_writer.h"

namespace cloudlife::protocol {
namespace {

TEST(XmlWriter, EscapesMarkupAndKeepsValidUtf8) {
  XmlWriter xml(false);
  xml.open("a").leaf("b", "x<y & 'z' \"q\" \xC3\xA9 \xF0\x9F\x98\x80").close();
  EXPECT_EQ(xml.str(),
            "<a><b>x&lt;y &amp; &apos;z&apos; &quot;q&quot; \xC3\xA9 \xF0\x9F\x98\x80</b></a>");
}

TEST(XmlWriter, InvalidBytesAndControlCharactersBecomeReplacementCharacters) {
  XmlWriter xml(false);
  xml.open("a").leaf("b", std::string("t\xFF\xFE\x01\xC3", 5)).close();
  EXPECT_EQ(xml.str(), "<a><b>t\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</b></a>");
  tinyxml2::XMLDocument doc;
  EXPECT_EQ(doc.Parse(xml.str().c_str()), tinyxml2::XML_SUCCESS);
}

TEST(XmlWriter, OverlongAndSurrogateSequencesAreRefused) {
  XmlWriter xml(false);
  xml.leaf("b", std::string("\xC0\xAF|\xED\xA0\x80", 6));
  EXPECT_EQ(xml.str().find("\xC0"), std::string::npos);
  EXPECT_EQ(xml.str().find("\xED\xA0"), std::string::npos);
}

TEST(XmlWriter, LargeDocumentsAreTheSameWhetherReservedOrGrownAndTakeHandsThemOver) {
  auto write = [](XmlWriter& xml) {
    xml.open_with_xmlns("R", "urn:x");
    for (int i = 0; i < 20000; ++i) {
      xml.open("item").leaf("n", i).leaf("t", i % 7 == 0 ? "a&b" : "plain").empty("e").close();
    }
    xml.close();
  };
  XmlWriter grown;
  write(grown);
  XmlWriter reserved;
  reserved.reserve(4 * 1024 * 1024);
  write(reserved);
  const std::string expected = grown.str();
  EXPECT_EQ(reserved.size(), expected.size());
  EXPECT_EQ(reserved.take(), expected);
  EXPECT_NE(expected.find("<item><n>7</n><t>a&amp;b</t><e/></item>"), std::string::npos);
  EXPECT_EQ(expected.substr(expected.size() - 4), "</R>");
  tinyxml2::XMLDocument doc;
  EXPECT_EQ(doc.Parse(expected.c_str()), tinyxml2::XML_SUCCESS);
}

}  // namespace
}  // namespace cloudlife::protocol
