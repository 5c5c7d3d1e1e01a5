#include "runner.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <map>

#include <tinyxml2.h>
#include <nlohmann/json.hpp>

namespace cloudlife::sequence {
namespace {

using nlohmann::json;

constexpr const char* kImage = "ami-0123456789abcdef0";
constexpr const char* kInstanceStoreImage = "ami-0b1e534a4ff9019e0";
constexpr const char* kEcsImage = "aliyun_3_x64_20G_alibase_20240819.vhd";
constexpr const char* kZones[] = {"us-east-1a", "us-east-1b", "us-east-1c"};
constexpr const char* kEcsZones[] = {"cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"};

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A query-protocol form: Action, Version, then the parameters in order.
class Form {
 public:
  Form(const std::string& action, const char* version) {
    add("Action", action);
    add("Version", version);
  }
  Form& add(const std::string& k, const std::string& v) {
    if (!text_.empty()) text_ += '&';
    text_ += url_encode(k) + "=" + url_encode(v);
    return *this;
  }
  Form& add(const std::string& k, long long v) { return add(k, std::to_string(v)); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

Request ec2(const Form& f) {
  return {Request::Kind::kAws, "POST", "/", f.text(), ""};
}
Request ecs(Form f) {
  f.add("RegionId", "cn-hangzhou").add("Format", "JSON");
  return {Request::Kind::kEcs, "GET", "/", "", f.text()};
}
Request control(const std::string& method, const std::string& path, const json& body = nullptr) {
  return {Request::Kind::kControl, method, path, body.is_null() ? "" : body.dump(), ""};
}

const char* tf(bool b) {
  return b ? "true" : "false";
}

// Every text between <tag> and </tag>, in order.
std::vector<std::string> inner_texts(const std::string& body, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + ">";
  const std::string close = "</" + tag + ">";
  for (std::size_t pos = body.find(open); pos != std::string::npos; pos = body.find(open, pos)) {
    pos += open.size();
    const std::size_t end = body.find(close, pos);
    if (end == std::string::npos) break;
    out.push_back(body.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

// Every JSON string value that starts with `prefix` ("i-", "d-").
std::vector<std::string> quoted_with_prefix(const std::string& body, const std::string& prefix) {
  std::vector<std::string> out;
  const std::string open = "\"" + prefix;
  for (std::size_t pos = body.find(open); pos != std::string::npos; pos = body.find(open, pos)) {
    const std::size_t end = body.find('"', pos + 1);
    if (end == std::string::npos) break;
    out.push_back(body.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

const tinyxml2::XMLElement* child(const tinyxml2::XMLElement* e, const char* name) {
  return e ? e->FirstChildElement(name) : nullptr;
}
std::string text_of(const tinyxml2::XMLElement* e, const char* name) {
  const auto* c = child(e, name);
  return c && c->GetText() ? c->GetText() : "";
}

struct Member {
  std::string id, state;
  bool is_protected = false;
};
struct Group {
  std::string name;
  int min = 0, max = 0, desired = 0;
  bool suspended = false;
  std::vector<Member> members;
};

std::optional<std::vector<Group>> parse_groups(const std::string& body) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(body.c_str(), body.size()) != tinyxml2::XML_SUCCESS) return std::nullopt;
  const auto* groups =
      child(child(doc.RootElement(), "DescribeAutoScalingGroupsResult"), "AutoScalingGroups");
  if (!groups) return std::nullopt;
  std::vector<Group> out;
  for (const auto* g = groups->FirstChildElement("member"); g;
       g = g->NextSiblingElement("member")) {
    Group group;
    group.name = text_of(g, "AutoScalingGroupName");
    group.min = std::atoi(text_of(g, "MinSize").c_str());
    group.max = std::atoi(text_of(g, "MaxSize").c_str());
    group.desired = std::atoi(text_of(g, "DesiredCapacity").c_str());
    group.suspended = child(child(g, "SuspendedProcesses"), "member") != nullptr;
    for (const auto* m = child(child(g, "Instances"), "member"); m;
         m = m->NextSiblingElement("member")) {
      group.members.push_back({text_of(m, "InstanceId"), text_of(m, "LifecycleState"),
                               text_of(m, "ProtectedFromScaleIn") == "true"});
    }
    out.push_back(std::move(group));
  }
  return out;
}

bool starts_with(const std::string& s, const char* p) {
  return s.rfind(p, 0) == 0;
}
// Pending, Pending:Wait, Pending:Proceed, InService: the members that count against Max.
bool live(const std::string& state) {
  return starts_with(state, "Pending") || state == "InService";
}
// What must not be left over once a group has settled.
bool transitional(const std::string& state) {
  return starts_with(state, "Pending") || starts_with(state, "Terminating") ||
         state == "EnteringStandby" || state == "Detaching" ||
         (starts_with(state, "Warmed:") && state != "Warmed:Stopped" && state != "Warmed:Running" &&
          state != "Warmed:Hibernated" && state != "Warmed:Terminated");
}

int rebalancing_allowance(int max) {
  return std::max(1, (max + 9) / 10);
}

std::string join(const std::vector<Member>& ms) {
  std::string out;
  for (const auto& m : ms) {
    out += m.id + ":" + m.state + (m.is_protected ? "(protected)" : "") + " ";
  }
  return out;
}

}  // namespace

// --- rendering -----------------------------------------------------------------------------------

namespace {

// The k-th ID of a pool, or (k == size) an ID that does not exist. 0 picks the first.
std::string pick(const std::vector<std::string>& pool, std::uint32_t k, const char* missing) {
  const std::size_t i = k % (pool.size() + 1);
  return i < pool.size() ? pool[i] : missing;
}

}  // namespace

std::string Runner::virtual_now_plus(std::int64_t seconds) {
  const Reply r = send(control("GET", "/_cloudlife/clock"));
  long long ms = 0;
  if (r.answered && r.status == 200) {
    try {
      ms = json::parse(r.body).value("epoch_ms", 0LL);
    } catch (const std::exception&) {
    }
  }
  const std::time_t t = static_cast<std::time_t>(ms / 1000 + seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Request Runner::render(const Step& s) {
  const auto& a = s.a;
  const std::string inst0 = pick(instances_.ids, a[0], "i-0000000000000dead");
  const std::string inst1 = pick(instances_.ids, a[1], "i-0000000000000dead");
  const std::string group = "g" + std::to_string(a[0] % 2);
  const std::string member1 = pick(members_.ids, a[1], "i-0000000000000dead");
  const char* v1 = "2016-11-15";
  const char* v2 = "2011-01-01";
  switch (s.op) {
    // ---- EC2 ----
    case Op::kRunInstances: {
      Form f("RunInstances", v1);
      switch (a[3] % 4) {
        case 1: {
          const std::string lt = pick(templates_.ids, a[3] / 4, "lt-missing");
          f.add("LaunchTemplate.LaunchTemplateName", lt);
          break;
        }
        case 2:
          f.add("ImageId", "ami-00000000000000bad");
          break;
        case 3:
          f.add("ImageId", kInstanceStoreImage).add("InstanceType", "m5d.large");
          break;
        default:
          f.add("ImageId", kImage).add("InstanceType", "t3.micro");
          break;
      }
      const int count = static_cast<int>(a[2] % 3) + 1;
      if (a[2] >= 500) {
        f.add("MinCount", 3).add("MaxCount", 1);
      } else {
        f.add("MinCount", count).add("MaxCount", count);
      }
      const std::uint32_t where = a[0] % 6;
      if (where >= 1 && where <= 3) f.add("Placement.AvailabilityZone", kZones[where - 1]);
      if (where == 4 || where == 5)
        f.add("SubnetId", pick(subnets_.ids, a[1], "subnet-0000000000000dead"));
      if (where == 5) f.add("Placement.AvailabilityZone", kZones[a[1] % 3]);
      if (a[4] % 3 != 0) {
        f.add("BlockDeviceMapping.1.DeviceName", "/dev/sdb")
            .add("BlockDeviceMapping.1.Ebs.VolumeSize", 10)
            .add("BlockDeviceMapping.1.Ebs.DeleteOnTermination", tf(a[4] % 3 == 1));
      }
      if (a[5] % 4 == 1) {
        f.add("TagSpecification.1.ResourceType", "instance")
            .add("TagSpecification.1.Tag.1.Key", "k0")
            .add("TagSpecification.1.Tag.1.Value", "v" + std::to_string(a[5] % 3));
      }
      if (a[5] % 4 == 2) f.add("DisableApiTermination", "true");
      return ec2(f);
    }
    case Op::kTerminateInstances: {
      Form f("TerminateInstances", v1);
      f.add("InstanceId.1", inst0);
      if (a[2] % 2) f.add("InstanceId.2", inst1);
      if (a[3] % 2) f.add("Force", "true");
      return ec2(f);
    }
    case Op::kStopInstances: {
      Form f("StopInstances", v1);
      f.add("InstanceId.1", inst0);
      if (a[1] % 3 == 1) f.add("Force", "true");
      if (a[1] % 3 == 2) f.add("Hibernate", "true");
      return ec2(f);
    }
    case Op::kStartInstances:
      return ec2(Form("StartInstances", v1).add("InstanceId.1", inst0));
    case Op::kRebootInstances:
      return ec2(Form("RebootInstances", v1).add("InstanceId.1", inst0));
    case Op::kSetTerminationProtection:
      return ec2(Form("ModifyInstanceAttribute", v1)
                     .add("InstanceId", inst0)
                     .add("DisableApiTermination.Value", tf(a[1] % 2 == 0)));
    case Op::kCreateVolume: {
      Form f("CreateVolume", v1);
      f.add("AvailabilityZone", kZones[a[0] % 3]);
      f.add("Size", a[2] % 5 == 4 ? 0 : static_cast<long long>(1 + a[1] % 20));
      return ec2(f);
    }
    case Op::kAttachVolume:
      return ec2(Form("AttachVolume", v1)
                     .add("VolumeId", pick(volumes_.ids, a[0], "vol-0000000000000dead"))
                     .add("InstanceId", inst1)
                     .add("Device", std::string("/dev/sd") + static_cast<char>('f' + a[2] % 6)));
    case Op::kDetachVolume: {
      Form f("DetachVolume", v1);
      f.add("VolumeId", pick(volumes_.ids, a[0], "vol-0000000000000dead"));
      if (a[1] % 2) f.add("Force", "true");
      return ec2(f);
    }
    case Op::kDeleteVolume:
      return ec2(Form("DeleteVolume", v1)
                     .add("VolumeId", pick(volumes_.ids, a[0], "vol-0000000000000dead")));
    case Op::kCreateVpc:
      return ec2(Form("CreateVpc", v1)
                     .add("CidrBlock", a[1] % 6 == 5
                                           ? "10.0.0.0/30"
                                           : "10." + std::to_string(a[0] % 256) + ".0.0/16"));
    case Op::kCreateSubnet: {
      const std::string vpc = pick(vpcs_.ids, a[0], "vpc-0000000000000dead");
      // The default VPC is 172.31.0.0/16; ours are 10.N.0.0/16 (unknown prefix: a conflict error).
      std::string prefix = "172.31";
      for (const auto& [id, p] : vpc_prefix_) {
        if (id == vpc) prefix = p;
      }
      return ec2(Form("CreateSubnet", v1)
                     .add("VpcId", vpc)
                     .add("CidrBlock", prefix + "." + std::to_string((a[1] % 16) * 16) + ".0/20")
                     .add("AvailabilityZone", kZones[a[2] % 3]));
    }
    case Op::kDeleteSubnet:
      return ec2(Form("DeleteSubnet", v1)
                     .add("SubnetId", pick(subnets_.ids, a[0], "subnet-0000000000000dead")));
    case Op::kDeleteVpc:
      return ec2(
          Form("DeleteVpc", v1).add("VpcId", pick(vpcs_.ids, a[0], "vpc-0000000000000dead")));
    case Op::kDescribeSubnets:
      return ec2(Form("DescribeSubnets", v1));
    case Op::kCreateTags:
    case Op::kDeleteTags: {
      Form f(s.op == Op::kCreateTags ? "CreateTags" : "DeleteTags", v1);
      f.add("ResourceId.1", a[0] % 2 ? pick(volumes_.ids, a[1], "vol-0000000000000dead") : inst1);
      f.add("Tag.1.Key", "k" + std::to_string(a[2] % 3));
      if (s.op == Op::kCreateTags) f.add("Tag.1.Value", "v" + std::to_string(a[3] % 3));
      return ec2(f);
    }
    case Op::kCreateLaunchTemplate: {
      Form f("CreateLaunchTemplate", v1);
      f.add("LaunchTemplateName", "lt" + std::to_string(a[0] % 4));
      f.add("LaunchTemplateData.ImageId", a[2] % 4 == 3 ? "ami-00000000000000bad" : kImage);
      f.add("LaunchTemplateData.InstanceType", a[1] % 2 ? "c5.large" : "t3.micro");
      return ec2(f);
    }
    case Op::kCreateLaunchTemplateVersion:
      return ec2(Form("CreateLaunchTemplateVersion", v1)
                     .add("LaunchTemplateName", pick(templates_.ids, a[0], "lt-missing"))
                     .add("SourceVersion", a[1] % 3 == 2 ? "99" : "1")
                     .add("LaunchTemplateData.InstanceType", a[2] % 2 ? "c5.large" : "t3.small"));
    case Op::kDeleteLaunchTemplate:
      return ec2(Form("DeleteLaunchTemplate", v1)
                     .add("LaunchTemplateName", pick(templates_.ids, a[0], "lt-missing")));
    case Op::kDescribeInstances:
      return ec2(Form("DescribeInstances", v1));

    // ---- Auto Scaling ----
    case Op::kCreateLaunchConfiguration:
      return ec2(Form("CreateLaunchConfiguration", v2)
                     .add("LaunchConfigurationName", "lc" + std::to_string(a[0] % 3))
                     .add("ImageId", a[1] % 5 == 4 ? "ami-00000000000000bad" : kImage)
                     .add("InstanceType", "t3.micro"));
    case Op::kCreateAutoScalingGroup:
    case Op::kUpdateAutoScalingGroup: {
      const bool create = s.op == Op::kCreateAutoScalingGroup;
      Form f(create ? "CreateAutoScalingGroup" : "UpdateAutoScalingGroup", v2);
      f.add("AutoScalingGroupName", group);
      const std::uint32_t fields = create ? 0xff : a[1];
      if (create) {
        if (a[1] % 2 == 0) {
          f.add("LaunchTemplate.LaunchTemplateName", pick(templates_.ids, a[1] / 2, "lt-missing"));
        } else {
          f.add("LaunchConfigurationName", pick(configs_.ids, a[1] / 2, "lc-missing"));
        }
      }
      const int min = static_cast<int>(a[2] % 3);
      const int max = create ? min + static_cast<int>(a[3] % 6) : static_cast<int>(a[3] % 7);
      const int desired =
          create ? min + static_cast<int>(a[4] % (max - min + 1)) : static_cast<int>(a[4] % 7);
      // Which fields an update sets: bit 0 placement, 1 protection, 2 desired, 3 min, 4 max.
      if (fields & 8) f.add("MinSize", min);
      if (fields & 16) f.add("MaxSize", max);
      if (fields & 4) f.add("DesiredCapacity", a[2] >= 500 ? max + 1 : desired);
      if (fields & 1) {
        switch (a[5] % 4) {
          case 0:
            f.add("AvailabilityZones.member.1", kZones[0])
                .add("AvailabilityZones.member.2", kZones[1]);
            break;
          case 1:
            f.add("AvailabilityZones.member.1", kZones[0]);
            break;
          case 2:
            f.add("VPCZoneIdentifier", pick(subnets_.ids, a[5] / 4, "subnet-0000000000000dead"));
            break;
          default:
            f.add("VPCZoneIdentifier",
                  pick(subnets_.ids, a[5] / 4, "subnet-0000000000000dead") + "," +
                      pick(subnets_.ids, a[5] / 4 + 1, "subnet-0000000000000dead"));
        }
      }
      if (fields & 2) f.add("NewInstancesProtectedFromScaleIn", tf((a[0] / 3) % 2 == 1));
      return ec2(f);
    }
    case Op::kSetDesiredCapacity: {
      Form f("SetDesiredCapacity", v2);
      f.add("AutoScalingGroupName", group).add("DesiredCapacity", a[1] % 7);
      if (a[2] % 2) f.add("HonorCooldown", "true");
      return ec2(f);
    }
    case Op::kSetInstanceProtection: {
      Form f("SetInstanceProtection", v2);
      f.add("AutoScalingGroupName", group).add("InstanceIds.member.1", member1);
      if (a[3] % 2) f.add("InstanceIds.member.2", pick(members_.ids, a[2], "i-0000000000000dead"));
      f.add("ProtectedFromScaleIn", tf(a[4] % 2 == 0));
      return ec2(f);
    }
    case Op::kEnterStandby:
      return ec2(Form("EnterStandby", v2)
                     .add("AutoScalingGroupName", group)
                     .add("InstanceIds.member.1", member1)
                     .add("ShouldDecrementDesiredCapacity", tf(a[2] % 2 == 1)));
    case Op::kExitStandby:
      return ec2(Form("ExitStandby", v2)
                     .add("AutoScalingGroupName", group)
                     .add("InstanceIds.member.1", member1));
    case Op::kDetachInstances:
      return ec2(Form("DetachInstances", v2)
                     .add("AutoScalingGroupName", group)
                     .add("InstanceIds.member.1", member1)
                     .add("ShouldDecrementDesiredCapacity", tf(a[2] % 2 == 1)));
    case Op::kAttachInstances:
      return ec2(Form("AttachInstances", v2)
                     .add("AutoScalingGroupName", group)
                     .add("InstanceIds.member.1", inst1));
    case Op::kTerminateInstanceInAutoScalingGroup:
      return ec2(Form("TerminateInstanceInAutoScalingGroup", v2)
                     .add("InstanceId", member1)
                     .add("ShouldDecrementDesiredCapacity", tf(a[2] % 2 == 1)));
    case Op::kPutLifecycleHook:
      return ec2(
          Form("PutLifecycleHook", v2)
              .add("AutoScalingGroupName", group)
              .add("LifecycleHookName", "h" + std::to_string(a[1] % 2))
              .add("LifecycleTransition", a[2] % 2 ? "autoscaling:EC2_INSTANCE_TERMINATING"
                                                   : "autoscaling:EC2_INSTANCE_LAUNCHING")
              .add("HeartbeatTimeout", a[3] >= 500 ? 10 : 30 + static_cast<int>(a[3] % 4) * 100)
              .add("DefaultResult", a[4] % 2 ? "ABANDON" : "CONTINUE"));
    case Op::kCompleteLifecycleAction:
      return ec2(Form("CompleteLifecycleAction", v2)
                     .add("AutoScalingGroupName", group)
                     .add("LifecycleHookName", "h" + std::to_string(a[1] % 2))
                     .add("InstanceId", pick(members_.ids, a[2], "i-0000000000000dead"))
                     .add("LifecycleActionResult", a[3] % 2 ? "ABANDON" : "CONTINUE"));
    case Op::kDeleteLifecycleHook:
      return ec2(Form("DeleteLifecycleHook", v2)
                     .add("AutoScalingGroupName", group)
                     .add("LifecycleHookName", "h" + std::to_string(a[1] % 2)));
    case Op::kPutWarmPool: {
      Form f("PutWarmPool", v2);
      f.add("AutoScalingGroupName", group).add("MinSize", a[1] % 3);
      if (a[2] % 4) f.add("MaxGroupPreparedCapacity", a[2] % 4 + 1);
      f.add("PoolState", a[3] % 3 == 0 ? "Stopped" : a[3] % 3 == 1 ? "Running" : "Hibernated");
      return ec2(f);
    }
    case Op::kDeleteWarmPool: {
      Form f("DeleteWarmPool", v2);
      f.add("AutoScalingGroupName", group);
      if (a[1] % 2) f.add("ForceDelete", "true");
      return ec2(f);
    }
    case Op::kSuspendProcesses:
    case Op::kResumeProcesses: {
      static const char* kProcesses[] = {"Launch", "Terminate", "AZRebalance", "HealthCheck",
                                         "ReplaceUnhealthy"};
      Form f(s.op == Op::kSuspendProcesses ? "SuspendProcesses" : "ResumeProcesses", v2);
      f.add("AutoScalingGroupName", group);
      if (a[2] % 2 == 0) f.add("ScalingProcesses.member.1", kProcesses[a[1] % 5]);
      return ec2(f);
    }
    case Op::kDeleteAutoScalingGroup: {
      Form f("DeleteAutoScalingGroup", v2);
      f.add("AutoScalingGroupName", group);
      if (a[1] % 2) f.add("ForceDelete", "true");
      return ec2(f);
    }
    case Op::kDescribeAutoScalingGroups:
      return ec2(Form("DescribeAutoScalingGroups", v2));

    // ---- Alibaba ECS ----
    case Op::kEcsRunInstances: {
      Form f("RunInstances", "2014-05-26");
      f.add("ImageId", kEcsImage).add("InstanceType", "ecs.g7.large");
      f.add("ZoneId", kEcsZones[a[1] % 3]).add("Amount", 1 + a[0] % 2);
      if (a[2] % 3 == 1)
        f.add("InstanceChargeType", "PrePaid").add("Period", 1).add("PeriodUnit", "Month");
      if (a[2] % 3 == 2) f.add("DeletionProtection", "true");
      if (a[3] % 3) {
        f.add("DataDisk.1.Size", 20).add("DataDisk.1.Category", "cloud_essd");
        f.add("DataDisk.1.DeleteWithInstance", tf(a[3] % 3 == 1));
      }
      if (a[4] % 4 == 3) f.add("AutoReleaseTime", virtual_now_plus(3600));
      if (a[5] % 2) f.add("InternetMaxBandwidthOut", 5);
      return ecs(f);
    }
    case Op::kEcsStopInstance: {
      Form f("StopInstance", "2014-05-26");
      f.add("InstanceId", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0"));
      if (a[1] % 2) f.add("ForceStop", "true");
      return ecs(f);
    }
    case Op::kEcsStartInstance:
      return ecs(Form("StartInstance", "2014-05-26")
                     .add("InstanceId", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0")));
    case Op::kEcsRebootInstance:
      return ecs(Form("RebootInstance", "2014-05-26")
                     .add("InstanceId", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0")));
    case Op::kEcsDeleteInstance: {
      Form f("DeleteInstance", "2014-05-26");
      f.add("InstanceId", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0"));
      if (a[1] % 2) f.add("Force", "true");
      if (a[2] % 2) f.add("TerminateSubscription", "true");
      return ecs(f);
    }
    case Op::kEcsDeleteInstances: {
      Form f("DeleteInstances", "2014-05-26");
      f.add("InstanceId.1", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0"));
      f.add("InstanceId.2", pick(ecs_instances_.ids, a[1], "i-00000000000000dead0"));
      if (a[2] % 2) f.add("Force", "true");
      return ecs(f);
    }
    case Op::kEcsSetDeletionProtection:
      return ecs(Form("ModifyInstanceAttribute", "2014-05-26")
                     .add("InstanceId", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0"))
                     .add("DeletionProtection", tf(a[1] % 2 == 0)));
    case Op::kEcsSetAutoReleaseTime: {
      Form f("ModifyInstanceAutoReleaseTime", "2014-05-26");
      f.add("InstanceId", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0"));
      if (a[1] % 3 == 0) f.add("AutoReleaseTime", virtual_now_plus(600 * (1 + a[2] % 5)));
      if (a[1] % 3 == 2) f.add("AutoReleaseTime", virtual_now_plus(-600));
      return ecs(f);
    }
    case Op::kEcsModifyChargeType:
      return ecs(Form("ModifyInstanceChargeType", "2014-05-26")
                     .add("InstanceIds",
                          "[\"" + pick(ecs_instances_.ids, a[0], "i-00000000000000dead0") + "\"]")
                     .add("InstanceChargeType", a[1] % 2 ? "PrePaid" : "PostPaid")
                     .add("Period", 1)
                     .add("PeriodUnit", "Month"));
    case Op::kEcsCreateDisk:
      return ecs(Form("CreateDisk", "2014-05-26")
                     .add("ZoneId", kEcsZones[a[0] % 3])
                     .add("Size", 20 + (a[1] % 5) * 10)
                     .add("DiskCategory", "cloud_essd"));
    case Op::kEcsAttachDisk: {
      Form f("AttachDisk", "2014-05-26");
      f.add("InstanceId", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0"));
      f.add("DiskId", pick(ecs_disks_.ids, a[1], "d-00000000000000dead0"));
      if (a[2] % 2) f.add("DeleteWithInstance", "true");
      return ecs(f);
    }
    case Op::kEcsDetachDisk:
      return ecs(Form("DetachDisk", "2014-05-26")
                     .add("InstanceId", pick(ecs_instances_.ids, a[0], "i-00000000000000dead0"))
                     .add("DiskId", pick(ecs_disks_.ids, a[1], "d-00000000000000dead0")));
    case Op::kEcsDeleteDisk:
      return ecs(Form("DeleteDisk", "2014-05-26")
                     .add("DiskId", pick(ecs_disks_.ids, a[0], "d-00000000000000dead0")));
    case Op::kEcsDescribeInstances:
      return ecs(Form("DescribeInstances", "2014-05-26").add("PageSize", 100));

    // ---- control plane ----
    case Op::kAdvanceClock: {
      static const int kSeconds[] = {0, 1, 10, 60, 300, 3600, 86400};
      return control("POST", "/_cloudlife/clock/advance", {{"seconds", kSeconds[a[0] % 7]}});
    }
    case Op::kSetTiming: {
      json body{{"profile", a[0] % 2 ? "realistic" : "instant"}};
      body["overrides"] = a[1] % 3 == 2 ? json{{"pending", 30}} : json::object();
      return control("PUT", "/_cloudlife/timing", body);
    }
    case Op::kInjectFault: {
      struct Rule {
        const char* cloud;
        const char* action;
        const char* code;
      };
      static const Rule kRules[] = {
          {"ec2", "RunInstances", "InsufficientInstanceCapacity"},
          {"ec2", "TerminateInstances", "InternalError"},
          {"ec2", "StopInstances", "RequestLimitExceeded"},
          {"ec2", "AttachVolume", "Unavailable"},
          {"autoscaling", "CreateAutoScalingGroup", "ResourceContention"},
          {"autoscaling", "UpdateAutoScalingGroup", "ScalingActivityInProgress"},
          {"autoscaling", "SetDesiredCapacity", "Throttling"},
          {"ecs", "RunInstances", "Throttling.User"},
          {"ecs", "DeleteInstance", "ServiceUnavailable"},
      };
      constexpr std::uint32_t kRuleCount = sizeof kRules / sizeof kRules[0];
      const std::uint32_t which = a[0] % (kRuleCount + 3);
      if (which >= kRuleCount) {
        static const char* kTransitions[] = {"stopping", "shutting-down", "pending"};
        stuck_injected_ = true;
        return control("POST", "/_cloudlife/faults",
                       {{"kind", "stuck"},
                        {"transition", kTransitions[which - kRuleCount]},
                        {"match", {{"instance_id", inst1}}}});
      }
      const Rule& r = kRules[which];
      injected_codes_.insert(r.code);
      json body{{"kind", "error"},
                {"cloud", r.cloud},
                {"action", r.action},
                {"code", r.code},
                {"count", 1 + a[1] % 3}};
      if (a[2] % 2) body["probability"] = 0.5, body["seed"] = a[3];
      return control("POST", "/_cloudlife/faults", body);
    }
    case Op::kInjectEvent: {
      switch (a[0] % 4) {
        case 0:
          return control("POST", "/_cloudlife/faults",
                         {{"kind", "os-shutdown"}, {"instance_id", inst1}});
        case 1:
          return control(
              "POST", "/_cloudlife/faults",
              {{"kind", "scheduled-retirement"}, {"instance_id", inst1}, {"in_seconds", 60}});
        case 2:
          return control(
              "POST", "/_cloudlife/faults",
              {{"kind", "spot-interruption"}, {"instance_id", inst1}, {"notice_seconds", 120}});
        default:
          return control("POST", "/_cloudlife/faults",
                         {{"kind", "ecs-reclaim"},
                          {"instance_id", pick(ecs_instances_.ids, a[1], "i-00000000000000dead0")},
                          {"region", "cn-hangzhou"},
                          {"reason", a[2] % 2 ? "security" : "overdue"}});
      }
    }
    case Op::kClearFaults:
      return control("DELETE", "/_cloudlife/faults");
    case Op::kReset:
      return control("POST", "/_cloudlife/reset");
    case Op::kSettle:
    case Op::kCount:
      break;
  }
  return control("GET", "/_cloudlife/health");
}

// --- reading the answers -------------------------------------------------------------------------

void Runner::harvest(const Step& s, const Reply& reply) {
  if (!reply.answered || reply.status != 200) return;
  const std::string& b = reply.body;
  switch (s.op) {
    case Op::kRunInstances:
    case Op::kDescribeInstances:
      for (auto& id : inner_texts(b, "instanceId")) instances_.add(id);
      for (auto& id : inner_texts(b, "volumeId")) volumes_.add(id);
      break;
    case Op::kCreateVolume:
      for (auto& id : inner_texts(b, "volumeId")) volumes_.add(id);
      break;
    case Op::kCreateVpc: {
      const auto ids = inner_texts(b, "vpcId");
      const auto cidrs = inner_texts(b, "cidrBlock");
      if (!ids.empty()) {
        vpcs_.add(ids.front());
        if (!cidrs.empty()) {
          const std::string& c = cidrs.front();
          vpc_prefix_.emplace_back(ids.front(), c.substr(0, c.find('.', c.find('.') + 1)));
        }
      }
      break;
    }
    case Op::kCreateSubnet:
    case Op::kDescribeSubnets:
      for (auto& id : inner_texts(b, "subnetId")) subnets_.add(id);
      for (auto& id : inner_texts(b, "vpcId")) vpcs_.add(id);
      break;
    case Op::kCreateLaunchTemplate:
      for (auto& id : inner_texts(b, "launchTemplateName")) templates_.add(id);
      break;
    case Op::kCreateLaunchConfiguration:
      configs_.add("lc" + std::to_string(s.a[0] % 3));
      break;
    case Op::kDescribeAutoScalingGroups:
      for (auto& id : inner_texts(b, "InstanceId")) {
        instances_.add(id);
        members_.add(id);
      }
      break;
    case Op::kEcsRunInstances:
    case Op::kEcsDescribeInstances:
      for (auto& id : quoted_with_prefix(b, "i-")) ecs_instances_.add(id);
      for (auto& id : quoted_with_prefix(b, "d-")) ecs_disks_.add(id);
      break;
    case Op::kEcsCreateDisk:
      for (auto& id : quoted_with_prefix(b, "d-")) ecs_disks_.add(id);
      break;
    default:
      break;
  }
}

// --- invariants ----------------------------------------------------------------------------------

Reply Runner::send(const Request& r) {
  ++requests_;
  if (on_request) on_request(on_request_arg);
  Reply reply = target_.send(r);
  // Over HTTP the Router's flag is not on the wire: a 5xx carrying a code this sequence injected is
  // an injected fault.
  if (!reply.injected && reply.status >= 500) {
    for (const auto& code : injected_codes_) {
      if (reply.body.find(">" + code + "<") != std::string::npos ||
          reply.body.find("\"" + code + "\"") != std::string::npos) {
        reply.injected = true;
      }
    }
  }
  return reply;
}

std::optional<Failure> Runner::check_reply(const Reply& reply, const std::string& what) {
  if (!reply.answered) return Failure{"answered", index_, "no answer to " + what};
  if (reply.ms > options_.slow_ms) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f ms", reply.ms);
    return Failure{"slow", index_, what + " took " + buf};
  }
  if (reply.status >= 500 && !reply.injected) {
    return Failure{
        "5xx", index_,
        what + " answered " + std::to_string(reply.status) + ": " + reply.body.substr(0, 400)};
  }
  return std::nullopt;
}

#define CLOUDLIFE_CHECKED(var, request, what) \
  const Reply var = send(request);            \
  if (auto f = check_reply(var, what)) return f;

std::optional<Failure> Runner::check_state() {
  CLOUDLIFE_CHECKED(dump_reply, control("GET", "/_cloudlife/state"), "GET /_cloudlife/state");
  json dump;
  try {
    dump = json::parse(dump_reply.body);
  } catch (const std::exception& e) {
    return Failure{"dump", index_, std::string("the state dump is not JSON: ") + e.what()};
  }
  // EC2: instances and volumes of us-east-1 (the only region the sequences use).
  std::map<std::string, std::string> dumped_instances, dumped_volumes;
  for (const auto& p : dump["ec2"]["partitions"]) {
    std::map<std::string, const json*> by_id;
    for (const auto& i : p["instances"]) by_id[i["instance_id"].get<std::string>()] = &i;
    std::map<std::string, const json*> vol_by_id;
    for (const auto& v : p["volumes"]) vol_by_id[v["volume_id"].get<std::string>()] = &v;
    for (const auto& v : p["volumes"]) {
      const std::string vid = v["volume_id"];
      if (p["region"] == "us-east-1") dumped_volumes[vid] = v["state"];
      if (!v.contains("attachment") || v["attachment"].is_null()) continue;
      const std::string iid = v["attachment"]["instance_id"];
      const auto it = by_id.find(iid);
      if (it == by_id.end()) {
        return Failure{"orphan", index_, vid + " is attached to " + iid + ", which does not exist"};
      }
      const json& inst = *it->second;
      if (inst["state"] == "terminated" && !inst["settling"].get<bool>()) {
        return Failure{"orphan", index_, vid + " is still attached to terminated " + iid};
      }
    }
    for (const auto& i : p["instances"]) {
      const std::string iid = i["instance_id"];
      if (p["region"] == "us-east-1") dumped_instances[iid] = i["state"];
      if (i["state"] == "terminated" || i["state"] == "shutting-down") continue;
      for (const auto& bd : i["block_devices"]) {
        const std::string vid = bd["volume_id"];
        const auto v = vol_by_id.find(vid);
        if (v == vol_by_id.end()) {
          return Failure{"orphan", index_,
                         iid + " (" + i["state"].get<std::string>() + ") lists " + vid +
                             ", which does not exist"};
        }
        const json& vol = *v->second;
        if (!vol.contains("attachment") || vol["attachment"].is_null() ||
            vol["attachment"]["instance_id"] != iid) {
          return Failure{"orphan", index_, iid + " lists " + vid + ", which is not attached to it"};
        }
      }
    }
  }
  // ECS: every disk in use belongs to a live instance that lists it.
  std::map<std::string, std::string> dumped_ecs;
  if (dump.contains("ecs")) {
    std::map<std::string, const json*> ecs_by_id;
    for (const auto& i : dump["ecs"]["instances"]) {
      ecs_by_id[i["instance_id"].get<std::string>()] = &i;
      // An instance being released is no longer listed by DescribeInstances (DESIGN §2).
      const bool releasing = i.contains("releasing") && !i["releasing"].is_null();
      if (i["region"] == "cn-hangzhou" && !releasing) dumped_ecs[i["instance_id"]] = i["status"];
    }
    for (const auto& d : dump["ecs"]["disks"]) {
      if (!d.contains("instance_id") || !d["instance_id"].is_string() ||
          d["instance_id"].get<std::string>().empty()) {
        continue;
      }
      const std::string did = d["disk_id"];
      const std::string iid = d["instance_id"];
      const auto it = ecs_by_id.find(iid);
      if (it == ecs_by_id.end()) {
        return Failure{"orphan", index_,
                       "ECS disk " + did + " (" + d["status"].get<std::string>() + ") belongs to " +
                           iid + ", which does not exist"};
      }
    }
  }
  // The dump agrees with the describes.
  {
    CLOUDLIFE_CHECKED(r, ec2(Form("DescribeInstances", "2016-11-15")), "DescribeInstances");
    if (r.status == 200) {
      std::map<std::string, std::string> described;
      tinyxml2::XMLDocument doc;
      doc.Parse(r.body.c_str(), r.body.size());
      for (const auto* res = child(child(doc.RootElement(), "reservationSet"), "item"); res;
           res = res->NextSiblingElement("item")) {
        for (const auto* i = child(child(res, "instancesSet"), "item"); i;
             i = i->NextSiblingElement("item")) {
          described[text_of(i, "instanceId")] = text_of(child(i, "instanceState"), "name");
        }
      }
      if (described != dumped_instances) {
        std::string diff;
        for (const auto& [id, st] : described) {
          auto it = dumped_instances.find(id);
          if (it == dumped_instances.end() || it->second != st) {
            diff += id + " described " + st + " dumped " +
                    (it == dumped_instances.end() ? "absent" : it->second) + "; ";
          }
        }
        for (const auto& [id, st] : dumped_instances) {
          if (!described.count(id)) diff += id + " dumped " + st + " not described; ";
        }
        return Failure{"dump", index_, "DescribeInstances disagrees with the dump: " + diff};
      }
    }
  }
  {
    CLOUDLIFE_CHECKED(r, ec2(Form("DescribeVolumes", "2016-11-15")), "DescribeVolumes");
    if (r.status == 200) {
      std::map<std::string, std::string> described;
      tinyxml2::XMLDocument doc;
      doc.Parse(r.body.c_str(), r.body.size());
      for (const auto* v = child(child(doc.RootElement(), "volumeSet"), "item"); v;
           v = v->NextSiblingElement("item")) {
        described[text_of(v, "volumeId")] = text_of(v, "status");
      }
      if (described != dumped_volumes) {
        std::string diff;
        for (const auto& [id, st] : described) {
          auto it = dumped_volumes.find(id);
          if (it == dumped_volumes.end() || it->second != st)
            diff += id + " described " + st + "; ";
        }
        for (const auto& [id, st] : dumped_volumes) {
          if (!described.count(id)) diff += id + " dumped " + st + " not described; ";
        }
        return Failure{"dump", index_, "DescribeVolumes disagrees with the dump: " + diff};
      }
    }
  }
  if (dump.contains("ecs") && dumped_ecs.size() <= 100) {
    CLOUDLIFE_CHECKED(r, ecs(Form("DescribeInstances", "2014-05-26").add("PageSize", 100)),
                      "ECS DescribeInstances");
    if (r.status == 200) {
      std::map<std::string, std::string> described;
      try {
        const json body = json::parse(r.body);
        for (const auto& i : body["Instances"]["Instance"]) {
          described[i["InstanceId"]] = i["Status"];
        }
      } catch (const std::exception& e) {
        return Failure{"dump", index_,
                       std::string("ECS DescribeInstances is not JSON: ") + e.what()};
      }
      if (described != dumped_ecs) {
        std::string diff;
        for (const auto& [id, st] : described) {
          auto it = dumped_ecs.find(id);
          if (it == dumped_ecs.end() || it->second != st) diff += id + " described " + st + "; ";
        }
        for (const auto& [id, st] : dumped_ecs) {
          if (!described.count(id)) diff += id + " dumped " + st + " not described; ";
        }
        return Failure{"dump", index_, "ECS DescribeInstances disagrees with the dump: " + diff};
      }
    }
  }
  // Group members exist as EC2 instances.
  CLOUDLIFE_CHECKED(g, ec2(Form("DescribeAutoScalingGroups", "2011-01-01")),
                    "DescribeAutoScalingGroups");
  if (g.status != 200) return std::nullopt;
  const auto groups = parse_groups(g.body);
  if (!groups) return Failure{"dump", index_, "DescribeAutoScalingGroups is not parseable"};
  for (const auto& grp : *groups) {
    for (const auto& m : grp.members) {
      if (m.state == "Terminated" || starts_with(m.state, "Terminating") || m.state == "Detached")
        continue;
      if (!dumped_instances.count(m.id)) {
        return Failure{
            "dump", index_,
            grp.name + " lists " + m.id + " (" + m.state + "), which is not an EC2 instance"};
      }
    }
  }
  return check_groups(false);
}

std::optional<Failure> Runner::check_groups(bool converged) {
  CLOUDLIFE_CHECKED(g, ec2(Form("DescribeAutoScalingGroups", "2011-01-01")),
                    "DescribeAutoScalingGroups");
  if (g.status != 200) return std::nullopt;
  const auto groups = parse_groups(g.body);
  if (!groups) return Failure{"dump", index_, "DescribeAutoScalingGroups is not parseable"};
  std::set<std::string> stuck;
  if (converged) {
    CLOUDLIFE_CHECKED(d, control("GET", "/_cloudlife/state"), "GET /_cloudlife/state");
    const json state = json::parse(d.body);
    for (const auto& p : state["ec2"]["partitions"]) {
      for (const auto& i : p["instances"]) {
        if (i["stuck"].get<bool>()) stuck.insert(i["instance_id"].get<std::string>());
      }
    }
  }
  for (const auto& grp : *groups) {
    const std::string where = grp.name + " (min " + std::to_string(grp.min) + ", max " +
                              std::to_string(grp.max) + ", desired " + std::to_string(grp.desired) +
                              ") members: " + join(grp.members);
    if (grp.desired < grp.min || grp.desired > grp.max) {
      return Failure{"bounds", index_, "desired capacity outside [Min, Max]: " + where};
    }
    int alive = 0, unprotected = 0;
    bool has_stuck = false;
    for (const auto& m : grp.members) {
      // A member held by a launching lifecycle hook (Pending:Wait) cannot be scaled in until the
      // hook ends; it counts from then on (and settle() requires that it leaves or serves).
      if (live(m.state) && m.state != "Pending:Wait") {
        ++alive;
        if (!m.is_protected) ++unprotected;
      }
      if (stuck.count(m.id)) has_stuck = true;
    }
    // Members protected from scale-in may keep a group above a lowered Max (AWS cannot terminate
    // them); nothing else may.
    if (alive > std::max(grp.max + rebalancing_allowance(grp.max), alive - unprotected)) {
      return Failure{"bounds", index_,
                     "more live members than Max plus the rebalancing allowance: " + where};
    }
    if (!converged || has_stuck) continue;
    for (const auto& m : grp.members) {
      if (transitional(m.state)) {
        return Failure{"converge", index_,
                       "a member is still " + m.state + " after settling: " + where};
      }
    }
    if (alive > grp.desired && unprotected > 0) {
      return Failure{"converge", index_,
                     "above desired capacity with unprotected members after settling: " + where};
    }
    if (alive < grp.desired) {
      // Launches that cannot succeed (template deleted, subnet gone…) leave a Failed activity: AWS
      // keeps trying and so may we; only a group that is not even trying is a defect.
      CLOUDLIFE_CHECKED(act,
                        ec2(Form("DescribeScalingActivities", "2011-01-01")
                                .add("AutoScalingGroupName", grp.name)
                                .add("MaxRecords", 1)),
                        "DescribeScalingActivities");
      const auto codes = inner_texts(act.body, "StatusCode");
      if (!codes.empty() && codes.front() == "Failed") continue;
      return Failure{"converge", index_,
                     "below desired capacity after settling: " + where +
                         " last activity: " + (codes.empty() ? "none" : codes.front())};
    }
  }
  return std::nullopt;
}

// --- the sequence
// ----------------------------------------------------------------------------------

void Runner::begin(std::uint64_t seed) {
  target_.fresh(seed);
  index_ = 0;
  instances_ = {};
  volumes_ = {};
  vpcs_ = {};
  subnets_ = {};
  templates_ = {};
  configs_ = {};
  ecs_instances_ = {};
  ecs_disks_ = {};
  members_ = {};
  vpc_prefix_.clear();
  injected_codes_.clear();
  stuck_injected_ = false;
  // The default VPC and its subnets are known from the start, as a client would look them up.
  const Reply subnets = send(ec2(Form("DescribeSubnets", "2016-11-15")));
  harvest(Step{Op::kDescribeSubnets, {}}, subnets);
}

std::optional<Failure> Runner::step(const Step& s) {
  if (s.op == Op::kSettle) {
    auto f = settle();
    ++index_;
    return f;
  }
  return apply(s, render(s));
}

std::optional<Failure> Runner::apply(const Step& s, const Request& r) {
  last_rendered_ =
      r.method + " " + r.path + " " + (r.kind == Request::Kind::kEcs ? r.query : r.body);
  const Reply reply = send(r);
  if (options_.verbose) {
    std::string answer = reply.body.substr(0, 240);
    std::replace(answer.begin(), answer.end(), '\n', ' ');
    std::printf("  [%d] %s -> %d %.2f ms %s\n", index_, last_rendered_.c_str(), reply.status,
                reply.ms, answer.c_str());
  }
  if (auto f = check_reply(reply, std::string(op_name(s.op)))) return f;
  harvest(s, reply);
  if (options_.check_state) {
    if (auto f = check_state()) return f;
  }
  // Group members join the pools after every step, as a client polling the group would see them.
  CLOUDLIFE_CHECKED(g, ec2(Form("DescribeAutoScalingGroups", "2011-01-01")),
                    "DescribeAutoScalingGroups");
  harvest(Step{Op::kDescribeAutoScalingGroups, {}}, g);
  ++index_;
  return std::nullopt;
}

std::optional<Failure> Runner::settle() {
  CLOUDLIFE_CHECKED(a, control("DELETE", "/_cloudlife/faults"), "DELETE /_cloudlife/faults");
  CLOUDLIFE_CHECKED(
      b,
      control("PUT", "/_cloudlife/timing", {{"profile", "instant"}, {"overrides", json::object()}}),
      "PUT /_cloudlife/timing");
  CLOUDLIFE_CHECKED(g, ec2(Form("DescribeAutoScalingGroups", "2011-01-01")),
                    "DescribeAutoScalingGroups");
  if (const auto groups = parse_groups(g.body)) {
    for (const auto& grp : *groups) {
      // Only what stops convergence is undone (a resume or a hook deletion may itself reconcile).
      if (grp.suspended) {
        CLOUDLIFE_CHECKED(
            r, ec2(Form("ResumeProcesses", "2011-01-01").add("AutoScalingGroupName", grp.name)),
            "ResumeProcesses");
      }
      CLOUDLIFE_CHECKED(
          h,
          ec2(Form("DescribeLifecycleHooks", "2011-01-01").add("AutoScalingGroupName", grp.name)),
          "DescribeLifecycleHooks");
      for (const auto& hook : inner_texts(h.body, "LifecycleHookName")) {
        CLOUDLIFE_CHECKED(d,
                          ec2(Form("DeleteLifecycleHook", "2011-01-01")
                                  .add("AutoScalingGroupName", grp.name)
                                  .add("LifecycleHookName", hook)),
                          "DeleteLifecycleHook");
      }
    }
  }
  for (int i = 0; i < 2; ++i) {
    CLOUDLIFE_CHECKED(adv, control("POST", "/_cloudlife/clock/advance", {{"seconds", 3600}}),
                      "POST /_cloudlife/clock/advance");
  }
  if (auto f = check_groups(true)) return f;
  return check_state();
}

std::optional<Failure> Runner::run(const std::vector<Step>& steps, std::uint64_t seed) {
  begin(seed);
  for (const Step& s : steps) {
    if (auto f = step(s)) return f;
  }
  if (options_.final_settle) return settle();
  return std::nullopt;
}

}  // namespace cloudlife::sequence
