"""Auto Scaling groups with boto3: convergence, AZ balance, activities, terminate/detach/attach,
desired capacity, update and delete — the seed rules (001 TerminateInstanceInAutoScalingGroup,
003 DetachInstances). The virtual clock is frozen; tests step it instead of sleeping."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, ASG_ZONES as ZONES, create_group_with_launch_configuration, describe_group as group
from conftest import state_of as ec2_state


def make_group(asg, name="web", desired=3, min_size=1, max_size=6, zones=ZONES, **kw):
    create_group_with_launch_configuration(asg, name, desired, min_size, max_size, zones, **kw)


def zone_counts(g, states=("InService",)):
    counts = {}
    for i in g["Instances"]:
        if i["LifecycleState"] in states:
            counts[i["AvailabilityZone"]] = counts.get(i["AvailabilityZone"], 0) + 1
    return counts


def in_service(g):
    return [i for i in g["Instances"] if i["LifecycleState"] == "InService"]


def test_group_converges_balanced_across_three_zones(asg, ec2):
    make_group(asg, desired=6, max_size=6)
    g = group(asg)
    assert g["DesiredCapacity"] == 6
    assert len(in_service(g)) == 6
    assert zone_counts(g) == {"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}
    # EC2 sees the same instances, tagged with the group name, launched by Auto Scaling.
    ids = [i["InstanceId"] for i in g["Instances"]]
    res = ec2.describe_instances(Filters=[{"Name": "tag:aws:autoscaling:groupName", "Values": ["web"]}])
    seen = {i["InstanceId"] for r in res["Reservations"] for i in r["Instances"]}
    assert seen == set(ids)
    assert all(r.get("RequesterId") for r in res["Reservations"])


def test_launches_take_virtual_time_with_realistic_timing(cloudlife, asg):
    cloudlife.timing("instant", {"pending": 15})
    make_group(asg, desired=2)
    g = group(asg)
    assert [i["LifecycleState"] for i in g["Instances"]] == ["Pending", "Pending"]
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert len(acts) == 2 and all(a["StatusCode"] != "Successful" for a in acts)
    cloudlife.advance(15)
    g = group(asg)
    assert [i["LifecycleState"] for i in g["Instances"]] == ["InService", "InService"]
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert all(a["StatusCode"] == "Successful" and a["Progress"] == 100 for a in acts)
    assert all("EndTime" in a for a in acts)


def test_activity_texts_for_creation(asg):
    make_group(asg, desired=2)
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert len(acts) == 2
    for a in acts:
        assert a["Description"].startswith("Launching a new EC2 instance: i-")
        assert "a user request created an AutoScalingGroup changing the desired capacity from 0 to 2." in a["Cause"]
        assert "an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 2." in a["Cause"]
        assert a["AutoScalingGroupName"] == "web"
        assert '"Availability Zone":"us-east-1' in a["Details"]


def test_set_desired_capacity_scales_out_and_in_with_bounds(asg):
    make_group(asg, desired=2, max_size=4)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=4)
    assert len(in_service(group(asg))) == 4
    with pytest.raises(ClientError) as e:
        asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=5)
    assert e.value.response["Error"]["Code"] == "ValidationError"
    assert e.value.response["Error"]["Message"] == \
        "New SetDesiredCapacity value 5 is above max value 4 for the AutoScalingGroup."
    with pytest.raises(ClientError) as e:
        asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    assert "is below min value 1" in e.value.response["Error"]["Message"]
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    g = group(asg)
    assert g["DesiredCapacity"] == 1 and len(g["Instances"]) == 1
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    term = [a for a in acts if a["Description"].startswith("Terminating")]
    assert len(term) == 3
    assert all("explicitly set group desired capacity changing the desired capacity from 4 to 1." in a["Cause"] for a in term)
    assert all("was selected for termination." in a["Cause"] for a in term)


def test_unknown_group_is_validation_error_not_500(asg):
    for call in (lambda: asg.set_desired_capacity(AutoScalingGroupName="nope", DesiredCapacity=1),
                 lambda: asg.update_auto_scaling_group(AutoScalingGroupName="nope", MinSize=0),
                 lambda: asg.delete_auto_scaling_group(AutoScalingGroupName="nope"),
                 lambda: asg.terminate_instance_in_auto_scaling_group(
                     InstanceId="i-0123456789abcdef0", ShouldDecrementDesiredCapacity=False),
                 lambda: asg.detach_instances(AutoScalingGroupName="nope", InstanceIds=["i-1"],
                                              ShouldDecrementDesiredCapacity=True)):
        with pytest.raises(ClientError) as e:
            call()
        assert e.value.response["Error"]["Code"] == "ValidationError"
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["nope"])["AutoScalingGroups"] == []


def test_create_validation(asg):
    with pytest.raises(ClientError) as e:
        asg.create_auto_scaling_group(AutoScalingGroupName="x", LaunchConfigurationName="missing",
                                      MinSize=1, MaxSize=2, AvailabilityZones=ZONES)
    assert e.value.response["Error"]["Message"] == \
        "Launch configuration name not found - Launch configuration missing not found"
    make_group(asg, desired=1)
    with pytest.raises(ClientError) as e:
        asg.create_auto_scaling_group(AutoScalingGroupName="web", LaunchConfigurationName="web-lc",
                                      MinSize=1, MaxSize=2, AvailabilityZones=ZONES)
    assert e.value.response["Error"]["Code"] == "AlreadyExists"
    with pytest.raises(ClientError) as e:
        asg.create_auto_scaling_group(AutoScalingGroupName="y", LaunchConfigurationName="web-lc",
                                      MinSize=3, MaxSize=2, AvailabilityZones=ZONES)
    assert e.value.response["Error"]["Message"] == "Max bound, 2, must be greater than or equal to min bound, 3"


# --- TerminateInstanceInAutoScalingGroup (seed 001) ---------------------------------------------

def test_terminate_without_decrement_launches_replacement(cloudlife, asg, ec2):
    make_group(asg, desired=2)
    victim = group(asg)["Instances"][0]["InstanceId"]
    r = asg.terminate_instance_in_auto_scaling_group(InstanceId=victim, ShouldDecrementDesiredCapacity=False)
    act = r["Activity"]
    assert act["Description"] == f"Terminating EC2 instance: {victim}"
    assert act["Cause"].endswith(f"instance {victim} was taken out of service in response to a user request.")
    assert act["StatusCode"] == "InProgress"
    g = group(asg)
    assert g["DesiredCapacity"] == 2
    ids = [i["InstanceId"] for i in in_service(g)]
    assert victim not in ids and len(ids) == 2
    assert ec2_state(ec2, victim) == "terminated"


def test_terminate_is_asynchronous(cloudlife, asg, ec2):
    cloudlife.timing("instant", {"shutting-down": 10})
    make_group(asg, desired=2)
    victim = group(asg)["Instances"][0]["InstanceId"]
    asg.terminate_instance_in_auto_scaling_group(InstanceId=victim, ShouldDecrementDesiredCapacity=True)
    g = group(asg)
    states = {i["InstanceId"]: i["LifecycleState"] for i in g["Instances"]}
    assert states[victim] == "Terminating"
    assert ec2_state(ec2, victim) == "shutting-down"
    cloudlife.advance(10)
    assert ec2_state(ec2, victim) == "terminated"
    g = group(asg)
    assert victim not in [i["InstanceId"] for i in g["Instances"]]
    act = [a for a in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
           if a["Description"] == f"Terminating EC2 instance: {victim}"][0]
    assert act["StatusCode"] == "Successful"


def test_terminate_with_decrement_shrinks_without_replacement(asg):
    make_group(asg, desired=3)
    victim = group(asg)["Instances"][0]["InstanceId"]
    r = asg.terminate_instance_in_auto_scaling_group(InstanceId=victim, ShouldDecrementDesiredCapacity=True)
    assert "shrinking the capacity from 3 to 2." in r["Activity"]["Cause"]
    g = group(asg)
    assert g["DesiredCapacity"] == 2 and len(g["Instances"]) == 2


def test_terminate_decrement_below_min_is_refused_and_nothing_happens(asg, ec2):
    make_group(asg, desired=1, min_size=1)
    victim = group(asg)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as e:
        asg.terminate_instance_in_auto_scaling_group(InstanceId=victim, ShouldDecrementDesiredCapacity=True)
    assert e.value.response["Error"]["Code"] == "ValidationError"
    assert "will violate group's min size constraint" in e.value.response["Error"]["Message"]
    g = group(asg)
    assert g["DesiredCapacity"] == 1
    assert g["Instances"][0]["InstanceId"] == victim and g["Instances"][0]["LifecycleState"] == "InService"
    assert ec2_state(ec2, victim) == "running"


def test_decrement_that_unbalances_the_group_is_rebalanced(cloudlife, asg):
    make_group(asg, desired=4, min_size=0, zones=ZONES[:2])
    g = group(asg)
    in_a = [i["InstanceId"] for i in g["Instances"] if i["AvailabilityZone"] == "us-east-1a"]
    assert len(in_a) == 2
    for iid in in_a:
        asg.terminate_instance_in_auto_scaling_group(InstanceId=iid, ShouldDecrementDesiredCapacity=True)
    cloudlife.advance(1)
    g = group(asg)
    assert g["DesiredCapacity"] == 2
    assert zone_counts(g) == {"us-east-1a": 1, "us-east-1b": 1}
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert any("to balance instances in zones us-east-1a" in a["Cause"] for a in acts)
    # Launch in the short zone came before the termination in the long one.
    rebalance_launch = [a for a in acts if "to balance instances" in a["Cause"]][0]
    last_term = [a for a in acts if a["Description"].startswith("Terminating")][0]
    assert rebalance_launch["StartTime"] <= last_term["StartTime"]


def test_rebalance_launches_first_with_realistic_timing(cloudlife, asg):
    make_group(asg, desired=4, min_size=0, zones=ZONES[:2])
    assert len(in_service(group(asg))) == 4  # settled before launches become slow
    cloudlife.timing("instant", {"pending": 20})
    in_a = [i["InstanceId"] for i in group(asg)["Instances"] if i["AvailabilityZone"] == "us-east-1a"]
    for iid in in_a:
        asg.terminate_instance_in_auto_scaling_group(InstanceId=iid, ShouldDecrementDesiredCapacity=True)
    g = group(asg)
    # Launched in the short zone; nothing terminated in the long zone yet (above desired meanwhile).
    assert zone_counts(g, ("InService", "Pending")) == {"us-east-1a": 1, "us-east-1b": 2}
    cloudlife.advance(20)
    g = group(asg)
    assert zone_counts(g) == {"us-east-1a": 1, "us-east-1b": 1}


def test_terminate_refused_on_warm_pool_instance(asg):
    make_group(asg, desired=1)
    asg.put_warm_pool(AutoScalingGroupName="web", MinSize=1, PoolState="Stopped")
    pool = asg.describe_warm_pool(AutoScalingGroupName="web")
    warm = pool["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as e:
        asg.terminate_instance_in_auto_scaling_group(InstanceId=warm, ShouldDecrementDesiredCapacity=False)
    assert e.value.response["Error"]["Code"] == "ValidationError"


# --- DetachInstances (seed 003) -----------------------------------------------------------------

def test_detach_with_decrement(asg, ec2):
    make_group(asg, desired=2)
    victim = group(asg)["Instances"][0]["InstanceId"]
    r = asg.detach_instances(AutoScalingGroupName="web", InstanceIds=[victim], ShouldDecrementDesiredCapacity=True)
    act = r["Activities"][0]
    assert act["Description"] == f"Detaching EC2 instance: {victim}"
    assert act["Cause"].endswith(f"instance {victim} was detached in response to a user request, shrinking the capacity from 2 to 1.")
    assert act["StatusCode"] == "InProgress" and act["Progress"] == 50
    g = group(asg)
    assert g["DesiredCapacity"] == 1
    assert victim not in [i["InstanceId"] for i in g["Instances"]]
    assert ec2_state(ec2, victim) == "running"
    assert asg.describe_auto_scaling_instances(InstanceIds=[victim])["AutoScalingInstances"] == []


def test_detach_without_decrement_launches_replacement(asg):
    make_group(asg, desired=2)
    victim = group(asg)["Instances"][0]["InstanceId"]
    r = asg.detach_instances(AutoScalingGroupName="web", InstanceIds=[victim], ShouldDecrementDesiredCapacity=False)
    assert r["Activities"][0]["Cause"].endswith("was detached in response to a user request.")
    g = group(asg)
    assert g["DesiredCapacity"] == 2 and len(in_service(g)) == 2
    assert victim not in [i["InstanceId"] for i in g["Instances"]]


def test_detach_rules(cloudlife, asg):
    make_group(asg, desired=2)
    loose = cloudlife.client("ec2").run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as e:
        asg.detach_instances(AutoScalingGroupName="web", InstanceIds=[loose], ShouldDecrementDesiredCapacity=True)
    assert e.value.response["Error"]["Message"] == f"The instance {loose} is not part of Auto Scaling group web."
    assert group(asg)["DesiredCapacity"] == 2
    with pytest.raises(ClientError) as e:
        asg.detach_instances(AutoScalingGroupName="web", InstanceIds=[f"i-{n:017x}" for n in range(21)],
                             ShouldDecrementDesiredCapacity=True)
    assert e.value.response["Error"]["Code"] == "ValidationError"
    raw = cloudlife.client("autoscaling", parameter_validation=False)
    with pytest.raises(ClientError) as e:
        raw.detach_instances(AutoScalingGroupName="web", InstanceIds=[group(asg)["Instances"][0]["InstanceId"]])
    assert "shouldDecrementDesiredCapacity" in e.value.response["Error"]["Message"]
    assert group(asg)["DesiredCapacity"] == 2 and len(in_service(group(asg))) == 2


def test_attach_instances(cloudlife, asg):
    make_group(asg, desired=1, max_size=2)
    ec2c = cloudlife.client("ec2")
    iid = ec2c.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1,
                             Placement={"AvailabilityZone": "us-east-1b"})["Instances"][0]["InstanceId"]
    asg.attach_instances(AutoScalingGroupName="web", InstanceIds=[iid])
    g = group(asg)
    assert g["DesiredCapacity"] == 2
    assert iid in [i["InstanceId"] for i in in_service(g)]
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert acts[0]["Description"] == f"Attaching an existing EC2 instance: {iid}"
    extra = ec2c.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1,
                               Placement={"AvailabilityZone": "us-east-1a"})["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as e:
        asg.attach_instances(AutoScalingGroupName="web", InstanceIds=[extra])
    assert "max size" in e.value.response["Error"]["Message"]


def test_update_group_and_delete(asg):
    make_group(asg, desired=2)
    asg.update_auto_scaling_group(AutoScalingGroupName="web", MinSize=0, DesiredCapacity=0)
    g = group(asg)
    assert g["MinSize"] == 0 and g["DesiredCapacity"] == 0 and g["Instances"] == []
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert "a user request update of AutoScalingGroup constraints to min: 0, max: 6, desired: 0 changing the desired capacity from 2 to 0." in acts[0]["Cause"]
    asg.delete_auto_scaling_group(AutoScalingGroupName="web")
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"])["AutoScalingGroups"] == []


def test_delete_refused_while_instances_exist_then_force(cloudlife, asg, ec2):
    make_group(asg, desired=2)
    ids = [i["InstanceId"] for i in group(asg)["Instances"]]
    with pytest.raises(ClientError) as e:
        asg.delete_auto_scaling_group(AutoScalingGroupName="web")
    assert e.value.response["Error"]["Code"] == "ResourceInUse"
    cloudlife.timing("instant", {"pending": 5})
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=3)
    with pytest.raises(ClientError) as e:
        asg.delete_auto_scaling_group(AutoScalingGroupName="web")
    assert e.value.response["Error"]["Code"] == "ScalingActivityInProgress"
    asg.delete_auto_scaling_group(AutoScalingGroupName="web", ForceDelete=True)
    cloudlife.advance(5)
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"])["AutoScalingGroups"] == []
    assert all(ec2_state(ec2, i) == "terminated" for i in ids)


def test_describe_groups_pagination_and_filters(asg):
    asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId=IMAGE, InstanceType="t3.micro")
    for n in range(5):
        asg.create_auto_scaling_group(AutoScalingGroupName=f"g{n}", LaunchConfigurationName="lc",
                                      MinSize=0, MaxSize=1, AvailabilityZones=ZONES,
                                      Tags=[{"Key": "env", "Value": "a" if n % 2 else "b",
                                             "PropagateAtLaunch": True}])
    names, token = [], None
    while True:
        kw = {"MaxRecords": 2}
        if token:
            kw["NextToken"] = token
        r = asg.describe_auto_scaling_groups(**kw)
        names += [g["AutoScalingGroupName"] for g in r["AutoScalingGroups"]]
        token = r.get("NextToken")
        if not token:
            break
    assert names == ["g0", "g1", "g2", "g3", "g4"]
    r = asg.describe_auto_scaling_groups(Filters=[{"Name": "tag:env", "Values": ["a"]}])
    assert [g["AutoScalingGroupName"] for g in r["AutoScalingGroups"]] == ["g1", "g3"]
    with pytest.raises(ClientError) as e:
        asg.describe_auto_scaling_groups(NextToken="bogus")
    assert e.value.response["Error"]["Code"] == "InvalidNextToken"


def test_launch_template_group_and_propagated_tags(cloudlife, asg, ec2):
    lt = ec2.create_launch_template(LaunchTemplateName="web-lt",
                                    LaunchTemplateData={"ImageId": IMAGE, "InstanceType": "t3.small"})
    lt_id = lt["LaunchTemplate"]["LaunchTemplateId"]
    asg.create_auto_scaling_group(AutoScalingGroupName="lt", LaunchTemplate={"LaunchTemplateName": "web-lt", "Version": "$Latest"},
                                  MinSize=1, MaxSize=2, AvailabilityZones=ZONES,
                                  Tags=[{"Key": "team", "Value": "blue", "PropagateAtLaunch": True},
                                        {"Key": "private", "Value": "x", "PropagateAtLaunch": False}])
    g = group(asg, "lt")
    assert g["LaunchTemplate"]["LaunchTemplateId"] == lt_id
    inst = g["Instances"][0]
    assert inst["LaunchTemplate"]["Version"] == "1" and inst["InstanceType"] == "t3.small"
    d = ec2.describe_instances(InstanceIds=[inst["InstanceId"]])["Reservations"][0]["Instances"][0]
    tags = {t["Key"]: t["Value"] for t in d["Tags"]}
    assert tags["team"] == "blue" and "private" not in tags
    assert tags["aws:autoscaling:groupName"] == "lt"
    assert d["SubnetId"] and d["VpcId"] and d["PrivateIpAddress"]


def test_set_desired_capacity_honor_cooldown(cloudlife, asg):
    # The launch activity that ended starts the group's cooldown (DefaultCooldown 120 s here).
    make_group(asg, desired=1, DefaultCooldown=120)
    with pytest.raises(ClientError) as e:
        asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2, HonorCooldown=True)
    assert e.value.response["Error"]["Code"] == "ScalingActivityInProgress"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert group(asg)["DesiredCapacity"] == 1  # nothing changed
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2)  # HonorCooldown false: no wait
    assert group(asg)["DesiredCapacity"] == 2
    cloudlife.advance(121)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=3, HonorCooldown=True)
    assert group(asg)["DesiredCapacity"] == 3
