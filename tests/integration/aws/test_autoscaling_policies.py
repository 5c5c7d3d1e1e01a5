"""Scaling policies (issue 11 §3) through boto3 on a frozen virtual clock, with metrics and alarms
from the control plane (PUT /_cloudlife/metrics, PUT /_cloudlife/alarms): target tracking with its
AlarmHigh / AlarmLow (3 datapoints above, 15 below), warm-up and DisableScaleIn; step scaling by
breach size; simple scaling with cooldown; ExecutePolicy, DescribePolicies, DeletePolicy,
DescribeAdjustmentTypes; terraform-provider-aws aws_autoscaling_policy's put / read / delete."""
import re
import urllib.error

import pytest
from botocore.exceptions import ClientError

from conftest import create_group_with_launch_configuration, describe_group, error_of

CPU = {"namespace": "AWS/EC2", "metric": "CPUUtilization"}


def set_metric(cloudlife, value, group="web", **kw):
    body = dict(CPU, region="us-east-1", dimensions={"AutoScalingGroupName": group}, value=value)
    body.update(kw)
    return cloudlife.control("PUT", "/_cloudlife/metrics", body)


def minutes(cloudlife, n):
    """Advances to the n-th next virtual minute boundary (n alarm evaluations)."""
    ms = cloudlife.clock()["epoch_ms"]
    cloudlife.advance((60_000 - ms % 60_000) / 1000 + 60 * (n - 1))


def desired(asg):
    return describe_group(asg)["DesiredCapacity"]


def causes(asg):
    return [a["Cause"] for a in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]]


def alarms(cloudlife):
    return {a["name"]: a for a in cloudlife.control("GET", "/_cloudlife/alarms?region=us-east-1")["alarms"]}


