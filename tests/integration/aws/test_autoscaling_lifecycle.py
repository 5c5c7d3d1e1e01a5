"""Auto Scaling member lifecycle with boto3: scale-in protection and termination policies,
standby, health replacement, suspend/resume, lifecycle hooks (complete and timeout), warm pools,
and load balancer / target group deregistration on detach."""
import re

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, ASG_ZONES as ZONES, create_group_with_launch_configuration, describe_group as group
from conftest import state_of as ec2_state


def make_group(asg, name="web", desired=2, min_size=0, max_size=6, zones=ZONES, **kw):
    create_group_with_launch_configuration(asg, name, desired, min_size, max_size, zones, **kw)


def states(asg, name="web"):
    return {i["InstanceId"]: i["LifecycleState"] for i in group(asg, name)["Instances"]}


def test_scale_in_skips_protected_instances(asg):
    make_group(asg, desired=3)
    ids = [i["InstanceId"] for i in group(asg)["Instances"]]
    asg.set_instance_protection(AutoScalingGroupName="web", InstanceIds=ids[:2], ProtectedFromScaleIn=True)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    g = group(asg)
    assert sorted(i["InstanceId"] for i in g["Instances"]) == sorted(ids[:2])
    assert all(i["ProtectedFromScaleIn"] for i in g["Instances"])
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    assert len(group(asg)["Instances"]) == 2  # protected instances are never scaled in


def test_new_instances_protected_and_ec2_termination_protection_does_not_stop_asg(asg, ec2):
    make_group(asg, desired=1, NewInstancesProtectedFromScaleIn=True)
    inst = group(asg)["Instances"][0]
    assert inst["ProtectedFromScaleIn"] is True
    ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], DisableApiTermination={"Value": True})
    asg.terminate_instance_in_auto_scaling_group(InstanceId=inst["InstanceId"], ShouldDecrementDesiredCapacity=True)
    assert ec2_state(ec2, inst["InstanceId"]) == "terminated"


def test_termination_policy_newest_and_oldest(cloudlife, asg):
    make_group(asg, desired=1, zones=ZONES[:1], TerminationPolicies=["NewestInstance"])
    first = group(asg)["Instances"][0]["InstanceId"]
    cloudlife.advance(60)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2)
    second = [i for i in states(asg) if i != first][0]
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    assert list(states(asg)) == [first]
    asg.update_auto_scaling_group(AutoScalingGroupName="web", TerminationPolicies=["OldestInstance"])
    cloudlife.advance(60)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2)
    newer = [i for i in states(asg) if i != first][0]
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    assert list(states(asg)) == [newer] and newer != second


def test_default_policy_prefers_the_old_launch_configuration(asg):
    make_group(asg, desired=1, zones=ZONES[:1])
    old = group(asg)["Instances"][0]["InstanceId"]
    asg.create_launch_configuration(LaunchConfigurationName="v2", ImageId=IMAGE, InstanceType="t3.small")
    asg.update_auto_scaling_group(AutoScalingGroupName="web", LaunchConfigurationName="v2", DesiredCapacity=2)
    g = group(asg)
    assert {i["LaunchConfigurationName"] for i in g["Instances"]} == {"web-lc", "v2"}
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    g = group(asg)
    assert g["Instances"][0]["LaunchConfigurationName"] == "v2" and g["Instances"][0]["InstanceId"] != old


def test_standby_enter_and_exit(asg):
    make_group(asg, desired=2, min_size=1)
    iid = group(asg)["Instances"][0]["InstanceId"]
    r = asg.enter_standby(AutoScalingGroupName="web", InstanceIds=[iid], ShouldDecrementDesiredCapacity=True)
    act = r["Activities"][0]
    assert act["Description"] == f"Moving EC2 instance to Standby: {iid}"
    assert act["Cause"].endswith(f"instance {iid} was moved to standby in response to a user request, shrinking the capacity from 2 to 1.")
    g = group(asg)
    assert g["DesiredCapacity"] == 1 and states(asg)[iid] == "Standby" and len(g["Instances"]) == 2
    with pytest.raises(ClientError) as e:
        asg.enter_standby(AutoScalingGroupName="web", InstanceIds=[iid], ShouldDecrementDesiredCapacity=True)
    assert e.value.response["Error"]["Code"] == "ValidationError"
    r = asg.exit_standby(AutoScalingGroupName="web", InstanceIds=[iid])
    assert r["Activities"][0]["Description"] == f"Moving EC2 instance out of Standby: {iid}"
    assert group(asg)["DesiredCapacity"] == 2 and states(asg)[iid] == "InService"


