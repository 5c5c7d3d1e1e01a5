"""DescribeInstanceTypes, DescribeInstanceTypeOfferings, the regions and zones, and what
RunInstances checks about the type (docs/supported.md, "Instance types", "Regions and zones")."""
import botocore.exceptions
import pytest

from conftest import error_of, launch

ARM_IMAGE = "ami-0a7a4e87939439934"  # the catalogue's Amazon Linux 2023 arm64

FAMILIES = ["t2", "t3", "t3a", "t4g", "m5", "m6i", "m6g", "m7i", "m7g", "c5", "c6i", "c6g", "c7i",
            "c7g", "r5", "r6i", "r7g", "i3", "i4i", "d3", "g4dn", "g5", "p4d", "inf2"]


def all_types(ec2, **kwargs):
    pages = ec2.get_paginator("describe_instance_types").paginate(**kwargs)
    return [t for page in pages for t in page["InstanceTypes"]]


def test_every_family_the_tools_use_is_described_with_its_facts(ec2):
    types = {t["InstanceType"]: t for t in all_types(ec2)}
    assert {name.split(".")[0] for name in types} >= set(FAMILIES)
    micro = types["t3.micro"]
    assert micro["VCpuInfo"]["DefaultVCpus"] == 2 and micro["MemoryInfo"]["SizeInMiB"] == 1024
    assert micro["BurstablePerformanceSupported"] is True and micro["FreeTierEligible"] is True
    assert micro["ProcessorInfo"]["SupportedArchitectures"] == ["x86_64"]
    assert micro["SupportedUsageClasses"] == ["on-demand", "spot"]
    assert micro["HibernationSupported"] is True and micro["InstanceStorageSupported"] is False
    assert micro["NetworkInfo"]["MaximumNetworkInterfaces"] == 2
    assert micro["NetworkInfo"]["Ipv4AddressesPerInterface"] == 2
    assert micro["EbsInfo"]["EbsOptimizedSupport"] == "default"
    m7g = types["m7g.xlarge"]
    assert m7g["ProcessorInfo"]["SupportedArchitectures"] == ["arm64"]
    assert (m7g["VCpuInfo"]["DefaultVCpus"], m7g["MemoryInfo"]["SizeInMiB"]) == (4, 16384)
    i3 = types["i3.large"]
    assert i3["InstanceStorageInfo"]["TotalSizeInGB"] == 475
    assert i3["InstanceStorageInfo"]["Disks"][0]["Type"] == "ssd"
    p4d = types["p4d.24xlarge"]
    assert p4d["GpuInfo"]["Gpus"][0]["Count"] == 8 and p4d["GpuInfo"]["Gpus"][0]["Name"] == "A100"
    assert p4d["VCpuInfo"]["DefaultVCpus"] == 96 and p4d["MemoryInfo"]["SizeInMiB"] == 1179648
    assert (types["inf2.xlarge"]["VCpuInfo"]["DefaultVCpus"], types["inf2.xlarge"]["MemoryInfo"]["SizeInMiB"]) == (4, 16384)


def test_filters_and_paging(ec2):
    arm = all_types(ec2, Filters=[{"Name": "processor-info.supported-architecture", "Values": ["arm64"]},
                                  {"Name": "vcpu-info.default-vcpus", "Values": ["2"]}])
    names = {t["InstanceType"] for t in arm}
    assert "t4g.small" in names and "m7g.large" in names
    assert all(t["ProcessorInfo"]["SupportedArchitectures"] == ["arm64"] for t in arm)
    assert all(t["VCpuInfo"]["DefaultVCpus"] == 2 for t in arm)
    burst = all_types(ec2, Filters=[{"Name": "burstable-performance-supported", "Values": ["true"]}])
    assert {t["InstanceType"].split(".")[0] for t in burst} == {"t2", "t3", "t3a", "t4g"}
    wild = all_types(ec2, Filters=[{"Name": "instance-type", "Values": ["c7?.*large"]}])
    assert wild and all(t["InstanceType"].startswith(("c7i.", "c7g.")) for t in wild)

    first = ec2.describe_instance_types(MaxResults=5)
    assert len(first["InstanceTypes"]) == 5 and first["NextToken"]
    second = ec2.describe_instance_types(MaxResults=5, NextToken=first["NextToken"])
    assert not {t["InstanceType"] for t in first["InstanceTypes"]} & \
        {t["InstanceType"] for t in second["InstanceTypes"]}

    named = ec2.describe_instance_types(InstanceTypes=["t3.micro", "m5.large"])["InstanceTypes"]
    assert sorted(t["InstanceType"] for t in named) == ["m5.large", "t3.micro"]


