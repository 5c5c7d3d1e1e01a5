"""Capacity Rebalancing (issue 11 §4): with CapacityRebalance, a Spot member that gets an EC2
rebalance recommendation is replaced — its replacement launched and in service first, then the
at-risk instance terminated — with causes that name the recommendation; without it nothing happens
until the instance is interrupted. Observed with boto3 on the virtual clock (realistic timing, so
the replacement is visibly pending while the old instance still serves)."""
import pytest

from conftest import IMAGE, describe_group

ZONE = "us-east-1a"


def spot_group(asg, ec2, capacity_rebalance):
    lt = ec2.create_launch_template(LaunchTemplateName="spot-lt", LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]
    asg.create_auto_scaling_group(
        AutoScalingGroupName="spot", MinSize=0, MaxSize=2, DesiredCapacity=2, AvailabilityZones=[ZONE],
        CapacityRebalance=capacity_rebalance,
        MixedInstancesPolicy={
            "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt},
                               "Overrides": [{"InstanceType": "c5.large"}, {"InstanceType": "m5.large"}]},
            "InstancesDistribution": {"OnDemandPercentageAboveBaseCapacity": 0,
                                      "SpotAllocationStrategy": "price-capacity-optimized"}})


def states(asg):
    return {i["InstanceId"]: i["LifecycleState"] for i in describe_group(asg, "spot")["Instances"]}


@pytest.fixture
def realistic(cloudlife):
    cloudlife.timing("realistic")
    yield
    cloudlife.timing("instant")


def test_rebalance_recommendation_launches_the_replacement_before_terminating(cloudlife, asg, ec2, realistic):
    spot_group(asg, ec2, True)
    cloudlife.advance(300)
    group = describe_group(asg, "spot")
    assert group["CapacityRebalance"] is True
    before = states(asg)
    assert list(before.values()) == ["InService", "InService"]
    at_risk = sorted(before)[0]
    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "rebalance-recommendation", "instance_id": at_risk})
    cloudlife.advance(1)
    now = states(asg)
    # The replacement is launching; the at-risk instance still serves (the group may exceed its
    # MaxSize for the replacement).
    assert now[at_risk] == "InService" and len(now) == 3
    new = [i for i in now if i not in before]
    assert len(new) == 1 and now[new[0]] != "InService"
    cloudlife.advance(600)
    after = states(asg)
    assert at_risk not in after and sorted(after) == sorted(set(before) - {at_risk} | set(new))
    assert set(after.values()) == {"InService"}
    reservations = ec2.describe_instances(InstanceIds=new)["Reservations"]
    assert reservations[0]["Instances"][0].get("InstanceLifecycle") == "spot"
    acts = asg.describe_scaling_activities(AutoScalingGroupName="spot")["Activities"]
    launch = [a for a in acts if new[0] in a["Description"]][0]
    stop = [a for a in acts if at_risk in a["Description"] and a["Description"].startswith("Terminating")][0]
    assert "in response to an EC2 instance rebalance recommendation" in launch["Cause"]
    assert stop["Cause"].endswith(
        "an instance was taken out of service in response to an EC2 instance rebalance recommendation.")
    assert launch["StartTime"] < stop["StartTime"]
    assert ec2.describe_instances(InstanceIds=[at_risk])["Reservations"][0]["Instances"][0]["State"]["Name"] in (
        "shutting-down", "terminated")


def test_without_capacity_rebalance_a_recommendation_changes_nothing(cloudlife, asg, ec2, realistic):
    spot_group(asg, ec2, False)
    cloudlife.advance(300)
    before = states(asg)
    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "rebalance-recommendation",
                                                      "instance_id": sorted(before)[0]})
    cloudlife.advance(600)
    assert states(asg) == before
