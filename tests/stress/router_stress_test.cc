// Concurrency stress test: many threads drive one in-process emulator (Services + ControlPlane +
// Router, exactly what the HTTP server's worker threads call) with mixed EC2, Auto Scaling and
// Alibaba ECS requests plus control-plane calls (clock advance, state dump, fault rules, audit
// queries). Built into every configuration; under -DCLOUDLIFE_SANITIZE=thread (make test-tsan) it
// is the test that makes ThreadSanitizer see the locking of every layer. Checks: no 5xx, no
// exception escapes route(), and afterwards the state dump and DescribeInstances agree.
#include <atomic>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "protocol/form_decoding.h"
#include "server/control_plane.h"
#include "server/router.h"
#include "server/services.h"

namespace cloudlife::server {
namespace {

constexpr int kThreads = 8;
constexpr int kRequestsPerThread = 250;

core::EngineOptions frozen() {
  core::EngineOptions o;
  o.clock_mode = core::ClockMode::kFrozen;
  return o;
}

class Emulator {
 public:
  Emulator() : services_(frozen()), control_(services_), router_(services_, control_) {}

  protocol::HttpResponse aws(const std::string& body) {
    protocol::HttpRequest r = base("POST", "/");
    r.headers.emplace("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    r.body = body;
    return router_.route(r);
  }
  protocol::HttpResponse ecs(const std::string& query) {
    protocol::HttpRequest r = base("GET", "/");
    r.raw_query = "Version=2014-05-26&RegionId=cn-hangzhou&Format=JSON&" + query;
    r.query = *protocol::decode_form(r.raw_query);
    return router_.route(r);
  }
  protocol::HttpResponse control(const std::string& method, const std::string& path,
                                 const std::string& body = "") {
    protocol::HttpRequest r = base(method, path);
    r.headers.emplace("Content-Type", "application/json");
    r.body = body;
    return router_.route(r);
  }
  Services& services() { return services_; }

