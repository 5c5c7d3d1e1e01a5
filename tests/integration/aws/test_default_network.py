"""Launching without a subnet relies on the default VPC: its default subnet in the requested (or
chosen) zone. When the user has deleted that subnet, every default subnet, or the default VPC
itself, RunInstances answers EC2's error (400) and the server keeps serving."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, error_of, launch


def default_vpc(ec2):
    return ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]


def default_subnets(ec2):
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    return {s["AvailabilityZone"]: s["SubnetId"] for s in subnets}


def test_launch_in_a_zone_whose_default_subnet_was_deleted_is_invalid_input(ec2):
    ec2.delete_subnet(SubnetId=default_subnets(ec2)["us-east-1a"])
    with pytest.raises(ClientError) as e:
        launch(ec2, zone="us-east-1a")
    assert error_of(e) == ("InvalidInput", 400, "No default subnet for availability zone: 'us-east-1a'.")
    # The server is alive, and other zones still launch.
    assert len(launch(ec2, zone="us-east-1b")) == 1


def test_launch_without_a_zone_uses_the_zones_that_still_have_a_default_subnet(ec2):
    subnets = default_subnets(ec2)
    for zone, subnet in subnets.items():
        if zone != "us-east-1c":
            ec2.delete_subnet(SubnetId=subnet)
    ids = launch(ec2, count=1, zone=None)
    ids += launch(ec2, count=1, zone=None)
    insts = [i for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]]
    assert {i["Placement"]["AvailabilityZone"] for i in insts} == {"us-east-1c"}
    assert {i["SubnetId"] for i in insts} == {subnets["us-east-1c"]}


def test_launch_without_a_subnet_when_the_default_vpc_has_none_is_missing_input(ec2):
    vpc = default_vpc(ec2)
    for subnet in default_subnets(ec2).values():
        ec2.delete_subnet(SubnetId=subnet)
    with pytest.raises(ClientError) as e:
        launch(ec2, zone=None)
    assert error_of(e) == (
        "MissingInput", 400, f"No subnets found for the default VPC '{vpc}'. Please specify a subnet.")
    with pytest.raises(ClientError) as e:
        launch(ec2, zone="us-east-1b")
    assert error_of(e) == ("InvalidInput", 400, "No default subnet for availability zone: 'us-east-1b'.")


def test_launch_without_a_subnet_when_there_is_no_default_vpc_is_vpc_id_not_specified(ec2):
    vpc = default_vpc(ec2)
    for subnet in default_subnets(ec2).values():
        ec2.delete_subnet(SubnetId=subnet)
    # The default VPC's internet gateway must go first, as on AWS.
    for igw in ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]:
        ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc)
        ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
    ec2.delete_vpc(VpcId=vpc)
    for zone in (None, "us-east-1a"):
        with pytest.raises(ClientError) as e:
            launch(ec2, zone=zone)
        assert error_of(e) == ("VPCIdNotSpecified", 400, "No default VPC for this user")
    # An explicit subnet of another VPC still launches.
    own = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=own, CidrBlock="10.7.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]
    assert len(launch(ec2, zone=None, SubnetId=subnet["SubnetId"])) == 1


def test_a_failed_launch_changes_nothing(ec2):
    ec2.delete_subnet(SubnetId=default_subnets(ec2)["us-east-1a"])
    with pytest.raises(ClientError):
        launch(ec2, zone="us-east-1a")
    assert ec2.describe_instances()["Reservations"] == []
    assert all(v["Attachments"] for v in ec2.describe_volumes()["Volumes"])


def zones_of_launches(ec2, n):
    zones = []
    for _ in range(n):
        inst = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1)
        zones.append(inst["Instances"][0]["Placement"]["AvailabilityZone"])
    return zones


def test_a_dry_run_launch_does_not_advance_the_zone_rotation(ec2, cloudlife):
    plain = zones_of_launches(ec2, 3)
    cloudlife.reset()
    cloudlife.timing("instant")
    first = zones_of_launches(ec2, 1)
    for _ in range(2):
        with pytest.raises(ClientError) as e:
            ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1, DryRun=True)
        assert error_of(e)[0] == "DryRunOperation"
    assert first + zones_of_launches(ec2, 2) == plain
