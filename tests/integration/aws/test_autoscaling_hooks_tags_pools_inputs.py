"""Inputs of the Auto Scaling tag, lifecycle hook, warm pool and traffic source actions with boto3:
their paging bounds and tokens, the ValidationErrors of their own rules, and requests the service
model declares malformed (sent with client-side validation off), which change nothing."""
import pytest
from botocore.exceptions import ClientError

from conftest import ASG_ZONES as ZONES, create_group_with_launch_configuration, error_of


def make_group(asg, name="web", desired=0):
    create_group_with_launch_configuration(asg, name, desired, 0, 4, ZONES)


def group_tags(asg):
    return [(t["ResourceId"], t["Key"], t["Value"], t["PropagateAtLaunch"]) for t in asg.describe_tags()["Tags"]]


def null_member(name):
    return ("ValidationError", 400,
            f"1 validation error detected: Value null at '{name}' failed to satisfy constraint: "
            "Member must not be null")


def out_of_range(value, top):
    return ("ValidationError", 400,
            f"1 validation error detected: Value '{value}' at 'maxRecords' failed to satisfy "
            f"constraint: Member must have value between 1 and {top}")


def test_describe_tags_pages_filters_and_refuses_an_unknown_filter(asg):
    make_group(asg, "web")
    make_group(asg, "db")
    asg.create_or_update_tags(Tags=[
        {"ResourceId": "web", "ResourceType": "auto-scaling-group", "Key": f"k{i}", "Value": f"v{i}",
         "PropagateAtLaunch": i % 2 == 0} for i in range(5)])
    asg.create_or_update_tags(Tags=[{"ResourceId": "db", "Key": "team", "Value": "x"}])
    first = asg.describe_tags(MaxRecords=4)
    assert len(first["Tags"]) == 4 and first["NextToken"]
    rest = asg.describe_tags(MaxRecords=4, NextToken=first["NextToken"])
    assert len(rest["Tags"]) == 2 and "NextToken" not in rest
    assert ({(t["ResourceId"], t["Key"]) for t in first["Tags"] + rest["Tags"]}
            == {("web", f"k{i}") for i in range(5)} | {("db", "team")})
    assert all(t["ResourceType"] == "auto-scaling-group" for t in first["Tags"] + rest["Tags"])
    only_db = asg.describe_tags(Filters=[{"Name": "auto-scaling-group", "Values": ["db"]}])["Tags"]
    assert [(t["Key"], t["Value"], t["PropagateAtLaunch"]) for t in only_db] == [("team", "x", False)]
    both = asg.describe_tags(Filters=[{"Name": "key", "Values": ["k1", "k2"]},
                                      {"Name": "propagate-at-launch", "Values": ["true"]}])["Tags"]
    assert [t["Key"] for t in both] == ["k2"]
    for size, top in ((0, 100), (101, 100)):
        with pytest.raises(ClientError) as e:
            asg.describe_tags(MaxRecords=size)
        assert error_of(e) == out_of_range(size, top)
    for token in ("x", "99"):
        with pytest.raises(ClientError) as e:
            asg.describe_tags(NextToken=token)
        assert error_of(e) == ("InvalidNextToken", 400, f"The token '{token}' is invalid.")
    with pytest.raises(ClientError) as e:
        asg.describe_tags(Filters=[{"Name": "colour", "Values": ["red"]}])
    assert error_of(e) == ("ValidationError", 400,
                           "Filter type colour is not correct. Allowed Filter types are: "
                           "auto-scaling-group, key, value and propagate-at-launch")


def test_tags_of_another_resource_type_or_without_a_key_change_nothing(cloudlife, asg):
    make_group(asg)
    asg.create_or_update_tags(Tags=[{"ResourceId": "web", "Key": "keep", "Value": "1"}])
    with pytest.raises(ClientError) as e:
        asg.create_or_update_tags(Tags=[{"ResourceId": "web", "Key": "a", "Value": "1"},
                                        {"ResourceId": "web", "ResourceType": "instance", "Key": "b"}])
    assert error_of(e) == ("ValidationError", 400, "Invalid resource type: instance")
    with pytest.raises(ClientError) as e:
        asg.delete_tags(Tags=[{"ResourceId": "web", "ResourceType": "instance", "Key": "keep"}])
    assert error_of(e) == ("ValidationError", 400, "Invalid resource type: instance")
    raw = cloudlife.client("autoscaling", parameter_validation=False)
    with pytest.raises(ClientError) as e:
        raw.create_or_update_tags(Tags=[{"ResourceId": "web", "Key": "a"}, {"ResourceId": "web", "Value": "v"}])
    assert error_of(e) == null_member("tags.member.2.Key")
    for call in (raw.create_or_update_tags, raw.delete_tags):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == null_member("tags")
    assert group_tags(asg) == [("web", "keep", "1", False)]


