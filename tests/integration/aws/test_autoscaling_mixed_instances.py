"""Mixed instances groups (issue 11 §4): MixedInstancesPolicy kept and described as given, weights
counting toward the desired capacity, AWS's On-Demand / Spot split with Spot members that are Spot
instances in EC2, the allocation strategies over the price model and the capacity pools, the
fallback when a pool is exhausted, and the ValidationErrors. Observed with boto3."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, describe_group, error_of

ZONE = "us-east-1a"


def template(ec2, name="mixed-lt"):
    return ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]


def create_mixed(asg, lt, overrides, desired, max_size=40, distribution=None, zones=(ZONE,), name="mixed"):
    policy = {"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt},
                                 "Overrides": overrides}}
    if distribution is not None:
        policy["InstancesDistribution"] = distribution
    asg.create_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=max_size,
                                  DesiredCapacity=desired, AvailabilityZones=list(zones),
                                  MixedInstancesPolicy=policy)


def ec2_members(ec2, group):
    ids = [i["InstanceId"] for i in group["Instances"]]
    if not ids:
        return []
    return [i for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]]


def put_pools(cloudlife, *pools):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": list(pools)})


def pool(instance_type, available, market="on-demand", zone=ZONE):
    return {"region": "us-east-1", "zone": zone, "instance_type": instance_type, "market": market,
            "available": available}


def test_the_policy_is_described_as_given_with_aws_defaults(asg, ec2):
    lt = template(ec2)
    other = template(ec2, "arm-lt")
    overrides = [{"InstanceType": "c5.xlarge", "WeightedCapacity": "4"},
                 {"InstanceType": "c6g.large", "WeightedCapacity": "2",
                  "LaunchTemplateSpecification": {"LaunchTemplateName": "arm-lt", "Version": "1"}}]
    create_mixed(asg, lt, overrides, desired=0)
    policy = describe_group(asg, "mixed")["MixedInstancesPolicy"]
    spec = policy["LaunchTemplate"]["LaunchTemplateSpecification"]
    assert spec["LaunchTemplateId"] == lt and "Version" not in spec  # no invented $Default
    assert policy["LaunchTemplate"]["Overrides"] == overrides
    assert policy["InstancesDistribution"] == {
        "OnDemandAllocationStrategy": "prioritized", "OnDemandBaseCapacity": 0,
        "OnDemandPercentageAboveBaseCapacity": 100, "SpotAllocationStrategy": "lowest-price",
        "SpotInstancePools": 2}
    assert other


def test_weights_count_toward_desired_capacity_and_scale_in_removes_by_weight(cloudlife, asg, ec2):
    lt = template(ec2)
    create_mixed(asg, lt, [{"InstanceType": "c5.xlarge", "WeightedCapacity": "4"},
                           {"InstanceType": "c5.large", "WeightedCapacity": "2"}], desired=10)
    group = describe_group(asg, "mixed")
    # prioritized: the first override, until 10 units are met: 3 x 4 = 12 (over by less than 4).
    assert [(i["InstanceType"], i["WeightedCapacity"]) for i in group["Instances"]] == [("c5.xlarge", "4")] * 3
    details = asg.describe_auto_scaling_instances(
        InstanceIds=[i["InstanceId"] for i in group["Instances"]])["AutoScalingInstances"]
    assert {(d["InstanceType"], d["WeightedCapacity"]) for d in details} == {("c5.xlarge", "4")}
    assert {i["InstanceType"] for i in ec2_members(ec2, group)} == {"c5.xlarge"}
    cloudlife.advance(60)
    asg.set_desired_capacity(AutoScalingGroupName="mixed", DesiredCapacity=4)
    cloudlife.advance(300)
    group = describe_group(asg, "mixed")
    # 12 -> 8 -> 4 units: two members go, and the group never drops below 4 units.
    assert len(group["Instances"]) == 1 and group["Instances"][0]["LifecycleState"] == "InService"
    causes = [a["Cause"] for a in asg.describe_scaling_activities(AutoScalingGroupName="mixed")["Activities"]
              if a["Description"].startswith("Terminating")]
    assert len(causes) == 2
    assert any("from 12 to 8" in c for c in causes) and any("from 8 to 4" in c for c in causes)


def test_on_demand_base_then_percentage_and_spot_members_are_spot_instances(asg, ec2):
    lt = template(ec2)
    create_mixed(asg, lt, [{"InstanceType": "c5.large"}, {"InstanceType": "m5.large"}], desired=7,
                 distribution={"OnDemandBaseCapacity": 2, "OnDemandPercentageAboveBaseCapacity": 30})
    insts = ec2_members(ec2, describe_group(asg, "mixed"))
    spot = [i for i in insts if i.get("InstanceLifecycle") == "spot"]
    on_demand = [i for i in insts if "InstanceLifecycle" not in i]
    # 2 base On-Demand; 30 % of the 5 above the base is 1.5, rounded up toward On-Demand: 2.
    assert (len(on_demand), len(spot)) == (4, 3)
    assert all(i.get("SpotInstanceRequestId", "").startswith("sir-") for i in spot)
    assert {i["InstanceType"] for i in on_demand} == {"c5.large"}  # prioritized: the first override


def test_lowest_price_strategies_follow_the_price_model(asg, ec2):
    lt = template(ec2)
    types = ["c5.large", "m5.large", "r5.large", "t3.large"]
    create_mixed(asg, lt, [{"InstanceType": t} for t in types], desired=4,
                 distribution={"OnDemandPercentageAboveBaseCapacity": 0, "SpotAllocationStrategy": "lowest-price",
                               "SpotInstancePools": 2})
    history = ec2.describe_spot_price_history(InstanceTypes=types, AvailabilityZone=ZONE,
                                              ProductDescriptions=["Linux/UNIX"])["SpotPriceHistory"]
    latest = {}
    for h in history:  # newest first
        latest.setdefault(h["InstanceType"], float(h["SpotPrice"]))
    cheapest = sorted(types, key=lambda t: latest[t])[:2]
    insts = ec2_members(ec2, describe_group(asg, "mixed"))
    assert all(i.get("InstanceLifecycle") == "spot" for i in insts)
    # Spread over the 2 cheapest pools.
    assert sorted(i["InstanceType"] for i in insts) == sorted(cheapest * 2)

    create_mixed(asg, lt, [{"InstanceType": "m5.2xlarge"}, {"InstanceType": "t3.micro"}], desired=2,
                 distribution={"OnDemandAllocationStrategy": "lowest-price"}, name="od-cheap")
    assert {i["InstanceType"] for i in describe_group(asg, "od-cheap")["Instances"]} == {"t3.micro"}


def test_capacity_optimized_picks_the_deepest_spot_pool(cloudlife, asg, ec2):
    put_pools(cloudlife, pool("c5.large", 1, "spot"), pool("m5.large", 5, "spot"))
    lt = template(ec2)
    create_mixed(asg, lt, [{"InstanceType": "c5.large"}, {"InstanceType": "m5.large"}], desired=3,
                 distribution={"OnDemandPercentageAboveBaseCapacity": 0,
                               "SpotAllocationStrategy": "capacity-optimized"})
    insts = ec2_members(ec2, describe_group(asg, "mixed"))
    assert [(i["InstanceType"], i.get("InstanceLifecycle")) for i in insts] == [("m5.large", "spot")] * 3
    assert "SpotInstancePools" not in describe_group(asg, "mixed")["MixedInstancesPolicy"]["InstancesDistribution"]


def test_an_exhausted_pool_falls_back_to_other_overrides_then_zones_then_fails(cloudlife, asg, ec2):
    put_pools(cloudlife, pool("c5.large", 1), pool("m5.large", 1),
              pool("c5.large", 0, zone="us-east-1b"), pool("m5.large", 0, zone="us-east-1b"))
    lt = template(ec2)
    create_mixed(asg, lt, [{"InstanceType": "c5.large"}, {"InstanceType": "m5.large"}], desired=2,
                 zones=("us-east-1a", "us-east-1b"))
    group = describe_group(asg, "mixed")
    # Zone b has nothing: both launches land in zone a, one per override.
    assert sorted((i["InstanceType"], i["AvailabilityZone"]) for i in group["Instances"]) == [
        ("c5.large", "us-east-1a"), ("m5.large", "us-east-1a")]
    asg.set_desired_capacity(AutoScalingGroupName="mixed", DesiredCapacity=3)
    cloudlife.advance(1)
    assert len(describe_group(asg, "mixed")["Instances"]) == 2
    failed = [a for a in asg.describe_scaling_activities(AutoScalingGroupName="mixed")["Activities"]
              if a["StatusCode"] == "Failed"]
    assert failed, "an exhausted group records a Failed activity"
    assert failed[0]["StatusMessage"].startswith("We currently do not have sufficient m5.large capacity")
    assert failed[0]["StatusMessage"].endswith(". Launching EC2 instance failed.")
    # Capacity comes back: the retry launches the missing member.
    put_pools(cloudlife, pool("c5.large", 2), pool("m5.large", 1))
    cloudlife.advance(600)
    assert len(describe_group(asg, "mixed")["Instances"]) == 3


def test_what_cluster_autoscaler_reads_from_a_mixed_group(asg, ec2):
    # cluster-autoscaler's auto_scaling_groups.go buildAsgFromAWS: the instance types of
    # MixedInstancesPolicy.LaunchTemplate.Overrides and the template of its LaunchTemplateSpecification
    # (then DescribeLaunchTemplateVersions for that name and version).
    lt = template(ec2)
    create_mixed(asg, lt, [{"InstanceType": "m5.large"}, {"InstanceType": "m5a.large"}], desired=1)
    g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["mixed"])["AutoScalingGroups"][0]
    mip = g["MixedInstancesPolicy"]
    assert [o["InstanceType"] for o in mip["LaunchTemplate"]["Overrides"]] == ["m5.large", "m5a.large"]
    spec = mip["LaunchTemplate"]["LaunchTemplateSpecification"]
    assert spec["LaunchTemplateName"] == "mixed-lt"
    # buildLaunchTemplateFromSpec: no Version described means "$Default", which it then queries.
    version = spec.get("Version", "$Default")
    assert version == "$Default"
    versions = ec2.describe_launch_template_versions(LaunchTemplateName=spec["LaunchTemplateName"],
                                                     Versions=[version])["LaunchTemplateVersions"]
    assert versions[0]["LaunchTemplateData"]["InstanceType"] == "t3.micro"
    assert "LaunchTemplate" not in g and "LaunchConfigurationName" not in g
    assert g["Instances"][0]["InstanceType"] == "m5.large"


@pytest.mark.parametrize("overrides,distribution,word", [
    ([{"InstanceType": "c5.large", "WeightedCapacity": "0"}], None, "WeightedCapacity"),
    ([{"InstanceType": "c5.large", "WeightedCapacity": "1000"}], None, "WeightedCapacity"),
    ([{"InstanceType": "c5.large", "WeightedCapacity": "two"}], None, "WeightedCapacity"),
    ([{"InstanceType": "c5.large", "WeightedCapacity": "2"}, {"InstanceType": "m5.large"}], None,
     "for all of them"),
    ([{"InstanceType": "c5.large"}] * 41, None, "40"),
    ([{"InstanceType": "c5.large"}], {"OnDemandPercentageAboveBaseCapacity": 101},
     "OnDemandPercentageAboveBaseCapacity"),
    ([{"InstanceType": "c5.large", "LaunchTemplateSpecification": {"LaunchTemplateName": "nope"}}], None,
     "does not exist"),
])
def test_bad_policies_are_refused_and_create_nothing(asg, ec2, overrides, distribution, word):
    lt = template(ec2)
    with pytest.raises(ClientError) as e:
        create_mixed(asg, lt, overrides, desired=0, distribution=distribution)
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and word in message
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["mixed"])["AutoScalingGroups"] == []


def test_update_changes_only_the_distribution_members_given_and_new_weights_apply(cloudlife, asg, ec2):
    lt = template(ec2)
    create_mixed(asg, lt, [{"InstanceType": "c5.large", "WeightedCapacity": "1"}], desired=2,
                 distribution={"OnDemandBaseCapacity": 1, "SpotAllocationStrategy": "capacity-optimized"})
    asg.update_auto_scaling_group(AutoScalingGroupName="mixed", DesiredCapacity=4, MixedInstancesPolicy={
        "InstancesDistribution": {"OnDemandPercentageAboveBaseCapacity": 0}})
    group = describe_group(asg, "mixed")
    dist = group["MixedInstancesPolicy"]["InstancesDistribution"]
    assert (dist["OnDemandBaseCapacity"], dist["OnDemandPercentageAboveBaseCapacity"],
            dist["SpotAllocationStrategy"]) == (1, 0, "capacity-optimized")
    assert group["MixedInstancesPolicy"]["LaunchTemplate"]["Overrides"] == [
        {"InstanceType": "c5.large", "WeightedCapacity": "1"}]
    lifecycles = sorted(i.get("InstanceLifecycle", "on-demand") for i in ec2_members(ec2, group))
    assert lifecycles == ["on-demand", "on-demand", "spot", "spot"]
    # Weight 2 now: the 4 members are 8 units for a desired capacity of 4; scale-in keeps 4 units.
    asg.update_auto_scaling_group(AutoScalingGroupName="mixed", MixedInstancesPolicy={
        "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt},
                           "Overrides": [{"InstanceType": "c5.large", "WeightedCapacity": "2"}]}})
    cloudlife.advance(300)
    group = describe_group(asg, "mixed")
    assert [i["WeightedCapacity"] for i in group["Instances"]] == ["2", "2"]
    assert group["MixedInstancesPolicy"]["InstancesDistribution"]["OnDemandPercentageAboveBaseCapacity"] == 0


def test_a_distribution_alone_cannot_make_a_group_mixed(asg, ec2):
    lt = template(ec2)
    asg.create_auto_scaling_group(AutoScalingGroupName="plain", MinSize=0, MaxSize=1,
                                  AvailabilityZones=[ZONE], LaunchTemplate={"LaunchTemplateId": lt})
    with pytest.raises(ClientError) as e:
        asg.update_auto_scaling_group(AutoScalingGroupName="plain", MixedInstancesPolicy={
            "InstancesDistribution": {"OnDemandPercentageAboveBaseCapacity": 0}})
    assert error_of(e)[:2] == ("ValidationError", 400)
    assert "MixedInstancesPolicy" not in describe_group(asg, "plain")
