"""Every member of an EC2 request is honoured or refused, never accepted and ignored (issue 9 §4).

scripts/unread_request_members.py lists the request members no EC2 front-end source reads; the
first test keeps that list empty. The others show each member newly honoured changing what the
client sees, and each newly refused one answered Unsupported with nothing changed."""
import os
import subprocess
import sys
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, describe_one, error_of, launch
from test_unimplemented_parameters import call_with_wire_parameters as wire_call

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_no_ec2_request_member_is_left_unread():
    script = os.path.join(REPO, "scripts", "unread_request_members.py")
    run = subprocess.run([sys.executable, script, REPO], capture_output=True, text=True)
    assert run.returncode == 0, "accepted and ignored:\n" + run.stdout + run.stderr


def zone_id_of(ec2, name):
    zones = ec2.describe_availability_zones(ZoneNames=[name])["AvailabilityZones"]
    return zones[0]["ZoneId"]


# Debian's botocore predates several members (Placement.AvailabilityZoneId, the newer launch
# members): they are added to the Query body as sent (wire_call).
def run_with(ec2, wire, **kwargs):
    kwargs.setdefault("ImageId", IMAGE)
    kwargs.setdefault("InstanceType", "t3.micro")
    return wire_call(ec2, "run_instances", dict(MinCount=1, MaxCount=1, **kwargs), wire)


def test_run_instances_places_by_availability_zone_id(ec2):
    zone_c = zone_id_of(ec2, "us-east-1c")
    run = run_with(ec2, {"Placement.AvailabilityZoneId": zone_c})
    iid = run["Instances"][0]["InstanceId"]
    assert describe_one(ec2, iid)["Placement"]["AvailabilityZone"] == "us-east-1c"


def test_availability_zone_id_errors_launch_nothing(ec2):
    zone_a = zone_id_of(ec2, "us-east-1a")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet_b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24",
                                 AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    cases = [
        ({"Placement.AvailabilityZone": "us-east-1a", "Placement.AvailabilityZoneId": zone_a},
         "InvalidParameterCombination",
         "The parameters AvailabilityZone and AvailabilityZoneId cannot be used together."),
        ({"Placement.AvailabilityZoneId": "use1-az99"}, "InvalidParameterValue",
         "Value (use1-az99) for parameter availabilityZoneId is invalid."),
        ({"Placement.AvailabilityZoneId": zone_a, "SubnetId": subnet_b},
         "InvalidParameterCombination", None),
    ]
    for wire, code, message in cases:
        with pytest.raises(ClientError) as e:
            run_with(ec2, wire)
        assert error_of(e)[:2] == (code, 400)
        if message:
            assert error_of(e)[2] == message
    assert ec2.describe_instances()["Reservations"] == []


def test_launch_template_keeps_and_launches_by_availability_zone_id(ec2):
    zone_d = zone_id_of(ec2, "us-east-1d")
    wire_call(ec2, "create_launch_template", dict(
        LaunchTemplateName="by-zone-id",
        LaunchTemplateData={"ImageId": IMAGE, "InstanceType": "t3.micro"}),
        {"LaunchTemplateData.Placement.AvailabilityZoneId": zone_d})
    raw = {}

    def keep(http_response, **_):
        raw["body"] = http_response.text

    ec2.meta.events.register("after-call.ec2.DescribeLaunchTemplateVersions", keep)
    try:
        ec2.describe_launch_template_versions(LaunchTemplateName="by-zone-id")
    finally:
        ec2.meta.events.unregister("after-call.ec2.DescribeLaunchTemplateVersions", keep)
    assert f"<placement><availabilityZoneId>{zone_d}</availabilityZoneId></placement>" in raw["body"]
    run = ec2.run_instances(MinCount=1, MaxCount=1,
                            LaunchTemplate={"LaunchTemplateName": "by-zone-id"})
    assert run["Instances"][0]["Placement"]["AvailabilityZone"] == "us-east-1d"
    # The request's own zone replaces the template's choice (no conflict across the layers).
    run = ec2.run_instances(MinCount=1, MaxCount=1, Placement={"AvailabilityZone": "us-east-1b"},
                            LaunchTemplate={"LaunchTemplateName": "by-zone-id"})
    assert run["Instances"][0]["Placement"]["AvailabilityZone"] == "us-east-1b"


