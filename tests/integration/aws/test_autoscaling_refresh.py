"""Instance refresh (issue 11 §2) through boto3 on a frozen virtual clock: Rolling replacement
within MinHealthyPercentage / MaxHealthyPercentage, warm-up, checkpoints, SkipMatching, failure
when replacements cannot launch, AutoRollback and RollbackInstanceRefresh, CancelInstanceRefresh,
InstanceRefreshInProgress; terraform-provider-aws's instance_refresh sequence (start, poll
DescribeInstanceRefreshes until a terminal status, cancel on replacement)."""
import os

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import IMAGE, ASG_ZONES, REPO, describe_group, error_of

TERMINAL = {"Successful", "Failed", "Cancelled", "RollbackSuccessful", "RollbackFailed"}


@pytest.fixture
def asg(cloudlife):
    """A client on the vendored, newer Auto Scaling model (third_party/aws-models): Debian's
    botocore predates MaxHealthyPercentage, AutoRollback and RollbackInstanceRefresh."""
    core = botocore.session.Session()
    core.set_config_variable("data_path", os.path.join(REPO, "third_party/aws-models"))
    return boto3.Session(botocore_session=core).client(
        "autoscaling", endpoint_url=cloudlife.endpoint, region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLEFAKE00001", aws_secret_access_key="fakeSecretKey",
        config=Config(retries={"max_attempts": 1}))


@pytest.fixture
def lt(cloudlife, ec2):
    t = ec2.create_launch_template(LaunchTemplateName="web-lt",
                                   LaunchTemplateData={"ImageId": IMAGE, "InstanceType": "t3.micro"})
    ec2.create_launch_template_version(LaunchTemplateName="web-lt", SourceVersion="1",
                                       LaunchTemplateData={"InstanceType": "t3.small"})
    # Version 3 cannot launch: EC2 refuses its market options at RunInstances.
    ec2.create_launch_template_version(LaunchTemplateName="web-lt", SourceVersion="1", LaunchTemplateData={
        "InstanceMarketOptions": {"MarketType": "spot", "SpotOptions": {"InstanceInterruptionBehavior": "stop"}}})
    return t["LaunchTemplate"]["LaunchTemplateId"]


def make_group(asg, lt, desired=4, max_size=8, version="1"):
    asg.create_auto_scaling_group(
        AutoScalingGroupName="web", MinSize=0, MaxSize=max_size, DesiredCapacity=desired,
        AvailabilityZones=ASG_ZONES,
        LaunchTemplate={"LaunchTemplateId": lt, "Version": version})


def refresh(asg, rid=None):
    kw = {"InstanceRefreshIds": [rid]} if rid else {}
    return asg.describe_instance_refreshes(AutoScalingGroupName="web", **kw)["InstanceRefreshes"][0]


def versions(asg):
    return sorted(i["LaunchTemplate"]["Version"] for i in describe_group(asg)["Instances"])


def in_service(asg):
    return sum(i["LifecycleState"] == "InService" for i in describe_group(asg)["Instances"])


def start(asg, lt, version="2", **prefs):
    return asg.start_instance_refresh(
        AutoScalingGroupName="web", Strategy="Rolling",
        DesiredConfiguration={"LaunchTemplate": {"LaunchTemplateId": lt, "Version": version}},
        Preferences=prefs)["InstanceRefreshId"]


