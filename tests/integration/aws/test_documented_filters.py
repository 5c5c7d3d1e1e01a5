"""Every filter name the EC2 API reference documents for each implemented Describe action (the
botocore model's documentation of the action's Filters member lists them as <code>name</code>
items) is accepted, and actually filters: a value no resource has empties a list that is not
empty without the filter. Legacy names the API still answers are walked too."""
import re
import subprocess

import botocore.exceptions
import botocore.session
import pytest

from conftest import BIN
from ec2_world import make_world

NO_MATCH = "no-such-value-7f3a"

# Names the reference no longer lists but EC2 still accepts (tools send them).
LEGACY = {
    "DescribeInstances": ["owner-id", "private-dns-name", "source-dest-check", "tag-value",
                          "reservation-id", "subnet-id", "vpc-id", "private-ip-address",
                          "requester-id", "root-device-name", "root-device-type", "tenancy",
                          "virtualization-type", "platform", "placement-group-name",
                          "product-code", "reason", "spot-instance-request-id",
                          "state-reason-code", "state-reason-message"],
    "DescribeVpcs": ["tag-value"],
    "DescribeSubnets": ["tag-value", "availabilityZone", "cidr", "cidrBlock", "defaultForAz"],
    "DescribeVolumes": ["tag-value"],
    "DescribeSecurityGroups": ["tag-value"],
}

# The list each action answers, and parameters that widen it to the world's resources.
RESULT_KEY = {
    "DescribeAddresses": "Addresses", "DescribeAvailabilityZones": "AvailabilityZones",
    "DescribeFleetInstances": "ActiveInstances", "DescribeFleets": "Fleets",
    "DescribeIamInstanceProfileAssociations": "IamInstanceProfileAssociations",
    "DescribeImages": "Images", "DescribeInstanceCreditSpecifications":
        "InstanceCreditSpecifications",
    "DescribeInstanceStatus": "InstanceStatuses",
    "DescribeInstanceTypeOfferings": "InstanceTypeOfferings",
    "DescribeInstanceTypes": "InstanceTypes", "DescribeInstances": "Reservations",
    "DescribeInternetGateways": "InternetGateways", "DescribeKeyPairs": "KeyPairs",
    "DescribeLaunchTemplateVersions": "LaunchTemplateVersions",
    "DescribeLaunchTemplates": "LaunchTemplates", "DescribeNetworkAcls": "NetworkAcls",
    "DescribeNatGateways": "NatGateways",
    "DescribeNetworkInterfaces": "NetworkInterfaces", "DescribeRegions": "Regions",
    "DescribeRouteTables": "RouteTables", "DescribeSecurityGroupRules": "SecurityGroupRules",
    "DescribeSecurityGroups": "SecurityGroups", "DescribeSnapshots": "Snapshots",
    "DescribeSpotInstanceRequests": "SpotInstanceRequests",
    "DescribeSpotPriceHistory": "SpotPriceHistory", "DescribeSubnets": "Subnets",
    "DescribeTags": "Tags", "DescribeVolumes": "Volumes", "DescribeVpcs": "Vpcs",
}


def extra_params(action, world):
    return {
        "DescribeFleetInstances": {"FleetId": world["fleet"]},
        "DescribeLaunchTemplateVersions": {"LaunchTemplateId": world["lt"]},
        "DescribeSnapshots": {"OwnerIds": ["self"]},
        "DescribeImages": {"Owners": ["self"]},
        "DescribeInstanceStatus": {"IncludeAllInstances": True},
    }.get(action, {})


# EC2 answers these UnsupportedOperation in every region since EC2-Classic retired, filters or not
# (test_ansible_module_calls.py checks that answer).
RETIRED = {"DescribeVpcClassicLink"}


def implemented_ec2_actions():
    listing = subprocess.run([BIN, "--list-actions", "--format", "markdown"], check=True,
                             capture_output=True, text=True).stdout
    section = listing.split("## AWS EC2")[1].split("\n## ")[0]
    return set(re.findall(r"- `(\w+)`", section))