def target_tracking(asg, name="cpu", target=50.0, **kw):
    return asg.put_scaling_policy(
        AutoScalingGroupName="web", PolicyName=name, PolicyType="TargetTrackingScaling",
        EstimatedInstanceWarmup=300,
        TargetTrackingConfiguration=dict({"PredefinedMetricSpecification": {
            "PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": target}, **kw))


def test_target_tracking_creates_high_and_low_alarms_and_scales_out_after_three_datapoints(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 1, 5)
    resp = target_tracking(asg)
    names = sorted(a["AlarmName"] for a in resp["Alarms"])
    assert re.fullmatch(r"TargetTracking-web-AlarmHigh-[0-9a-f-]{36}", names[0])
    assert re.fullmatch(r"TargetTracking-web-AlarmLow-[0-9a-f-]{36}", names[1])
    assert all(a["AlarmARN"] == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + a["AlarmName"]
               for a in resp["Alarms"])
    [p] = asg.describe_policies(AutoScalingGroupName="web")["ScalingPolicies"]
    assert p["PolicyARN"] == resp["PolicyARN"] and p["PolicyType"] == "TargetTrackingScaling"
    assert sorted(a["AlarmName"] for a in p["Alarms"]) == names
    assert p["TargetTrackingConfiguration"]["TargetValue"] == 50.0
    assert p["TargetTrackingConfiguration"]["DisableScaleIn"] is False
    cloudlife.advance(300)  # the first instance's warm-up ends
    low = alarms(cloudlife)[names[1]]
    assert (low["threshold"], low["evaluation_periods"], low["comparison"]) == (45.0, 15, "LessThanThreshold")
    high = alarms(cloudlife)[names[0]]
    assert (high["threshold"], high["evaluation_periods"]) == (50.0, 3)
    set_metric(cloudlife, 90)
    minutes(cloudlife, 2)
    assert desired(asg) == 1 and alarms(cloudlife)[names[0]]["state"] == "INSUFFICIENT_DATA"
    minutes(cloudlife, 1)
    assert alarms(cloudlife)[names[0]]["state"] == "ALARM"
    assert desired(asg) == 2  # ceil(1 * 90 / 50)
    assert len(describe_group(asg)["Instances"]) == 2
    assert any(re.match(r"At \S+Z a monitor alarm TargetTracking-web-AlarmHigh-\S+ in state ALARM triggered "
                        r"policy cpu changing the desired capacity from 1 to 2\.", c) for c in causes(asg))
    # While the new instance warms up (300 s) it does not count: ceil(1 * 90 / 50) adds nothing.
    minutes(cloudlife, 4)
    assert desired(asg) == 2
    minutes(cloudlife, 1)  # warmed up: ceil(2 * 90 / 50)
    assert desired(asg) == 4
    # Low metric: scale in only after 15 datapoints below 45 (90 % of the target).
    set_metric(cloudlife, 10)
    minutes(cloudlife, 14)
    assert desired(asg) == 4 and alarms(cloudlife)[names[1]]["state"] != "ALARM"
    minutes(cloudlife, 1)
    assert alarms(cloudlife)[names[1]]["state"] == "ALARM"
    assert desired(asg) == 1  # ceil(4 * 10 / 50), and never below MinSize
    assert any("TargetTracking-web-AlarmLow-" in c and "from 4 to 1." in c for c in causes(asg))


def test_target_tracking_never_leaves_max_and_disable_scale_in_has_no_low_alarm(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 2, 1, 3)
    resp = target_tracking(asg, DisableScaleIn=True)
    cloudlife.advance(300)  # the first instances' warm-up ends
    assert [a["AlarmName"].split("-")[2] for a in resp["Alarms"]] == ["AlarmHigh"]
    set_metric(cloudlife, 500)
    minutes(cloudlife, 3)
    assert desired(asg) == 3
    set_metric(cloudlife, 1)
    minutes(cloudlife, 30)
    assert desired(asg) == 3


def test_step_scaling_picks_the_step_for_the_breach_size(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 1, 10)
    arn = asg.put_scaling_policy(
        AutoScalingGroupName="web", PolicyName="step", PolicyType="StepScaling",
        AdjustmentType="ChangeInCapacity", MetricAggregationType="Average", EstimatedInstanceWarmup=0,
        StepAdjustments=[{"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 20, "ScalingAdjustment": 1},
                         {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 3}])["PolicyARN"]
    alarm = cloudlife.control("PUT", "/_cloudlife/alarms", dict(
        CPU, region="us-east-1", name="cpu-high", dimensions={"AutoScalingGroupName": "web"},
        threshold=60, comparison="GreaterThanOrEqualToThreshold", evaluation_periods=1, alarm_actions=[arn]))
    assert alarm["state"] == "INSUFFICIENT_DATA" and alarm["managed_by"] is None
    [p] = asg.describe_policies(AutoScalingGroupName="web", PolicyNames=["step"])["ScalingPolicies"]
    assert [a["AlarmName"] for a in p["Alarms"]] == ["cpu-high"]
    assert p["StepAdjustments"][1] == {"MetricIntervalLowerBound": 20.0, "ScalingAdjustment": 3}
    set_metric(cloudlife, 70)  # breach 10: the first step
    minutes(cloudlife, 1)
    assert desired(asg) == 2
    set_metric(cloudlife, 85)  # breach 25: the second step
    minutes(cloudlife, 1)
    assert desired(asg) == 5
    assert any("a monitor alarm cpu-high in state ALARM triggered policy step changing the desired capacity "
               "from 2 to 5." in c for c in causes(asg))
    # ExecutePolicy with MetricValue / BreachThreshold picks the step the same way.
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="step", MetricValue=65, BreachThreshold=60)
    assert desired(asg) == 6
    with pytest.raises(ClientError) as e:
        asg.execute_policy(AutoScalingGroupName="web", PolicyName="step")
    assert error_of(e)[0] == "ValidationError"


def test_simple_scaling_execute_policy_cooldown_and_percent(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 2, 1, 10)
    asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="up", AdjustmentType="ChangeInCapacity",
                           ScalingAdjustment=2, Cooldown=300)
    # The group's launches just ended: their DefaultCooldown (300 s) blocks an honouring call.
    with pytest.raises(ClientError) as e:
        asg.execute_policy(AutoScalingGroupName="web", PolicyName="up", HonorCooldown=True)
    assert error_of(e)[0] == "ScalingActivityInProgress"
    cloudlife.advance(300)
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="up", HonorCooldown=True)
    assert desired(asg) == 4
    assert any(re.match(r"At \S+Z a user request executed policy up changing the desired capacity from 2 to 4\.",
                        c) for c in causes(asg))
    with pytest.raises(ClientError) as e:
        asg.execute_policy(AutoScalingGroupName="web", PolicyName="up", HonorCooldown=True)
    assert error_of(e)[0] == "ScalingActivityInProgress"
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="up")  # HonorCooldown defaults to false
    assert desired(asg) == 6
    asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="pct", AdjustmentType="PercentChangeInCapacity",
                           ScalingAdjustment=-10, MinAdjustmentMagnitude=2)
    asg.execute_policy(AutoScalingGroupName="web", PolicyName="pct")
    assert desired(asg) == 4  # -10 % of 6 is -0.6 → -1, at least 2
    with pytest.raises(ClientError) as e:
        asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="bad", AdjustmentType="ChangeInCapacity")
    assert error_of(e)[0] == "ValidationError"
    assert [t["AdjustmentType"] for t in asg.describe_adjustment_types()["AdjustmentTypes"]] == [
        "ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"]


def test_simple_policy_from_an_alarm_waits_for_its_cooldown(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 1, 10)
    arn = asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="up", AdjustmentType="ChangeInCapacity",
                                 ScalingAdjustment=1, Cooldown=180)["PolicyARN"]
    cloudlife.control("PUT", "/_cloudlife/alarms", dict(
        CPU, region="us-east-1", name="hot", dimensions={"AutoScalingGroupName": "web"}, threshold=80,
        comparison="GreaterThanThreshold", alarm_actions=[arn]))
    set_metric(cloudlife, 95)
    minutes(cloudlife, 1)
    assert desired(asg) == 2
    minutes(cloudlife, 2)
    assert desired(asg) == 2, alarms(cloudlife)  # in cooldown
    minutes(cloudlife, 1)
    assert desired(asg) == 3, (alarms(cloudlife), cloudlife.clock(), causes(asg))