def test_rolling_refresh_keeps_min_healthy_and_waits_for_warmup(cloudlife, asg, lt):
    make_group(asg, lt)
    rid = start(asg, lt, MinHealthyPercentage=50, InstanceWarmup=60)
    r = refresh(asg, rid)
    assert r["Status"] == "InProgress" and r["InstancesToUpdate"] == 2 and r["PercentageComplete"] == 50
    assert r["Preferences"]["MinHealthyPercentage"] == 50 and r["Preferences"]["MaxHealthyPercentage"] == 100
    assert r["DesiredConfiguration"]["LaunchTemplate"]["Version"] == "2"
    assert versions(asg) == ["1", "1", "2", "2"] and in_service(asg) >= 2
    with pytest.raises(ClientError) as e:
        start(asg, lt)
    assert error_of(e)[0] == "InstanceRefreshInProgress"
    cloudlife.advance(59)
    assert refresh(asg, rid)["PercentageComplete"] == 50  # the replacements warm up
    cloudlife.advance(1)
    cloudlife.advance(60)
    r = refresh(asg, rid)
    assert r["Status"] == "Successful" and r["PercentageComplete"] == 100 and r["InstancesToUpdate"] == 0
    assert "EndTime" in r and versions(asg) == ["2", "2", "2", "2"]
    assert describe_group(asg)["LaunchTemplate"]["Version"] == "2"
    causes = [a["Cause"] for a in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]]
    assert sum("an instance was taken out of service in response to an instance refresh." in c
               for c in causes) == 4


def test_max_healthy_above_100_launches_before_terminating(cloudlife, asg, lt):
    make_group(asg, lt, desired=2)
    start(asg, lt, MinHealthyPercentage=100, MaxHealthyPercentage=200, InstanceWarmup=30)
    g = describe_group(asg)
    assert len(g["Instances"]) == 4 and g["DesiredCapacity"] == 2  # two replacements run first
    cloudlife.advance(30)
    cloudlife.advance(10)
    r = refresh(asg)
    assert r["Status"] == "Successful" and versions(asg) == ["2", "2"]


def test_skip_matching_and_checkpoints(cloudlife, asg, lt):
    make_group(asg, lt, desired=2, version="2")
    rid = start(asg, lt, SkipMatching=True)
    r = refresh(asg, rid)
    assert r["Status"] == "Successful" and r["PercentageComplete"] == 100
    rid = start(asg, lt, version="1", MinHealthyPercentage=50, InstanceWarmup=0,
                CheckpointPercentages=[50, 100], CheckpointDelay=600)
    cloudlife.advance(5)
    r = refresh(asg, rid)
    assert r["Status"] == "InProgress" and r["PercentageComplete"] == 50
    assert "checkpoint" in r["StatusReason"]
    assert r["Preferences"]["CheckpointPercentages"] == [50, 100] and r["Preferences"]["CheckpointDelay"] == 600
    cloudlife.advance(590)
    assert refresh(asg, rid)["PercentageComplete"] == 50
    cloudlife.advance(20)
    assert refresh(asg, rid)["Status"] == "Successful" and versions(asg) == ["1", "1"]


def test_failed_launch_fails_the_refresh_or_rolls_it_back(cloudlife, asg, lt):
    make_group(asg, lt, desired=2)
    rid = start(asg, lt, version="3", MinHealthyPercentage=50)
    r = refresh(asg, rid)
    assert r["Status"] == "Failed" and "Launching EC2 instance failed" in r["StatusReason"]
    asg.update_auto_scaling_group(AutoScalingGroupName="web",
                                  LaunchTemplate={"LaunchTemplateId": lt, "Version": "1"})
    cloudlife.advance(120)
    assert in_service(asg) == 2
    rid = start(asg, lt, version="3", MinHealthyPercentage=50, AutoRollback=True)
    cloudlife.advance(60)
    r = refresh(asg, rid)
    assert r["Status"] == "RollbackSuccessful", r
    assert r["RollbackDetails"]["RollbackReason"].startswith("Instance refresh failed")
    assert versions(asg) == ["1", "1"] and describe_group(asg)["LaunchTemplate"]["Version"] == "1"


