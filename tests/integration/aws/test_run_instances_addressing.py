"""RunInstances addressing: PrivateIpAddress, the primary network interface given as
NetworkInterfaces[DeviceIndex 0] (SubnetId, PrivateIpAddress / PrivateIpAddresses with Primary,
Groups, AssociatePublicIpAddress, DeleteOnTermination, Description, or an existing
NetworkInterfaceId), the instance-level parameters EC2 refuses next to network interfaces, and
Placement.HostId with no Dedicated Host. Every refusal launches nothing and holds no address."""
import botocore.exceptions
import pytest

from conftest import describe_one

IMAGE = "ami-0123456789abcdef0"


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


@pytest.fixture
def subnet(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    return ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.1.0/24",
                             AvailabilityZone="us-east-1b")["Subnet"]


def run(ec2, **kwargs):
    return ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, **kwargs)["Instances"][0]


def interfaces_at(ec2, ip):
    return ec2.describe_network_interfaces(
        Filters=[{"Name": "private-ip-address", "Values": [ip]}])["NetworkInterfaces"]


def assert_nothing_launched(ec2):
    assert ec2.describe_instances()["Reservations"] == []


def test_private_ip_address_is_the_primary_address(ec2, subnet):
    inst = run(ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="10.7.1.50")
    assert inst["PrivateIpAddress"] == "10.7.1.50"
    described = describe_one(ec2, inst["InstanceId"])
    assert described["PrivateIpAddress"] == "10.7.1.50"
    eni = described["NetworkInterfaces"][0]
    assert eni["PrivateIpAddress"] == "10.7.1.50"
    assert eni["PrivateIpAddresses"][0]["PrivateIpAddress"] == "10.7.1.50"
    [listed] = interfaces_at(ec2, "10.7.1.50")
    assert listed["Attachment"]["InstanceId"] == inst["InstanceId"]
    after = ec2.describe_subnets(SubnetIds=[subnet["SubnetId"]])["Subnets"][0]
    assert after["AvailableIpAddressCount"] == subnet["AvailableIpAddressCount"] - 1


@pytest.mark.parametrize("ip", ["10.7.2.9", "10.7.1.0", "10.7.1.3", "10.7.1.255", "not-an-ip"])
def test_an_address_outside_the_usable_range_is_refused(ec2, subnet, ip):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        run(ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress=ip)
    assert error_of(e) == ("InvalidParameterValue",
                           "Address does not fall within the subnet's address range")
    assert_nothing_launched(ec2)


def test_an_address_in_use_is_refused_and_free_again_after_terminate(ec2, subnet):
    first = run(ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="10.7.1.60")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        run(ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="10.7.1.60")
    assert error_of(e) == ("InvalidIPAddress.InUse", "Address 10.7.1.60 is in use.")
    assert len(ec2.describe_instances()["Reservations"]) == 1
    ec2.terminate_instances(InstanceIds=[first["InstanceId"]])
    again = run(ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="10.7.1.60")
    assert again["PrivateIpAddress"] == "10.7.1.60"


def test_a_chosen_address_launches_one_instance_only(ec2, subnet):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=2, SubnetId=subnet["SubnetId"],
                          PrivateIpAddress="10.7.1.61")
    assert error_of(e)[0] == "InvalidParameterCombination"
    assert_nothing_launched(ec2)


