#include "ecs/api/parameter_support.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace cloudlife::ecs::api {
namespace {

struct ActionParameters {
  // Top-level names the API reference documents (a structured one covers "Name.…").
  std::set<std::string, std::less<>> documented;
  // Patterns cloudlife models (decodes and acts on), or accepts because they have no effect an
  // API caller can observe (Password: no call reads it back).
  std::set<std::string, std::less<>> modelled;
  // Documented but not modelled: accepted only with a value cloudlife's behaviour already matches.
  std::map<std::string, std::set<std::string>, std::less<>> only_values;
};

// Sent with any action (signature, envelope, idempotency, the RAM owner fields the SDK carries).
const std::set<std::string, std::less<>> kCommon = {
    "AccessKeyId",     "Action",         "Format",        "Signature",
    "SignatureMethod", "SignatureNonce", "SignatureType", "SignatureVersion",
    "SecurityToken",   "Timestamp",      "Version",       "RegionId",
    "ClientToken",     "OwnerId",        "OwnerAccount",  "ResourceOwnerAccount",
    "ResourceOwnerId"};

// The launch parameters RunInstances and CreateInstance share.
std::set<std::string, std::less<>> launch_modelled() {
  return {"ZoneId", "ImageId", "InstanceType", "InstanceName", "Description", "HostName",
          "VSwitchId", "SecurityGroupId", "KeyPairName", "ResourceGroupId", "InstanceChargeType",
          "Period", "PeriodUnit", "AutoRenew", "AutoRenewPeriod", "InternetChargeType",
          "InternetMaxBandwidthIn", "InternetMaxBandwidthOut", "SystemDisk.Category",
          "SystemDisk.Size", "SystemDisk.DiskName", "SystemDisk.Description",
          "SystemDisk.PerformanceLevel", "DataDisk.N.Size", "DataDisk.N.Category",
          "DataDisk.N.SnapshotId", "DataDisk.N.DeleteWithInstance", "DataDisk.N.DiskName",
          "DataDisk.N.Description", "DataDisk.N.PerformanceLevel", "DataDisk.N.Device", "Tag.N.Key",
          "Tag.N.Value", "DeletionProtection", "DryRun", "UserData", "PrivateIpAddress",
          // Write-only: no API reads them back.
          "Password", "PasswordInherit", "SecurityEnhancementStrategy"};
}

std::map<std::string, std::set<std::string>, std::less<>> launch_only_values() {
  return {{"AutoPay", {"true"}},
          {"IoOptimized", {"optimized"}},
          {"SpotStrategy", {"NoSpot"}},
          {"Tenancy", {"default"}},
          {"UniqueSuffix", {"false"}},
          {"SystemDisk.Encrypted", {"false"}},
          {"DataDisk.N.Encrypted", {"false"}},
          {"DataDisk.N.BurstingEnabled", {"false"}},
          {"SystemDisk.BurstingEnabled", {"false"}},
          {"HttpEndpoint", {"enabled"}},
          {"HttpTokens", {"optional"}}};
}

const std::map<std::string, ActionParameters, std::less<>>& table() {
  static const std::map<std::string, ActionParameters, std::less<>> kTable = [] {
    std::map<std::string, ActionParameters, std::less<>> t;
    {
      ActionParameters a;
      a.documented = {"Affinity",
                      "Amount",
                      "Arn",
                      "AutoPay",
                      "AutoReleaseTime",
                      "AutoRenew",
                      "AutoRenewPeriod",
                      "ClockOptions",
                      "CreditSpecification",
                      "DataDisk",
                      "DedicatedHostId",
                      "DeletionProtection",
                      "DeploymentSetGroupNo",
                      "DeploymentSetId",
                      "Description",
                      "DryRun",
                      "HostName",
                      "HostNames",
                      "HpcClusterId",
                      "HttpEndpoint",
                      "HttpPutResponseHopLimit",
                      "HttpTokens",
                      "ImageFamily",
                      "ImageId",
                      "ImageOptions",
                      "InstanceChargeType",
                      "InstanceName",
                      "InstanceType",
                      "InternetChargeType",
                      "InternetMaxBandwidthIn",
                      "InternetMaxBandwidthOut",
                      "IoOptimized",
                      "Ipv6Address",
                      "Ipv6AddressCount",
                      "Isp",
                      "KeyPairName",
                      "LaunchTemplateId",
                      "LaunchTemplateName",
                      "LaunchTemplateVersion",
                      "ManagedHostId",
                      "MinAmount",
                      "NetworkInterface",
                      "NetworkInterfaceQueueNumber",
                      "NetworkOptions",
                      "Password",
                      "PasswordInherit",
                      "Period",
                      "PeriodUnit",
                      "PrivateDnsNameOptions",
                      "PrivateIpAddress",
                      "RamRoleName",
                      "ResourceGroupId",
                      "SecurityEnhancementStrategy",
                      "SecurityGroupId",
                      "SecurityGroupIds",
                      "SpotDuration",
                      "SpotInterruptionBehavior",
                      "SpotPriceLimit",
                      "SpotStrategy",
                      "StorageSetId",
                      "StorageSetPartitionNumber",
                      "Tag",
                      "Tenancy",
                      "UniqueSuffix",
                      "UserData",
                      "VSwitchId",
                      "ZoneId",
                      "CpuOptions",
                      "HibernationOptions",
                      "PrivatePoolOptions",
                      "SchedulerOptions",
                      "SecurityOptions",
                      "SystemDisk"};
      a.modelled = launch_modelled();
      a.modelled.insert(
          {"Amount", "MinAmount", "AutoReleaseTime", "SecurityGroupIds.N",
           "NetworkInterface.N.InstanceType", "NetworkInterface.N.VSwitchId",
           "NetworkInterface.N.SecurityGroupId", "NetworkInterface.N.SecurityGroupIds.N",
           "NetworkInterface.N.PrimaryIpAddress", "NetworkInterface.N.NetworkInterfaceName",
           "NetworkInterface.N.Description", "NetworkInterface.N.NetworkInterfaceTrafficMode",
           "NetworkInterface.N.SecondaryPrivateIpAddressCount",
           "NetworkInterface.N.DeleteOnRelease", "NetworkInterface.N.NetworkInterfaceId"});
      a.only_values = launch_only_values();
      t["RunInstances"] = a;
    }
    {
      ActionParameters a;
      a.documented = {"Affinity",
                      "Arn",
                      "AutoRenew",
                      "AutoRenewPeriod",
                      "ClusterId",
                      "CreditSpecification",
                      "DataDisk",
                      "DedicatedHostId",
                      "DeletionProtection",
                      "DeploymentSetGroupNo",
                      "DeploymentSetId",
                      "Description",
                      "DryRun",
                      "HostName",
                      "HpcClusterId",
                      "HttpEndpoint",
                      "HttpPutResponseHopLimit",
                      "HttpTokens",
                      "ImageFamily",
                      "ImageId",
                      "InnerIpAddress",
                      "InstanceChargeType",
                      "InstanceName",
                      "InstanceType",
                      "InternetChargeType",
                      "InternetMaxBandwidthIn",
                      "InternetMaxBandwidthOut",
                      "IoOptimized",
                      "KeyPairName",
                      "ManagedHostId",
                      "NodeControllerId",
                      "Password",
                      "PasswordInherit",
                      "Period",
                      "PeriodUnit",
                      "PrivateIpAddress",
                      "RamRoleName",
                      "ResourceGroupId",
                      "SecurityEnhancementStrategy",
                      "SecurityGroupId",
                      "SpotDuration",
                      "SpotInterruptionBehavior",
                      "SpotPriceLimit",
                      "SpotStrategy",
                      "StorageSetId",
                      "StorageSetPartitionNumber",
                      "Tag",
                      "Tenancy",
                      "UseAdditionalService",
                      "UserData",
                      "VSwitchId",
                      "VlanId",
                      "ZoneId",
                      "HibernationOptions",
                      "PrivatePoolOptions",
                      "SystemDisk",
                      "AutoReleaseTime"};
      a.modelled = launch_modelled();
      a.modelled.insert("AutoReleaseTime");
      a.only_values = launch_only_values();
      a.only_values["UseAdditionalService"] = {"true"};
      t["CreateInstance"] = a;
    }
    t["DescribeInstances"] = {{"AdditionalAttributes",
                               "DeviceAvailable",
                               "DryRun",
                               "EipAddresses",
                               "HpcClusterId",
                               "HttpEndpoint",
                               "HttpPutResponseHopLimit",
                               "HttpTokens",
                               "ImageId",
                               "InnerIpAddresses",
                               "InstanceChargeType",
                               "InstanceIds",
                               "InstanceName",
                               "InstanceNetworkType",
                               "InstanceType",
                               "InstanceTypeFamily",
                               "InternetChargeType",
                               "IoOptimized",
                               "Ipv6Address",
                               "KeyPairName",
                               "LockReason",
                               "MaxResults",
                               "NeedSaleCycle",
                               "NextToken",
                               "PageNumber",
                               "PageSize",
                               "PrivateIpAddresses",
                               "PublicIpAddresses",
                               "RdmaIpAddresses",
                               "ResourceGroupId",
                               "SecurityGroupId",
                               "Status",
                               "Tag",
                               "VSwitchId",
                               "VpcId",
                               "ZoneId",
                               "Filter"},
                              {"DryRun",
                               "EipAddresses",
                               "ImageId",
                               "InstanceChargeType",
                               "InstanceIds",
                               "InstanceName",
                               "InstanceType",
                               "InstanceTypeFamily",
                               "InternetChargeType",
                               "KeyPairName",
                               "LockReason",
                               "MaxResults",
                               "NextToken",
                               "PageNumber",
                               "PageSize",
                               "PrivateIpAddresses",
                               "PublicIpAddresses",
                               "ResourceGroupId",
                               "SecurityGroupId",
                               "Status",
                               "Tag.N.Key",
                               "Tag.N.Value",
                               "VSwitchId",
                               "VpcId",
                               "ZoneId"},
                              {{"InstanceNetworkType", {"vpc"}}, {"IoOptimized", {"true"}}}};
    t["DescribeInstanceStatus"] = {{"ClusterId", "InstanceId", "PageNumber", "PageSize", "ZoneId"},
                                   {"InstanceId.N", "PageNumber", "PageSize", "ZoneId"},
                                   {}};
    t["DescribeInstanceAttribute"] = {{"InstanceId"}, {"InstanceId"}, {}};
    t["StartInstance"] = {{"DryRun", "InitLocalDisk", "InstanceId"},
                          {"DryRun", "InstanceId"},
                          {{"InitLocalDisk", {"false"}}}};
    t["StartInstances"] = {{"BatchOptimization", "DryRun", "InstanceId"},
                           {"BatchOptimization", "DryRun", "InstanceId.N"},
                           {}};
    // ConfirmStop only confirms stopping an instance with local disks (cloudlife has none).
    t["StopInstance"] = {
        {"ConfirmStop", "DryRun", "ForceStop", "Hibernate", "InstanceId", "StoppedMode"},
        {"ConfirmStop", "DryRun", "ForceStop", "InstanceId", "StoppedMode"},
        {{"Hibernate", {"false"}}}};
    t["StopInstances"] = {
        {"BatchOptimization", "DryRun", "ForceStop", "InstanceId", "StoppedMode"},
        {"BatchOptimization", "DryRun", "ForceStop", "InstanceId.N", "StoppedMode"},
        {}};
    t["RebootInstance"] = {
        {"DryRun", "ForceStop", "InstanceId"}, {"DryRun", "ForceStop", "InstanceId"}, {}};
    t["RebootInstances"] = {{"BatchOptimization", "DryRun", "ForceReboot", "InstanceId"},
                            {"BatchOptimization", "DryRun", "ForceReboot", "InstanceId.N"},
                            {}};
    // ForceStop picks how a running instance shuts down before release; release is immediate for
    // the caller either way.
    t["DeleteInstance"] = {{"DryRun", "Force", "ForceStop", "InstanceId", "TerminateSubscription"},
                           {"DryRun", "Force", "ForceStop", "InstanceId", "TerminateSubscription"},
                           {}};
    t["DeleteInstances"] = {
        {"DryRun", "Force", "ForceStop", "InstanceId", "TerminateSubscription"},
        {"DryRun", "Force", "ForceStop", "InstanceId.N", "TerminateSubscription"},
        {}};
    t["ModifyInstanceAttribute"] = {
        {"CreditSpecification", "DeletionProtection", "Description", "EnableJumboFrame",
         "EnableNetworkEncryption", "HostName", "InstanceId", "InstanceName",
         "NetworkInterfaceQueueNumber", "Password", "PrivateDnsNameOptions", "Recyclable",
         "RemoteConnectionOptions", "SecurityGroupIds", "UserData", "CpuOptions"},
        {"DeletionProtection", "Description", "HostName", "InstanceId", "InstanceName", "Password",
         "SecurityGroupIds.N", "UserData"},
        {}};
    t["ModifyInstanceAutoReleaseTime"] = {
        {"AutoReleaseTime", "InstanceId"}, {"AutoReleaseTime", "InstanceId"}, {}};
    t["ModifyInstanceChargeType"] = {
        {"AutoPay", "DryRun", "IncludeDataDisks", "InstanceChargeType", "InstanceIds",
         "IsDetailFee", "Period", "PeriodUnit"},
        {"DryRun", "InstanceChargeType", "InstanceIds", "IsDetailFee", "Period", "PeriodUnit"},
        {{"AutoPay", {"true"}}, {"IncludeDataDisks", {"false"}}}};
    t["RenewInstance"] = {{"ExpectedRenewDay", "InstanceId", "Period", "PeriodUnit"},
                          {"InstanceId", "Period", "PeriodUnit"},
                          {}};
    t["DescribeDisks"] = {
        {"AdditionalAttributes",
         "AutoSnapshotPolicyId",
         "Category",
         "DeleteAutoSnapshot",
         "DeleteWithInstance",
         "DiskChargeType",
         "DiskIds",
         "DiskName",
         "DiskType",
         "DryRun",
         "EnableAutoSnapshot",
         "EnableAutomatedSnapshotPolicy",
         "EnableShared",
         "Encrypted",
         "InstanceId",
         "KMSKeyId",
         "LockReason",
         "MaxResults",
         "MultiAttach",
         "NextToken",
         "PageNumber",
         "PageSize",
         "Portable",
         "ResourceGroupId",
         "SnapshotId",
         "Status",
         "Tag",
         "ZoneId",
         "Filter"},
        {"Category", "DeleteAutoSnapshot", "DeleteWithInstance", "DiskChargeType", "DiskIds",
         "DiskName", "DiskType", "DryRun", "EnableAutoSnapshot", "InstanceId", "MaxResults",
         "NextToken", "PageNumber", "PageSize", "Portable", "SnapshotId", "Status", "ZoneId"},
        {{"Encrypted", {"false"}}, {"EnableShared", {"false"}}}};
    t["CreateDisk"] = {
        {"AdvancedFeatures",
         "Arn",
         "BurstingEnabled",
         "Description",
         "DiskCategory",
         "DiskName",
         "EncryptAlgorithm",
         "Encrypted",
         "InstanceId",
         "KMSKeyId",
         "MultiAttach",
         "PerformanceLevel",
         "ProvisionedIops",
         "ResourceGroupId",
         "Size",
         "SnapshotId",
         "StorageClusterId",
         "StorageSetId",
         "StorageSetPartitionNumber",
         "Tag",
         "ZoneId",
         "DryRun"},
        {"Description", "DiskCategory", "DiskName", "InstanceId", "PerformanceLevel", "Size",
         "SnapshotId", "Tag.N.Key", "Tag.N.Value", "ZoneId", "DryRun"},
        {{"Encrypted", {"false"}}, {"BurstingEnabled", {"false"}}, {"MultiAttach", {"Disabled"}}}};
    t["AttachDisk"] = {{"Bootable", "DeleteWithInstance", "Device", "DiskId", "Force", "InstanceId",
                        "KeyPairName", "Password"},
                       {"DeleteWithInstance", "DiskId", "InstanceId"},
                       {{"Bootable", {"false"}}}};
    t["DetachDisk"] = {{"DeleteWithInstance", "DiskId", "InstanceId"},
                       {"DeleteWithInstance", "DiskId", "InstanceId"},
                       {}};
    t["DeleteDisk"] = {{"DiskId"}, {"DiskId"}, {}};
    t["ModifyDiskAttribute"] = {
        {"BurstingEnabled", "DeleteAutoSnapshot", "DeleteWithInstance", "Description", "DiskId",
         "DiskIds", "DiskName", "EnableAutoSnapshot"},
        {"DeleteAutoSnapshot", "DeleteWithInstance", "Description", "DiskId", "DiskIds.N",
         "DiskName", "EnableAutoSnapshot"},
        {}};
    t["CreateSnapshot"] = {
        {"Category", "Description", "DiskId", "InstantAccess", "InstantAccessRetentionDays",
         "ResourceGroupId", "RetentionDays", "SnapshotName", "StorageLocationArn", "Tag"},
        {"Description", "DiskId", "SnapshotName"},
        {{"Category", {"Standard"}}, {"InstantAccess", {"false"}}}};
    t["DescribeSnapshots"] = {
        {"Category",       "DiskId",       "DryRun",          "Encrypted",
         "InstanceId",     "KMSKeyId",     "MaxResults",      "NextToken",
         "PageNumber",     "PageSize",     "ResourceGroupId", "SnapshotIds",
         "SnapshotLinkId", "SnapshotName", "SnapshotType",    "SourceDiskType",
         "Status",         "Tag",          "Usage",           "Filter"},
        {"DiskId", "DryRun", "InstanceId", "MaxResults", "NextToken", "PageNumber", "PageSize",
         "SnapshotIds", "SnapshotType"},
        {{"Encrypted", {"false"}}, {"Category", {"Standard"}}}};
    t["DeleteSnapshot"] = {{"Force", "SnapshotId"}, {"SnapshotId"}, {{"Force", {"false"}}}};
    t["AllocatePublicIpAddress"] = {{"InstanceId", "IpAddress", "VlanId"}, {"InstanceId"}, {}};
    t["ConvertNatPublicIpToEip"] = {{"InstanceId"}, {"InstanceId"}, {}};
    t["AllocateEipAddress"] = {{"ActivityId", "Bandwidth", "ISP", "InternetChargeType"},
                               {"Bandwidth", "InternetChargeType"},
                               {{"ISP", {"BGP"}}}};
    t["AssociateEipAddress"] = {{"AllocationId", "InstanceId", "InstanceType"},
                                {"AllocationId", "InstanceId", "InstanceType"},
                                {}};
    t["UnassociateEipAddress"] = {{"AllocationId", "InstanceId", "InstanceType"},
                                  {"AllocationId", "InstanceId"},
                                  {{"InstanceType", {"EcsInstance", "NetworkInterface"}}}};
    t["ReleaseEipAddress"] = {{"AllocationId"}, {"AllocationId"}, {}};
    t["DescribeEipAddresses"] = {
        {"AllocationId", "AssociatedInstanceId", "AssociatedInstanceType", "ChargeType",
         "EipAddress", "ISP", "LockReason", "PageNumber", "PageSize", "Status", "Filter"},
        {"AllocationId", "AssociatedInstanceId", "EipAddress", "PageNumber", "PageSize", "Status"},
        {{"AssociatedInstanceType", {"EcsInstance"}}, {"ISP", {"BGP"}}}};
    t["CreateNetworkInterface"] = {
        {"BusinessType",
         "ConnectionTrackingConfiguration",
         "DeleteOnRelease",
         "Description",
         "EnablePrimaryIPv6",
         "EnhancedNetwork",
         "InstanceType",
         "Ipv4Prefix",
         "Ipv4PrefixCount",
         "Ipv6Address",
         "Ipv6AddressCount",
         "Ipv6Prefix",
         "Ipv6PrefixCount",
         "NetworkInterfaceName",
         "NetworkInterfaceTrafficConfig",
         "NetworkInterfaceTrafficMode",
         "PrimaryIpAddress",
         "PrivateIpAddress",
         "QueueNumber",
         "QueuePairNumber",
         "ResourceGroupId",
         "RxQueueSize",
         "SecondaryPrivateIpAddressCount",
         "SecurityGroupId",
         "SecurityGroupIds",
         "SourceDestCheck",
         "Tag",
         "TxQueueSize",
         "VSwitchId",
         "Visible",
         "DryRun"},
        {"Description", "NetworkInterfaceName", "PrimaryIpAddress", "PrivateIpAddress.N",
         "ResourceGroupId", "SecondaryPrivateIpAddressCount", "SecurityGroupId",
         "SecurityGroupIds.N", "Tag.N.Key", "Tag.N.Value", "VSwitchId", "DryRun"},
        {{"InstanceType", {"Secondary"}},
         {"NetworkInterfaceTrafficMode", {"Standard"}},
         {"SourceDestCheck", {"true"}},
         {"Visible", {"true"}},
         {"Ipv6AddressCount", {"0"}},
         {"Ipv4PrefixCount", {"0"}},
         {"Ipv6PrefixCount", {"0"}}}};
    t["AssignPrivateIpAddresses"] = {
        {"Ipv4Prefix", "Ipv4PrefixCount", "NetworkInterfaceId", "PrivateIpAddress",
         "SecondaryPrivateIpAddressCount"},
        {"NetworkInterfaceId", "PrivateIpAddress.N", "SecondaryPrivateIpAddressCount"},
        {{"Ipv4PrefixCount", {"0"}}}};
    t["UnassignPrivateIpAddresses"] = {{"Ipv4Prefix", "NetworkInterfaceId", "PrivateIpAddress"},
                                       {"NetworkInterfaceId", "PrivateIpAddress.N"},
                                       {}};
    t["DescribeNetworkInterfaces"] = {
        {"InstanceId", "Ipv6Address", "MaxResults", "NetworkInterfaceId", "NetworkInterfaceName",
         "NextToken", "PageNumber", "PageSize", "PrimaryIpAddress", "PrivateIpAddress",
         "ResourceGroupId", "SecurityGroupId", "ServiceManaged", "Status", "Tag", "Type",
         "VSwitchId", "VpcId"},
        {"InstanceId", "MaxResults", "NetworkInterfaceId.N", "NetworkInterfaceName", "NextToken",
         "PageNumber", "PageSize", "PrimaryIpAddress", "PrivateIpAddress.N", "ResourceGroupId",
         "SecurityGroupId", "Status", "Tag.N.Key", "Tag.N.Value", "Type", "VSwitchId", "VpcId"},
        {{"ServiceManaged", {"false"}}}};
    t["AttachNetworkInterface"] = {{"InstanceId", "NetworkCardIndex", "NetworkInterfaceId",
                                    "TrunkNetworkInstanceId", "WaitForNetworkConfigurationReady"},
                                   {"InstanceId", "NetworkInterfaceId"},
                                   {{"WaitForNetworkConfigurationReady", {"false"}}}};
    t["DetachNetworkInterface"] = {{"InstanceId", "NetworkInterfaceId", "TrunkNetworkInstanceId"},
                                   {"InstanceId", "NetworkInterfaceId"},
                                   {}};
    t["DeleteNetworkInterface"] = {{"NetworkInterfaceId"}, {"NetworkInterfaceId"}, {}};
    t["ModifyNetworkInterfaceAttribute"] = {
        {"ConnectionTrackingConfiguration", "DeleteOnRelease", "Description", "EnablePrimaryIPv6",
         "EnhancedNetwork", "NetworkInterfaceId", "NetworkInterfaceName",
         "NetworkInterfaceTrafficConfig", "QueueNumber", "RxQueueSize", "SecurityGroupId",
         "SourceDestCheck", "TxQueueSize"},
        {"Description", "NetworkInterfaceId", "NetworkInterfaceName", "SecurityGroupId.N"},
        {{"SourceDestCheck", {"true"}}}};
    // Async: the change is complete when the call returns either way.
    t["ModifyInstanceSpec"] = {{"AllowMigrateAcrossZone", "Async", "Disk", "DryRun", "InstanceId",
                                "InstanceType", "InternetMaxBandwidthIn", "InternetMaxBandwidthOut",
                                "ModifyMode", "SystemDisk", "Temporary"},
                               {"Async", "DryRun", "InstanceId", "InstanceType",
                                "InternetMaxBandwidthIn", "InternetMaxBandwidthOut"},
                               {{"AllowMigrateAcrossZone", {"false"}}}};
    t["ModifyPrepayInstanceSpec"] = {
        {"AutoPay", "Disk", "EndTime", "InstanceId", "InstanceType", "MigrateAcrossZone",
         "ModifyMode", "OperatorType", "RebootTime", "RebootWhenFinished", "SystemDisk"},
        {"InstanceId", "InstanceType", "OperatorType", "RebootWhenFinished"},
        {{"AutoPay", {"true"}}, {"MigrateAcrossZone", {"false"}}}};
    t["ModifyInstanceVpcAttribute"] = {
        {"InstanceId", "PrivateIpAddress", "SecurityGroupId", "VSwitchId", "VpcId"},
        {"InstanceId", "PrivateIpAddress", "SecurityGroupId.N", "VSwitchId", "VpcId"},
        {}};
    t["DescribeRegions"] = {{"AcceptLanguage", "InstanceChargeType", "ResourceType"},
                            {"AcceptLanguage", "InstanceChargeType", "ResourceType"},
                            {}};
    t["DescribeZones"] = {{"AcceptLanguage", "InstanceChargeType", "SpotStrategy", "Verbose"},
                          {"AcceptLanguage", "InstanceChargeType", "SpotStrategy", "Verbose"},
                          {}};
    t["CreateSecurityGroup"] = {{"Description", "DryRun", "ResourceGroupId", "SecurityGroupName",
                                 "SecurityGroupType", "ServiceManaged", "Tag", "VpcId"},
                                {"Description", "DryRun", "ResourceGroupId", "SecurityGroupName",
                                 "SecurityGroupType", "Tag.N.Key", "Tag.N.Value", "VpcId"},
                                {{"ServiceManaged", {"false"}}}};
    t["DescribeSecurityGroups"] = {
        {"DryRun", "FuzzyQuery", "IsQueryEcsCount", "MaxResults", "NetworkType", "NextToken",
         "PageNumber", "PageSize", "ResourceGroupId", "SecurityGroupId", "SecurityGroupIds",
         "SecurityGroupName", "SecurityGroupType", "ServiceManaged", "Tag", "VpcId"},
        {"DryRun", "MaxResults", "NextToken", "PageNumber", "PageSize", "ResourceGroupId",
         "SecurityGroupId", "SecurityGroupIds", "SecurityGroupName", "SecurityGroupType",
         "Tag.N.Key", "Tag.N.Value", "VpcId"},
        {{"FuzzyQuery", {"false"}},
         {"IsQueryEcsCount", {"true", "false"}},
         {"NetworkType", {"vpc"}}}};
    t["DescribeSecurityGroupAttribute"] = {
        {"Direction", "MaxResults", "NextToken", "SecurityGroupId"},
        {"Direction", "SecurityGroupId"},
        {}};
    t["ModifySecurityGroupAttribute"] = {{"Description", "SecurityGroupId", "SecurityGroupName"},
                                         {"Description", "SecurityGroupId", "SecurityGroupName"},
                                         {}};
    t["DeleteSecurityGroup"] = {{"SecurityGroupId"}, {"SecurityGroupId"}, {}};
    const std::set<std::string, std::less<>> rule_documented = {"ClientToken",
                                                                "Description",
                                                                "DestCidrIp",
                                                                "DestGroupId",
                                                                "DestGroupOwnerAccount",
                                                                "DestGroupOwnerId",
                                                                "DestPrefixListId",
                                                                "IpProtocol",
                                                                "Ipv6DestCidrIp",
                                                                "Ipv6SourceCidrIp",
                                                                "NicType",
                                                                "Permissions",
                                                                "Policy",
                                                                "PortRange",
                                                                "PortRangeListId",
                                                                "Priority",
                                                                "SecurityGroupId",
                                                                "SecurityGroupRuleId",
                                                                "SourceCidrIp",
                                                                "SourceGroupId",
                                                                "SourceGroupOwnerAccount",
                                                                "SourceGroupOwnerId",
                                                                "SourcePortRange",
                                                                "SourcePrefixListId"};
    std::set<std::string, std::less<>> rule_modelled = {"SecurityGroupId", "SecurityGroupRuleId.N"};
    for (const char* f : {"IpProtocol", "PortRange", "SourceCidrIp", "SourceGroupId", "DestCidrIp",
                          "DestGroupId", "Policy", "Priority", "NicType", "Description"}) {
      rule_modelled.insert(f);
      rule_modelled.insert(std::string("Permissions.N.") + f);
    }
    for (const char* action : {"AuthorizeSecurityGroup", "AuthorizeSecurityGroupEgress",
                               "RevokeSecurityGroup", "RevokeSecurityGroupEgress"}) {
      t[action] = {rule_documented, rule_modelled, {}};
    }
    t["ModifySecurityGroupRule"] = {rule_documented, rule_modelled, {}};
    t["JoinSecurityGroup"] = {{"InstanceId", "NetworkInterfaceId", "SecurityGroupId"},
                              {"InstanceId", "SecurityGroupId"},
                              {}};
    t["LeaveSecurityGroup"] = {{"InstanceId", "NetworkInterfaceId", "SecurityGroupId"},
                               {"InstanceId", "SecurityGroupId"},
                               {}};
    t["TagResources"] = {{"ResourceId", "ResourceType", "Tag"},
                         {"ResourceId.N", "ResourceType", "Tag.N.Key", "Tag.N.Value"},
                         {}};
    t["UntagResources"] = {{"All", "ResourceId", "ResourceType", "TagKey"},
                           {"All", "ResourceId.N", "ResourceType", "TagKey.N"},
                           {}};
    t["ListTagResources"] = {{"NextToken", "ResourceId", "ResourceType", "Tag", "TagFilter"},
                             {"ResourceId.N", "ResourceType", "Tag.N.Key", "Tag.N.Value"},
                             {}};
    t["DescribeUserData"] = {{"InstanceId"}, {"InstanceId"}, {}};
    t["CreateKeyPair"] = {{"KeyPairName", "ResourceGroupId", "Tag"},
                          {"KeyPairName", "ResourceGroupId", "Tag.N.Key", "Tag.N.Value"},
                          {}};
    t["ImportKeyPair"] = {
        {"KeyPairName", "PublicKeyBody", "ResourceGroupId", "Tag"},
        {"KeyPairName", "PublicKeyBody", "ResourceGroupId", "Tag.N.Key", "Tag.N.Value"},
        {}};
    t["DescribeKeyPairs"] = {{"IncludePublicKey", "KeyPairFingerPrint", "KeyPairName", "PageNumber",
                              "PageSize", "ResourceGroupId", "Tag"},
                             {"KeyPairFingerPrint", "KeyPairName", "PageNumber", "PageSize"},
                             {{"IncludePublicKey", {"true", "false"}}}};
    t["DeleteKeyPairs"] = {{"KeyPairNames"}, {"KeyPairNames"}, {}};
    t["AttachKeyPair"] = {{"InstanceIds", "KeyPairName"}, {"InstanceIds", "KeyPairName"}, {}};
    t["DetachKeyPair"] = {{"InstanceIds", "KeyPairName"}, {"InstanceIds", "KeyPairName"}, {}};
    t["DescribeInstanceRamRole"] = {
        {"InstanceIds", "PageNumber", "PageSize", "RamRoleName"}, {"InstanceIds"}, {}};
    t["DescribeInstanceMaintenanceAttributes"] = {
        {"InstanceId", "PageNumber", "PageSize"}, {"InstanceId.N"}, {}};
    t["DescribeInstanceAutoRenewAttribute"] = {
        {"InstanceId", "PageNumber", "PageSize", "RenewalStatus"}, {"InstanceId"}, {}};
    t["ModifyInstanceAutoRenewAttribute"] = {
        {"AutoRenew", "Duration", "InstanceId", "PeriodUnit", "RenewalStatus"},
        {"AutoRenew", "Duration", "InstanceId", "PeriodUnit", "RenewalStatus"},
        {}};
    t["DescribeAvailableResource"] = {
        {"Cores", "DataDiskCategory", "DedicatedHostId", "DestinationResource",
         "InstanceChargeType", "InstanceType", "IoOptimized", "Memory", "NetworkCategory",
         "ResourceType", "Scope", "SpotDuration", "SpotStrategy", "SystemDiskCategory", "ZoneId"},
        {"Cores", "DataDiskCategory", "DestinationResource", "InstanceChargeType", "InstanceType",
         "IoOptimized", "Memory", "NetworkCategory", "ResourceType", "SystemDiskCategory",
         "ZoneId"},
        {{"SpotStrategy", {"NoSpot"}}}};
    t["DescribeInstanceTypes"] = {
        {"CpuArchitecture",
         "CpuArchitectures",
         "GPUSpec",
         "GPUSpecs",
         "InstanceCategories",
         "InstanceCategory",
         "InstanceFamilyLevel",
         "InstanceTypeFamilies",
         "InstanceTypeFamily",
         "InstanceTypes",
         "LocalStorageCategory",
         "MaxResults",
         "MaximumCpuCoreCount",
         "MaximumCpuSpeedFrequency",
         "MaximumCpuTurboFrequency",
         "MaximumDiskQuantity",
         "MaximumEniIpv6AddressQuantity",
         "MaximumEniPrivateIpAddressQuantity",
         "MaximumEniQuantity",
         "MaximumGPUAmount",
         "MaximumMemorySize",
         "MinimumBaselineCredit",
         "MinimumCpuCoreCount",
         "MinimumCpuSpeedFrequency",
         "MinimumCpuTurboFrequency",
         "MinimumDiskQuantity",
         "MinimumEniIpv6AddressQuantity",
         "MinimumEniPrivateIpAddressQuantity",
         "MinimumEniQuantity",
         "MinimumGPUAmount",
         "MinimumInitialCredit",
         "MinimumInstanceBandwidthRx",
         "MinimumInstanceBandwidthTx",
         "MinimumInstancePpsRx",
         "MinimumInstancePpsTx",
         "MinimumLocalStorageAmount",
         "MinimumLocalStorageCapacity",
         "MinimumMemorySize",
         "MinimumPrimaryEniQueueNumber",
         "MinimumQueuePairNumber",
         "MinimumSecondaryEniQueueNumber",
         "NextToken",
         "NvmeSupport",
         "PhysicalProcessorModel",
         "PhysicalProcessorModels"},
        {"CpuArchitecture", "InstanceCategory", "InstanceTypeFamily", "InstanceTypes.N",
         "MaxResults", "MaximumCpuCoreCount", "MaximumMemorySize", "MinimumCpuCoreCount",
         "MinimumMemorySize", "NextToken"},
        {}};
    t["DescribeInstanceTypeFamilies"] = {{"Generation", "Series"}, {"Generation"}, {}};
    return t;
  }();
  return kTable;
}

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string parameter_pattern(std::string_view wire_name) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = wire_name.find('.', start);
    const std::string_view segment = wire_name.substr(start, dot - start);
    if (!out.empty()) out += '.';
    out += all_digits(segment) ? std::string("N") : std::string(segment);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

namespace {

const std::map<std::string, ActionParameters, std::less<>>& vpc_table() {
  static const std::map<std::string, ActionParameters, std::less<>> kTable = [] {
    std::map<std::string, ActionParameters, std::less<>> t;
    t["CreateVpc"] = {
        {"CidrBlock", "Description", "DryRun", "EnableIpv6", "Ipv4CidrMask", "Ipv4IpamPoolId",
         "Ipv6CidrBlock", "Ipv6Isp", "ResourceGroupId", "Tag", "UserCidr", "VpcName"},
        {"CidrBlock", "Description", "DryRun", "ResourceGroupId", "Tag.N.Key", "Tag.N.Value",
         "VpcName"},
        {{"EnableIpv6", {"false"}}}};
    t["CreateDefaultVpc"] = {
        {"EnableIpv6", "Ipv6CidrBlock", "ResourceGroupId"}, {}, {{"EnableIpv6", {"false"}}}};
    t["CreateDefaultVSwitch"] = {{"Ipv6CidrBlock", "ZoneId"}, {"ZoneId"}, {}};
    t["DescribeVpcs"] = {{"DhcpOptionsSetId", "DryRun", "EnableIpv6", "IsDefault", "PageNumber",
                          "PageSize", "ResourceGroupId", "Tag", "VpcId", "VpcName", "VpcOwnerId"},
                         {"IsDefault", "PageNumber", "PageSize", "ResourceGroupId", "Tag.N.Key",
                          "Tag.N.Value", "VpcId", "VpcName"},
                         {{"DryRun", {"false"}}, {"EnableIpv6", {"false"}}}};
    t["DescribeVpcAttribute"] = {{"DryRun", "IsDefault", "VpcId"},
                                 {"VpcId"},
                                 {{"DryRun", {"false"}}, {"IsDefault", {"false"}}}};
    t["ModifyVpcAttribute"] = {
        {"CidrBlock", "Description", "EnableIPv6", "Ipv6CidrBlock", "Ipv6Isp", "VpcId", "VpcName"},
        {"Description", "VpcId", "VpcName"},
        {{"EnableIPv6", {"false"}}}};
    t["DeleteVpc"] = {
        {"DryRun", "ForceDelete", "VpcId"}, {"DryRun", "VpcId"}, {{"ForceDelete", {"false"}}}};
    t["CreateVSwitch"] = {
        {"CidrBlock", "Description", "Ipv6CidrBlock", "Tag", "VSwitchName", "VpcId",
         "VpcIpv6CidrBlock", "ZoneId"},
        {"CidrBlock", "Description", "Tag.N.Key", "Tag.N.Value", "VSwitchName", "VpcId", "ZoneId"},
        {}};
    t["DescribeVSwitches"] = {
        {"DryRun", "EnableIpv6", "IsDefault", "PageNumber", "PageSize", "ResourceGroupId",
         "RouteTableId", "Tag", "VSwitchId", "VSwitchName", "VSwitchOwnerId", "VpcId", "ZoneId"},
        {"IsDefault", "PageNumber", "PageSize", "Tag.N.Key", "Tag.N.Value", "VSwitchId",
         "VSwitchName", "VpcId", "ZoneId"},
        {{"DryRun", {"false"}}, {"EnableIpv6", {"false"}}}};
    t["DescribeVSwitchAttributes"] = {
        {"DryRun", "VSwitchId"}, {"VSwitchId"}, {{"DryRun", {"false"}}}};
    t["ModifyVSwitchAttribute"] = {{"Description", "EnableIPv6", "Ipv6CidrBlock", "VSwitchId",
                                    "VSwitchName", "VpcIpv6CidrBlock"},
                                   {"Description", "VSwitchId", "VSwitchName"},
                                   {{"EnableIPv6", {"false"}}}};
    t["DeleteVSwitch"] = {{"VSwitchId"}, {"VSwitchId"}, {}};
    t["AllocateEipAddress"] = {
        {"ActivityId", "AutoPay", "Bandwidth", "Description", "ISP", "InstanceChargeType",
         "InternetChargeType", "IpAddress", "Name", "Netmode", "Period", "PeriodUnit",
         "PublicIpAddressPoolId", "ResourceGroupId", "SecurityProtectionTypes", "Tag", "Zone"},
        {"Bandwidth", "Description", "InternetChargeType", "Name"},
        {{"ISP", {"BGP"}}, {"InstanceChargeType", {"PostPaid"}}, {"Netmode", {"public"}}}};
    t["AssociateEipAddress"] = {{"AllocationId", "InstanceId", "InstanceRegionId", "InstanceType",
                                 "Mode", "PrivateIpAddress", "VpcId"},
                                {"AllocationId", "InstanceId", "InstanceType"},
                                {{"Mode", {"NAT"}}}};
    t["UnassociateEipAddress"] = {
        {"AllocationId", "Force", "InstanceId", "InstanceType", "PrivateIpAddress"},
        {"AllocationId", "InstanceId"},
        {{"InstanceType", {"EcsInstance", "NetworkInterface"}}, {"Force", {"false"}}}};
    t["ReleaseEipAddress"] = {{"AllocationId"}, {"AllocationId"}, {}};
    t["ModifyEipAddressAttribute"] = {{"AllocationId", "Bandwidth", "Description", "Name"},
                                      {"AllocationId", "Bandwidth", "Description", "Name"},
                                      {}};
    t["DescribeEipAddresses"] = {
        {"AllocationId", "AllocationIds", "AssociatedInstanceId", "AssociatedInstanceType",
         "ChargeType", "DryRun", "EipAddress", "EipName", "ISP", "IncludeReservationData",
         "LockReason", "PageNumber", "PageSize", "PublicIpAddressPoolId", "ResourceGroupId",
         "SecurityProtectionEnabled", "SegmentInstanceId", "Status", "Tag"},
        {"AllocationId", "AssociatedInstanceId", "EipAddress", "PageNumber", "PageSize", "Status"},
        {{"AssociatedInstanceType", {"EcsInstance"}}, {"ISP", {"BGP"}}, {"DryRun", {"false"}}}};
    t["TagResources"] = {{"ResourceId", "ResourceType", "Tag"},
                         {"ResourceId.N", "ResourceType", "Tag.N.Key", "Tag.N.Value"},
                         {}};
    t["UnTagResources"] = {{"All", "ResourceId", "ResourceType", "TagKey"},
                           {"All", "ResourceId.N", "ResourceType", "TagKey.N"},
                           {}};
    t["ListTagResources"] = {{"MaxResults", "NextToken", "ResourceId", "ResourceType", "Tag"},
                             {"ResourceId.N", "ResourceType", "Tag.N.Key", "Tag.N.Value"},
                             {}};
    return t;
  }();
  return kTable;
}

std::optional<std::string> first_unsupported(
    const std::map<std::string, ActionParameters, std::less<>>& tab, std::string_view action,
    const std::vector<std::pair<std::string, std::string>>& params) {
  const auto entry = tab.find(action);
  if (entry == tab.end()) return std::nullopt;
  const ActionParameters& a = entry->second;
  for (const auto& [name, value] : params) {
    if (value.empty() || kCommon.contains(name)) continue;
    const std::string top = name.substr(0, name.find('.'));
    if (!a.documented.contains(top)) continue;  // not an API parameter: ignored, as Alibaba does
    const std::string pattern = parameter_pattern(name);
    if (a.modelled.contains(pattern)) continue;
    const auto allowed = a.only_values.find(pattern);
    if (allowed != a.only_values.end() &&
        (allowed->second.contains(value) || allowed->second.contains(lower(value)))) {
      continue;
    }
    return name;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> unsupported_parameter(
    std::string_view action, const std::vector<std::pair<std::string, std::string>>& params) {
  return first_unsupported(table(), action, params);
}

std::optional<std::string> unsupported_vpc_parameter(
    std::string_view action, const std::vector<std::pair<std::string, std::string>>& params) {
  return first_unsupported(vpc_table(), action, params);
}

}  // namespace cloudlife::ecs::api
