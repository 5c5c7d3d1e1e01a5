"""Auto Scaling inputs that used to be accepted and ignored (issue 16 item 11): lifecycle hooks
created with the group, DeleteWarmPool ForceDelete, and the parameters that cloudlife refuses
instead of silently dropping."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, create_group_with_launch_configuration, describe_group, error_of

LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING"
TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING"


def make_lc(asg, name="lc"):
    asg.create_launch_configuration(LaunchConfigurationName=name, ImageId=IMAGE, InstanceType="t3.micro")


def test_hooks_given_at_creation_exist_and_hold_the_first_launches(cloudlife, asg):
    make_lc(asg)
    asg.create_auto_scaling_group(
        AutoScalingGroupName="hooked", LaunchConfigurationName="lc", MinSize=0, MaxSize=3, DesiredCapacity=2,
        AvailabilityZones=["us-east-1a"],
        LifecycleHookSpecificationList=[
            {"LifecycleHookName": "boot", "LifecycleTransition": LAUNCHING, "HeartbeatTimeout": 120,
             "DefaultResult": "CONTINUE", "NotificationMetadata": "hello"},
            {"LifecycleHookName": "drain", "LifecycleTransition": TERMINATING},
        ])
    hooks = {h["LifecycleHookName"]: h
             for h in asg.describe_lifecycle_hooks(AutoScalingGroupName="hooked")["LifecycleHooks"]}
    assert set(hooks) == {"boot", "drain"}
    assert hooks["boot"]["LifecycleTransition"] == LAUNCHING
    assert hooks["boot"]["HeartbeatTimeout"] == 120 and hooks["boot"]["DefaultResult"] == "CONTINUE"
    assert hooks["boot"]["NotificationMetadata"] == "hello"
    assert hooks["drain"]["HeartbeatTimeout"] == 3600 and hooks["drain"]["DefaultResult"] == "ABANDON"
    # The launching hook applies to the group's very first instances.
    g = describe_group(asg, "hooked")
    assert [i["LifecycleState"] for i in g["Instances"]] == ["Pending:Wait", "Pending:Wait"]
    first = g["Instances"][0]["InstanceId"]
    asg.complete_lifecycle_action(AutoScalingGroupName="hooked", LifecycleHookName="boot",
                                  InstanceId=first, LifecycleActionResult="CONTINUE")
    states = {i["InstanceId"]: i["LifecycleState"] for i in describe_group(asg, "hooked")["Instances"]}
    assert states[first] == "InService"
    cloudlife.advance(120)  # the other one times out with DefaultResult CONTINUE
    assert {i["LifecycleState"] for i in describe_group(asg, "hooked")["Instances"]} == {"InService"}


def test_an_invalid_hook_specification_creates_nothing(asg):
    make_lc(asg)
    bad = [
        ({"LifecycleHookName": "x", "LifecycleTransition": "autoscaling:EC2_INSTANCE_REBOOTING"}, "Invalid"),
        ({"LifecycleHookName": "x", "LifecycleTransition": LAUNCHING, "HeartbeatTimeout": 10}, "Heartbeat"),
        ({"LifecycleHookName": "x", "LifecycleTransition": LAUNCHING, "DefaultResult": "MAYBE"}, "DefaultResult"),
    ]
    for spec, word in bad:
        with pytest.raises(ClientError) as e:
            asg.create_auto_scaling_group(AutoScalingGroupName="bad", LaunchConfigurationName="lc", MinSize=0,
                                          MaxSize=1, DesiredCapacity=1, AvailabilityZones=["us-east-1a"],
                                          LifecycleHookSpecificationList=[spec])
        code, status, message = error_of(e)
        assert (code, status) == ("ValidationError", 400) and word in message
    with pytest.raises(ClientError) as e:
        asg.create_auto_scaling_group(
            AutoScalingGroupName="bad", LaunchConfigurationName="lc", MinSize=0, MaxSize=1,
            AvailabilityZones=["us-east-1a"],
            LifecycleHookSpecificationList=[{"LifecycleHookName": "same", "LifecycleTransition": LAUNCHING},
                                            {"LifecycleHookName": "same", "LifecycleTransition": TERMINATING}])
    assert error_of(e)[:2] == ("ValidationError", 400)
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["bad"])["AutoScalingGroups"] == []


def warm_group(cloudlife, asg, ec2):
    create_group_with_launch_configuration(asg, "web", 1, 0, 3, zones=["us-east-1a"])
    asg.put_warm_pool(AutoScalingGroupName="web", MinSize=2, PoolState="Running")
    cloudlife.advance(60)
    pool = asg.describe_warm_pool(AutoScalingGroupName="web")
    assert len(pool["Instances"]) == 2
    return [i["InstanceId"] for i in pool["Instances"]]


def test_delete_warm_pool_waits_for_its_instances_to_terminate(cloudlife, asg, ec2):
    cloudlife.timing("instant", {"shutting-down": 30})
    ids = warm_group(cloudlife, asg, ec2)
    asg.delete_warm_pool(AutoScalingGroupName="web")
    pool = asg.describe_warm_pool(AutoScalingGroupName="web")
    assert pool["WarmPoolConfiguration"]["Status"] == "PendingDelete"
    assert {i["InstanceId"] for i in pool["Instances"]} == set(ids)
    cloudlife.advance(30)
    assert "WarmPoolConfiguration" not in asg.describe_warm_pool(AutoScalingGroupName="web")
    assert "WarmPoolConfiguration" not in describe_group(asg)


def test_delete_warm_pool_with_force_delete_does_not_wait(cloudlife, asg, ec2):
    cloudlife.timing("instant", {"shutting-down": 30})
    ids = warm_group(cloudlife, asg, ec2)
    asg.delete_warm_pool(AutoScalingGroupName="web", ForceDelete=True)
    # Gone with its instances at once, without waiting for them to finish terminating.
    pool = asg.describe_warm_pool(AutoScalingGroupName="web")
    assert "WarmPoolConfiguration" not in pool and pool["Instances"] == []
    assert "WarmPoolConfiguration" not in describe_group(asg)
    states = {i["InstanceId"]: i["State"]["Name"]
              for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]}
    assert set(states.values()) <= {"shutting-down", "terminated"}
    # A new pool can be put right away.
    asg.put_warm_pool(AutoScalingGroupName="web", MinSize=1, MaxGroupPreparedCapacity=2)
    cloudlife.advance(60)
    assert len(asg.describe_warm_pool(AutoScalingGroupName="web")["Instances"]) == 1
