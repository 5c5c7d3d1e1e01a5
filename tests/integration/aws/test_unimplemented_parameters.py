"""A parameter of the EC2 API is either honoured or refused (Unsupported, 400), never accepted and
ignored; and the parameters newly honoured change what the client sees."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, describe_one, error_of, launch


@pytest.mark.parametrize("extra", [
    {"Ipv6AddressCount": 1},
    {"KernelId": "aki-12345678"},
    {"AdditionalInfo": "x"},
    {"CpuOptions": {"CoreCount": 1, "ThreadsPerCore": 1}},
    {"CapacityReservationSpecification": {"CapacityReservationPreference": "none"}},
    {"EnclaveOptions": {"Enabled": True}},
    {"PrivateDnsNameOptions": {"HostnameType": "resource-name"}},
    {"LicenseSpecifications": [{"LicenseConfigurationArn": "arn:aws:license-manager:x"}]},
    {"Placement": {"AvailabilityZone": "us-east-1a", "GroupName": "cluster"}},
    {"BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 8, "KmsKeyId": "alias/x"}}]},
    {"NetworkInterfaces": [{"DeviceIndex": 0, "InterfaceType": "efa"}]},
    {"NetworkInterfaces": [{"DeviceIndex": 0, "NetworkCardIndex": 1}]},
])
def test_run_instances_refuses_what_it_does_not_implement_and_launches_nothing(ec2, extra):
    with pytest.raises(ClientError) as e:
        launch(ec2, zone=None if "Placement" in extra else "us-east-1a", **extra)
    assert error_of(e)[:2] == ("Unsupported", 400)
    assert ec2.describe_instances()["Reservations"] == []


def test_launch_template_data_refuses_the_same(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_launch_template(LaunchTemplateName="lt-cpu", LaunchTemplateData={
            "ImageId": IMAGE, "CpuOptions": {"CoreCount": 2}})
    assert error_of(e)[:2] == ("Unsupported", 400)
    assert ec2.describe_launch_templates()["LaunchTemplates"] == []


def test_associate_public_ip_address_overrides_the_subnet(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.1.0/24")["Subnet"]["SubnetId"]
    [iid] = launch(ec2, zone=None, NetworkInterfaces=[
        {"DeviceIndex": 0, "SubnetId": private, "AssociatePublicIpAddress": True}])
    assert describe_one(ec2, iid).get("PublicIpAddress")
    ec2.stop_instances(InstanceIds=[iid])
    assert not describe_one(ec2, iid).get("PublicIpAddress")
    ec2.start_instances(InstanceIds=[iid])
    assert describe_one(ec2, iid).get("PublicIpAddress")  # a new one, as on every start
    [plain] = launch(ec2, zone=None, SubnetId=private)
    assert not describe_one(ec2, plain).get("PublicIpAddress")
    [none] = launch(ec2, zone="us-east-1a", NetworkInterfaces=[
        {"DeviceIndex": 0, "AssociatePublicIpAddress": False}])
    assert not describe_one(ec2, none).get("PublicIpAddress")
    ec2.stop_instances(InstanceIds=[none])
    ec2.start_instances(InstanceIds=[none])
    assert not describe_one(ec2, none).get("PublicIpAddress")


def test_other_actions_refuse_what_they_do_not_implement(ec2):
    [iid] = launch(ec2)
    ec2.stop_instances(InstanceIds=[iid])
    calls = [
        lambda: ec2.start_instances(InstanceIds=[iid], AdditionalInfo="x"),
        lambda: ec2.modify_instance_attribute(InstanceId=iid, Kernel={"Value": "aki-1"}),
        lambda: ec2.create_vpc(CidrBlock="10.9.0.0/16", AmazonProvidedIpv6CidrBlock=True),
        lambda: ec2.create_vpc(CidrBlock="10.9.0.0/16", Ipv4IpamPoolId="ipam-pool-1"),
        lambda: ec2.create_volume(AvailabilityZone="us-east-1a", Size=8,
                                  OutpostArn="arn:aws:outposts:us-east-1:1:outpost/op-1"),
    ]
    for call in calls:
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e)[:2] == ("Unsupported", 400)
    assert describe_one(ec2, iid)["State"]["Name"] == "stopped"
    assert len(ec2.describe_vpcs()["Vpcs"]) == 1


def test_create_subnet_by_availability_zone_id(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    b = next(z for z in zones if z["ZoneName"] == "us-east-1b")
    s = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24", AvailabilityZoneId=b["ZoneId"])["Subnet"]
    assert (s["AvailabilityZone"], s["AvailabilityZoneId"]) == ("us-east-1b", b["ZoneId"])
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.2.0/24", AvailabilityZoneId="use1-az99")
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)
    with pytest.raises(ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.3.0/24", AvailabilityZone="us-east-1b",
                          AvailabilityZoneId=b["ZoneId"])
    assert error_of(e)[:2] == ("InvalidParameterCombination", 400)



def call_with_wire_parameters(client, action, kwargs, wire):
    """client.<action>(**kwargs) with `wire` added to the Query body as sent: members newer than
    the installed botocore's model (it refuses unknown parameters before sending)."""
    operation = client.meta.method_to_api_mapping[action]

    def add(request, **_):
        request.data.update(wire)

    event = f"before-sign.ec2.{operation}"
    client.meta.events.register(event, add)
    try:
        return getattr(client, action)(**kwargs)
    finally:
        client.meta.events.unregister(event, add)


@pytest.mark.parametrize("action,wire,member", [
    ("create_vpc", {"VpcEncryptionControl.Mode": "monitor"}, "VpcEncryptionControl"),
    ("create_subnet", {"Ipv4IpamPoolId": "ipam-pool-1"}, "Ipv4IpamPoolId"),
    ("create_subnet", {"Ipv4NetmaskLength": "24"}, "Ipv4NetmaskLength"),
    ("create_subnet", {"Ipv6IpamPoolId": "ipam-pool-2"}, "Ipv6IpamPoolId"),
    ("create_subnet", {"Ipv6NetmaskLength": "64"}, "Ipv6NetmaskLength"),
    ("create_subnet", {"OutpostArn": "arn:aws:outposts:us-east-1:1:outpost/op-1"}, "OutpostArn"),
])
def test_vpc_and_subnet_members_without_a_model_are_refused_by_name(ec2, action, wire, member):
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    vpcs = ec2.describe_vpcs()["Vpcs"]
    subnets = ec2.describe_subnets()["Subnets"]
    base = {"CidrBlock": "10.6.0.0/16"} if action == "create_vpc" else {
        "VpcId": vpc, "CidrBlock": "10.7.1.0/24"}
    with pytest.raises(ClientError) as e:
        call_with_wire_parameters(ec2, action, base, wire)
    assert error_of(e) == ("Unsupported", 400, "The requested configuration is currently not "
                           f"supported: cloudlife does not implement the parameter {member}.")
    assert ec2.describe_vpcs()["Vpcs"] == vpcs
    assert ec2.describe_subnets()["Subnets"] == subnets
