// Compact record values: core::MacAddress (a MAC in 8 bytes), core::SharedText (a string shared
// by a group of records), core::InlineId (an ID without a heap block) and ec2::HostSet (a
// subnet's used host numbers as bits).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/inline_id.h"
#include "core/mac_address.h"
#include "core/shared_text.h"
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

TEST(InlineId, KeepsUpToTwentyThreeCharactersInline) {
  EXPECT_EQ(sizeof(InlineId), 24u);
  const InlineId id(std::string("i-0123456789abcdef0"));
  EXPECT_EQ(id.str(), "i-0123456789abcdef0");
  EXPECT_EQ(id.view(), "i-0123456789abcdef0");
  EXPECT_EQ(InlineId("").str(), "");
  EXPECT_EQ(InlineId("eni-attach-0123456789a").str(), "eni-attach-0123456789a");
  EXPECT_THROW(InlineId("eni-attach-0123456789abcdef0"), std::length_error);
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

}  // namespace
}  // namespace cloudlife::ec2