def test_rollback_and_cancel(cloudlife, asg, lt):
    make_group(asg, lt, desired=2)
    rid = start(asg, lt, MinHealthyPercentage=50, InstanceWarmup=0, CheckpointPercentages=[50],
                CheckpointDelay=3600)
    cloudlife.advance(5)
    assert asg.rollback_instance_refresh(AutoScalingGroupName="web")["InstanceRefreshId"] == rid
    assert refresh(asg, rid)["Status"] == "RollbackInProgress"
    cloudlife.advance(30)
    r = refresh(asg, rid)
    assert r["Status"] == "RollbackSuccessful" and versions(asg) == ["1", "1"]
    assert r["RollbackDetails"]["PercentageCompleteOnRollback"] == 100
    with pytest.raises(ClientError) as e:
        asg.cancel_instance_refresh(AutoScalingGroupName="web")
    assert error_of(e)[0] == "ActiveInstanceRefreshNotFound"
    rid = asg.start_instance_refresh(AutoScalingGroupName="web",
                                     Preferences={"MinHealthyPercentage": 50, "InstanceWarmup": 300})[
        "InstanceRefreshId"]
    with pytest.raises(ClientError) as e:
        asg.rollback_instance_refresh(AutoScalingGroupName="web")
    assert error_of(e)[0] == "IrreversibleInstanceRefresh"
    assert asg.cancel_instance_refresh(AutoScalingGroupName="web")["InstanceRefreshId"] == rid
    assert refresh(asg, rid)["Status"] in ("Cancelling", "Cancelled")
    cloudlife.advance(10)
    r = refresh(asg, rid)
    assert r["Status"] == "Cancelled" and r["PercentageComplete"] == 50
    assert len(asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"]) == 2


def test_invalid_preferences_are_refused(cloudlife, asg, lt):
    make_group(asg, lt, desired=1)
    for prefs in [{"MinHealthyPercentage": 101}, {"MaxHealthyPercentage": 201},
                  {"MinHealthyPercentage": 10, "MaxHealthyPercentage": 150},
                  {"CheckpointPercentages": [60, 40]}, {"ScaleInProtectedInstances": "Never"}]:
        with pytest.raises(ClientError) as e:
            asg.start_instance_refresh(AutoScalingGroupName="web", Preferences=prefs)
        assert error_of(e)[0] == "ValidationError", prefs
    assert asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"] == []


def test_terraform_instance_refresh_sequence(cloudlife, asg, lt):
    """resourceGroupUpdate with instance_refresh: UpdateAutoScalingGroup to the new template
    version, then startInstanceRefresh (CancelInstanceRefresh first when one is active, waiting for
    Cancelled), then waitInstanceRefreshSucceeded polling DescribeInstanceRefreshes by ID."""
    make_group(asg, lt, desired=3)
    asg.update_auto_scaling_group(AutoScalingGroupName="web",
                                  LaunchTemplate={"LaunchTemplateId": lt, "Version": "2"})
    first = asg.start_instance_refresh(AutoScalingGroupName="web", Strategy="Rolling",
                                       Preferences={"MinHealthyPercentage": 66, "InstanceWarmup": 120})[
        "InstanceRefreshId"]
    asg.cancel_instance_refresh(AutoScalingGroupName="web")
    for _ in range(10):
        if refresh(asg, first)["Status"] in TERMINAL:
            break
        cloudlife.advance(5)
    assert refresh(asg, first)["Status"] == "Cancelled"
    rid = asg.start_instance_refresh(AutoScalingGroupName="web", Strategy="Rolling",
                                     Preferences={"MinHealthyPercentage": 66, "InstanceWarmup": 120,
                                                  "SkipMatching": True})["InstanceRefreshId"]
    for _ in range(40):
        if refresh(asg, rid)["Status"] in TERMINAL:
            break
        cloudlife.advance(30)
    assert refresh(asg, rid)["Status"] == "Successful" and versions(asg) == ["2", "2", "2"]


def test_desired_configuration_mixed_instances_policy_replaces_and_rolls_back(cloudlife, asg, ec2, lt):
    make_group(asg, lt, desired=2)
    policy = {"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt, "Version": "1"},
                                 "Overrides": [{"InstanceType": "c5.large"}, {"InstanceType": "m5.large"}]},
              "InstancesDistribution": {"OnDemandAllocationStrategy": "prioritized"}}
    rid = asg.start_instance_refresh(AutoScalingGroupName="web", DesiredConfiguration={
        "MixedInstancesPolicy": policy}, Preferences={"MinHealthyPercentage": 50, "InstanceWarmup": 0,
                                                      "SkipMatching": True})["InstanceRefreshId"]
    described = refresh(asg, rid)["DesiredConfiguration"]["MixedInstancesPolicy"]
    assert described["LaunchTemplate"] == policy["LaunchTemplate"]
    assert described["InstancesDistribution"]["OnDemandAllocationStrategy"] == "prioritized"
    for _ in range(20):
        cloudlife.advance(30)
        if refresh(asg, rid)["Status"] in TERMINAL:
            break
    assert refresh(asg, rid)["Status"] == "Successful"
    group = describe_group(asg)
    assert group["MixedInstancesPolicy"]["LaunchTemplate"]["Overrides"] == policy["LaunchTemplate"]["Overrides"]
    assert "LaunchTemplate" not in group
    assert [i["InstanceType"] for i in group["Instances"]] == ["c5.large", "c5.large"]
    # SkipMatching with nothing changed: no instance to replace.
    again = asg.start_instance_refresh(AutoScalingGroupName="web", DesiredConfiguration={
        "MixedInstancesPolicy": policy}, Preferences={"SkipMatching": True})["InstanceRefreshId"]
    cloudlife.advance(5)
    assert refresh(asg, again)["Status"] == "Successful" and refresh(asg, again)["InstancesToUpdate"] == 0
    # A rollback puts the group's previous configuration back (here: the same mixed policy as before
    # a refresh to a requirements-based one).
    rid = asg.start_instance_refresh(AutoScalingGroupName="web", DesiredConfiguration={"MixedInstancesPolicy": {
        "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt, "Version": "1"},
                           "Overrides": [{"InstanceRequirements": {"VCpuCount": {"Min": 4, "Max": 4},
                                                                   "MemoryMiB": {"Min": 0}}}]}}},
        Preferences={"MinHealthyPercentage": 50, "InstanceWarmup": 0, "CheckpointPercentages": [50],
                     "CheckpointDelay": 3600})["InstanceRefreshId"]
    assert describe_group(asg)["MixedInstancesPolicy"]["InstancesDistribution"][
        "OnDemandAllocationStrategy"] == "lowest-price"
    cloudlife.advance(5)
    asg.rollback_instance_refresh(AutoScalingGroupName="web")
    for _ in range(20):
        cloudlife.advance(30)
        if refresh(asg, rid)["Status"] in TERMINAL:
            break
    assert refresh(asg, rid)["Status"] == "RollbackSuccessful"
    group = describe_group(asg)
    assert group["MixedInstancesPolicy"]["LaunchTemplate"]["Overrides"] == policy["LaunchTemplate"]["Overrides"]
    assert sorted(i["InstanceType"] for i in group["Instances"]) == ["c5.large", "c5.large"]