def test_describe_instance_types_refusals(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_instance_types(InstanceTypes=["t3.micro", "t1.nonexistent"])
    assert error_of(e) == ("InvalidInstanceType", 400,
                           "The following supplied instance types do not exist: [t1.nonexistent]")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_instance_types(Filters=[{"Name": "vcpus", "Values": ["2"]}])
    assert error_of(e) == ("InvalidParameterValue", 400, "The filter 'vcpus' is invalid")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_instance_types(MaxResults=101)
    assert error_of(e)[0] == "InvalidParameterValue"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_instance_types(NextToken="bogus")
    assert error_of(e)[0] == "InvalidParameterValue"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_instance_types(DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"


def offerings(ec2, **kwargs):
    pages = ec2.get_paginator("describe_instance_type_offerings").paginate(**kwargs)
    return [(o["InstanceType"], o["Location"]) for page in pages for o in page["InstanceTypeOfferings"]]


def test_offerings_by_region_zone_and_zone_id(ec2):
    region = offerings(ec2)
    assert ("t3.micro", "us-east-1") in region and ("p4d.24xlarge", "us-east-1") in region
    by_zone = offerings(ec2, LocationType="availability-zone",
                        Filters=[{"Name": "instance-type", "Values": ["t3.micro"]}])
    # us-east-1e is use1-az3, the zone without the current generations.
    assert sorted(z for _, z in by_zone) == ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d",
                                             "us-east-1f"]
    by_id = offerings(ec2, LocationType="availability-zone-id",
                      Filters=[{"Name": "instance-type", "Values": ["t3.micro"]},
                               {"Name": "location", "Values": ["use1-az3", "use1-az1"]}])
    assert by_id == [("t3.micro", "use1-az1")]
    assert ("t2.micro", "use1-az3") in offerings(ec2, LocationType="availability-zone-id")
    west = cloudlife_region(ec2, "us-west-2")
    g5 = offerings(west, LocationType="availability-zone",
                   Filters=[{"Name": "instance-type", "Values": ["g5.xlarge"]}])
    assert "us-west-2d" not in [z for _, z in g5] and g5
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_instance_type_offerings(Filters=[{"Name": "zone", "Values": ["x"]}])
    assert error_of(e) == ("InvalidParameterValue", 400, "The filter 'zone' is invalid")


def cloudlife_region(ec2, region):
    import boto3
    return boto3.client("ec2", endpoint_url=ec2.meta.endpoint_url, region_name=region,
                        aws_access_key_id="AKIDEXAMPLEFAKE00001", aws_secret_access_key="fakeSecretKey")


def test_run_instances_refuses_a_type_not_offered_in_the_zone(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        launch(ec2, zone="us-east-1e", InstanceType="t3.micro")
    assert error_of(e) == (
        "Unsupported", 400,
        "Your requested instance type (t3.micro) is not supported in your requested Availability "
        "Zone (us-east-1e). Please retry your request by not specifying an Availability Zone or "
        "choosing us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f.")
    assert ec2.describe_instances()["Reservations"] == []
    # Without a zone, launches rotate over the zones that offer the type only.
    zones = set()
    for _ in range(6):
        [iid] = launch(ec2, zone=None, InstanceType="t3.micro")
        zones.add(ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
                  ["Placement"]["AvailabilityZone"])
    assert "us-east-1e" not in zones and len(zones) == 5
    launch(ec2, zone="us-east-1e", InstanceType="t2.micro")


def test_run_instances_refuses_an_unknown_type_and_an_architecture_mismatch(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        launch(ec2, InstanceType="z9.large")
    assert error_of(e) == ("InvalidParameterValue", 400, "Invalid value 'z9.large' for InstanceType.")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        launch(ec2, ImageId=ARM_IMAGE, InstanceType="t3.micro")
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidParameterValue", 400)
    assert message.startswith("The architecture 'x86_64' of the specified instance type does not match "
                              "the architecture 'arm64' of the specified AMI.")
    [iid] = launch(ec2, ImageId=ARM_IMAGE, InstanceType="t4g.micro")
    inst = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
    assert inst["Architecture"] == "arm64"


def test_regions_and_zones(ec2):
    default = {r["RegionName"]: r["OptInStatus"] for r in ec2.describe_regions()["Regions"]}
    assert len(default) == 17 and set(default.values()) == {"opt-in-not-required"}
    every = {r["RegionName"]: r["OptInStatus"] for r in ec2.describe_regions(AllRegions=True)["Regions"]}
    assert len(every) == 34
    assert every["mx-central-1"] == "not-opted-in" and every["ap-southeast-7"] == "not-opted-in"
    assert every["eu-west-1"] == "opt-in-not-required"
    zones = {z["ZoneName"]: z["ZoneId"] for z in ec2.describe_availability_zones()["AvailabilityZones"]}
    assert zones == {"us-east-1a": "use1-az1", "us-east-1b": "use1-az2", "us-east-1c": "use1-az4",
                     "us-east-1d": "use1-az6", "us-east-1e": "use1-az3", "us-east-1f": "use1-az5"}
    west1 = cloudlife_region(ec2, "us-west-1").describe_availability_zones()["AvailabilityZones"]
    assert [(z["ZoneName"], z["ZoneId"]) for z in west1] == [("us-west-1a", "usw1-az1"),
                                                           ("us-west-1b", "usw1-az3")]
    tokyo = cloudlife_region(ec2, "ap-northeast-1").describe_availability_zones()["AvailabilityZones"]
    assert [z["ZoneName"] for z in tokyo] == ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
