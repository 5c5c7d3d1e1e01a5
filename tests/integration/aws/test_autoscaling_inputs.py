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


def group_instance(asg, ec2, name):
    iid = describe_group(asg, name)["Instances"][0]["InstanceId"]
    return ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]


def test_launch_configuration_tenancy_and_spot_price_reach_the_instances(asg, ec2):
    asg.create_launch_configuration(LaunchConfigurationName="spot", ImageId=IMAGE, InstanceType="t3.micro",
                                    SpotPrice="0.05", PlacementTenancy="dedicated")
    asg.create_auto_scaling_group(AutoScalingGroupName="s", LaunchConfigurationName="spot", MinSize=1,
                                  MaxSize=1, AvailabilityZones=["us-east-1a"])
    inst = group_instance(asg, ec2, "s")
    assert inst["InstanceLifecycle"] == "spot"
    assert inst["Placement"]["Tenancy"] == "dedicated"
    asg.create_launch_configuration(LaunchConfigurationName="plain", ImageId=IMAGE, InstanceType="t3.micro")
    asg.create_auto_scaling_group(AutoScalingGroupName="p", LaunchConfigurationName="plain", MinSize=1,
                                  MaxSize=1, AvailabilityZones=["us-east-1a"])
    inst = group_instance(asg, ec2, "p")
    assert "InstanceLifecycle" not in inst and inst["Placement"]["Tenancy"] == "default"


def test_launch_configuration_kernel_ramdisk_and_metadata_options_are_kept(asg):
    asg.create_launch_configuration(
        LaunchConfigurationName="lc", ImageId=IMAGE, InstanceType="t3.micro", KernelId="aki-12345678",
        RamdiskId="ari-12345678",
        MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"})
    lc = asg.describe_launch_configurations(LaunchConfigurationNames=["lc"])["LaunchConfigurations"][0]
    assert lc["KernelId"] == "aki-12345678" and lc["RamdiskId"] == "ari-12345678"
    assert lc["MetadataOptions"] == {"HttpTokens": "required", "HttpPutResponseHopLimit": 2,
                                     "HttpEndpoint": "enabled"}
    with pytest.raises(ClientError) as e:
        asg.create_launch_configuration(LaunchConfigurationName="bad", ImageId=IMAGE, InstanceType="t3.micro",
                                        MetadataOptions={"HttpTokens": "sometimes"})
    assert error_of(e)[:2] == ("ValidationError", 400)
    with pytest.raises(ClientError) as e:
        asg.create_launch_configuration(LaunchConfigurationName="bad", ImageId=IMAGE, InstanceType="t3.micro",
                                        ClassicLinkVPCId="vpc-12345678")
    assert error_of(e)[:2] == ("ValidationError", 400)
    names = [x["LaunchConfigurationName"]
             for x in asg.describe_launch_configurations()["LaunchConfigurations"]]
    assert names == ["lc"]


def test_describe_traffic_sources_filters_by_type_and_pages(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 1)
    lbs = ["lb-a", "lb-b", "lb-c"]
    elbc = cloudlife.client("elb")
    for lb in lbs:
        elbc.create_load_balancer(LoadBalancerName=lb, AvailabilityZones=["us-east-1a"],
                                  Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}])
    asg.attach_load_balancers(AutoScalingGroupName="web", LoadBalancerNames=lbs)
    assert [t["TrafficSource"] for t in asg.describe_traffic_sources(AutoScalingGroupName="web",
                                                                  TrafficSourceType="elb")["TrafficSources"]] == lbs
    assert asg.describe_traffic_sources(AutoScalingGroupName="web",
                                        TrafficSourceType="elbv2")["TrafficSources"] == []
    page = asg.describe_load_balancers(AutoScalingGroupName="web", MaxRecords=2)
    assert [x["LoadBalancerName"] for x in page["LoadBalancers"]] == lbs[:2] and page["NextToken"]
    rest = asg.describe_load_balancers(AutoScalingGroupName="web", MaxRecords=2, NextToken=page["NextToken"])
    assert [x["LoadBalancerName"] for x in rest["LoadBalancers"]] == lbs[2:] and "NextToken" not in rest


def launch_template(ec2, name="tmpl"):
    return ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]


def test_mixed_instances_distribution_splits_on_demand_and_spot_and_is_described(asg, ec2):
    lt = launch_template(ec2)
    dist = {"OnDemandAllocationStrategy": "prioritized", "OnDemandBaseCapacity": 1,
            "OnDemandPercentageAboveBaseCapacity": 50, "SpotAllocationStrategy": "capacity-optimized",
            "SpotMaxPrice": "0.04"}
    asg.create_auto_scaling_group(
        AutoScalingGroupName="mixed", MinSize=0, MaxSize=6, DesiredCapacity=5, AvailabilityZones=["us-east-1a"],
        MixedInstancesPolicy={"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt},
                                                 "Overrides": [{"InstanceType": "t3.micro"},
                                                               {"InstanceType": "t3.small"}]},
                              "InstancesDistribution": dist})
    g = describe_group(asg, "mixed")
    got = g["MixedInstancesPolicy"]["InstancesDistribution"]
    assert {k: got[k] for k in dist} == dist
    ids = [i["InstanceId"] for i in g["Instances"]]
    insts = [i for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]]
    spot = [i for i in insts if i.get("InstanceLifecycle") == "spot"]
    # One On-Demand base instance, then half of the rest On-Demand (rounded toward On-Demand).
    assert len(insts) == 5 and len(spot) == 2


