// Compact record values: core::MacAddress (a MAC in 8 bytes), core::SharedText (a string shared
// by a group of records), core::CompactText (text in
// 24 bytes, an ID inline), core::SymbolList (an interned list of Symbols), ec2::HostSet (a
// subnet's used host numbers as bits) and ec2::AttachmentId (an interface attachment's ID inline).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/compact_text.h"
#include "core/mac_address.h"
#include "core/shared_text.h"
#include "core/symbol_list.h"
#include "ec2/attachment_id.h"
#include "ec2/network.h"

namespace cloudlife::core {
namespace {

TEST(MacAddress, KeepsTheTextItWasGivenInEightBytes) {
  EXPECT_EQ(sizeof(MacAddress), 8u);
  const MacAddress mac = std::string("0e:1a:2b:3c:4d:5e");
  EXPECT_FALSE(mac.empty());
  EXPECT_EQ(mac.str(), "0e:1a:2b:3c:4d:5e");
  EXPECT_EQ(MacAddress("00:00:00:00:00:00").str(), "00:00:00:00:00:00");
  EXPECT_EQ(MacAddress("ff:ff:ff:ff:ff:ff").str(), "ff:ff:ff:ff:ff:ff");
  EXPECT_EQ(mac, MacAddress("0e:1a:2b:3c:4d:5e"));
  EXPECT_EQ(mac, std::string_view("0e:1a:2b:3c:4d:5e"));
}

TEST(MacAddress, EmptyUntilSetAndFromTheEmptyText) {
  MacAddress mac;
  EXPECT_TRUE(mac.empty());
  EXPECT_EQ(mac.str(), "");
  mac = "0e:00:00:00:00:01";
  EXPECT_FALSE(mac.empty());
  mac = "";
  EXPECT_TRUE(mac.empty());
}

TEST(MacAddress, RefusesAnyOtherText) {
  EXPECT_FALSE(MacAddress::parse("0E:1A:2B:3C:4D:5E"));  // only the lowercase form round-trips
  EXPECT_FALSE(MacAddress::parse("0e:1a:2b:3c:4d"));
  EXPECT_FALSE(MacAddress::parse("0e-1a-2b-3c-4d-5e"));
  EXPECT_FALSE(MacAddress::parse("0e:1a:2b:3c:4d:5g"));
  EXPECT_THROW(MacAddress("not a mac address"), std::invalid_argument);
}

TEST(SharedText, CopiesShareOneString) {
  const SharedText a = std::string("r-0123456789abcdef0");
  const SharedText b = a;
  EXPECT_EQ(&a.str(), &b.str());
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, "r-0123456789abcdef0");
  const std::string& read = b;
  EXPECT_EQ(read, "r-0123456789abcdef0");
  EXPECT_EQ(nlohmann::json(a), nlohmann::json("r-0123456789abcdef0"));
}

TEST(SharedText, DefaultAndEmptyTextHoldNothing) {
  const SharedText none;
  const SharedText empty = std::string();
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(none, empty);
  EXPECT_EQ(none.str(), "");
}

TEST(CompactText, KeepsAnIdInlineAndLongerTextOnTheHeap) {
  EXPECT_EQ(sizeof(CompactText), 24u);
  const CompactText id = std::string("i-0123456789abcdef0");
  EXPECT_EQ(id.view(), "i-0123456789abcdef0");
  EXPECT_EQ(id.str(), "i-0123456789abcdef0");
  EXPECT_EQ(id.size(), 19u);
  const std::string at_capacity(CompactText::kInlineCapacity, 'x');
  EXPECT_EQ(CompactText(at_capacity).view(), at_capacity);
  const std::string longer = "eni-attach-0123456789abcdef0-and-then-some";
  CompactText text(longer);
  EXPECT_EQ(text.view(), longer);
  CompactText copy = text;
  EXPECT_EQ(copy.view(), longer);
  CompactText moved = std::move(copy);
  EXPECT_EQ(moved.view(), longer);
  EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  moved = id;
  EXPECT_EQ(moved, id);
  text = CompactText();
  EXPECT_TRUE(text.empty());
  EXPECT_EQ(CompactText("").view(), "");
}

TEST(CompactText, OrdersAndHashesAsTheStringItHolds) {
  const std::vector<std::string> texts = {
      "vol-b", "vol-a", "vol-ab", "", "vol-0123456789abcdef0", std::string(40, 'z'), "eni-0"};
  for (const std::string& a : texts) {
    EXPECT_EQ(std::hash<CompactText>{}(CompactText(a)), std::hash<std::string>{}(a)) << a;
    for (const std::string& b : texts) {
      EXPECT_EQ(CompactText(a) < CompactText(b), a < b) << a << " " << b;
      EXPECT_EQ(CompactText(a) == CompactText(b), a == b) << a << " " << b;
    }
  }
  // A map keyed by it walks in the order a std::string key gave, and is looked up with strings.
  std::map<std::string, int> by_string;
  std::map<CompactText, int> by_compact;
  std::unordered_map<std::string, int> hashed_by_string;
  std::unordered_map<CompactText, int> hashed_by_compact;
  for (int i = 0; i < 200; ++i) {
    const std::string key = "i-" + std::to_string(i * 7919 % 1000) + "abcdef0123456";
    by_string.emplace(key, i);
    by_compact.emplace(key, i);
    hashed_by_string.emplace(key, i);
    hashed_by_compact.emplace(key, i);
  }
  std::vector<std::string> a, b, c, d;
  for (const auto& [k, v] : by_string) a.push_back(k);
  for (const auto& [k, v] : by_compact) b.push_back(k.str());
  for (const auto& [k, v] : hashed_by_string) c.push_back(k);
  for (const auto& [k, v] : hashed_by_compact) d.push_back(k.str());
  EXPECT_EQ(a, b);
  EXPECT_EQ(c, d);
  const auto found = by_compact.find(std::string("i-919abcdef0123456"));  // i == 1
  ASSERT_NE(found, by_compact.end());
  EXPECT_EQ(found->second, 1);
  EXPECT_EQ(hashed_by_compact.count(std::string("i-nothing")), 0u);
}

TEST(SymbolList, EqualListsShareOnePointerSizedHandle) {
  EXPECT_EQ(sizeof(SymbolList), sizeof(void*));
  const std::vector<Symbol> groups = {"sg-0123456789abcdef0", "sg-1"};
  const SymbolList a = groups;
  const SymbolList b = symbols_of({"sg-0123456789abcdef0", "sg-1"});
  EXPECT_EQ(a, b);
  EXPECT_EQ(&a.vec(), &b.vec());  // one list in the pool
  EXPECT_EQ(a, groups);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0], "sg-0123456789abcdef0");
  EXPECT_EQ(a.front(), "sg-0123456789abcdef0");
  EXPECT_EQ(a[1], "sg-1");
  EXPECT_EQ(texts_of(a), (std::vector<std::string>{"sg-0123456789abcdef0", "sg-1"}));
  const SymbolList reversed = {"sg-1", "sg-0123456789abcdef0"};
  EXPECT_FALSE(reversed == a);  // order matters
  EXPECT_EQ(reversed[0], "sg-1");
}

