"""What moto's suite found in CreateSubnet and volumes, end to end: AvailabilityZoneId places a
subnet (another region's or an unknown ID is refused, and so is naming both the zone and its ID),
subnets show Ipv6Native, volumes show MultiAttachEnabled (io1/io2 only), and a new EBS device
with neither size nor snapshot is refused. Every refusal creates nothing."""
import botocore.exceptions
import pytest

IMAGE = "ami-0123456789abcdef0"


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


@pytest.fixture
def vpc(ec2):
    return ec2.create_vpc(CidrBlock="10.3.0.0/16")["Vpc"]["VpcId"]


def own_subnets(ec2, vpc):
    return ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]


def test_availability_zone_id_places_the_subnet(ec2, vpc):
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    second = zones[1]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.3.1.0/24",
                               AvailabilityZoneId=second["ZoneId"])["Subnet"]
    assert (subnet["AvailabilityZone"], subnet["AvailabilityZoneId"]) == (
        second["ZoneName"], second["ZoneId"])
    assert subnet["Ipv6Native"] is False


@pytest.mark.parametrize("zone_id", ["usw2-az1", "use1-az99"])
def test_another_regions_or_an_unknown_zone_id_is_refused(ec2, vpc, zone_id):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.3.2.0/24", AvailabilityZoneId=zone_id)
    assert error_of(e) == ("InvalidParameterValue",
                           f"Value ({zone_id}) for parameter availabilityZoneId is invalid.")
    assert own_subnets(ec2, vpc) == []


def test_zone_and_zone_id_together_are_refused(ec2, vpc):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.3.2.0/24", AvailabilityZone="us-east-1a",
                          AvailabilityZoneId="use1-az1")
    assert error_of(e)[0] == "InvalidParameterCombination"
    assert own_subnets(ec2, vpc) == []


def test_multi_attach_is_for_io1_and_io2_only(ec2):
    multi = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="io2", Iops=100,
                              MultiAttachEnabled=True)
    assert multi["MultiAttachEnabled"] is True
    ec2.delete_volume(VolumeId=multi["VolumeId"])
    io2 = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="io2", Iops=100,
                            MultiAttachEnabled=False)
    gp3 = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="gp3")
    assert io2["MultiAttachEnabled"] is False and gp3["MultiAttachEnabled"] is False
    described = {v["VolumeId"]: v["MultiAttachEnabled"]
                 for v in ec2.describe_volumes()["Volumes"]}
    assert described == {io2["VolumeId"]: False, gp3["VolumeId"]: False}
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="gp3",
                          MultiAttachEnabled=True)
    assert error_of(e) == ("InvalidParameterCombination",
                           "Multi-Attach is supported only for io1 and io2 volumes.")
    assert len(ec2.describe_volumes()["Volumes"]) == 2


def test_a_new_ebs_device_needs_a_size_or_a_snapshot(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, BlockDeviceMappings=[
            {"DeviceName": "/dev/sdh", "Ebs": {"VolumeType": "gp2"}}])
    assert error_of(e)[0] == "MissingParameter"
    assert ec2.describe_instances()["Reservations"] == []
    assert ec2.describe_volumes()["Volumes"] == []