NEWER_LAUNCH_MEMBERS = [
    {"EnablePrimaryIpv6": "true"},
    {"NetworkPerformanceOptions.BandwidthWeighting": "vpc-1"},
    {"Operator.Principal": "eks.amazonaws.com"},
    {"SecondaryInterface.1.DeviceIndex": "1"},
    {"BlockDeviceMapping.1.DeviceName": "/dev/sdb", "BlockDeviceMapping.1.Ebs.VolumeSize": "8",
     "BlockDeviceMapping.1.Ebs.VolumeInitializationRate": "300"},
    {"BlockDeviceMapping.1.DeviceName": "/dev/sdb", "BlockDeviceMapping.1.Ebs.VolumeSize": "8",
     "BlockDeviceMapping.1.Ebs.EbsCardIndex": "0"},
    {"BlockDeviceMapping.1.DeviceName": "/dev/sdb", "BlockDeviceMapping.1.Ebs.VolumeSize": "8",
     "BlockDeviceMapping.1.Ebs.AvailabilityZone": "us-east-1a"},
    {"NetworkInterface.1.DeviceIndex": "0", "NetworkInterface.1.PrimaryIpv6": "true"},
    {"NetworkInterface.1.DeviceIndex": "0",
     "NetworkInterface.1.EnaSrdSpecification.EnaSrdEnabled": "true"},
    {"NetworkInterface.1.DeviceIndex": "0",
     "NetworkInterface.1.ConnectionTrackingSpecification.TcpEstablishedTimeout": "120"},
    {"NetworkInterface.1.DeviceIndex": "0", "NetworkInterface.1.EnaQueueCount": "2"},
]
RUN_INSTANCES_ONLY = ("EnablePrimaryIpv6", "SecondaryInterface.1.DeviceIndex",
                      "BlockDeviceMapping.1.Ebs.AvailabilityZone")


@pytest.mark.parametrize("wire", NEWER_LAUNCH_MEMBERS)
def test_newer_launch_members_are_refused_and_launch_nothing(ec2, wire):
    placement = {} if any(k.startswith("NetworkInterface") for k in wire) else {
        "Placement": {"AvailabilityZone": "us-east-1a"}}
    with pytest.raises(ClientError) as e:
        run_with(ec2, wire, **placement)
    assert error_of(e)[:2] == ("Unsupported", 400)
    assert "cloudlife does not implement the parameter" in error_of(e)[2]
    assert ec2.describe_instances()["Reservations"] == []
    if any(k in wire for k in RUN_INSTANCES_ONLY):
        return
    # The same members in launch template data create no template.
    with pytest.raises(ClientError) as e:
        wire_call(ec2, "create_launch_template", dict(
            LaunchTemplateName="refused", LaunchTemplateData={"ImageId": IMAGE}),
            {"LaunchTemplateData." + k: v for k, v in wire.items()})
    assert error_of(e)[:2] == ("Unsupported", 400)
    assert ec2.describe_launch_templates()["LaunchTemplates"] == []


@pytest.mark.parametrize("call,member", [
    (lambda ec2: wire_call(ec2, "describe_instances", {}, {"IncludeManagedResources": "true"}),
     "IncludeManagedResources"),
    (lambda ec2: wire_call(ec2, "describe_instance_status", {},
                           {"IncludeManagedResources": "true"}), "IncludeManagedResources"),
    (lambda ec2: wire_call(ec2, "describe_launch_templates", {},
                           {"IncludeManagedResources": "true"}), "IncludeManagedResources"),
    (lambda ec2: wire_call(ec2, "create_launch_template", dict(
        LaunchTemplateName="managed", LaunchTemplateData={"ImageId": IMAGE}),
        {"Operator.Principal": "eks.amazonaws.com"}), "Operator"),
    (lambda ec2: wire_call(ec2, "get_instance_types_from_instance_requirements", dict(
        ArchitectureTypes=["x86_64"], VirtualizationTypes=["hvm"],
        InstanceRequirements={"VCpuCount": {"Min": 1}, "MemoryMiB": {"Min": 512}}),
        {"Context": "x"}), "Context"),
])
def test_other_members_without_a_model_are_refused(ec2, call, member):
    before = ec2.describe_launch_templates()["LaunchTemplates"]
    with pytest.raises(ClientError) as e:
        call(ec2)
    assert error_of(e)[:2] == ("Unsupported", 400)
    assert member in error_of(e)[2]
    assert ec2.describe_launch_templates()["LaunchTemplates"] == before