TEST(SymbolList, EmptyByDefaultAndAfterClear) {
  SymbolList list;
  EXPECT_TRUE(list.empty());
  EXPECT_EQ(list.begin(), list.end());
  EXPECT_EQ(list, SymbolList(std::vector<Symbol>{}));
  list = {"sg-2"};
  EXPECT_EQ(list.size(), 1u);
  list.clear();
  EXPECT_TRUE(list.empty());
}

}  // namespace
}  // namespace cloudlife::core

namespace cloudlife::ec2 {
namespace {

TEST(HostSet, InsertContainsEraseAsASet) {
  HostSet hosts;
  EXPECT_FALSE(hosts.contains(4));
  EXPECT_FALSE(hosts.contains(4000000000u));
  hosts.insert(4);
  hosts.insert(65534);
  EXPECT_TRUE(hosts.contains(4));
  EXPECT_TRUE(hosts.contains(65534));
  EXPECT_FALSE(hosts.contains(5));
  EXPECT_EQ(hosts.erase(5), 0u);
  EXPECT_EQ(hosts.erase(4000000000u), 0u);
  EXPECT_EQ(hosts.erase(4), 1u);
  EXPECT_FALSE(hosts.contains(4));
  EXPECT_EQ(hosts.erase(4), 0u);
  EXPECT_TRUE(hosts.contains(65534));
}

TEST(AttachmentId, KeepsTheTwentyEightCharacterIdInThirtyTwoBytes) {
  EXPECT_EQ(sizeof(AttachmentId), 32u);
  const AttachmentId id = std::string("eni-attach-0123456789abcdef0");
  EXPECT_EQ(id.str(), "eni-attach-0123456789abcdef0");
  EXPECT_FALSE(id.empty());
  EXPECT_TRUE(id == std::string("eni-attach-0123456789abcdef0"));
  EXPECT_FALSE(id == std::string("eni-attach-0123456789abcdef1"));
  EXPECT_FALSE(id == std::string("0123456789abcdef0"));
  EXPECT_FALSE(id == std::string(""));
  EXPECT_TRUE(std::string("eni-attach-0123456789abcdef0") == id);
  EXPECT_TRUE(id != std::string("eni-attach-"));
}

TEST(AttachmentId, KeepsOtherTextWhole) {
  const AttachmentId none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.str(), "");
  EXPECT_TRUE(none == std::string(""));
  EXPECT_FALSE(none == std::string("eni-attach-"));
  const AttachmentId prefix_only = std::string("eni-attach-");
  EXPECT_FALSE(prefix_only.empty());
  EXPECT_EQ(prefix_only.str(), "eni-attach-");
  EXPECT_FALSE(prefix_only == std::string(""));
  const std::string other = "attach-without-the-usual-prefix-and-long";
  const AttachmentId kept = other;
  EXPECT_EQ(kept.str(), other);
  EXPECT_TRUE(kept == other);
  EXPECT_FALSE(kept == "eni-attach-" + other);
}

TEST(AttachmentId, OfAPrimaryInterfaceIsTheInterfaceHexDigitsAfterThePrefix) {
  const AttachmentId id = AttachmentId::of_primary_interface("eni-0123456789abcdef0");
  EXPECT_EQ(id.str(), "eni-attach-0123456789abcdef0");
  EXPECT_TRUE(id == std::string("eni-attach-0123456789abcdef0"));
}

}  // namespace
}  // namespace cloudlife::ec2
