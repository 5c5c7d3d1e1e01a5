// The rules of elastic network interfaces and instance spec / network changes on a frozen virtual
// clock: the primary ENI of a launch, Attaching -> InUse and Detaching -> Available over virtual
// time, what refuses (and then changes nothing), ModifyInstanceSpec / ModifyPrepayInstanceSpec /
// ModifyInstanceVpcAttribute preconditions, and the pure rules is_downgrade() and eni_quota().
#include <gtest/gtest.h>

#include "../support/engine_lock_for_test.h"
#include "ecs/ecs_model.h"
#include "ecs_test_values.h"

namespace cloudlife::ecs {
namespace {

class EniTest : public ::testing::Test {
 protected:
  EniTest()
      : engine_(core::EngineOptions{core::ClockMode::kFrozen, core::TimingProfileKind::kInstant, 1,
                                    [] { return kStart; }}),
        model_(engine_) {
    engine_.transact([&](core::TimeMs now) {
      CreateVpcRequest v;
      v.region_id = kRegion;
      v.cidr_block = "192.168.0.0/16";
      vpc_ = model_.create_vpc(scope(), v, now).vpc_id;
      vswitch_ = add_vswitch("cn-hangzhou-i", "192.168.1.0/24", now);
      CreateSecurityGroupRequest g;
      g.region_id = kRegion;
      g.vpc_id = vpc_;
      sg_ = model_.create_security_group(scope(), g, now).security_group_id;
    });
  }

  // The partition the requests of these tests address (engine lock held).
  EcsPartition& scope() { return model_.partition(core::test_lock(), {kAccount, kRegion}); }

  template <class F>
  decltype(auto) tx(F&& f) {
    return engine_.transact(std::forward<F>(f));
  }

  std::string add_vswitch(const std::string& zone, const std::string& cidr, core::TimeMs now) {
    CreateVSwitchRequest s;
    s.region_id = kRegion;
    s.vpc_id = vpc_;
    s.zone_id = zone;
    s.cidr_block = cidr;
    return model_.create_vswitch(scope(), s, now).vswitch_id;
  }

  std::string launch(ChargeType charge = ChargeType::kPostPaid) {
    LaunchRequest req;
    req.region_id = kRegion;
    req.image_id = "aliyun_3_x64";
    req.instance_type = "ecs.g7.large";
    req.vswitch_id = vswitch_;
    req.security_group_ids = {sg_};
    req.charge_type = charge;
    if (charge == ChargeType::kPrePaid) req.period = 1;
    const std::string id =
        tx([&](core::TimeMs now) { return model_.launch(scope(), req, now); }).front();
    engine_.advance(1);  // past the boot
    return id;
  }

  std::string create_eni(const std::string& vswitch = "") {
    CreateNetworkInterfaceRequest req;
    req.region_id = kRegion;
    req.vswitch_id = vswitch.empty() ? vswitch_ : vswitch;
    req.security_group_ids = {sg_};
    return tx([&](core::TimeMs now) { return model_.create_network_interface(scope(), req, now); })
        .network_interface_id;
  }

  NetworkInterface eni(const std::string& id) {
    NetworkInterfaceFilter f;
    f.region_id = kRegion;
    f.ids = {id};
    auto page = tx(
        [&](core::TimeMs now) { return model_.describe_network_interfaces(scope(), f, {}, now); });
    return page.enis.empty() ? NetworkInterface{} : page.enis.front();
  }

  Instance instance(const std::string& id) {
    return tx([&](core::TimeMs now) { return model_.describe_instance(scope(), id, now); });
  }

  std::string error_code(const std::function<void(core::TimeMs)>& f) {
    try {
      tx(f);
    } catch (const core::ServiceError& e) {
      return e.code();
    }
    return "";
  }

  void stop(const std::string& id) {
    tx([&](core::TimeMs now) {
      model_.stop_instances(scope(), {id}, {}, BatchMode::kAllTogether, false, now);
    });
    engine_.advance(1);  // past the stop
  }