def test_lifecycle_hook_inputs(cloudlife, asg):
    make_group(asg)
    asg.put_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="drain",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING", HeartbeatTimeout=7200,
                           NotificationMetadata="m")
    (hook,) = asg.describe_lifecycle_hooks(AutoScalingGroupName="web")["LifecycleHooks"]
    assert (hook["HeartbeatTimeout"], hook["GlobalTimeout"], hook["DefaultResult"], hook["NotificationMetadata"]) \
        == (7200, 172800, "ABANDON", "m")
    assert "RoleARN" not in hook and "NotificationTargetARN" not in hook
    assert asg.describe_lifecycle_hooks(AutoScalingGroupName="web", LifecycleHookNames=["other"])["LifecycleHooks"] == []
    assert asg.describe_lifecycle_hook_types()["LifecycleHookTypes"] == [
        "autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING"]
    raw = cloudlife.client("autoscaling", parameter_validation=False)
    with pytest.raises(ClientError) as e:
        raw.put_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="drain", HeartbeatTimeout="soon")
    assert error_of(e) == ("ValidationError", 400, "Invalid value 'soon' for parameter HeartbeatTimeout.")
    with pytest.raises(ClientError) as e:
        raw.put_lifecycle_hook(AutoScalingGroupName="web")
    assert error_of(e) == null_member("lifecycleHookName")
    for call in (asg.complete_lifecycle_action, asg.record_lifecycle_action_heartbeat):
        extra = {"LifecycleActionResult": "CONTINUE"} if call == asg.complete_lifecycle_action else {}
        with pytest.raises(ClientError) as e:
            call(AutoScalingGroupName="web", LifecycleHookName="drain", **extra)
        assert error_of(e) == ("ValidationError", 400,
                               "Either InstanceId or LifecycleActionToken must be specified.")
    with pytest.raises(ClientError) as e:
        raw.complete_lifecycle_action(AutoScalingGroupName="web", LifecycleHookName="drain", InstanceId="i-1")
    assert error_of(e) == null_member("lifecycleActionResult")
    (hook,) = asg.describe_lifecycle_hooks(AutoScalingGroupName="web")["LifecycleHooks"]
    assert hook["HeartbeatTimeout"] == 7200


def test_describe_warm_pool_pages_its_instances(cloudlife, asg):
    make_group(asg, desired=1)
    asg.put_warm_pool(AutoScalingGroupName="web", MinSize=3, MaxGroupPreparedCapacity=4,
                      InstanceReusePolicy={"ReuseOnScaleIn": True})
    cloudlife.advance(600)
    whole = asg.describe_warm_pool(AutoScalingGroupName="web")
    assert whole["WarmPoolConfiguration"] == {"MaxGroupPreparedCapacity": 4, "MinSize": 3, "PoolState": "Stopped",
                                              "InstanceReusePolicy": {"ReuseOnScaleIn": True}}
    assert len(whole["Instances"]) == 3 and "NextToken" not in whole
    first = asg.describe_warm_pool(AutoScalingGroupName="web", MaxRecords=2)
    rest = asg.describe_warm_pool(AutoScalingGroupName="web", MaxRecords=2, NextToken=first["NextToken"])
    assert len(first["Instances"]) == 2 and len(rest["Instances"]) == 1 and "NextToken" not in rest
    assert (sorted(i["InstanceId"] for i in first["Instances"] + rest["Instances"])
            == sorted(i["InstanceId"] for i in whole["Instances"]))
    assert {i["LaunchConfigurationName"] for i in whole["Instances"]} == {"web-lc"}
    with pytest.raises(ClientError) as e:
        asg.describe_warm_pool(AutoScalingGroupName="web", MaxRecords=51)
    assert error_of(e) == out_of_range(51, 50)
    with pytest.raises(ClientError) as e:
        asg.describe_warm_pool(AutoScalingGroupName="web", NextToken="-1")
    assert error_of(e) == ("InvalidNextToken", 400, "The token '-1' is invalid.")


def test_attachments_need_their_lists_and_bad_pages_are_refused(cloudlife, asg):
    elb = cloudlife.client("elb")
    elb.create_load_balancer(LoadBalancerName="classic", AvailabilityZones=ZONES,
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}])
    make_group(asg)
    raw = cloudlife.client("autoscaling", parameter_validation=False)
    for call, member in ((raw.attach_load_balancers, "loadBalancerNames"),
                         (raw.detach_load_balancers, "loadBalancerNames"),
                         (raw.attach_load_balancer_target_groups, "targetGroupARNs"),
                         (raw.detach_load_balancer_target_groups, "targetGroupARNs"),
                         (raw.attach_traffic_sources, "trafficSources"),
                         (raw.detach_traffic_sources, "trafficSources")):
        with pytest.raises(ClientError) as e:
            call(AutoScalingGroupName="web")
        assert error_of(e) == null_member(member)
    asg.attach_traffic_sources(AutoScalingGroupName="web", TrafficSources=[{"Identifier": "classic"}])
    # (Debian's botocore model still requires TrafficSourceType.)
    sources = asg.describe_traffic_sources(AutoScalingGroupName="web", TrafficSourceType="elb")["TrafficSources"]
    assert [s["TrafficSource"] for s in sources] == ["classic"]
    for call, top, extra in ((asg.describe_traffic_sources, 50, {"TrafficSourceType": "elb"}),
                             (asg.describe_load_balancers, 100, {}),
                             (asg.describe_load_balancer_target_groups, 100, {})):
        with pytest.raises(ClientError) as e:
            call(AutoScalingGroupName="web", MaxRecords=top + 1, **extra)
        assert error_of(e) == out_of_range(top + 1, top)
        with pytest.raises(ClientError) as e:
            call(AutoScalingGroupName="web", NextToken="2", **extra)
        assert error_of(e) == ("InvalidNextToken", 400, "The token '2' is invalid.")
