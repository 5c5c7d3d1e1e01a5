"""DryRun on every implemented EC2 action whose botocore input shape has it: the answer is
DryRunOperation (HTTP 412) "Request would have succeeded, but DryRun flag is set.", and nothing
changes: the state dump is the same before and after, and later launches land where they would
have landed without the dry run (the zone rotation does not advance)."""
import re
import subprocess

import botocore.exceptions
import botocore.session
import pytest

from conftest import BIN, IMAGE
from ec2_world import (ec2_empty_subnet, ec2_empty_vpc, ec2_unassociated_table,
                       ec2_unused_group, ec2_unused_snapshot, make_world)

DRY_RUN_MESSAGE = "Request would have succeeded, but DryRun flag is set."
# Actions EC2 refuses in every region whatever the flag: a dry run of them would not succeed.
RETIRED = {"DescribeVpcClassicLink": ("UnsupportedOperation", 400)}


def implemented_ec2_actions():
    listing = subprocess.run([BIN, "--list-actions", "--format", "markdown"], check=True,
                             capture_output=True, text=True).stdout
    section = listing.split("## AWS EC2")[1].split("\n## ")[0]
    return set(re.findall(r"- `(\w+)`", section))


def actions_with_dry_run():
    model = botocore.session.get_session().get_service_model("ec2")
    names = set()
    for name in implemented_ec2_actions():
        op = model.operation_model(name)
        if op.input_shape is not None and "DryRun" in op.input_shape.members:
            names.add(name)
    return names


@pytest.fixture
def world(ec2):
    return make_world(ec2)


