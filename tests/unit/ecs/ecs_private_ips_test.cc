// The rules of secondary private IP addresses and of RunInstances' NetworkInterface.N: the pure
// rules secondary_ip_limit() and resolve_primary_nic(), then the model on a frozen virtual clock
// (all-or-nothing assignment, addresses back to the vSwitch, launch ENIs with derived IDs).
#include <gtest/gtest.h>

#include "../support/engine_lock_for_test.h"
#include "core/ids.h"
#include "ecs/ecs_model.h"
#include "ecs_test_values.h"

namespace cloudlife::ecs {
namespace {

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e.code();
  }
  return "";
}

TEST(PrivateIpRules, AnAvailableEniHolds49AndAnAttachedOneWhatItsTypeAllows) {
  const InstanceTypeInfo* large = instance_catalog().find_type("ecs.g7.large");
  ASSERT_NE(large, nullptr);
  EXPECT_EQ(secondary_ip_limit(large, false), 49);
  EXPECT_EQ(secondary_ip_limit(nullptr, false), 49);
  EXPECT_EQ(secondary_ip_limit(large, true), large->eni_private_ips - 1);
  EXPECT_EQ(secondary_ip_limit(nullptr, true), 49);
}

LaunchNic nic(int index, const std::string& type) {
  LaunchNic n;
  n.index = index;
  n.type = type;
  return n;
}

TEST(LaunchNicRules, APrimaryNicBecomesTheInstanceNetwork) {
  LaunchRequest req;
  LaunchNic primary = nic(1, "Primary");
  primary.vswitch_id = "vsw-1";
  primary.security_group_ids = {"sg-1"};
  primary.primary_ip = "10.0.0.9";
  primary.name = "front";
  LaunchNic secondary = nic(2, "Secondary");
  secondary.name = "back";
  req.network_interfaces = {primary, secondary};
  resolve_primary_nic(req);
  EXPECT_EQ(req.vswitch_id, "vsw-1");
  EXPECT_EQ(req.security_group_ids, std::vector<std::string>{"sg-1"});
  EXPECT_EQ(req.private_ip_address, "10.0.0.9");
  EXPECT_EQ(req.primary_nic_name, "front");
  ASSERT_EQ(req.network_interfaces.size(), 1u);
  EXPECT_EQ(req.network_interfaces[0].name, "back");
}

TEST(LaunchNicRules, RefusalsNameAlibabasCodes) {
  auto resolve = [](LaunchRequest req) { return code_of([&] { resolve_primary_nic(req); }); };
  LaunchNic primary = nic(1, "Primary");
  primary.vswitch_id = "vsw-1";
  primary.security_group_ids = {"sg-1"};
  LaunchRequest req;
  req.network_interfaces = {primary};
  EXPECT_EQ(resolve(req), "");
  LaunchRequest with_vswitch = req;
  with_vswitch.vswitch_id = "vsw-2";
  EXPECT_EQ(resolve(with_vswitch), "InvalidParameter.Conflict");
  LaunchRequest with_group = req;
  with_group.security_group_ids = {"sg-2"};
  EXPECT_EQ(resolve(with_group), "InvalidParameter.Conflict");
  LaunchRequest two = req;
  two.network_interfaces.push_back(primary);
  two.network_interfaces.back().index = 2;
  EXPECT_EQ(resolve(two), "InvalidParam.NetworkInterface");
  LaunchRequest no_vswitch;
  no_vswitch.network_interfaces = {nic(1, "Primary")};
  no_vswitch.network_interfaces[0].security_group_ids = {"sg-1"};
  EXPECT_EQ(resolve(no_vswitch), "MissingParameter");
  LaunchRequest bad_type;
  bad_type.network_interfaces = {nic(1, "Trunk")};
  EXPECT_EQ(resolve(bad_type), "InvalidParam.NetworkInterface");
  LaunchRequest bad_mode;
  bad_mode.network_interfaces = {nic(1, "Secondary")};
  bad_mode.network_interfaces[0].traffic_mode = "Fast";
  EXPECT_EQ(resolve(bad_mode), "InvalidParam.NetworkInterface");
  LaunchRequest bad_count;
  bad_count.network_interfaces = {nic(1, "Secondary")};
  bad_count.network_interfaces[0].secondary_count = 50;
  EXPECT_EQ(resolve(bad_count), "InvalidParameter");
  LaunchRequest bad_name;
  bad_name.network_interfaces = {nic(1, "Secondary")};
  bad_name.network_interfaces[0].name = "1abc";
  EXPECT_EQ(resolve(bad_name), "InvalidParameter");
}

class PrivateIpTest : public ::testing::Test {
 protected:
  PrivateIpTest()
      : engine_(core::EngineOptions{core::ClockMode::kFrozen, core::TimingProfileKind::kInstant, 1,
                                    [] { return kStart; }}),
        model_(engine_) {
    engine_.transact([&](core::TimeMs now) {
      CreateVpcRequest v;
      v.region_id = kRegion;
      v.cidr_block = "192.168.0.0/16";
      const std::string vpc = model_.create_vpc(scope(), v, now).vpc_id;
      CreateVSwitchRequest s;
      s.region_id = kRegion;
      s.vpc_id = vpc;
      s.zone_id = "cn-hangzhou-i";
      s.cidr_block = "192.168.1.0/29";  // hosts .1 .. .4
      vswitch_ = model_.create_vswitch(scope(), s, now).vswitch_id;
      CreateSecurityGroupRequest g;
      g.region_id = kRegion;
      g.vpc_id = vpc;
      sg_ = model_.create_security_group(scope(), g, now).security_group_id;
    });
    engine_.advance(1);
  }