def documented_filters():
    """(action, filter name) for every implemented action whose Filters member documents names."""
    model = botocore.session.get_session().get_service_model("ec2")
    pairs = []
    for action in sorted(implemented_ec2_actions() - RETIRED):
        shape = model.operation_model(action).input_shape
        if shape is None:
            continue
        member = shape.members.get("Filters") or shape.members.get("Filter")
        if member is None:
            continue
        names = re.findall(r"<li>\s*<p>\s*<code>([^<]+)</code>", member.documentation)
        for name in dict.fromkeys(names + LEGACY.get(action, [])):
            pairs.append((action, "tag:Name" if name in ("tag", "tag:&lt;key&gt;") else name))
    return pairs


def filters_member(model, action):
    shape = model.operation_model(action).input_shape
    return "Filters" if "Filters" in shape.members else "Filter"


def test_every_documented_filter_is_accepted_and_filters(ec2):
    world = make_world(ec2)
    ec2.run_instances(ImageId="ami-0123456789abcdef0", MinCount=1, MaxCount=1,
                      IamInstanceProfile={"Name": "walk-profile"})
    for resource in [world["instance"], world["vpc"], world["subnet"], world["volume"],
                     world["group"], world["eni"], world["igw"], world["rtb"], world["acl"],
                     world["snapshot"], world["image"], world["eip"], world["lt"]]:
        ec2.create_tags(Resources=[resource], Tags=[{"Key": "Name", "Value": "walk"}])
    model = botocore.session.get_session().get_service_model("ec2")
    pairs = documented_filters()
    assert {a for a, _ in pairs} <= set(RESULT_KEY), "a Describe action the walk does not know"
    failures = []
    for action, name in pairs:
        method = getattr(ec2, botocore.xform_name(action))
        params = extra_params(action, world)
        key = RESULT_KEY[action]
        if not method(**params)[key]:
            failures.append(f"{action}: nothing listed without a filter")
            continue
        try:
            answer = method(**params, **{filters_member(model, action): [
                {"Name": name, "Values": [NO_MATCH]}]})
        except botocore.exceptions.ClientError as e:
            failures.append(f"{action} {name}: {e.response['Error']['Code']} "
                            f"{e.response['Error']['Message']}")
            continue
        if answer[key]:
            failures.append(f"{action} {name}: '{NO_MATCH}' matched {len(answer[key])}")
    assert failures == [], "\n".join(failures)


def test_the_names_tools_send_match_what_describe_shows(ec2):
    """A matching value finds the resource (the names moto's suite and tools use)."""
    world = make_world(ec2)
    inst = ec2.describe_instances(InstanceIds=[world["instance"]])["Reservations"][0][
        "Instances"][0]

    def found(filters):
        return [i["InstanceId"] for r in ec2.describe_instances(Filters=filters)["Reservations"]
                for i in r["Instances"]]

    primary = inst["NetworkInterfaces"][0]
    for name, value in [("owner-id", "123456789012"),
                        ("private-dns-name", inst["PrivateDnsName"]),
                        ("source-dest-check", "true"),
                        ("network-interface.mac-address", primary["MacAddress"]),
                        ("network-interface.attachment.attachment-id",
                         primary["Attachment"]["AttachmentId"]),
                        ("network-interface.addresses.private-ip-address",
                         inst["PrivateIpAddress"]),
                        ("group-name", inst["SecurityGroups"][0]["GroupName"]),
                        ("monitoring-state", "disabled"),
                        ("launch-index", "0"),
                        ("metadata-options.http-tokens", inst["MetadataOptions"]["HttpTokens"])]:
        assert world["instance"] in found([{"Name": name, "Values": [value]}]), name
        assert world["instance"] not in found([{"Name": name, "Values": [NO_MATCH]}]), name
    ec2.create_tags(Resources=[world["vpc"]], Tags=[{"Key": "team", "Value": "blue"}])
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "tag-value", "Values": ["blue"]}])["Vpcs"]
    assert [v["VpcId"] for v in vpcs] == [world["vpc"]]
    fleet = ec2.describe_fleet_instances(FleetId=world["fleet"])["ActiveInstances"]
    assert fleet
    assert ec2.describe_fleet_instances(FleetId=world["fleet"], Filters=[
        {"Name": "instance-type", "Values": [fleet[0]["InstanceType"]]}])["ActiveInstances"] == fleet