  core::Engine engine_;
  EcsModel model_;
  std::string vpc_;
  std::string vswitch_;
  std::string sg_;
};

TEST(EniRules, DowngradeIsFewerCpusOrLessMemory) {
  const InstanceCatalog& c = instance_catalog();
  const InstanceTypeInfo& large = *c.find_type("ecs.g7.large");
  const InstanceTypeInfo& xlarge = *c.find_type("ecs.g7.xlarge");
  EXPECT_FALSE(is_downgrade(large, xlarge));
  EXPECT_TRUE(is_downgrade(xlarge, large));
  EXPECT_FALSE(is_downgrade(large, large));
  // Same vCPUs, less memory (g7 -> c7) is a downgrade too.
  EXPECT_TRUE(is_downgrade(large, *c.find_type("ecs.c7.large")));
}

TEST(EniRules, QuotaIsThePublishedEniCountAndAtLeastThePrimary) {
  const InstanceTypeInfo* t = instance_catalog().find_type("ecs.g7.large");
  EXPECT_EQ(eni_quota(t), t->eni_quantity);
  EXPECT_EQ(eni_quota(nullptr), 1);
}

TEST(DefaultNetworkRules, DefaultVSwitchesTakeTheNextFreeSlash20) {
  EXPECT_EQ(next_default_vswitch_block({}), "172.16.0.0/20");
  EXPECT_EQ(next_default_vswitch_block({"172.16.0.0/20"}), "172.16.16.0/20");
  EXPECT_EQ(next_default_vswitch_block({"172.16.0.0/20", "172.16.240.0/24"}), "172.16.16.0/20");
  EXPECT_EQ(next_default_vswitch_block({"172.16.0.0/16"}), "172.17.0.0/20");
  EXPECT_EQ(next_default_vswitch_block({"172.16.0.0/12"}), "");
}

TEST_F(EniTest, LaunchIntoAVSwitchCreatesThePrimaryEniWhichGoesWithTheInstance) {
  const std::string id = launch();
  const Instance d = instance(id);
  ASSERT_EQ(d.network_interfaces.size(), 1u);
  const NetworkInterface primary = eni(d.network_interfaces[0].network_interface_id);
  EXPECT_EQ(primary.type, "Primary");
  EXPECT_EQ(primary.status, "InUse");
  EXPECT_EQ(primary.private_ip, d.private_ip);
  EXPECT_EQ(primary.security_group_ids, std::vector<std::string>{sg_});
  tx([&](core::TimeMs now) { model_.delete_instances(scope(), {id}, {true, false}, false, now); });
  EXPECT_EQ(eni(primary.network_interface_id).network_interface_id, "");
}

TEST_F(EniTest, AttachAndDetachPassThroughTheirTransitionsOverVirtualTime) {
  engine_.timing().set_kind(core::TimingProfileKind::kRealistic);
  engine_.timing().set_override("eni-attaching", 2000);
  engine_.timing().set_override("eni-detaching", 3000);
  engine_.timing().set_override("pending", 0);
  const std::string id = launch();
  const std::string e = create_eni();
  EXPECT_EQ(eni(e).status, "Available");  // creation is synchronous
  tx([&](core::TimeMs now) { model_.attach_network_interface(scope(), e, id, now); });
  EXPECT_EQ(eni(e).status, "Attaching");
  engine_.advance(1999);
  EXPECT_EQ(eni(e).status, "Attaching");
  engine_.advance(1);
  EXPECT_EQ(eni(e).status, "InUse");
  EXPECT_EQ(instance(id).network_interfaces.size(), 2u);
  tx([&](core::TimeMs now) { model_.detach_network_interface(scope(), e, id, now); });
  EXPECT_EQ(eni(e).status, "Detaching");
  EXPECT_EQ(error_code([&](core::TimeMs now) { model_.delete_network_interface(scope(), e, now); }),
            "InvalidOperation.InvalidEniState");
  engine_.advance(3000);
  EXPECT_EQ(eni(e).status, "Available");
  tx([&](core::TimeMs now) { model_.delete_network_interface(scope(), e, now); });
  EXPECT_EQ(eni(e).network_interface_id, "");
}

TEST_F(EniTest, AttachRefusalsChangeNothing) {
  const std::string id = launch();
  const std::string e = create_eni();
  // Another zone.
  const std::string other =
      tx([&](core::TimeMs now) { return add_vswitch("cn-hangzhou-j", "192.168.2.0/24", now); });
  const std::string far = create_eni(other);
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.attach_network_interface(scope(), far, id, now); }),
      "InvalidOperation.AvailabilityZoneMismatch");
  EXPECT_EQ(error_code(
                [&](core::TimeMs now) { model_.attach_network_interface(scope(), e, "i-x", now); }),
            "InvalidEcsId.NotFound");
  // The type's ENI quota (primary included) is the limit.
  const int quota = eni_quota(instance_catalog().find_type("ecs.g7.large"));
  for (int n = 1; n < quota; ++n) {
    const std::string more = create_eni();
    tx([&](core::TimeMs now) { model_.attach_network_interface(scope(), more, id, now); });
  }
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.attach_network_interface(scope(), e, id, now); }),
      "EniPerInstanceLimitExceeded");
  EXPECT_EQ(eni(e).status, "Available");
  EXPECT_EQ(eni(far).status, "Available");
  EXPECT_EQ(static_cast<int>(instance(id).network_interfaces.size()), quota);
}