 private:
  static protocol::HttpRequest base(const std::string& method, const std::string& path) {
    protocol::HttpRequest r;
    r.method = method;
    r.path = path;
    r.remote_addr = "127.0.0.1";
    r.headers.emplace("Host", "127.0.0.1:4570");
    return r;
  }
  Services services_;
  ControlPlane control_;
  Router router_;
};

std::vector<std::string> all_matches(const std::string& text, const std::regex& pattern) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

TEST(RouterStress, MixedCloudsFromManyThreadsStayConsistent) {
  Emulator emu;
  const std::regex instance_id("<instanceId>(i-[0-9a-f]+)</instanceId>");
  const std::regex ecs_id("\"(i-[0-9a-z]+)\"");
  ASSERT_EQ(emu.aws("Action=CreateLaunchTemplate&Version=2016-11-15&LaunchTemplateName=stress-lt&"
                    "LaunchTemplateData.ImageId=ami-0123456789abcdef0&"
                    "LaunchTemplateData.InstanceType=t3.micro")
                .status,
            200);
  std::atomic<int> server_errors{0};
  std::atomic<long> served{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t) + 1);
      std::vector<std::string> mine;
      std::vector<std::string> ecs_mine;
      const std::string group = "stress-" + std::to_string(t);
      auto check = [&](const protocol::HttpResponse& r) {
        served.fetch_add(1);
        if (r.status >= 500 && !r.injected_fault) server_errors.fetch_add(1);
        return r;
      };
      check(
          emu.aws("Action=CreateAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=" + group +
                  "&LaunchTemplate.LaunchTemplateName=stress-lt&MinSize=0&MaxSize=4&"
                  "DesiredCapacity=1&AvailabilityZones.member.1=us-east-1a&"
                  "AvailabilityZones.member.2=us-east-1b"));
      for (int i = 0; i < kRequestsPerThread; ++i) {
        const std::string target = mine.empty() ? "i-00000000000000000" : mine[rng() % mine.size()];
        switch (rng() % 12) {
          case 0: {
            const auto r = check(emu.aws(
                "Action=RunInstances&Version=2016-11-15&ImageId=ami-0123456789abcdef0&"
                "InstanceType=t3.micro&MinCount=1&MaxCount=2&Placement.AvailabilityZone=us-east-1" +
                std::string(rng() % 2 ? "a" : "b") +
                "&BlockDeviceMapping.1.DeviceName=%2Fdev%2Fsdb&BlockDeviceMapping.1.Ebs."
                "VolumeSize=10&BlockDeviceMapping.1.Ebs.DeleteOnTermination=false"));
            for (auto& id : all_matches(r.body, instance_id)) mine.push_back(id);
            break;
          }
          case 1:
            check(emu.aws("Action=StopInstances&Version=2016-11-15&InstanceId.1=" + target));
            break;
          case 2:
            check(emu.aws("Action=StartInstances&Version=2016-11-15&InstanceId.1=" + target));
            break;
          case 3:
            check(emu.aws("Action=TerminateInstances&Version=2016-11-15&InstanceId.1=" + target));
            break;
          case 4:
            check(
                emu.aws("Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-"
                        "state-name&Filter.1.Value.1=running"));
            break;
          case 5:
            check(emu.aws("Action=CreateTags&Version=2016-11-15&ResourceId.1=" + target +
                          "&Tag.1.Key=k&Tag.1.Value=" + std::to_string(i)));
            break;
          case 6:
            check(emu.aws("Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=" +
                          group + "&DesiredCapacity=" + std::to_string(rng() % 4)));
            break;
          case 7:
            check(emu.aws("Action=DescribeAutoScalingGroups&Version=2011-01-01"));
            break;
          case 8: {
            const auto r = check(emu.ecs(
                "Action=RunInstances&ImageId=aliyun_3_x64_20G_alibase_20240819.vhd&InstanceType="
                "ecs.g7.large&ZoneId=cn-hangzhou-i&Amount=1"));
            for (auto& id : all_matches(r.body, ecs_id)) ecs_mine.push_back(id);
            break;
          }
          case 9:
            if (!ecs_mine.empty()) {
              check(emu.ecs("Action=DeleteInstance&Force=true&InstanceId=" +
                            ecs_mine[rng() % ecs_mine.size()]));
            }
            check(emu.ecs("Action=DescribeInstances&PageSize=10"));
            break;
          case 10:
            check(emu.control("POST", "/_cloudlife/clock/advance", R"({"seconds": 5})"));
            check(emu.control("GET", "/_cloudlife/events?limit=5"));
            break;
          default:
            check(emu.control("GET", "/_cloudlife/state"));
            check(emu.control("POST", "/_cloudlife/faults",
                              R"({"kind":"error","code":"RequestLimitExceeded","count":1,)"
                              R"("match":{"action":"DescribeVolumes"}})"));
            check(emu.aws("Action=DescribeVolumes&Version=2016-11-15"));
            break;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_EQ(served.load() >= kThreads * kRequestsPerThread, true);

  // Settle, then the dump and DescribeInstances must list the same instances.
  ASSERT_EQ(emu.control("POST", "/_cloudlife/clock/advance", R"({"seconds": 600})").status, 200);
  const auto described = emu.aws("Action=DescribeInstances&Version=2016-11-15");
  ASSERT_EQ(described.status, 200);
  auto ids = all_matches(described.body, instance_id);
  std::sort(ids.begin(), ids.end());
  const nlohmann::json dump = emu.services().dump_state();
  std::vector<std::string> dumped;
  for (const auto& p : dump["ec2"]["partitions"]) {
    if (p["region"] != "us-east-1") continue;
    for (const auto& i : p["instances"]) dumped.push_back(i["instance_id"].get<std::string>());
  }
  std::sort(dumped.begin(), dumped.end());
  EXPECT_EQ(ids, dumped);
  EXPECT_FALSE(ids.empty());
}

}  // namespace
}  // namespace cloudlife::server
