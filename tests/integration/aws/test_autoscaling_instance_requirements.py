"""Attribute-based instance type selection in a mixed instances group (issue 11 §4): overrides with
InstanceRequirements are described as given, the group launches catalogue types that meet them (on
the architecture of the template's AMI, within price protection), DesiredCapacityType vcpu counts
vCPUs, and the ValidationErrors AWS answers. Observed with boto3."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, describe_group, error_of

ZONE = "us-east-1a"
ARM_IMAGE = "ami-0a7a4e87939439934"  # Amazon Linux 2023 arm64 in the image catalogue


def template(ec2, name="abs-lt", image=IMAGE):
    return ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={
        "ImageId": image, "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]


def create(asg, lt, overrides, desired, distribution=None, name="abs", **extra):
    policy = {"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt},
                                 "Overrides": overrides}}
    if distribution is not None:
        policy["InstancesDistribution"] = distribution
    asg.create_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=40,
                                  DesiredCapacity=desired, AvailabilityZones=[ZONE],
                                  MixedInstancesPolicy=policy, **extra)


def member_types(ec2, group):
    ids = [i["InstanceId"] for i in group["Instances"]]
    if not ids:
        return []
    return [(i["InstanceType"], i.get("InstanceLifecycle", "on-demand"))
            for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]]


def type_facts(ec2, names):
    return {t["InstanceType"]: t for t in ec2.describe_instance_types(InstanceTypes=sorted(set(names)))["InstanceTypes"]}


def test_requirements_are_described_as_given_and_select_matching_types(asg, ec2):
    lt = template(ec2)
    requirements = {"VCpuCount": {"Min": 2, "Max": 2}, "MemoryMiB": {"Min": 4096, "Max": 8192},
                    "CpuManufacturers": ["intel"], "MemoryGiBPerVCpu": {"Min": 2.0},
                    "ExcludedInstanceTypes": ["m5d.*"], "BurstablePerformance": "excluded"}
    create(asg, lt, [{"InstanceRequirements": requirements}], desired=3)
    group = describe_group(asg, "abs")
    policy = group["MixedInstancesPolicy"]
    assert policy["LaunchTemplate"]["Overrides"] == [{"InstanceRequirements": requirements}]
    # lowest-price is the On-Demand default of a group with InstanceRequirements.
    assert policy["InstancesDistribution"]["OnDemandAllocationStrategy"] == "lowest-price"
    launched = member_types(ec2, group)
    assert len(launched) == 3
    facts = type_facts(ec2, [t for t, _ in launched])
    for name, lifecycle in launched:
        t = facts[name]
        assert lifecycle == "on-demand"
        assert t["VCpuInfo"]["DefaultVCpus"] == 2
        assert 4096 <= t["MemoryInfo"]["SizeInMiB"] <= 8192
        assert not t["BurstablePerformanceSupported"] and not name.startswith("m5d.")
        assert "x86_64" in t["ProcessorInfo"]["SupportedArchitectures"]
    # lowest-price: the cheapest of them (the C types) before any M type.
    assert all(name.startswith("c") for name, _ in launched)


def test_the_templates_ami_architecture_narrows_the_types_and_spot_members_are_spot(asg, ec2):
    lt = template(ec2, "arm-lt", ARM_IMAGE)
    create(asg, lt, [{"InstanceRequirements": {"VCpuCount": {"Min": 2, "Max": 4},
                                               "MemoryMiB": {"Min": 0}}}], desired=4,
           distribution={"OnDemandPercentageAboveBaseCapacity": 0,
                         "SpotAllocationStrategy": "price-capacity-optimized"})
    launched = member_types(ec2, describe_group(asg, "abs"))
    assert len(launched) == 4 and {lc for _, lc in launched} == {"spot"}
    facts = type_facts(ec2, [t for t, _ in launched])
    assert all(facts[t]["ProcessorInfo"]["SupportedArchitectures"] == ["arm64"] for t, _ in launched)


def test_price_protection_keeps_types_over_the_threshold_out_until_it_is_raised(cloudlife, asg, ec2):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [
        {"region": "us-east-1", "zone": ZONE, "instance_type": "c7i.large", "market": "on-demand",
         "available": 1}]})
    lt = template(ec2)
    # c7i.large is the cheapest current C/M/R type here; m7i.large costs more than 10 % over it.
    requirements = {"VCpuCount": {"Min": 2, "Max": 2}, "MemoryMiB": {"Min": 0},
                    "AllowedInstanceTypes": ["c7i.large", "m7i.large"],
                    "OnDemandMaxPricePercentageOverLowestPrice": 10}
    create(asg, lt, [{"InstanceRequirements": requirements}], desired=2)
    group = describe_group(asg, "abs")
    assert member_types(ec2, group) == [("c7i.large", "on-demand")]
    failed = [a for a in asg.describe_scaling_activities(AutoScalingGroupName="abs")["Activities"]
              if a["StatusCode"] == "Failed"]
    assert failed and failed[0]["StatusMessage"].startswith(
        "We currently do not have sufficient c7i.large capacity")
    # Price protection off: the next retry may use m7i.large.
    requirements["OnDemandMaxPricePercentageOverLowestPrice"] = 999999
    asg.update_auto_scaling_group(AutoScalingGroupName="abs", MixedInstancesPolicy={
        "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt},
                           "Overrides": [{"InstanceRequirements": requirements}]}})
    cloudlife.advance(600)
    assert sorted(member_types(ec2, describe_group(asg, "abs"))) == [
        ("c7i.large", "on-demand"), ("m7i.large", "on-demand")]


def test_desired_capacity_in_vcpus(asg, ec2):
    lt = template(ec2)
    create(asg, lt, [{"InstanceRequirements": {"VCpuCount": {"Min": 4, "Max": 4},
                                               "MemoryMiB": {"Min": 0}}}], desired=8,
           DesiredCapacityType="vcpu")
    group = describe_group(asg, "abs")
    assert group["DesiredCapacityType"] == "vcpu"
    assert [i["WeightedCapacity"] for i in group["Instances"]] == ["4", "4"]


def test_no_matching_type_records_a_failed_launch(cloudlife, asg, ec2):
    lt = template(ec2)
    create(asg, lt, [{"InstanceRequirements": {"VCpuCount": {"Min": 1000},
                                               "MemoryMiB": {"Min": 0}}}], desired=1)
    assert describe_group(asg, "abs")["Instances"] == []
    failed = [a for a in asg.describe_scaling_activities(AutoScalingGroupName="abs")["Activities"]
              if a["StatusCode"] == "Failed"]
    assert failed and "InstanceRequirements" in failed[0]["StatusMessage"]


REQ = {"VCpuCount": {"Min": 2, "Max": 4}, "MemoryMiB": {"Min": 1024}}


@pytest.mark.parametrize("overrides,distribution,extra,words", [
    ([{"InstanceType": "c5.large", "InstanceRequirements": REQ}], None, {},
     "either InstanceType or InstanceRequirements"),
    ([{"InstanceType": "c5.large"}, {"InstanceRequirements": REQ}], None, {},
     "either InstanceType or InstanceRequirements"),
    ([{"InstanceRequirements": REQ}], {"OnDemandAllocationStrategy": "prioritized"}, {},
     "The specified OnDemandAllocationStrategy is not valid. The prioritized allocation strategy is "
     "not compatible with instance requirements. Valid options are [lowest-price]."),
    ([{"InstanceRequirements": REQ}], {"SpotAllocationStrategy": "capacity-optimized-prioritized"}, {},
     "capacity-optimized-prioritized allocation strategy is not compatible with instance requirements"),
    ([{"InstanceRequirements": dict(REQ, AllowedInstanceTypes=["c*"], ExcludedInstanceTypes=["m*"])}],
     None, {}, "AllowedInstanceTypes or ExcludedInstanceTypes, but not both"),
    ([{"InstanceRequirements": {"VCpuCount": {"Min": 8, "Max": 2}, "MemoryMiB": {"Min": 0}}}], None, {},
     "VCpuCount Min must be less than or equal to the value of VCpuCount Max"),
    ([{"InstanceRequirements": REQ}] * 5, None, {}, "up to 4 sets of InstanceRequirements"),
    ([{"InstanceType": "c5.large"}], None, {"DesiredCapacityType": "vcpu"},
     "attribute-based instance type selection"),
])
def test_invalid_policies_are_refused_and_create_nothing(asg, ec2, overrides, distribution, extra, words):
    lt = template(ec2)
    with pytest.raises(ClientError) as e:
        create(asg, lt, overrides, desired=1, distribution=distribution, **extra)
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and words in message
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["abs"])["AutoScalingGroups"] == []


def test_get_instance_types_from_instance_requirements(ec2):
    # Terraform's aws_ec2_instance_types_from_instance_requirements data source reads this action.
    def types(**kwargs):
        kwargs.setdefault("ArchitectureTypes", ["x86_64"])
        kwargs.setdefault("VirtualizationTypes", ["hvm"])
        return [t["InstanceType"] for t in
                ec2.get_instance_types_from_instance_requirements(**kwargs)["InstanceTypes"]]
    req = {"VCpuCount": {"Min": 2, "Max": 2}, "MemoryMiB": {"Min": 4096, "Max": 4096}}
    assert types(InstanceRequirements=req) == ["c5.large", "c6i.large", "c7i.large"]
    assert types(InstanceRequirements=dict(req, BurstablePerformance="required")) == [
        "t2.medium", "t3.medium", "t3a.medium"]
    assert types(InstanceRequirements=req, ArchitectureTypes=["arm64"]) == ["c6g.large", "c7g.large"]
    gpus = types(InstanceRequirements={"VCpuCount": {"Min": 0}, "MemoryMiB": {"Min": 0},
                                       "AcceleratorTypes": ["gpu"], "AcceleratorNames": ["t4"]})
    assert gpus and all(t.startswith("g4dn.") and t != "g4dn.metal" for t in gpus)  # metal excluded
    # Paging.
    everything = {"VCpuCount": {"Min": 0}, "MemoryMiB": {"Min": 0}}
    first = ec2.get_instance_types_from_instance_requirements(
        ArchitectureTypes=["x86_64"], VirtualizationTypes=["hvm"], InstanceRequirements=everything,
        MaxResults=5)
    assert len(first["InstanceTypes"]) == 5 and first["NextToken"]
    rest = ec2.get_instance_types_from_instance_requirements(
        ArchitectureTypes=["x86_64"], VirtualizationTypes=["hvm"], InstanceRequirements=everything,
        NextToken=first["NextToken"])
    assert [t["InstanceType"] for t in first["InstanceTypes"] + rest["InstanceTypes"]] == types(
        InstanceRequirements=everything)
    with pytest.raises(ClientError) as e:
        types(InstanceRequirements=dict(req, AllowedInstanceTypes=["c*"], ExcludedInstanceTypes=["m*"]))
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)