def test_modify_credit_specification_client_token_is_refused(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_credit_specification(ClientToken="t-1", InstanceCreditSpecifications=[
            {"InstanceId": iid, "CpuCredits": "standard"}])
    assert error_of(e)[:2] == ("Unsupported", 400)
    spec = ec2.describe_instance_credit_specifications(InstanceIds=[iid])
    assert spec["InstanceCreditSpecifications"][0]["CpuCredits"] == "unlimited"


def test_resolve_alias_answers_or_refuses_an_ssm_image(ec2):
    ec2.create_launch_template(LaunchTemplateName="plain", LaunchTemplateData={"ImageId": IMAGE})
    versions = wire_call(ec2, "describe_launch_template_versions",
                         {"LaunchTemplateName": "plain"}, {"ResolveAlias": "true"})
    assert versions["LaunchTemplateVersions"][0]["LaunchTemplateData"]["ImageId"] == IMAGE
    ec2.create_launch_template(LaunchTemplateName="alias", LaunchTemplateData={
        "ImageId": "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"})
    with pytest.raises(ClientError) as e:
        wire_call(ec2, "describe_launch_template_versions", {"LaunchTemplateName": "alias"},
                  {"ResolveAlias": "true"})
    assert error_of(e)[:2] == ("Unsupported", 400)
    assert "ResolveAlias" in error_of(e)[2]
    with pytest.raises(ClientError) as e:
        wire_call(ec2, "create_launch_template_version", dict(
            LaunchTemplateName="alias", LaunchTemplateData={"ImageId": "resolve:ssm:/x"}),
            {"ResolveAlias": "true"})
    assert error_of(e)[:2] == ("Unsupported", 400)
    assert len(ec2.describe_launch_template_versions(
        LaunchTemplateName="alias")["LaunchTemplateVersions"]) == 1


def test_group_pair_vpc_id_and_user_id_are_checked(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    other = ec2.create_vpc(CidrBlock="10.31.0.0/16")["Vpc"]["VpcId"]
    web = ec2.create_security_group(GroupName="web", Description="w", VpcId=vpc)["GroupId"]
    db = ec2.create_security_group(GroupName="db", Description="d", VpcId=vpc)["GroupId"]
    account = ec2.describe_security_groups(GroupIds=[web])["SecurityGroups"][0]["OwnerId"]

    def pair(**kw):
        return [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                 "UserIdGroupPairs": [dict(GroupId=web, **kw)]}]

    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=pair(VpcId=vpc, UserId=account))
    refused = [
        (pair(VpcId=other), "InvalidGroup.NotFound"),
        (pair(UserId="999988887777"), "Unsupported"),
        (pair(VpcPeeringConnectionId="pcx-12345678"), "Unsupported"),
        (pair(PeeringStatus="active"), "Unsupported"),
    ]
    rules_before = ec2.describe_security_group_rules(
        Filters=[{"Name": "group-id", "Values": [db]}])["SecurityGroupRules"]
    for permissions, code in refused:
        with pytest.raises(ClientError) as e:
            ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
                dict(permissions[0], FromPort=6000, ToPort=6000)])
        assert error_of(e)[:2] == (code, 400)
    assert ec2.describe_security_group_rules(
        Filters=[{"Name": "group-id", "Values": [db]}])["SecurityGroupRules"] == rules_before
    ec2.revoke_security_group_ingress(GroupId=db, IpPermissions=pair(VpcId=vpc))


def test_copy_snapshot_checks_the_presigned_url(ec2):
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    snap = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    # boto3 presigns the copy for the source Region and sends it as PresignedUrl.
    sent = {}

    def keep(request, **_):
        sent.update(request.data if isinstance(request.data, dict) else {})

    ec2.meta.events.register("before-sign.ec2.CopySnapshot", keep)
    try:
        copied = ec2.copy_snapshot(SourceRegion="us-east-1", SourceSnapshotId=snap)["SnapshotId"]
    finally:
        ec2.meta.events.unregister("before-sign.ec2.CopySnapshot", keep)
    assert "PresignedUrl" in sent
    assert copied != snap
    before = {s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]}

    def tamper(request, **_):
        if "PresignedUrl" not in request.data:
            return  # the inner request botocore presigns
        url = urlsplit(request.data["PresignedUrl"])
        query = dict(parse_qsl(url.query))
        query["SourceSnapshotId"] = copied
        request.data["PresignedUrl"] = url._replace(query=urlencode(query)).geturl()

    ec2.meta.events.register("before-sign.ec2.CopySnapshot", tamper)
    try:
        with pytest.raises(ClientError) as e:
            ec2.copy_snapshot(SourceRegion="us-east-1", SourceSnapshotId=snap)
    finally:
        ec2.meta.events.unregister("before-sign.ec2.CopySnapshot", tamper)
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)
    assert "presigned URL" in error_of(e)[2]
    after = {s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]}
    assert after == before