def test_standby_without_decrement_launches_replacement(asg):
    make_group(asg, desired=2)
    iid = group(asg)["Instances"][0]["InstanceId"]
    asg.enter_standby(AutoScalingGroupName="web", InstanceIds=[iid], ShouldDecrementDesiredCapacity=False)
    s = states(asg)
    assert s[iid] == "Standby" and list(s.values()).count("InService") == 2


def test_instance_stopped_through_ec2_is_replaced(asg, ec2):
    make_group(asg, desired=2)
    iid = group(asg)["Instances"][0]["InstanceId"]
    ec2.stop_instances(InstanceIds=[iid])
    s = states(asg)
    assert iid not in s and list(s.values()).count("InService") == 2
    assert ec2_state(ec2, iid) == "terminated"
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert any(a["Description"] == f"Terminating EC2 instance: {iid}" and
               "in response to an EC2 health check indicating it has been terminated or stopped." in a["Cause"]
               for a in acts)


def test_instance_terminated_through_ec2_is_replaced(asg, ec2):
    make_group(asg, desired=2)
    iid = group(asg)["Instances"][0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[iid])
    s = states(asg)
    assert iid not in s and list(s.values()).count("InService") == 2


def test_set_instance_health_respects_grace_period(cloudlife, asg):
    make_group(asg, desired=1, HealthCheckGracePeriod=300)
    iid = group(asg)["Instances"][0]["InstanceId"]
    asg.set_instance_health(InstanceId=iid, HealthStatus="Unhealthy")
    assert iid in states(asg)  # still inside the grace period
    cloudlife.advance(300)
    s = states(asg)
    assert iid not in s and list(s.values()) == ["InService"]
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert any("in response to a user health-check." in a["Cause"] for a in acts)
    new = list(s)[0]
    asg.set_instance_health(InstanceId=new, HealthStatus="Unhealthy", ShouldRespectGracePeriod=False)
    assert new not in states(asg)
    with pytest.raises(ClientError) as e:
        asg.set_instance_health(InstanceId="i-0123456789abcdef0", HealthStatus="Unhealthy")
    assert e.value.response["Error"]["Code"] == "ValidationError"


def test_suspend_and_resume_processes(asg, ec2):
    make_group(asg, desired=1)
    asg.suspend_processes(AutoScalingGroupName="web", ScalingProcesses=["Launch", "ReplaceUnhealthy"])
    g = group(asg)
    assert {p["ProcessName"] for p in g["SuspendedProcesses"]} == {"Launch", "ReplaceUnhealthy"}
    assert all(p["SuspensionReason"].startswith("User suspended at ") for p in g["SuspendedProcesses"])
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=3)
    assert len(group(asg)["Instances"]) == 1
    asg.resume_processes(AutoScalingGroupName="web")
    g = group(asg)
    assert g["SuspendedProcesses"] == [] and len(g["Instances"]) == 3
    with pytest.raises(ClientError) as e:
        asg.suspend_processes(AutoScalingGroupName="web", ScalingProcesses=["Bogus"])
    assert e.value.response["Error"]["Code"] == "ValidationError"