def test_group_context_capacity_type_and_role_round_trip(asg):
    make_lc(asg)
    asg.create_auto_scaling_group(AutoScalingGroupName="c", LaunchConfigurationName="lc", MinSize=0, MaxSize=1,
                                  AvailabilityZones=["us-east-1a"], Context="team-a", DesiredCapacityType="units")
    g = describe_group(asg, "c")
    assert g["Context"] == "team-a" and g["DesiredCapacityType"] == "units"
    role = "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_x"
    asg.update_auto_scaling_group(AutoScalingGroupName="c", Context="team-b", ServiceLinkedRoleARN=role)
    g = describe_group(asg, "c")
    assert g["Context"] == "team-b" and g["ServiceLinkedRoleARN"] == role


@pytest.mark.parametrize("extra", [
    {"DesiredCapacityType": "vcpu"},
    {"DesiredCapacityType": "bananas"},
])
def test_unsupported_group_inputs_are_refused(asg, extra):
    make_lc(asg)
    with pytest.raises(ClientError) as e:
        asg.create_auto_scaling_group(AutoScalingGroupName="r", LaunchConfigurationName="lc", MinSize=0,
                                      MaxSize=1, AvailabilityZones=["us-east-1a"], **extra)
    assert error_of(e)[:2] == ("ValidationError", 400)
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["r"])["AutoScalingGroups"] == []


def test_reuse_on_scale_in_returns_instances_to_the_warm_pool(cloudlife, asg, ec2):
    create_group_with_launch_configuration(asg, "web", 2, 0, 3, zones=["us-east-1a"])
    asg.put_warm_pool(AutoScalingGroupName="web", MinSize=0, PoolState="Stopped",
                      InstanceReusePolicy={"ReuseOnScaleIn": True})
    cloudlife.advance(60)
    assert len(asg.describe_warm_pool(AutoScalingGroupName="web")["Instances"]) == 1
    members = [i["InstanceId"] for i in describe_group(asg)["Instances"]]
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    cloudlife.advance(60)
    kept = [i["InstanceId"] for i in describe_group(asg)["Instances"]]
    assert len(kept) == 1
    returned = (set(members) - set(kept)).pop()
    pool = {i["InstanceId"]: i["LifecycleState"]
            for i in asg.describe_warm_pool(AutoScalingGroupName="web")["Instances"]}
    assert pool.get(returned) == "Warmed:Stopped" and len(pool) == 2
    assert ec2.describe_instances(InstanceIds=[returned])["Reservations"][0]["Instances"][0]["State"]["Name"] \
        == "stopped"
    # Scaling out again takes it back from the pool.
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2)
    cloudlife.advance(60)
    now = [i["InstanceId"] for i in describe_group(asg)["Instances"]]
    assert len(now) == 2 and set(now) <= set(members) | set(pool)


def test_max_instance_lifetime_replaces_instances_that_reach_it(cloudlife, asg):
    day = 86400
    create_group_with_launch_configuration(asg, "web", 2, 0, 3, zones=["us-east-1a"], MaxInstanceLifetime=day)
    first = {i["InstanceId"] for i in describe_group(asg)["Instances"]}
    cloudlife.advance(day - 60)
    assert {i["InstanceId"] for i in describe_group(asg)["Instances"]} == first
    cloudlife.advance(600)
    g = describe_group(asg)
    assert g["MaxInstanceLifetime"] == day
    now = {i["InstanceId"] for i in g["Instances"] if i["LifecycleState"] == "InService"}
    assert len(now) == 2 and not now & first
    acts = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert sum("maximum instance lifetime" in a["Cause"] for a in acts) == 2
    # A protected instance is kept; 0 clears the setting.
    keep = sorted(now)[0]
    asg.set_instance_protection(AutoScalingGroupName="web", InstanceIds=[keep], ProtectedFromScaleIn=True)
    cloudlife.advance(day + 600)
    ids = {i["InstanceId"] for i in describe_group(asg)["Instances"]}
    assert keep in ids and len(ids) == 2
    asg.update_auto_scaling_group(AutoScalingGroupName="web", MaxInstanceLifetime=0)
    assert "MaxInstanceLifetime" not in describe_group(asg)
    before = {i["InstanceId"] for i in describe_group(asg)["Instances"]}
    cloudlife.advance(3 * day)
    assert {i["InstanceId"] for i in describe_group(asg)["Instances"]} == before


def test_max_instance_lifetime_below_a_day_is_refused(asg):
    make_lc(asg)
    with pytest.raises(ClientError) as e:
        asg.create_auto_scaling_group(AutoScalingGroupName="r", LaunchConfigurationName="lc", MinSize=0,
                                      MaxSize=1, AvailabilityZones=["us-east-1a"], MaxInstanceLifetime=3600)
    assert error_of(e)[:2] == ("ValidationError", 400)
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["r"])["AutoScalingGroups"] == []