TEST_F(EniTest, ThePrimaryEniCannotBeDetachedOrDeleted) {
  const std::string id = launch();
  const std::string primary = instance(id).network_interfaces[0].network_interface_id;
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.detach_network_interface(scope(), primary, id, now);
            }),
            "InvalidOperation.InvalidEniType");
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.delete_network_interface(scope(), primary, now); }),
      "InvalidOperation.InvalidEniType");
}

TEST_F(EniTest, ModifyInstanceSpecNeedsAStoppedPayAsYouGoInstanceAndAKnownType) {
  const std::string id = launch();
  InstanceSpecChange c;
  c.instance_id = id;
  c.instance_type = "ecs.g7.xlarge";
  EXPECT_EQ(error_code([&](core::TimeMs now) { model_.modify_instance_spec(scope(), c, now); }),
            "IncorrectInstanceStatus");
  stop(id);
  c.instance_type = "ecs.g7.nonexistent";
  EXPECT_EQ(error_code([&](core::TimeMs now) { model_.modify_instance_spec(scope(), c, now); }),
            "InvalidInstanceType.ValueNotSupported");
  EXPECT_EQ(instance(id).instance_type, "ecs.g7.large");
  c.instance_type = "ecs.g7.xlarge";
  tx([&](core::TimeMs now) { model_.modify_instance_spec(scope(), c, now); });
  EXPECT_EQ(instance(id).instance_type, "ecs.g7.xlarge");
  EXPECT_EQ(instance(id).cpu, 4);
  const std::string prepaid = launch(ChargeType::kPrePaid);
  stop(prepaid);
  c.instance_id = prepaid;
  EXPECT_EQ(error_code([&](core::TimeMs now) { model_.modify_instance_spec(scope(), c, now); }),
            "ChargeTypeViolation");
}

TEST_F(EniTest, PrepayDowngradeNeedsStoppedAndTheRightOperatorType) {
  const std::string id = launch(ChargeType::kPrePaid);
  PrepaySpecChange c;
  c.instance_id = id;
  c.instance_type = "ecs.g7.xlarge";
  tx([&](core::TimeMs now) { model_.modify_prepay_instance_spec(scope(), c, now); });  // running
  EXPECT_EQ(instance(id).instance_type, "ecs.g7.xlarge");
  c.instance_type = "ecs.g7.large";
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.modify_prepay_instance_spec(scope(), c, now); }),
      "InvalidParameter");  // a smaller type is not an upgrade
  c.operator_type = "downgrade";
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.modify_prepay_instance_spec(scope(), c, now); }),
      "IncorrectInstanceStatus");
  stop(id);
  tx([&](core::TimeMs now) { model_.modify_prepay_instance_spec(scope(), c, now); });
  EXPECT_EQ(instance(id).instance_type, "ecs.g7.large");
}

TEST_F(EniTest, ModifyInstanceVpcAttributeMovesTheAddressOnlyWhenStopped) {
  const std::string id = launch();
  const std::string before = instance(id).private_ip;
  const std::string target =
      tx([&](core::TimeMs now) { return add_vswitch("cn-hangzhou-i", "192.168.9.0/24", now); });
  InstanceVpcChange c;
  c.instance_id = id;
  c.vswitch_id = target;
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.modify_instance_vpc_attribute(scope(), c, now); }),
      "IncorrectInstanceStatus");
  stop(id);
  c.private_ip = "192.168.1.77";  // not in the target vSwitch
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.modify_instance_vpc_attribute(scope(), c, now); }),
      "InvalidPrivateIpAddress");
  EXPECT_EQ(instance(id).private_ip, before);
  c.private_ip = "192.168.9.77";
  tx([&](core::TimeMs now) { model_.modify_instance_vpc_attribute(scope(), c, now); });
  const Instance d = instance(id);
  EXPECT_EQ(d.vswitch_id, target);
  EXPECT_EQ(d.private_ip, "192.168.9.77");
  EXPECT_EQ(d.network_interfaces[0].primary_ip, "192.168.9.77");
  // The old vSwitch holds no address any more.
  tx([&](core::TimeMs now) { model_.delete_vswitch(scope(), vswitch_, now); });
}

}  // namespace
}  // namespace cloudlife::ecs