def test_launch_hook_complete(cloudlife, asg):
    make_group(asg, desired=0)
    asg.put_lifecycle_hook(LifecycleHookName="boot", AutoScalingGroupName="web",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING", HeartbeatTimeout=300)
    hooks = asg.describe_lifecycle_hooks(AutoScalingGroupName="web")["LifecycleHooks"]
    assert hooks[0]["DefaultResult"] == "ABANDON" and hooks[0]["GlobalTimeout"] == 30000
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    iid, state = list(states(asg).items())[0]
    assert state == "Pending:Wait"
    act = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"][0]
    assert act["StatusCode"] == "MidLifecycleAction"
    cloudlife.advance(100)
    asg.record_lifecycle_action_heartbeat(LifecycleHookName="boot", AutoScalingGroupName="web", InstanceId=iid)
    cloudlife.advance(250)  # past the first deadline, not the heartbeat's
    assert states(asg)[iid] == "Pending:Wait"
    asg.complete_lifecycle_action(LifecycleHookName="boot", AutoScalingGroupName="web",
                                  LifecycleActionResult="CONTINUE", InstanceId=iid)
    assert states(asg)[iid] == "InService"
    with pytest.raises(ClientError) as e:
        asg.complete_lifecycle_action(LifecycleHookName="boot", AutoScalingGroupName="web",
                                      LifecycleActionResult="CONTINUE", InstanceId=iid)
    assert e.value.response["Error"]["Message"] == f"No active Lifecycle Action found with instance ID {iid}"


def test_launch_hook_timeout_applies_default_result(cloudlife, asg, ec2):
    make_group(asg, desired=0)
    asg.put_lifecycle_hook(LifecycleHookName="boot", AutoScalingGroupName="web",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING", HeartbeatTimeout=60)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    iid = list(states(asg))[0]
    cloudlife.advance(60)
    # ABANDON: the instance is terminated and a replacement launched (which waits again).
    assert ec2_state(ec2, iid) == "terminated"
    s = states(asg)
    assert iid not in s and list(s.values()) == ["Pending:Wait"]
    # The cancelled launch names the lifecycle action's token, as AWS words it.
    (cancelled,) = [a for a in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
                    if a["StatusCode"] == "Cancelled"]
    assert re.fullmatch(
        r"Instance failed to complete user's Lifecycle Action: Lifecycle Action with token "
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} was abandoned: "
        r"Lifecycle Action Completed with ABANDON Result", cancelled["StatusMessage"]), cancelled
    asg.put_lifecycle_hook(LifecycleHookName="boot", AutoScalingGroupName="web", DefaultResult="CONTINUE",
                           HeartbeatTimeout=60)
    cloudlife.advance(60)
    # The hook's DefaultResult at the time of the timeout applies: CONTINUE puts it in service.
    assert list(states(asg).items()) == [(list(s)[0], "InService")]


def test_terminate_hook_waits_then_proceeds(asg, ec2):
    make_group(asg, desired=1)
    asg.put_lifecycle_hook(LifecycleHookName="drain", AutoScalingGroupName="web",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING")
    iid = list(states(asg))[0]
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    assert states(asg)[iid] == "Terminating:Wait"
    assert ec2_state(ec2, iid) == "running"
    asg.complete_lifecycle_action(LifecycleHookName="drain", AutoScalingGroupName="web",
                                  LifecycleActionResult="CONTINUE", InstanceId=iid)
    assert states(asg) == {}
    assert ec2_state(ec2, iid) == "terminated"


def test_warm_pool_prepares_stopped_instances_and_scale_out_uses_them(asg, ec2):
    make_group(asg, desired=1, max_size=3)
    asg.put_warm_pool(AutoScalingGroupName="web", PoolState="Stopped")
    pool = asg.describe_warm_pool(AutoScalingGroupName="web")
    assert pool["WarmPoolConfiguration"]["PoolState"] == "Stopped"
    warm = {i["InstanceId"]: i["LifecycleState"] for i in pool["Instances"]}
    assert len(warm) == 2 and set(warm.values()) == {"Warmed:Stopped"}
    assert all(ec2_state(ec2, i) == "stopped" for i in warm)
    assert len(group(asg)["Instances"]) == 1 and group(asg)["WarmPoolSize"] == 2
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2)
    s = states(asg)
    from_pool = [i for i in s if i in warm]
    assert len(from_pool) == 1 and s[from_pool[0]] == "InService"
    assert ec2_state(ec2, from_pool[0]) == "running"
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert any(a["Description"] == f"Launching a new EC2 instance from warm pool: {from_pool[0]}" for a in acts)
    # The pool is refilled up to MaxSize - desired = 1.
    pool = asg.describe_warm_pool(AutoScalingGroupName="web")
    assert len(pool["Instances"]) == 1
    asg.delete_warm_pool(AutoScalingGroupName="web", ForceDelete=True)
    assert asg.describe_warm_pool(AutoScalingGroupName="web")["Instances"] == []
    assert "WarmPoolConfiguration" not in group(asg)


def test_detach_deregisters_from_elb_and_target_group(cloudlife, asg, ec2):
    elb = cloudlife.client("elb")
    elbv2 = cloudlife.client("elbv2")
    elb.create_load_balancer(LoadBalancerName="classic", AvailabilityZones=ZONES,
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}])
    tg = elbv2.create_target_group(Name="tg", Protocol="HTTP", Port=80)
    arn = tg["TargetGroups"][0]["TargetGroupArn"]
    make_group(asg, desired=2, LoadBalancerNames=["classic"], TargetGroupARNs=[arn])
    ids = sorted(group(asg)["Instances"][i]["InstanceId"] for i in range(2))
    health = elb.describe_instance_health(LoadBalancerName="classic")["InstanceStates"]
    assert sorted(h["InstanceId"] for h in health) == ids and {h["State"] for h in health} == {"InService"}
    targets = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    assert sorted(t["Target"]["Id"] for t in targets) == ids
    asg.detach_instances(AutoScalingGroupName="web", InstanceIds=[ids[0]], ShouldDecrementDesiredCapacity=True)
    health = elb.describe_instance_health(LoadBalancerName="classic")["InstanceStates"]
    assert [h["InstanceId"] for h in health] == [ids[1]]
    targets = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    assert [t["Target"]["Id"] for t in targets] == [ids[1]]
    gone = elbv2.describe_target_health(TargetGroupArn=arn, Targets=[{"Id": ids[0]}])["TargetHealthDescriptions"][0]
    assert gone["TargetHealth"]["State"] == "unused" and gone["TargetHealth"]["Reason"] == "Target.NotRegistered"
    assert ec2_state(ec2, ids[0]) == "running"
    lbs = asg.describe_load_balancers(AutoScalingGroupName="web")["LoadBalancers"]
    assert lbs == [{"LoadBalancerName": "classic", "State": "InService"}]
    with pytest.raises(ClientError) as e:
        elb.describe_instance_health(LoadBalancerName="nope")
    assert e.value.response["Error"]["Code"] == "LoadBalancerNotFound"


