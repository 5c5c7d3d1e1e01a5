// Units for server/caller_identity.h: the identity sts:GetCallerIdentity answers and AccessDenied
// messages name.
#include <gtest/gtest.h>

#include <regex>

#include "server/caller_identity.h"

namespace cloudlife::server {
namespace {

TEST(CallerIdentity, AnUnlistedKeyIsItsAccountsRoot) {
  const CallerIdentity id = caller_identity("123456789012", "AKIDEXAMPLE", false);
  EXPECT_EQ(id.account, "123456789012");
  EXPECT_EQ(id.user_id, "123456789012");
  EXPECT_EQ(id.arn, "arn:aws:iam::123456789012:root");
}

TEST(CallerIdentity, AListedKeyIsAUserNamedAfterIt) {
  const CallerIdentity id = caller_identity("222233334444", "AKIAUSER", true);
  EXPECT_EQ(id.account, "222233334444");
  EXPECT_EQ(id.arn, "arn:aws:iam::222233334444:user/AKIAUSER");
  EXPECT_TRUE(std::regex_match(id.user_id, std::regex("AIDA[0-9A-Z]{17}"))) << id.user_id;
}

TEST(CallerIdentity, UserIdsAreStableAndDifferPerKeyAndAccount) {
  const std::string a = caller_identity("222233334444", "AKIAUSER", true).user_id;
  EXPECT_EQ(caller_identity("222233334444", "AKIAUSER", true).user_id, a);
  EXPECT_NE(caller_identity("222233334444", "AKIAOTHER", true).user_id, a);
  EXPECT_NE(caller_identity("555566667777", "AKIAUSER", true).user_id, a);
}

}  // namespace
}  // namespace cloudlife::server
