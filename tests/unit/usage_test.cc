// Billing rules, the usage ledger and the price book (src/usage/).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "usage/billing_rules.h"
#include "usage/ledger.h"
#include "usage/prices.h"
#include "usage/usage_meter.h"
#include "usage/usage_report.h"

namespace cloudlife::usage {
namespace {

using core::InstanceState;
using core::kMinute;
using core::kSecond;

constexpr core::TimeMs kFar = 1'000'000'000'000;

TEST(BillingRules, Ec2BillsRunningAndStoppingToHibernateOnly) {
  EXPECT_TRUE(ec2_instance_bills(InstanceState::kRunning, false));
  EXPECT_TRUE(ec2_instance_bills(InstanceState::kStopping, true));
  EXPECT_FALSE(ec2_instance_bills(InstanceState::kStopping, false));
  EXPECT_FALSE(ec2_instance_bills(InstanceState::kPending, false));
  EXPECT_FALSE(ec2_instance_bills(InstanceState::kStopped, true));
  EXPECT_FALSE(ec2_instance_bills(InstanceState::kShuttingDown, false));
  EXPECT_FALSE(ec2_instance_bills(InstanceState::kTerminated, false));
}

TEST(BillingRules, EachEc2StartBillsAtLeastSixtySecondsThenPerSecond) {
  EXPECT_EQ(ec2_billed_ms(0, 30 * kSecond, 0, kFar), kMinute);
  EXPECT_EQ(ec2_billed_ms(0, 0, 0, kFar), kMinute);
  EXPECT_EQ(ec2_billed_ms(0, 61 * kSecond, 0, kFar), 61 * kSecond);
  EXPECT_EQ(ec2_billed_ms(0, 61 * kSecond + 1, 0, kFar), 62 * kSecond);  // whole seconds, up
}

TEST(BillingRules, TheMinimumBelongsToTheWindowHoldingTheStart) {
  EXPECT_EQ(ec2_billed_ms(0, 300 * kSecond, 100 * kSecond, 200 * kSecond), 100 * kSecond);
  EXPECT_EQ(ec2_billed_ms(0, 300 * kSecond, 0, 10 * kSecond), kMinute);
  EXPECT_EQ(ec2_billed_ms(0, 300 * kSecond, 290 * kSecond, kFar), 10 * kSecond);
}

TEST(BillingRules, EcsPayAsYouGoBillsUntilReleaseExceptStoppedInEconomicalMode) {
  EXPECT_TRUE(ecs_payg_instance_bills(InstanceState::kPending, "Not-applicable", false));
  EXPECT_TRUE(ecs_payg_instance_bills(InstanceState::kRunning, "Not-applicable", false));
  EXPECT_TRUE(ecs_payg_instance_bills(InstanceState::kStopped, "KeepCharging", false));
  EXPECT_FALSE(ecs_payg_instance_bills(InstanceState::kStopped, "StopCharging", false));
  EXPECT_FALSE(ecs_payg_instance_bills(InstanceState::kRunning, "Not-applicable", true));
  EXPECT_FALSE(ecs_payg_instance_bills(InstanceState::kTerminated, "Not-applicable", false));
}

TEST(BillingRules, ASubscriptionTermIsPaidWholeUnlessItEndsEarly) {
  EXPECT_EQ(subscription_billed_ms(0, std::nullopt, 10 * kMinute, 0, kFar), 10 * kMinute);
  EXPECT_EQ(subscription_billed_ms(0, 4 * kMinute, 10 * kMinute, 0, kFar), 4 * kMinute);
  EXPECT_EQ(subscription_billed_ms(0, 20 * kMinute, 10 * kMinute, 0, kFar), 10 * kMinute);
  EXPECT_EQ(subscription_billed_ms(0, std::nullopt, 10 * kMinute, 0, kMinute), 10 * kMinute);
  EXPECT_EQ(subscription_billed_ms(0, std::nullopt, 10 * kMinute, kMinute, kFar), 0);
}

TEST(BillingRules, QuantitiesInTheirUnits) {
  EXPECT_DOUBLE_EQ(
      interval_quantity(Rule::kGibSeconds, 0, 10 * kSecond, std::nullopt, 8, 0, 0, kFar), 80);
  EXPECT_DOUBLE_EQ(
      interval_quantity(Rule::kHours, 0, std::nullopt, std::nullopt, 0, 90 * kMinute, 0, kFar),
      1.5);
  EXPECT_DOUBLE_EQ(interval_quantity(Rule::kPerSecond, 0, 5 * kSecond, std::nullopt, 0, 0, 0, kFar),
                   5);
  EXPECT_EQ(rule_unit(Rule::kEc2InstanceSeconds), "s");
  EXPECT_EQ(rule_unit(Rule::kGibSeconds), "GiB-s");
}

Observation instance(bool billable, core::TimeMs since) {
  Observation o;
  o.key = {"ec2", "123456789012", "us-east-1", "instance", "i-1"};
  o.rule = Rule::kEc2InstanceSeconds;
  o.billable = billable;
  o.since = since;
  o.sku = "t3.micro";
  return o;
}

void pass(Ledger& ledger, const std::vector<Observation>& seen, core::TimeMs now) {
  ledger.begin_pass();
  for (const Observation& o : seen) ledger.see(o, now);
}

TEST(Ledger, OpensAndClosesIntervalsAtTheStateChangeTimes) {
  Ledger ledger;
  pass(ledger, {instance(false, 0)}, 0);          // pending
  pass(ledger, {instance(true, 5000)}, 5000);     // running
  pass(ledger, {instance(false, 35000)}, 35000);  // stopping
  pass(ledger, {instance(false, 35000)}, 36000);  // still not billing
  const Resource* r = ledger.find(instance(true, 0).key);
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->intervals.size(), 1u);
  EXPECT_EQ(r->intervals[0].start, 5000);
  EXPECT_EQ(r->intervals[0].end, 35000);
}

TEST(Ledger, ASkuChangeStartsANewInterval) {
  Ledger ledger;
  pass(ledger, {instance(true, 0)}, 0);
  Observation bigger = instance(true, 0);
  bigger.sku = "m5.large";
  pass(ledger, {bigger}, 9000);
  const Resource* r = ledger.find(bigger.key);
  ASSERT_EQ(r->intervals.size(), 2u);
  EXPECT_EQ(r->intervals[0].end, 9000);
  EXPECT_EQ(r->intervals[1].start, 9000);
  EXPECT_EQ(r->intervals[1].sku, "m5.large");
}

TEST(Ledger, ALeakKeepsTheTimeAndReasonItWasFirstSeen) {
  Ledger ledger;
  Observation v = instance(true, 0);
  v.key.type = "volume";
  v.holder = "i-9";
  pass(ledger, {v}, 0);
  v.holder.clear();
  v.leak_reason = "left";
  pass(ledger, {v}, 4000);
  pass(ledger, {v}, 8000);
  const Resource* r = ledger.find(v.key);
  EXPECT_EQ(r->leak_since, 4000);
  EXPECT_EQ(r->last_holder, "i-9");
  v.leak_reason.clear();
  pass(ledger, {v}, 9000);
  EXPECT_FALSE(ledger.find(v.key)->leak_since);
}

// A meter's visit of one model object: the fast path when unchanged, else see() and remember().
struct FakeObject {
  std::string id = "i-1";
  std::uint64_t fingerprint = 1;
  bool billable = true;
  core::TimeMs since = 0;
};

bool visit(Ledger& ledger, const FakeObject& object, core::TimeMs now) {
  if (ledger.unchanged(&object, object.id, object.fingerprint)) return true;
  Observation o = instance(object.billable, object.since);
  o.key.id = object.id;
  ledger.see(o, now);
  ledger.remember(&object, object.id, object.fingerprint, {&o.key}, now);
  return false;
}

void pass_over(Ledger& ledger, const std::vector<const FakeObject*>& objects, core::TimeMs now,
               std::vector<bool>* fast = nullptr) {
  ledger.begin_pass();
  for (const FakeObject* object : objects) {
    const bool was_fast = visit(ledger, *object, now);
    if (fast) fast->push_back(was_fast);
  }
}

TEST(Ledger, AnUnchangedObjectStaysPresentWithoutBeingObservedAgain) {
  Ledger ledger;
  FakeObject a, b;
  b.id = "i-2";
  pass_over(ledger, {&a, &b}, 0);
  std::vector<bool> fast;
  for (core::TimeMs t = 1000; t <= 5000; t += 1000) pass_over(ledger, {&a, &b}, t, &fast);
  EXPECT_EQ(fast, std::vector<bool>(10, true));
  for (const char* id : {"i-1", "i-2"}) {
    const Resource* r = ledger.find({"ec2", "123456789012", "us-east-1", "instance", id});
    ASSERT_NE(r, nullptr);
    EXPECT_TRUE(r->present);
    ASSERT_EQ(r->intervals.size(), 1u);
    EXPECT_FALSE(r->intervals[0].end);
  }
}

TEST(Ledger, AnObjectNotVisitedKeepsWhatTheLedgerKnows) {
  Ledger ledger;
  FakeObject a, b;
  b.id = "i-2";
  pass_over(ledger, {&a, &b}, 0);
  pass_over(ledger, {&a}, 7000);  // b did not change: its map did not hand it out
  const Resource* r = ledger.find({"ec2", "123456789012", "us-east-1", "instance", "i-2"});
  EXPECT_TRUE(r->present);
  EXPECT_FALSE(r->intervals.back().end);
  EXPECT_TRUE(ledger.agrees(&b, b.id, b.fingerprint));
  EXPECT_EQ(ledger.live_objects(), 2u);
}

TEST(Ledger, AnObjectThatWentAwayIsGoneAndItsAddressMayComeBack) {
  Ledger ledger;
  FakeObject a, b;
  b.id = "i-2";
  pass_over(ledger, {&a, &b}, 0);
  ledger.begin_pass();
  ledger.gone(&b, 7000);
  const Resource* gone = ledger.find({"ec2", "123456789012", "us-east-1", "instance", "i-2"});
  EXPECT_FALSE(gone->present);
  EXPECT_EQ(gone->gone_at, 7000);
  EXPECT_EQ(gone->intervals.back().end, 7000);
  EXPECT_FALSE(ledger.agrees(&b, b.id, b.fingerprint));
  EXPECT_EQ(ledger.live_objects(), 1u);
  ledger.gone(&b, 8000);  // twice: nothing more
  EXPECT_EQ(gone->gone_at, 7000);
  // Back at the same address with the same fingerprint: it takes the full path and is present.
  b.since = 9000;
  std::vector<bool> fast;
  pass_over(ledger, {&a, &b}, 9000, &fast);
  EXPECT_EQ(fast, (std::vector<bool>{true, false}));
  EXPECT_TRUE(gone->present);
  ASSERT_EQ(gone->intervals.size(), 2u);
  EXPECT_EQ(gone->intervals[1].start, 9000);
  EXPECT_EQ(ledger.live_objects(), 2u);
}

TEST(Ledger, AChangedFingerprintOrAnotherIdAtTheSameAddressIsObservedAgain) {
  Ledger ledger;
  FakeObject a;
  pass_over(ledger, {&a}, 0);
  a.fingerprint = 2;
  a.billable = false;
  a.since = 3000;
  std::vector<bool> fast;
  pass_over(ledger, {&a}, 3000, &fast);
  const Resource* r = ledger.find(instance(true, 0).key);
  EXPECT_EQ(r->intervals.back().end, 3000);
  a.id = "i-9";  // another object reusing the address, same fingerprint
  pass_over(ledger, {&a}, 4000, &fast);
  EXPECT_EQ(fast, (std::vector<bool>{false, false}));
  EXPECT_FALSE(r->present);
  EXPECT_EQ(r->gone_at, 4000);
  EXPECT_TRUE(ledger.find({"ec2", "123456789012", "us-east-1", "instance", "i-9"})->present);
}

TEST(Ledger, VisitsInAnotherOrderStillFindEveryObject) {
  Ledger ledger;
  std::vector<FakeObject> objects(5);
  std::vector<const FakeObject*> order;
  for (std::size_t k = 0; k < objects.size(); ++k) {
    objects[k].id = "i-" + std::to_string(k);
    order.push_back(&objects[k]);
  }
  pass_over(ledger, order, 0);
  std::reverse(order.begin(), order.end());
  std::vector<bool> fast;
  pass_over(ledger, order, 1000, &fast);
  pass_over(ledger, order, 2000, &fast);
  EXPECT_EQ(fast, std::vector<bool>(10, true));
  for (const FakeObject& o : objects) {
    EXPECT_TRUE(ledger.find({"ec2", "123456789012", "us-east-1", "instance", o.id})->present);
  }
}

// An erased record's address may already hold a new record of another map, even another
// cloud's: every meter reports what went away before any meter reports what changed.
TEST(UsageMeter, AllDeparturesComeBeforeAnyArrival) {
  UsageMeter meter;
  std::vector<std::string> order;
  for (const std::string cloud : {"ec2", "ecs"}) {
    meter.add_meter({
        [&order, cloud](core::LockProof, Ledger&, core::TimeMs) {
          order.push_back(cloud + " gone");
        },
        [&order, cloud](core::LockProof, Ledger&, core::TimeMs) {
          order.push_back(cloud + " changed");
        },
        [](core::LockProof, const Ledger&, MeterCheck&) {},
        nullptr,
    });
  }
  core::Engine engine;
  engine.with_lock([&](const core::EngineLock& held) { meter.measure(held, 1000); });
  EXPECT_EQ(order,
            (std::vector<std::string>{"ec2 gone", "ecs gone", "ec2 changed", "ecs changed"}));
}

TEST(PriceBook, RefusesAMalformedListWhole) {
  EXPECT_THROW(PriceBook::from_json(nlohmann::json::array()), std::invalid_argument);
  EXPECT_THROW(PriceBook::from_json({{"facts", {{{"cloud", "ec2"}}}}}), std::invalid_argument);
  nlohmann::json fact = {
      {"cloud", "ec2"}, {"region", "us-east-1"}, {"type", "instance"}, {"sku", "t3.micro"},
      {"amount", -1},   {"per", "hour"},         {"source", "s"},      {"date", "d"}};
  EXPECT_THROW(PriceBook::from_json({{"facts", {fact}}}), std::invalid_argument);
  fact["amount"] = 1;
  fact["per"] = "fortnight";
  EXPECT_THROW(PriceBook::from_json({{"facts", {fact}}}), std::invalid_argument);
}

TEST(PriceBook, BuiltInFactsCarrySourceAndDateAndUnknownIsNothing) {
  const PriceBook book = PriceBook::builtin();
  const PriceFact* micro = book.find("ec2", "us-east-1", "instance", "t3.micro");
  ASSERT_NE(micro, nullptr);
  EXPECT_FALSE(micro->source.empty());
  EXPECT_FALSE(micro->date.empty());
  EXPECT_NE(book.find("ec2", "ap-south-1", "public-ipv4", ""), nullptr);  // region "*"
  EXPECT_EQ(book.find("ec2", "us-east-1", "instance", "z9.huge"), nullptr);
  EXPECT_EQ(book.find("ecs", "cn-hangzhou", "instance", "ecs.g7.large"), nullptr);
}

TEST(PriceBook, CostsConvertUnitsOrRefuseAMismatch) {
  EXPECT_DOUBLE_EQ(*cost_of(Rule::kEc2InstanceSeconds, 7200, "hour", 0.5), 1.0);
  EXPECT_DOUBLE_EQ(*cost_of(Rule::kGibSeconds, kSecondsPerPriceMonth * 10, "GB-month", 0.1), 1.0);
  EXPECT_DOUBLE_EQ(*cost_of(Rule::kHours, 2, "hour", 0.005), 0.01);
  EXPECT_FALSE(cost_of(Rule::kEc2InstanceSeconds, 1, "GB-month", 1));
}

TEST(UsageQuery, RefusesUnknownOrMalformedParameters) {
  EXPECT_THROW(parse_usage_query({{"group_by", "zone"}}), std::invalid_argument);
  EXPECT_THROW(parse_usage_query({{"from", "soon"}}), std::invalid_argument);
  EXPECT_THROW(parse_usage_query({{"from", "10"}, {"to", "5"}}), std::invalid_argument);
  EXPECT_EQ(parse_usage_query({{"group_by", "tag:team"}}).group_by, "tag:team");
  EXPECT_EQ(parse_usage_query({{"to", "2026-11-21T10:00:00Z"}}).to, 1795255200000);
}

}  // namespace
}  // namespace cloudlife::usage