def test_delete_policy_removes_its_alarms_and_execute_target_tracking_is_refused(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 1, 5)
    names = [a["AlarmName"] for a in target_tracking(asg)["Alarms"]]
    with pytest.raises(ClientError) as e:
        asg.execute_policy(AutoScalingGroupName="web", PolicyName="cpu")
    assert error_of(e)[0] == "ValidationError"
    with pytest.raises(urllib.error.HTTPError) as h:
        cloudlife.control("DELETE", f"/_cloudlife/alarms?region=us-east-1&name={names[0]}")
    assert h.value.code == 400
    asg.delete_policy(AutoScalingGroupName="web", PolicyName="cpu")
    assert not set(names) & set(alarms(cloudlife))
    with pytest.raises(ClientError) as e:
        asg.delete_policy(AutoScalingGroupName="web", PolicyName="cpu")
    assert error_of(e)[0] == "ValidationError" and "not found" in error_of(e)[2]


def test_control_plane_metrics_and_alarm_validation(cloudlife, asg):
    set_metric(cloudlife, 42.5)
    [m] = cloudlife.control("GET", "/_cloudlife/metrics?region=us-east-1")["metrics"]
    assert (m["namespace"], m["metric"], m["dimensions"], m["value"]) == (
        "AWS/EC2", "CPUUtilization", {"AutoScalingGroupName": "web"}, 42.5)
    for bad in [dict(CPU, region="us-east-1"),  # no value
                dict(CPU, region="us-east-1", value="x"),
                dict(region="us-east-1", metric="m", value=1)]:
        with pytest.raises(urllib.error.HTTPError) as h:
            cloudlife.control("PUT", "/_cloudlife/metrics", bad)
        assert h.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as h:
        cloudlife.control("PUT", "/_cloudlife/alarms", dict(CPU, region="us-east-1", name="a", threshold=1,
                                                            comparison="Above", alarm_actions=[]))
    assert h.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as h:
        cloudlife.control("PUT", "/_cloudlife/alarms", dict(
            CPU, region="us-east-1", name="a", threshold=1, comparison="GreaterThanThreshold",
            alarm_actions=["arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x:autoScalingGroupName/web"
                           ":policyName/none"]))
    assert h.value.code == 400


def test_terraform_aws_autoscaling_policy_sequence(cloudlife, asg):
    """expandPutScalingPolicyInput (Enabled always sent, Cooldown 0 as a placeholder for target
    tracking), findScalingPolicyByTwoPartKey, update by a second Put, DeletePolicy ("not found" =
    gone), then the group's destroy takes the remaining policies and their alarms with it."""
    create_group_with_launch_configuration(asg, "web", 1, 1, 5)
    asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="tt", PolicyType="TargetTrackingScaling",
                           Enabled=True, Cooldown=0, EstimatedInstanceWarmup=120,
                           TargetTrackingConfiguration={"CustomizedMetricSpecification": {
                               "MetricName": "Queue", "Namespace": "App",
                               "Dimensions": [{"Name": "Env", "Value": "prod"}], "Statistic": "Average"},
                               "TargetValue": 100})
    [p] = asg.describe_policies(AutoScalingGroupName="web", PolicyNames=["tt"])["ScalingPolicies"]
    assert p["Enabled"] is True and p["EstimatedInstanceWarmup"] == 120 and "Cooldown" not in p
    spec = p["TargetTrackingConfiguration"]["CustomizedMetricSpecification"]
    assert spec["Dimensions"] == [{"Name": "Env", "Value": "prod"}]
    asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="tt", PolicyType="TargetTrackingScaling",
                           Enabled=False, TargetTrackingConfiguration={"CustomizedMetricSpecification": {
                               "MetricName": "Queue", "Namespace": "App", "Statistic": "Average"},
                               "TargetValue": 10})
    [p] = asg.describe_policies(AutoScalingGroupName="web", PolicyNames=["tt"])["ScalingPolicies"]
    assert p["Enabled"] is False and len(p["Alarms"]) == 2 and len(alarms(cloudlife)) == 2
    # A disabled policy's alarms still evaluate, and the policy does not scale.
    cloudlife.control("PUT", "/_cloudlife/metrics", {"region": "us-east-1", "namespace": "App",
                                                     "metric": "Queue", "value": 1000})
    minutes(cloudlife, 3)
    assert desired(asg) == 1
    asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="simple", AdjustmentType="ExactCapacity",
                           ScalingAdjustment=3)
    asg.delete_policy(AutoScalingGroupName="web", PolicyName="simple")
    asg.delete_auto_scaling_group(AutoScalingGroupName="web", ForceDelete=True)
    assert alarms(cloudlife) == {}
    with pytest.raises(ClientError) as e:
        asg.describe_policies(AutoScalingGroupName="web")
    assert "not found" in error_of(e)[2]
