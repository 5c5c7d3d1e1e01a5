// cloudlife::Emulator: a real server on a free port, driven over HTTP with httplib::Client.
#include "cloudlife/emulator.h"

#include <string>

#include <gtest/gtest.h>
#include <httplib.h>

namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";

std::string between(const std::string& s, const std::string& open, const std::string& close) {
  const auto a = s.find(open);
  if (a == std::string::npos) return "";
  const auto b = s.find(close, a + open.size());
  return b == std::string::npos ? "" : s.substr(a + open.size(), b - a - open.size());
}

std::string run_instance(httplib::Client& client) {
  const auto res =
      client.Post("/",
                  "Action=RunInstances&Version=2016-11-15&ImageId=ami-0123456789abcdef0"
                  "&InstanceType=t3.micro&MinCount=1&MaxCount=1"
                  "&Placement.AvailabilityZone=us-east-1a",
                  kForm);
  EXPECT_TRUE(res);
  if (!res) return "";
  EXPECT_EQ(res->status, 200) << res->body;
  return between(res->body, "<instanceId>", "</instanceId>");
}

// The state name DescribeInstances reports for `id` ("" when not listed).
std::string state_of(httplib::Client& client, const std::string& id) {
  const auto res =
      client.Post("/", "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=" + id, kForm);
  if (!res || res->status != 200) return "";
  return between(between(res->body, "<instanceState>", "</instanceState>"), "<name>", "</name>");
}

TEST(Emulator, StartsOnAFreePortAndServesEc2) {
  cloudlife::Emulator emulator;
  EXPECT_FALSE(emulator.running());
  EXPECT_EQ(emulator.endpoint(), "");
  emulator.start();
  ASSERT_TRUE(emulator.running());
  EXPECT_GT(emulator.port(), 0);
  EXPECT_EQ(emulator.endpoint(), "http://127.0.0.1:" + std::to_string(emulator.port()));

  httplib::Client client(emulator.endpoint());
  const auto health = client.Get("/_cloudlife/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("\"ok\""), std::string::npos);

  const std::string id = run_instance(client);
  ASSERT_EQ(id.rfind("i-", 0), 0u) << id;
  // Instant profile: the next read shows the settled state.
  EXPECT_EQ(state_of(client, id), "running");
}

TEST(Emulator, AdvanceMovesTheFrozenClockThroughRealisticTransitions) {
  cloudlife::Emulator::Options options;
  options.clock = cloudlife::Emulator::ClockMode::kFrozen;
  options.timing = cloudlife::Emulator::TimingProfile::kRealistic;
  cloudlife::Emulator emulator(options);
  emulator.start();
  httplib::Client client(emulator.endpoint());
  const std::string id = run_instance(client);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(state_of(client, id), "pending");
  emulator.advance(5);  // pending lasts 10-20 s under the realistic profile
  EXPECT_EQ(state_of(client, id), "pending");
  emulator.advance(30);
  EXPECT_EQ(state_of(client, id), "running");
}

TEST(Emulator, SetTimingAndResetActOnTheRunningServer) {
  cloudlife::Emulator::Options options;
  options.clock = cloudlife::Emulator::ClockMode::kFrozen;
  cloudlife::Emulator emulator(options);
  emulator.start();
  httplib::Client client(emulator.endpoint());
  emulator.set_timing(cloudlife::Emulator::TimingProfile::kRealistic);
  const auto clock = client.Get("/_cloudlife/clock");
  ASSERT_TRUE(clock);
  EXPECT_NE(clock->body.find("\"timing\":\"realistic\""), std::string::npos) << clock->body;
  const std::string id = run_instance(client);
  EXPECT_EQ(state_of(client, id), "pending");

  emulator.reset();
  EXPECT_EQ(state_of(client, id), "");  // forgotten: DescribeInstances refuses the unknown ID
  const auto all = client.Post("/", "Action=DescribeInstances&Version=2016-11-15", kForm);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->body.find("<instanceId>"), std::string::npos);
}

TEST(Emulator, StopIsIdempotentAndTheEmulatorRestarts) {
  cloudlife::Emulator emulator;
  emulator.start();
  EXPECT_THROW(emulator.start(), std::runtime_error);
  const std::string first = emulator.endpoint();
  emulator.stop();
  emulator.stop();
  EXPECT_FALSE(emulator.running());
  EXPECT_THROW(emulator.advance(1), std::logic_error);
  httplib::Client gone(first);
  gone.set_connection_timeout(1);
  EXPECT_FALSE(gone.Get("/_cloudlife/health"));
  emulator.start();
  httplib::Client client(emulator.endpoint());
  const auto health = client.Get("/_cloudlife/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_THROW(emulator.advance(-1), std::invalid_argument);
}

TEST(Emulator, StartFailsClearlyWhenThePortIsTaken) {
  cloudlife::Emulator first;
  first.start();
  cloudlife::Emulator::Options options;
  options.port = first.port();
  cloudlife::Emulator second(options);
  EXPECT_THROW(second.start(), std::runtime_error);
  EXPECT_FALSE(second.running());
}

}  // namespace