def test_group_tags_api(asg):
    make_group(asg, desired=0)
    asg.create_or_update_tags(Tags=[{"ResourceId": "web", "ResourceType": "auto-scaling-group",
                                     "Key": "env", "Value": "prod", "PropagateAtLaunch": True}])
    tags = asg.describe_tags(Filters=[{"Name": "auto-scaling-group", "Values": ["web"]}])["Tags"]
    assert [(t["Key"], t["Value"], t["PropagateAtLaunch"]) for t in tags] == [("env", "prod", True)]
    asg.delete_tags(Tags=[{"ResourceId": "web", "ResourceType": "auto-scaling-group", "Key": "env"}])
    assert asg.describe_tags()["Tags"] == []
    with pytest.raises(ClientError) as e:
        asg.create_or_update_tags(Tags=[{"ResourceId": "nope", "ResourceType": "auto-scaling-group",
                                         "Key": "k", "Value": "v", "PropagateAtLaunch": False}])
    assert e.value.response["Error"]["Code"] == "ValidationError"


def test_activity_history_paging_and_ids(asg):
    make_group(asg, desired=3)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    all_acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert len(all_acts) == 5
    assert all_acts[0]["StartTime"] >= all_acts[-1]["StartTime"]
    page = asg.describe_scaling_activities(AutoScalingGroupName="web", MaxRecords=2)
    assert len(page["Activities"]) == 2 and page["NextToken"]
    rest = asg.describe_scaling_activities(AutoScalingGroupName="web", NextToken=page["NextToken"])
    assert [a["ActivityId"] for a in page["Activities"] + rest["Activities"]] == [a["ActivityId"] for a in all_acts]
    one = asg.describe_scaling_activities(ActivityIds=[all_acts[3]["ActivityId"]])["Activities"]
    assert [a["ActivityId"] for a in one] == [all_acts[3]["ActivityId"]]
