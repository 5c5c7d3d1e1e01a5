"""Auto Scaling parameter spellings and validation names on the generated codec (issue 9 §3):
the older names cloudlife has always taken (MinAdjustmentStep for MinAdjustmentMagnitude; Time
for StartTime, also in a BatchPutScheduledUpdateGroupAction entry, whose model shape lacks it),
and a missing member of a list item named as AWS's validation names it
('lifecycleHookSpecificationList.1.member.lifecycleTransition')."""
import http.client
import urllib.parse

import pytest
from botocore.exceptions import ClientError

from conftest import create_group_with_launch_configuration, error_of


def post(cloudlife, params):
    """One raw Auto Scaling request (what botocore cannot send); (status, body)."""
    u = urllib.parse.urlsplit(cloudlife.endpoint)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.request("POST", "/", body=urllib.parse.urlencode({"Version": "2011-01-01", **params}),
                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        resp = conn.getresponse()
        return resp.status, resp.read().decode()
    finally:
        conn.close()


def null_at(path):
    return (f"1 validation error detected: Value null at '{path}' failed to satisfy constraint: "
            "Member must not be null")


def test_min_adjustment_step_is_the_older_min_adjustment_magnitude(asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 4)
    asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="pct",
                           AdjustmentType="PercentChangeInCapacity", ScalingAdjustment=10,
                           MinAdjustmentStep=2)
    [p] = asg.describe_policies(AutoScalingGroupName="web")["ScalingPolicies"]
    assert p["MinAdjustmentMagnitude"] == 2 and p["MinAdjustmentStep"] == 2


def test_time_is_the_older_start_time_also_in_a_batch_entry(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 4)
    status, body = post(cloudlife, {
        "Action": "BatchPutScheduledUpdateGroupAction", "AutoScalingGroupName": "web",
        "ScheduledUpdateGroupActions.member.1.ScheduledActionName": "old",
        "ScheduledUpdateGroupActions.member.1.Time": "2031-02-03T04:05:06Z",
        "ScheduledUpdateGroupActions.member.1.MaxSize": "3",
        "ScheduledUpdateGroupActions.member.2.ScheduledActionName": "new",
        "ScheduledUpdateGroupActions.member.2.StartTime": "2031-03-04T05:06:07Z",
        "ScheduledUpdateGroupActions.member.2.Time": "2031-01-01T00:00:00Z",
        "ScheduledUpdateGroupActions.member.2.MaxSize": "2"})
    assert status == 200, body
    assert "<FailedScheduledUpdateGroupActions/>" in body or \
        "<FailedScheduledUpdateGroupActions></FailedScheduledUpdateGroupActions>" in body, body
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="single",
                                          Time="2031-05-06T07:08:09Z", MinSize=0)
    actions = asg.describe_scheduled_actions(AutoScalingGroupName="web")["ScheduledUpdateGroupActions"]
    starts = {a["ScheduledActionName"]: a["StartTime"].strftime("%Y-%m-%dT%H:%M:%SZ") for a in actions}
    assert starts == {"old": "2031-02-03T04:05:06Z", "new": "2031-03-04T05:06:07Z",
                      "single": "2031-05-06T07:08:09Z"}


def test_a_missing_member_of_a_list_item_is_named_as_aws_names_it(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 4)
    raw = cloudlife.client("autoscaling", parameter_validation=False)
    with pytest.raises(ClientError) as e:
        raw.create_auto_scaling_group(
            AutoScalingGroupName="hooked", LaunchConfigurationName="web-lc", MinSize=0, MaxSize=1,
            AvailabilityZones=["us-east-1a"],
            LifecycleHookSpecificationList=[
                {"LifecycleHookName": "a", "LifecycleTransition": "autoscaling:EC2_INSTANCE_LAUNCHING"},
                {"LifecycleHookName": "b"}])
    assert error_of(e) == ("ValidationError", 400,
                           null_at("lifecycleHookSpecificationList.2.member.lifecycleTransition"))
    with pytest.raises(ClientError) as e:
        raw.put_scaling_policy(AutoScalingGroupName="web", PolicyName="steps",
                               PolicyType="StepScaling", AdjustmentType="ChangeInCapacity",
                               StepAdjustments=[{"MetricIntervalLowerBound": 0}])
    assert error_of(e) == ("ValidationError", 400,
                           null_at("stepAdjustments.1.member.scalingAdjustment"))
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["hooked"])["AutoScalingGroups"] == []
    assert asg.describe_policies(AutoScalingGroupName="web")["ScalingPolicies"] == []
