"""VPCZoneIdentifier with the EC2 VPC/subnet API: groups resolve subnets to zones, instances get
the subnet's VPC, subnet and private IPs; the networking calls keep EC2's rules."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE


def test_default_vpc_and_subnets(ec2):
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    assert len(vpcs) == 1 and vpcs[0]["CidrBlock"] == "172.31.0.0/16"
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    zones = {s["AvailabilityZone"] for s in subnets}
    assert "us-east-1a" in zones and len(zones) == len(subnets)


def test_group_in_custom_subnets(ec2, asg):
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]
    b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]
    assert a["AvailableIpAddressCount"] == 251
    asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId=IMAGE, InstanceType="t3.micro")
    asg.create_auto_scaling_group(AutoScalingGroupName="vpc", LaunchConfigurationName="lc", MinSize=0,
                                  MaxSize=4, DesiredCapacity=4,
                                  VPCZoneIdentifier=f"{a['SubnetId']},{b['SubnetId']}")
    g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["vpc"])["AutoScalingGroups"][0]
    assert g["AvailabilityZones"] == ["us-east-1a", "us-east-1b"]
    assert g["VPCZoneIdentifier"] == f"{a['SubnetId']},{b['SubnetId']}"
    ids = [i["InstanceId"] for i in g["Instances"]]
    insts = [i for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]]
    by_subnet = {}
    for i in insts:
        assert i["VpcId"] == vpc
        by_subnet.setdefault(i["SubnetId"], []).append(i["PrivateIpAddress"])
    assert sorted(by_subnet) == sorted([a["SubnetId"], b["SubnetId"]])
    assert all(ip.startswith("10.1.1.") for ip in by_subnet[a["SubnetId"]])
    with pytest.raises(ClientError) as e:
        ec2.delete_subnet(SubnetId=a["SubnetId"])
    assert e.value.response["Error"]["Code"] == "DependencyViolation"
    with pytest.raises(ClientError) as e:
        ec2.delete_vpc(VpcId=vpc)
    assert e.value.response["Error"]["Code"] == "DependencyViolation"


def test_subnet_rules(ec2, asg):
    vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.3.0.0/24")
    assert e.value.response["Error"]["Code"] == "InvalidSubnet.Range"
    s = ec2.create_subnet(VpcId=vpc, CidrBlock="10.2.0.0/24")["Subnet"]["SubnetId"]
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.2.0.128/25")
    assert e.value.response["Error"]["Code"] == "InvalidSubnet.Conflict"
    with pytest.raises(ClientError) as e:
        ec2.create_vpc(CidrBlock="10.0.0.0/8")
    assert e.value.response["Error"]["Code"] == "InvalidVpc.Range"
    asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId=IMAGE, InstanceType="t3.micro")
    with pytest.raises(ClientError) as e:
        asg.create_auto_scaling_group(AutoScalingGroupName="bad", LaunchConfigurationName="lc", MinSize=0,
                                      MaxSize=1, VPCZoneIdentifier="subnet-0000000000000000f")
    assert e.value.response["Error"]["Code"] == "ValidationError"
    ec2.delete_subnet(SubnetId=s)
    ec2.delete_vpc(VpcId=vpc)
    with pytest.raises(ClientError) as e:
        ec2.describe_vpcs(VpcIds=[vpc])
    assert e.value.response["Error"]["Code"] == "InvalidVpcID.NotFound"