def test_a_dry_run_holds_no_address(ec2, subnet):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        run(ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="10.7.1.62", DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    assert interfaces_at(ec2, "10.7.1.62") == []
    assert run(ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="10.7.1.62")


def test_the_primary_interface_as_network_interfaces_describes(ec2, subnet):
    group = ec2.create_security_group(GroupName="web", Description="web",
                                      VpcId=subnet["VpcId"])["GroupId"]
    inst = run(ec2, NetworkInterfaces=[{
        "DeviceIndex": 0, "SubnetId": subnet["SubnetId"], "PrivateIpAddress": "10.7.1.70",
        "Groups": [group], "AssociatePublicIpAddress": True, "DeleteOnTermination": False,
        "Description": "primary of web"}])
    described = describe_one(ec2, inst["InstanceId"])
    assert described["SubnetId"] == subnet["SubnetId"]
    assert described["PrivateIpAddress"] == "10.7.1.70"
    assert described["PublicIpAddress"]
    assert [g["GroupId"] for g in described["SecurityGroups"]] == [group]
    eni = described["NetworkInterfaces"][0]
    assert eni["Description"] == "primary of web"
    assert eni["Attachment"]["DeleteOnTermination"] is False
    assert eni["Attachment"]["DeviceIndex"] == 0
    [listed] = interfaces_at(ec2, "10.7.1.70")
    assert listed["NetworkInterfaceId"] == eni["NetworkInterfaceId"]
    assert listed["Description"] == "primary of web"
    assert listed["Attachment"]["DeleteOnTermination"] is False
    assert listed["Association"]["PublicIp"] == described["PublicIpAddress"]
    # DeleteOnTermination false: terminating detaches the interface and keeps its address.
    ec2.terminate_instances(InstanceIds=[inst["InstanceId"]])
    [kept] = interfaces_at(ec2, "10.7.1.70")
    assert kept["Status"] == "available" and "Attachment" not in kept


def test_private_ip_addresses_with_one_primary_entry(ec2, subnet):
    inst = run(ec2, NetworkInterfaces=[{
        "DeviceIndex": 0, "SubnetId": subnet["SubnetId"],
        "PrivateIpAddresses": [{"PrivateIpAddress": "10.7.1.71", "Primary": True}]}])
    assert inst["PrivateIpAddress"] == "10.7.1.71"
    ec2.terminate_instances(InstanceIds=[inst["InstanceId"]])
    assert interfaces_at(ec2, "10.7.1.71") == []  # deleted with the instance by default


def test_launching_with_an_existing_interface(ec2, subnet):
    eni = ec2.create_network_interface(SubnetId=subnet["SubnetId"], PrivateIpAddress="10.7.1.80",
                                       Description="made first")["NetworkInterface"]
    inst = run(ec2, NetworkInterfaces=[{"DeviceIndex": 0,
                                        "NetworkInterfaceId": eni["NetworkInterfaceId"]}])
    assert inst["SubnetId"] == subnet["SubnetId"]
    assert inst["Placement"]["AvailabilityZone"] == "us-east-1b"
    described = describe_one(ec2, inst["InstanceId"])
    assert described["PrivateIpAddress"] == "10.7.1.80"
    primary = described["NetworkInterfaces"][0]
    assert primary["NetworkInterfaceId"] == eni["NetworkInterfaceId"]
    assert primary["MacAddress"] == eni["MacAddress"]
    assert primary["Description"] == "made first"
    assert primary["Attachment"]["DeleteOnTermination"] is False
    listed = ec2.describe_network_interfaces(
        NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"][0]
    assert listed["Status"] == "in-use"
    assert listed["Attachment"]["InstanceId"] == inst["InstanceId"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        run(ec2, NetworkInterfaces=[{"DeviceIndex": 0,
                                     "NetworkInterfaceId": eni["NetworkInterfaceId"]}])
    assert error_of(e) == ("InvalidParameterValue",
                           "Interface: [" + eni["NetworkInterfaceId"] + "] in use.")
    ec2.terminate_instances(InstanceIds=[inst["InstanceId"]])
    listed = ec2.describe_network_interfaces(
        NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"][0]
    assert listed["Status"] == "available"


def test_an_unknown_existing_interface_is_refused(ec2, subnet):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        run(ec2, NetworkInterfaces=[{"DeviceIndex": 0,
                                     "NetworkInterfaceId": "eni-0123456789abcdef0"}])
    assert error_of(e)[0] == "InvalidNetworkInterfaceID.NotFound"
    assert_nothing_launched(ec2)


@pytest.mark.parametrize("instance_level, message", [
    ({"SubnetId": "SUBNET"},
     "Network interfaces and an instance-level subnet ID may not be specified on the same request"),
    ({"SecurityGroupIds": ["GROUP"]},
     "Network interfaces and an instance-level security groups may not be specified on the same "
     "request"),
    ({"PrivateIpAddress": "10.7.1.90"},
     "Network interfaces and an instance-level private IP address may not be specified on the "
     "same request"),
])
def test_instance_level_parameters_next_to_network_interfaces_are_refused(
        ec2, subnet, instance_level, message):
    group = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [subnet["VpcId"]]}])["SecurityGroups"][0]["GroupId"]
    kwargs = {k: (subnet["SubnetId"] if v == "SUBNET" else [group] if v == ["GROUP"] else v)
              for k, v in instance_level.items()}
    with pytest.raises(botocore.exceptions.ClientError) as e:
        run(ec2, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"]}], **kwargs)
    assert error_of(e) == ("InvalidParameterCombination", message)
    assert_nothing_launched(ec2)


def test_placement_host_id_names_no_dedicated_host(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        run(ec2, Placement={"HostId": "h-0123456789abcdef0"})
    assert error_of(e)[0] == "InvalidHostID.NotFound"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        run(ec2, Placement={"HostId": "host-1"})
    assert error_of(e)[0] == "InvalidHostId.Malformed"
    assert_nothing_launched(ec2)


def test_launch_template_data_keeps_the_primary_interface_and_launches_with_it(ec2, subnet):
    ec2.create_launch_template(LaunchTemplateName="addressed", LaunchTemplateData={
        "ImageId": IMAGE, "NetworkInterfaces": [{
            "DeviceIndex": 0, "SubnetId": subnet["SubnetId"], "PrivateIpAddress": "10.7.1.99",
            "Description": "from the template", "DeleteOnTermination": False}]})
    data = ec2.describe_launch_template_versions(LaunchTemplateName="addressed")[
        "LaunchTemplateVersions"][0]["LaunchTemplateData"]
    [ni] = data["NetworkInterfaces"]
    assert (ni["PrivateIpAddress"], ni["Description"], ni["DeleteOnTermination"],
            ni["SubnetId"]) == ("10.7.1.99", "from the template", False, subnet["SubnetId"])
    inst = ec2.run_instances(LaunchTemplate={"LaunchTemplateName": "addressed"}, MinCount=1,
                             MaxCount=1)["Instances"][0]
    primary = describe_one(ec2, inst["InstanceId"])["NetworkInterfaces"][0]
    assert primary["PrivateIpAddress"] == "10.7.1.99"
    assert primary["Description"] == "from the template"
    assert primary["Attachment"]["DeleteOnTermination"] is False