def calls(w):
    """Each action's parameters (without DryRun), naming the world's resources."""
    i, v = w["instance"], w["vpc"]
    perm = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
             "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
    new_perm = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                 "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
    return {
        "AllocateAddress": {"Domain": "vpc"},
        "AssociateAddress": {"AllocationId": w["eip"], "InstanceId": i,
                             "AllowReassociation": True},
        "AssociateRouteTable": {"RouteTableId": w["rtb"], "SubnetId": ec2_empty_subnet(w)},
        "AttachInternetGateway": {"InternetGatewayId": w["igw_free"],
                                  "VpcId": ec2_empty_vpc(w)},
        "AttachNetworkInterface": {"DeviceIndex": 2, "InstanceId": i,
                                   "NetworkInterfaceId": w["eni"]},
        "AttachVolume": {"Device": "/dev/sdg", "InstanceId": i, "VolumeId": w["volume"]},
        "AuthorizeSecurityGroupEgress": {"GroupId": w["group"], "IpPermissions": new_perm},
        "AuthorizeSecurityGroupIngress": {"GroupId": w["group"], "IpPermissions": new_perm},
        "CancelSpotInstanceRequests": {"SpotInstanceRequestIds": [w["spot"]]},
        "CopySnapshot": {"SourceRegion": "us-east-1", "SourceSnapshotId": w["snapshot"]},
        "CreateFleet": {"Type": "instant", "LaunchTemplateConfigs": [{
            "LaunchTemplateSpecification": {"LaunchTemplateId": w["lt"], "Version": "1"}}],
            "TargetCapacitySpecification": {"TotalTargetCapacity": 1,
                                            "DefaultTargetCapacityType": "on-demand"}},
        "CreateImage": {"InstanceId": i, "Name": "img2", "NoReboot": True},
        "CreateInternetGateway": {},
        "CreateNatGateway": {"SubnetId": w["subnet"], "ConnectivityType": "private"},
        "CreateKeyPair": {"KeyName": "k2"},
        "CreateLaunchTemplate": {"LaunchTemplateName": "walk-lt2",
                                 "LaunchTemplateData": {"ImageId": IMAGE}},
        "CreateLaunchTemplateVersion": {"LaunchTemplateId": w["lt"],
                                        "LaunchTemplateData": {"ImageId": IMAGE}},
        "CreateNetworkAcl": {"VpcId": v},
        "CreateNetworkAclEntry": {"NetworkAclId": w["acl"], "RuleNumber": 200, "Protocol": "6",
                                  "RuleAction": "deny", "Egress": False,
                                  "CidrBlock": "10.0.0.0/8", "PortRange": {"From": 1, "To": 2}},
        "CreateNetworkInterface": {"SubnetId": w["subnet"]},
        "CreateRoute": {"RouteTableId": w["rtb"], "DestinationCidrBlock": "10.10.0.0/16",
                        "GatewayId": w["igw"]},
        "CreateRouteTable": {"VpcId": v},
        "CreateSecurityGroup": {"GroupName": "g2", "Description": "g2", "VpcId": v},
        "CreateSnapshot": {"VolumeId": w["volume"]},
        "CreateSubnet": {"VpcId": v, "CidrBlock": "10.9.2.0/24"},
        "CreateTags": {"Resources": [i], "Tags": [{"Key": "k", "Value": "v"}]},
        "CreateVolume": {"AvailabilityZone": "us-east-1a", "Size": 8},
        "CreateVpc": {"CidrBlock": "10.20.0.0/16"},
        "DeleteFleets": {"FleetIds": [w["fleet"]], "TerminateInstances": True},
        "DeleteInternetGateway": {"InternetGatewayId": w["igw_free"]},
        "DeleteNatGateway": {"NatGatewayId": w["nat"]},
        "DeleteKeyPair": {"KeyName": "k"},
        "DeleteLaunchTemplate": {"LaunchTemplateId": w["lt"]},
        "DeleteLaunchTemplateVersions": {"LaunchTemplateId": w["lt"], "Versions": ["2"]},
        "DeleteNetworkAcl": {"NetworkAclId": w["acl"]},
        "DeleteNetworkAclEntry": {"NetworkAclId": w["acl"], "RuleNumber": 100, "Egress": False},
        "DeleteNetworkInterface": {"NetworkInterfaceId": w["eni"]},
        "DeleteRoute": {"RouteTableId": w["rtb"], "DestinationCidrBlock": "0.0.0.0/0"},
        "DeleteRouteTable": {"RouteTableId": ec2_unassociated_table(w)},
        "DeleteSecurityGroup": {"GroupId": ec2_unused_group(w)},
        "DeleteSnapshot": {"SnapshotId": ec2_unused_snapshot(w)},
        "DeleteSubnet": {"SubnetId": ec2_empty_subnet(w)},
        "DeleteTags": {"Resources": [i], "Tags": [{"Key": "Name"}]},
        "DeleteVolume": {"VolumeId": w["volume"]},
        "DeleteVpc": {"VpcId": ec2_empty_vpc(w)},
        "DeregisterImage": {"ImageId": w["image"]},
        "DescribeAccountAttributes": {},
        "DescribeAddresses": {},
        "DescribeAddressesAttribute": {"Attribute": "domain-name"},
        "DescribeAvailabilityZones": {},
        "DescribeFleetHistory": {"FleetId": w["fleet"], "StartTime": "2000-01-01T00:00:00Z"},
        "DescribeFleetInstances": {"FleetId": w["fleet"]},
        "DescribeFleets": {},
        "DescribeImageAttribute": {"Attribute": "description", "ImageId": w["image"]},
        "DescribeSnapshotAttribute": {"Attribute": "createVolumePermission",
                                      "SnapshotId": w["snapshot"]},
        "DisableImageDeprecation": {"ImageId": w["image"]},
        "EnableImageDeprecation": {"ImageId": w["image"], "DeprecateAt": "2030-01-01T00:00:00Z"},
        "ModifySnapshotAttribute": {"SnapshotId": w["snapshot"], "CreateVolumePermission": {
            "Add": [{"UserId": "111122223333"}]}},
        "ResetImageAttribute": {"ImageId": w["image"], "Attribute": "launchPermission"},
        "ResetSnapshotAttribute": {"SnapshotId": w["snapshot"],
                                   "Attribute": "createVolumePermission"},
        "DescribeImages": {"Owners": ["self"]},
        "DescribeInstanceAttribute": {"Attribute": "instanceType", "InstanceId": i},
        "DescribeInstanceCreditSpecifications": {},
        "DescribeInstanceStatus": {},
        "DescribeInstanceTypeOfferings": {},
        "DescribeInstanceTypes": {},
        "DescribeInstances": {},
        "DescribeInternetGateways": {},
        "DescribeNatGateways": {},
        "DescribeKeyPairs": {},
        "DescribeLaunchTemplateVersions": {"LaunchTemplateId": w["lt"]},
        "DescribeLaunchTemplates": {},
        "DescribeNetworkAcls": {},
        "DescribeNetworkInterfaces": {},
        "DescribeRegions": {},
        "DescribeRouteTables": {},
        "DescribeSecurityGroupRules": {},
        "DescribeSecurityGroups": {},
        "DescribeSnapshots": {"OwnerIds": ["self"]},
        "DescribeSpotInstanceRequests": {},
        "DescribeSpotPriceHistory": {},
        "DescribeSubnets": {},
        "DescribeTags": {},
        "DescribeVolumes": {},
        "DescribeVpcAttribute": {"Attribute": "enableDnsSupport", "VpcId": v},
        "DescribeVpcClassicLink": {},
        "DescribeVpcs": {},
        "DetachInternetGateway": {"InternetGatewayId": w["igw_quiet"],
                                  "VpcId": w["vpc_quiet"]},
        "DetachNetworkInterface": {"AttachmentId": w["eni_attachment"]},
        "DetachVolume": {"VolumeId": w["volume_attached"]},
        "DisassociateAddress": {"AssociationId": w["eip_assoc"]},
        "DisassociateRouteTable": {"AssociationId": w["rtb_assoc"]},
        "GetConsoleOutput": {"InstanceId": i},
        "GetDefaultCreditSpecification": {"InstanceFamily": "t3"},
        "GetInstanceTypesFromInstanceRequirements": {
            "ArchitectureTypes": ["x86_64"], "VirtualizationTypes": ["hvm"],
            "InstanceRequirements": {"VCpuCount": {"Min": 2}, "MemoryMiB": {"Min": 1024}}},
        "GetLaunchTemplateData": {"InstanceId": i},
        "GetPasswordData": {"InstanceId": i},
        "ImportKeyPair": {"KeyName": "k3", "PublicKeyMaterial": PUBLIC_KEY},
        "ModifyDefaultCreditSpecification": {"InstanceFamily": "t3", "CpuCredits": "standard"},
        "ModifyImageAttribute": {"ImageId": w["image"], "Description": {"Value": "d"}},
        "ModifyInstanceAttribute": {"InstanceId": i, "DisableApiTermination": {"Value": True}},
        "ModifyInstanceCreditSpecification": {"InstanceCreditSpecifications": [
            {"InstanceId": i, "CpuCredits": "standard"}]},
        "ModifyInstanceMaintenanceOptions": {"InstanceId": i, "AutoRecovery": "disabled"},
        "ModifyInstanceMetadataOptions": {"InstanceId": i, "HttpTokens": "required"},
        "ModifyLaunchTemplate": {"LaunchTemplateId": w["lt"], "DefaultVersion": "2"},
        "ModifyNetworkInterfaceAttribute": {"NetworkInterfaceId": w["eni"],
                                            "Description": {"Value": "d"}},
        "ModifySecurityGroupRules": {"GroupId": w["group"], "SecurityGroupRules": [{
            "SecurityGroupRuleId": w["rule"], "SecurityGroupRule": {
                "IpProtocol": "tcp", "FromPort": 23, "ToPort": 23, "CidrIpv4": "10.0.0.0/8"}}]},
        "RebootInstances": {"InstanceIds": [i]},
        "RegisterImage": {"Name": "reg", "RootDeviceName": "/dev/xvda", "BlockDeviceMappings": [
            {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": w["snapshot"]}}]},
        "ReleaseAddress": {"AllocationId": w["eip"]},
        "ReplaceNetworkAclAssociation": {"AssociationId": w["acl_assoc"],
                                         "NetworkAclId": w["acl"]},
        "ReplaceNetworkAclEntry": {"NetworkAclId": w["acl"], "RuleNumber": 100, "Protocol": "-1",
                                   "RuleAction": "deny", "Egress": False,
                                   "CidrBlock": "0.0.0.0/0"},
        "ReplaceRoute": {"RouteTableId": w["rtb"], "DestinationCidrBlock": "0.0.0.0/0",
                         "GatewayId": w["igw"]},
        "RequestSpotInstances": {"LaunchSpecification": {"ImageId": IMAGE,
                                                         "InstanceType": "t3.micro"}},
        "RevokeSecurityGroupEgress": {"GroupId": w["group"], "IpPermissions": [{
            "IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
        "RevokeSecurityGroupIngress": {"GroupId": w["group"], "IpPermissions": perm},
        "RunInstances": {"ImageId": IMAGE, "MinCount": 1, "MaxCount": 1},
        "StartInstances": {"InstanceIds": [w["stopped"]]},
        "StopInstances": {"InstanceIds": [i]},
        "TerminateInstances": {"InstanceIds": [i]},
    }


PUBLIC_KEY = b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKcMR+Ck8fb0AWP67j9c5O670fuSdsWvpJTbCrcvwJ6Q dry@run"


def observed(cloudlife, ec2, w):
    """Everything a client can see that an action might change: the state dump plus the Describe
    answers of every resource kind (the dump leaves some out, e.g. Elastic IPs)."""
    reads = [
        ("describe_instances", {}), ("describe_addresses", {}),
        ("describe_network_interfaces", {}), ("describe_volumes", {}),
        ("describe_snapshots", {"OwnerIds": ["self"]}), ("describe_images", {"Owners": ["self"]}),
        ("describe_vpcs", {}), ("describe_subnets", {}), ("describe_security_groups", {}),
        ("describe_security_group_rules", {}), ("describe_key_pairs", {}),
        ("describe_launch_templates", {}),
        ("describe_launch_template_versions", {"LaunchTemplateId": w["lt"]}),
        ("describe_internet_gateways", {}), ("describe_route_tables", {}),
        ("describe_network_acls", {}), ("describe_tags", {}),
        ("describe_spot_instance_requests", {}), ("describe_fleets", {}),
        ("describe_instance_credit_specifications", {}),
        ("get_default_credit_specification", {"InstanceFamily": "t3"}),
        ("describe_image_attribute", {"ImageId": w["image"], "Attribute": "description"}),
        ("describe_instance_attribute", {"InstanceId": w["instance"],
                                         "Attribute": "disableApiTermination"}),
    ]
    seen = {"state": cloudlife.state()}
    for method, params in reads:
        answer = getattr(ec2, method)(**params)
        answer.pop("ResponseMetadata", None)
        seen[method] = answer
    return seen


def test_every_action_with_dry_run_answers_dry_run_operation_and_changes_nothing(
        cloudlife, ec2, world):
    stopped = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                SubnetId=world["subnet"])["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[stopped], WaiterConfig={"Delay": 1})
    ec2.stop_instances(InstanceIds=[stopped])
    ec2.get_waiter("instance_stopped").wait(InstanceIds=[stopped], WaiterConfig={"Delay": 1})
    world["stopped"] = stopped
    table = calls(world)
    expected = actions_with_dry_run()
    assert expected - set(table) == set(), "actions with DryRun the walk does not cover"
    failures = []
    baseline = observed(cloudlife, ec2, world)
    for action in sorted(expected):
        method = getattr(ec2, botocore.xform_name(action))
        try:
            method(DryRun=True, **table[action])
            failures.append(f"{action}: succeeded")
        except botocore.exceptions.ClientError as e:
            err = e.response["Error"]
            status = e.response["ResponseMetadata"]["HTTPStatusCode"]
            if action in RETIRED:
                if (err["Code"], status) != RETIRED[action]:
                    failures.append(f"{action}: {status} {err['Code']}, not {RETIRED[action]}")
            elif (err["Code"], err["Message"], status) != ("DryRunOperation", DRY_RUN_MESSAGE, 412):
                failures.append(f"{action}: {status} {err['Code']} {err['Message']}")
        if action.startswith(("Describe", "Get")):
            continue  # reads: checked once for all at the end
        after = observed(cloudlife, ec2, world)
        changed = [k for k in baseline if baseline[k] != after[k]]
        if changed:
            failures.append(f"{action}: changed {changed}")
    after = observed(cloudlife, ec2, world)
    assert [k for k in baseline if baseline[k] != after[k]] == []
    assert failures == [], "\n".join(failures)


def test_a_dry_run_launch_does_not_advance_the_zone_rotation(ec2):
    def zone_of_next_launch(dry_first):
        if dry_first:
            with pytest.raises(botocore.exceptions.ClientError):
                ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, DryRun=True)
        return ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"][0][
            "Placement"]["AvailabilityZone"]

    zones = [zone_of_next_launch(dry_first=(k % 2 == 1)) for k in range(4)]
    assert len(set(zones)) == 4, zones