  // The partition the requests of these tests address (engine lock held).
  EcsPartition& scope() { return model_.partition(core::test_lock(), {kAccount, kRegion}); }

  template <class F>
  decltype(auto) tx(F&& f) {
    return engine_.transact(std::forward<F>(f));
  }

  std::vector<std::string> secondary_ips(const std::string& id) {
    NetworkInterfaceFilter f;
    f.region_id = kRegion;
    f.ids = {id};
    return tx([&](core::TimeMs now) {
             return model_.describe_network_interfaces(scope(), f, {}, now);
           })
        .enis.at(0)
        .secondary_ips;
  }

  core::Engine engine_;
  EcsModel model_;
  std::string vswitch_;
  std::string sg_;
};

TEST_F(PrivateIpTest, AssignmentIsAllOrNothingAndUnassignGivesAddressesBack) {
  CreateNetworkInterfaceRequest c;
  c.region_id = kRegion;
  c.vswitch_id = vswitch_;
  c.security_group_ids = {sg_};
  const std::string eni = tx([&](core::TimeMs now) {
                            return model_.create_network_interface(scope(), c, now);
                          }).network_interface_id;  // takes 192.168.1.1
  PrivateIpAssignment a;
  a.region_id = kRegion;
  a.network_interface_id = eni;
  a.count = 4;  // only 3 left
  EXPECT_EQ(
      code_of([&] { tx([&](core::TimeMs now) { model_.assign_private_ips(scope(), a, now); }); }),
      "InvalidVSwitchId.IpNotEnough");
  EXPECT_TRUE(secondary_ips(eni).empty());
  a.count = 3;
  const auto got = tx([&](core::TimeMs now) { return model_.assign_private_ips(scope(), a, now); });
  EXPECT_EQ(got, (std::vector<std::string>{"192.168.1.2", "192.168.1.3", "192.168.1.4"}));
  EXPECT_EQ(secondary_ips(eni), got);
  EXPECT_EQ(code_of([&] {
              tx([&](core::TimeMs now) {
                model_.unassign_private_ips(scope(), eni, {"192.168.1.3", "192.168.1.1"}, now);
              });
            }),
            "InvalidIp.IpUnassigned");
  EXPECT_EQ(secondary_ips(eni).size(), 3u);
  tx([&](core::TimeMs now) { model_.unassign_private_ips(scope(), eni, {"192.168.1.3"}, now); });
  EXPECT_EQ(secondary_ips(eni), (std::vector<std::string>{"192.168.1.2", "192.168.1.4"}));
  PrivateIpAssignment again;
  again.region_id = kRegion;
  again.network_interface_id = eni;
  again.ips = {"192.168.1.3"};
  EXPECT_EQ(tx([&](core::TimeMs now) { return model_.assign_private_ips(scope(), again, now); }),
            std::vector<std::string>{"192.168.1.3"});
}

TEST_F(PrivateIpTest, LaunchEnisDeriveTheirIdsFromTheInstance) {
  LaunchRequest req;
  req.region_id = kRegion;
  req.image_id = "aliyun_3_x64";
  req.instance_type = "ecs.g7.large";
  req.vswitch_id = vswitch_;
  req.security_group_ids = {sg_};
  LaunchNic second = nic(2, "Secondary");
  req.network_interfaces = {second};
  const std::string id =
      tx([&](core::TimeMs now) { return model_.launch(scope(), req, now); }).front();
  const Instance inst =
      tx([&](core::TimeMs now) { return model_.describe_instance(scope(), id, now); });
  ASSERT_EQ(inst.network_interfaces.size(), 2u);
  EXPECT_EQ(inst.network_interfaces[0].network_interface_id,
            core::derived_id("eni", kAccount + "/" + kRegion + "/" + id, 20));
  EXPECT_EQ(inst.network_interfaces[1].network_interface_id,
            core::derived_id("eni", kAccount + "/" + kRegion + "/" + id + "/2", 20));
  EXPECT_EQ(inst.network_interfaces[1].type, "Secondary");
}

TEST_F(PrivateIpTest, APrimaryEniWithSecondaryAddressesKeepsItsVSwitch) {
  LaunchRequest req;
  req.region_id = kRegion;
  req.image_id = "aliyun_3_x64";
  req.instance_type = "ecs.g7.large";
  req.vswitch_id = vswitch_;
  req.security_group_ids = {sg_};
  const std::string id =
      tx([&](core::TimeMs now) { return model_.launch(scope(), req, now); }).front();
  engine_.advance(1);
  const std::string eni =
      tx([&](core::TimeMs now) { return model_.describe_instance(scope(), id, now); })
          .network_interfaces.at(0)
          .network_interface_id;
  PrivateIpAssignment a;
  a.region_id = kRegion;
  a.network_interface_id = eni;
  a.count = 1;
  tx([&](core::TimeMs now) { model_.assign_private_ips(scope(), a, now); });
  tx([&](core::TimeMs now) {
    model_.stop_instances(scope(), {id}, {}, BatchMode::kAllTogether, false, now);
  });
  engine_.advance(1);
  InstanceVpcChange change;
  change.instance_id = id;
  change.vswitch_id = vswitch_;
  EXPECT_EQ(
      code_of([&] {
        tx([&](core::TimeMs now) { model_.modify_instance_vpc_attribute(scope(), change, now); });
      }),
      "InvalidOperation.InvalidEniState");
  EXPECT_EQ(secondary_ips(eni).size(), 1u);
}

}  // namespace
}  // namespace cloudlife::ecs