def test_desired_configuration_refusals(cloudlife, asg, lt):
    make_group(asg, lt, desired=1)
    bad = [
        ({"LaunchTemplate": {"LaunchTemplateId": lt}, "MixedInstancesPolicy": {
            "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt}}}},
         "either a LaunchTemplate or a MixedInstancesPolicy"),
        ({"MixedInstancesPolicy": {"LaunchTemplate": {
            "LaunchTemplateSpecification": {"LaunchTemplateId": lt},
            "Overrides": [{"InstanceRequirements": {"VCpuCount": {"Min": 2}, "MemoryMiB": {"Min": 0}}}]},
            "InstancesDistribution": {"OnDemandAllocationStrategy": "prioritized"}}},
         "not compatible with instance requirements"),
        ({"MixedInstancesPolicy": {"LaunchTemplate": {
            "LaunchTemplateSpecification": {"LaunchTemplateId": lt},
            "Overrides": [{"InstanceType": "c5.large", "WeightedCapacity": "2"}, {"InstanceType": "m5.large"}]}}},
         "for all of them"),
    ]
    for desired, words in bad:
        with pytest.raises(ClientError) as e:
            asg.start_instance_refresh(AutoScalingGroupName="web", DesiredConfiguration=desired)
        code, status, message = error_of(e)
        assert (code, status) == ("ValidationError", 400) and words in message
    assert asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"] == []
    assert "MixedInstancesPolicy" not in describe_group(asg)
