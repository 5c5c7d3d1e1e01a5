// Units for fault rules: matching, counts, seeded probability, validation.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/faults.h"
#include "server/fault_catalog.h"

namespace cloudlife::core {
namespace {

FaultContext ec2_call(const std::string& action, const std::string& zone = "",
                      const std::string& instance_id = "") {
  FaultContext c;
  c.cloud = "ec2";
  c.action = action;
  c.account = "123456789012";
  c.region = "us-east-1";
  if (!zone.empty()) c.zones.push_back(zone);
  if (!instance_id.empty()) c.instance_ids.push_back(instance_id);
  return c;
}

TEST(FaultRegistry, ErrorsMatchEveryGivenCriterionAndCountDown) {
  FaultRegistry f(server::cloud_fault_catalog());
  auto rule = f.add({{"kind", "error"},
                     {"code", "InsufficientInstanceCapacity"},
                     {"cloud", "ec2"},
                     {"action", "RunInstances"},
                     {"match", {{"zone", "us-east-1a"}}},
                     {"count", 2}});
  EXPECT_EQ(rule["http_status"], 500);
  EXPECT_FALSE(f.error_for(ec2_call("RunInstances", "us-east-1b")).has_value());
  EXPECT_FALSE(f.error_for(ec2_call("DescribeInstances", "us-east-1a")).has_value());
  auto hit = f.error_for(ec2_call("RunInstances", "us-east-1a"));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->code, "InsufficientInstanceCapacity");
  EXPECT_TRUE(f.error_for(ec2_call("RunInstances", "us-east-1a")).has_value());
  EXPECT_FALSE(f.error_for(ec2_call("RunInstances", "us-east-1a")).has_value());
  EXPECT_EQ(f.list()[0]["hits"], 2);
}

TEST(FaultRegistry, KnownCodesGetTheCloudsStatus) {
  FaultRegistry f(server::cloud_fault_catalog());
  EXPECT_EQ(f.add({{"code", "RequestLimitExceeded"}})["http_status"], 503);
  EXPECT_EQ(f.add({{"code", "Throttling"}})["http_status"], 400);
  EXPECT_EQ(f.add({{"code", "ResourceContention"}})["http_status"], 500);
  EXPECT_EQ(f.add({{"code", "Custom"}, {"http_status", 409}})["http_status"], 409);
}

TEST(FaultRegistry, SeededProbabilityIsReproducible) {
  auto run = [] {
    FaultRegistry f(server::cloud_fault_catalog());
    f.add({{"code", "InternalError"}, {"probability", 0.3}, {"seed", 99}});
    std::string pattern;
    for (int i = 0; i < 40; ++i) pattern += f.error_for(ec2_call("X")) ? '1' : '0';
    return pattern;
  };
  const std::string a = run();
  EXPECT_EQ(a, run());
  EXPECT_NE(a.find('1'), std::string::npos);
  EXPECT_NE(a.find('0'), std::string::npos);
}

TEST(FaultRegistry, StuckRulesNameTheirTransition) {
  FaultRegistry f(server::cloud_fault_catalog());
  f.add({{"kind", "stuck"}, {"transition", "stopping"}, {"instance_id", "i-1"}});
  EXPECT_FALSE(f.should_stick(ec2_call("", "", "i-1"), "shutting-down"));
  EXPECT_FALSE(f.should_stick(ec2_call("", "", "i-2"), "stopping"));
  EXPECT_TRUE(f.should_stick(ec2_call("", "", "i-1"), "stopping"));
}

TEST(FaultRegistry, HighByteIsNonZeroOnlyWhenARuleApplies) {
  FaultRegistry f(server::cloud_fault_catalog());
  EXPECT_EQ(f.state_code_high_byte(ec2_call("DescribeInstances")), 0);
  f.add({{"kind", "state-code-high-byte"}, {"cloud", "ec2"}});
  const int b = f.state_code_high_byte(ec2_call("DescribeInstances"));
  EXPECT_GE(b, 1);
  EXPECT_LE(b, 255);
}

TEST(FaultRegistry, InvalidSpecsAreRefusedAndNothingIsAdded) {
  FaultRegistry f(server::cloud_fault_catalog());
  EXPECT_THROW(f.add({{"kind", "bogus"}}), std::invalid_argument);
  EXPECT_THROW(f.add({{"kind", "error"}}), std::invalid_argument);
  EXPECT_THROW(f.add({{"code", "X"}, {"count", 0}}), std::invalid_argument);
  EXPECT_THROW(f.add({{"code", "X"}, {"probability", 1.5}}), std::invalid_argument);
  EXPECT_THROW(f.add({{"code", "X"}, {"cloud", "gcp"}}), std::invalid_argument);
  EXPECT_THROW(f.add({{"kind", "stuck"}, {"transition", "running"}}), std::invalid_argument);
  EXPECT_TRUE(f.list().empty());
}

}  // namespace
}  // namespace cloudlife::core
