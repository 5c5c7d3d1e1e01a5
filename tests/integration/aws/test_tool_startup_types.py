"""Start-up and scale-up call sets of cluster-autoscaler and Karpenter for instance types,
offerings, images and launch templates, replayed with boto3; and AWS CLI smoke lines for the
instance-type and instance-setting actions."""
import json
import os

import pytest

from conftest import launch
from test_cli_smoke import AWS, aws  # noqa: F401  (the CLI fixture)


def test_karpenter_instance_type_provider_start_up(ec2):
    """aws/karpenter-provider-aws pkg/providers/instancetype/instancetype.go:
    UpdateInstanceTypes (hvm, x86_64 + arm64, MaxResults 100, all pages) and
    UpdateInstanceTypeOfferings (availability-zone, MaxResults 1000, all pages)."""
    types = []
    token = None
    while True:
        kwargs = {"NextToken": token} if token else {}
        page = ec2.describe_instance_types(Filters=[
            {"Name": "supported-virtualization-type", "Values": ["hvm"]},
            {"Name": "processor-info.supported-architecture", "Values": ["x86_64", "arm64"]}],
            MaxResults=100, **kwargs)
        types += page["InstanceTypes"]
        token = page.get("NextToken")
        if not token:
            break
    names = {t["InstanceType"] for t in types}
    assert len(names) == len(types) > 100
    for t in types:  # what instancetype/types.go computes capacity from
        assert t["VCpuInfo"]["DefaultVCpus"] > 0 and t["MemoryInfo"]["SizeInMiB"] > 0
        assert t["NetworkInfo"]["MaximumNetworkInterfaces"] > 0
        assert t["NetworkInfo"]["Ipv4AddressesPerInterface"] > 0
        assert t["ProcessorInfo"]["SupportedArchitectures"]
        assert "SupportedUsageClasses" in t and (t["BareMetal"] or "Hypervisor" in t)
    offerings = {}
    token = None
    while True:
        kwargs = {"NextToken": token} if token else {}
        page = ec2.describe_instance_type_offerings(LocationType="availability-zone",
                                                    MaxResults=1000, **kwargs)
        for o in page["InstanceTypeOfferings"]:
            offerings.setdefault(o["InstanceType"], set()).add(o["Location"])
        token = page.get("NextToken")
        if not token:
            break
    assert set(offerings) <= names | {t for t in offerings if t.startswith("t2.")}
    assert "us-east-1e" not in offerings["m7g.large"] and "us-east-1a" in offerings["m7g.large"]
    # Scale-up: a launch of an offered type into an offered zone.
    [iid] = launch(ec2, zone="us-east-1f", InstanceType="m7g.large", ImageId="ami-0a7a4e87939439934")
    assert iid


def test_karpenter_ami_resolution(ec2):
    """pkg/providers/amifamily/ami.go: DescribeImages by name with Owners [self, amazon], and by
    image-id filter; the provider reads ImageId, Architecture, CreationDate, Name."""
    by_name = ec2.describe_images(Owners=["self", "amazon"], Filters=[
        {"Name": "name", "Values": ["al2023-ami-*"]}])["Images"]
    assert {i["Architecture"] for i in by_name} == {"x86_64", "arm64"}
    assert all(i["CreationDate"] and i["State"] == "available" for i in by_name)
    ids = [i["ImageId"] for i in by_name]
    by_id = ec2.describe_images(Filters=[{"Name": "image-id", "Values": ids}])["Images"]
    assert sorted(i["ImageId"] for i in by_id) == sorted(ids)


def test_cluster_autoscaler_start_up(ec2):
    """kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/aws_wrapper.go:
    getInstanceTypes (DescribeInstanceTypes over all pages; VCpuInfo, MemoryInfo, GpuInfo,
    ProcessorInfo read), getInstanceTypeByLaunchTemplate (DescribeLaunchTemplateVersions of the
    group's template at $Default / $Latest), DescribeRegions / DescribeAvailabilityZones."""
    ec2.create_launch_template(LaunchTemplateName="nodes", LaunchTemplateData={
        "ImageId": "ami-0c02fb55956c7d316", "InstanceType": "g4dn.xlarge"})
    for version in ("$Default", "$Latest"):
        [v] = ec2.describe_launch_template_versions(LaunchTemplateName="nodes",
                                                    Versions=[version])["LaunchTemplateVersions"]
        assert v["LaunchTemplateData"]["InstanceType"] == "g4dn.xlarge"
    pages = ec2.get_paginator("describe_instance_types").paginate(InstanceTypes=["g4dn.xlarge", "m5.large"])
    info = {t["InstanceType"]: t for p in pages for t in p["InstanceTypes"]}
    g4 = info["g4dn.xlarge"]
    assert (g4["VCpuInfo"]["DefaultVCpus"], g4["MemoryInfo"]["SizeInMiB"]) == (4, 16384)
    assert g4["GpuInfo"]["Gpus"][0]["Count"] == 1 and g4["GpuInfo"]["Gpus"][0]["Manufacturer"] == "NVIDIA"
    assert "GpuInfo" not in info["m5.large"]
    assert ec2.describe_regions(RegionNames=["us-east-1"])["Regions"][0]["Endpoint"]
    assert len(ec2.describe_availability_zones()["AvailabilityZones"]) == 6


@pytest.mark.skipif(not os.path.exists(AWS), reason="Debian's AWS CLI v2 is not installed")
def test_cli_smoke_lines(aws, ec2):  # noqa: F811
    out = json.loads(aws("ec2", "describe-instance-types", "--instance-types", "t3.micro").stdout)
    assert out["InstanceTypes"][0]["VCpuInfo"]["DefaultVCpus"] == 2
    out = json.loads(aws("ec2", "describe-instance-type-offerings", "--location-type",
                         "availability-zone-id", "--filters", "Name=instance-type,Values=t3.micro").stdout)
    assert "use1-az3" not in {o["Location"] for o in out["InstanceTypeOfferings"]}
    out = json.loads(aws("ec2", "describe-regions", "--all-regions").stdout)
    assert len(out["Regions"]) == 34
    out = json.loads(aws("ec2", "get-default-credit-specification", "--instance-family", "t2").stdout)
    assert out["InstanceFamilyCreditSpecification"]["CpuCredits"] == "standard"
    [iid] = launch(ec2, InstanceType="t3.micro")
    out = json.loads(aws("ec2", "describe-instance-credit-specifications", "--instance-ids", iid).stdout)
    assert out["InstanceCreditSpecifications"][0]["CpuCredits"] == "unlimited"
    out = json.loads(aws("ec2", "modify-instance-metadata-options", "--instance-id", iid,
                         "--http-tokens", "required").stdout)
    assert out["InstanceMetadataOptions"]["State"] == "pending"
    out = json.loads(aws("ec2", "modify-instance-maintenance-options", "--instance-id", iid,
                         "--auto-recovery", "disabled").stdout)
    assert out["AutoRecovery"] == "disabled"
    aws("ec2", "get-console-output", "--instance-id", iid)
    out = json.loads(aws("ec2", "get-launch-template-data", "--instance-id", iid).stdout)
    assert out["LaunchTemplateData"]["InstanceType"] == "t3.micro"
