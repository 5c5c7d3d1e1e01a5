"""DescribeImages over the built-in catalogue, DescribeAvailabilityZones and DescribeRegions."""
import botocore.exceptions
import pytest

AL2023 = "ami-0c02fb55956c7d316"
STORE = "ami-0b1e534a4ff9019e0"


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def image_ids(ec2, **kwargs):
    return {i["ImageId"] for i in ec2.describe_images(**kwargs)["Images"]}


def test_describe_images_by_id_shape(ec2):
    [img] = ec2.describe_images(ImageIds=[AL2023])["Images"]
    assert img["ImageOwnerAlias"] == "amazon" and img["OwnerId"] == "137112412989"
    assert img["State"] == "available" and img["Public"] is True
    assert img["Architecture"] == "x86_64" and img["RootDeviceType"] == "ebs"
    assert img["VirtualizationType"] == "hvm" and img["ImageType"] == "machine"
    assert img["Name"].startswith("al2023-ami-")
    [bdm] = img["BlockDeviceMappings"]
    assert bdm["DeviceName"] == img["RootDeviceName"] and bdm["Ebs"]["DeleteOnTermination"] is True
    assert img["PlatformDetails"] == "Linux/UNIX" and img["UsageOperation"] == "RunInstances"


def test_describe_images_errors(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_images(ImageIds=["ami-0123456789abcdef0"])
    assert error_of(e) == ("InvalidAMIID.NotFound", "The image id '[ami-0123456789abcdef0]' does not exist")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_images(ImageIds=["ami-nothex"])
    assert error_of(e)[0] == "InvalidAMIID.Malformed"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_images(Filters=[{"Name": "colour", "Values": ["x"]}])
    assert error_of(e)[0] == "InvalidParameterValue"


def test_describe_images_owners_and_filters(ec2):
    everything = image_ids(ec2)
    assert AL2023 in everything and STORE in everything
    amazon = image_ids(ec2, Owners=["amazon"])
    assert AL2023 in amazon and "ami-0e86e20dae9224db8" not in amazon
    assert image_ids(ec2, Owners=["self"]) == set()
    assert image_ids(ec2, Owners=["099720109477"]) == {"ami-0e86e20dae9224db8"}
    assert image_ids(ec2, ExecutableUsers=["all"]) == everything
    assert image_ids(ec2, Filters=[{"Name": "root-device-type", "Values": ["instance-store"]}]) == {STORE}
    assert image_ids(ec2, Filters=[{"Name": "architecture", "Values": ["arm64"]}]) == {"ami-0a7a4e87939439934"}
    assert image_ids(ec2, Filters=[{"Name": "name", "Values": ["al2023-ami-*-x86_64"]}]) == {AL2023}
    assert image_ids(ec2, Filters=[{"Name": "platform", "Values": ["windows"]}]) == {"ami-0f9c44e98edf38a2b"}
    assert image_ids(ec2, Filters=[{"Name": "owner-alias", "Values": ["amazon"]},
                                   {"Name": "is-public", "Values": ["true"]},
                                   {"Name": "state", "Values": ["available"]},
                                   {"Name": "virtualization-type", "Values": ["hvm"]},
                                   {"Name": "image-id", "Values": [AL2023, STORE]}]) == {AL2023, STORE}


def test_describe_availability_zones(ec2):
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    assert [z["ZoneName"] for z in zones][:3] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    z = zones[0]
    assert z["State"] == "available" and z["RegionName"] == "us-east-1" and z["ZoneId"] == "use1-az1"
    assert z["ZoneType"] == "availability-zone" and z["OptInStatus"] == "opt-in-not-required"
    names = [z["ZoneName"] for z in ec2.describe_availability_zones(ZoneNames=["us-east-1b"])["AvailabilityZones"]]
    assert names == ["us-east-1b"]
    ids = [z["ZoneName"] for z in ec2.describe_availability_zones(ZoneIds=["use1-az3"])["AvailabilityZones"]]
    assert ids == ["us-east-1e"]  # docs/supported.md: the fixed zone-name / zone-ID pairing
    filtered = ec2.describe_availability_zones(Filters=[{"Name": "zone-name", "Values": ["*a", "*b"]},
                                                        {"Name": "state", "Values": ["available"]}])
    assert [z["ZoneName"] for z in filtered["AvailabilityZones"]] == ["us-east-1a", "us-east-1b"]
    assert len(ec2.describe_availability_zones(AllAvailabilityZones=True)["AvailabilityZones"]) == len(zones)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_availability_zones(ZoneNames=["us-east-1z"])
    assert error_of(e) == ("InvalidParameterValue", "Invalid availability zone: [us-east-1z]")


def test_zones_follow_the_client_region(cloudlife):
    ec2 = cloudlife.client("ec2", region="eu-west-1")
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    assert zones == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


def test_describe_regions(ec2):
    regions = {r["RegionName"]: r for r in ec2.describe_regions()["Regions"]}
    assert "us-east-1" in regions and "af-south-1" not in regions
    assert regions["us-east-1"]["Endpoint"] == "ec2.us-east-1.amazonaws.com"
    assert regions["us-east-1"]["OptInStatus"] == "opt-in-not-required"
    every = {r["RegionName"]: r for r in ec2.describe_regions(AllRegions=True)["Regions"]}
    assert every["af-south-1"]["OptInStatus"] == "not-opted-in"
    named = ec2.describe_regions(RegionNames=["eu-west-1"])["Regions"]
    assert [r["RegionName"] for r in named] == ["eu-west-1"]
    filtered = ec2.describe_regions(Filters=[{"Name": "region-name", "Values": ["us-*"]}])["Regions"]
    assert {r["RegionName"] for r in filtered} == {"us-east-1", "us-east-2", "us-west-1", "us-west-2"}
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_regions(RegionNames=["mars-north-1"])
    assert error_of(e)[0] == "InvalidParameterValue"
