"""Auto Scaling request members that used to be decoded and ignored (issue 9 §4): AvailabilityZoneIds,
DeletionProtection, InstanceMaintenancePolicy, AvailabilityZoneDistribution, DescribeAutoScalingGroups
IncludeInstances, CancelInstanceRefresh WaitForTransitioningInstances, launch configuration Iops /
Throughput, and the members cloudlife refuses (ValidationError naming them) instead of dropping."""
import os

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import IMAGE, REPO, create_group_with_launch_configuration, describe_group, error_of


@pytest.fixture
def asg(cloudlife):
    """A client on the vendored, newer Auto Scaling model (third_party/aws-models): Debian's
    botocore predates AvailabilityZoneIds, DeletionProtection and the other members tested here."""
    core = botocore.session.Session()
    core.set_config_variable("data_path", os.path.join(REPO, "third_party/aws-models"))
    return boto3.Session(botocore_session=core).client(
        "autoscaling", endpoint_url=cloudlife.endpoint, region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLEFAKE00001", aws_secret_access_key="fakeSecretKey",
        config=Config(retries={"max_attempts": 1}))


def zone_ids(ec2):
    return {z["ZoneName"]: z["ZoneId"] for z in ec2.describe_availability_zones()["AvailabilityZones"]}


def make_lc(asg, name="lc"):
    asg.create_launch_configuration(LaunchConfigurationName=name, ImageId=IMAGE, InstanceType="t3.micro")


def create(asg, name="g", **kw):
    kw.setdefault("AvailabilityZones", ["us-east-1a"])
    if not kw["AvailabilityZones"]:
        del kw["AvailabilityZones"]
    asg.create_auto_scaling_group(AutoScalingGroupName=name, LaunchConfigurationName="lc",
                                  MinSize=kw.pop("MinSize", 0), MaxSize=kw.pop("MaxSize", 4), **kw)


def group_names(asg):
    return [g["AutoScalingGroupName"] for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]]


# --- AvailabilityZoneIds ------------------------------------------------------------------------

def test_zone_ids_place_the_group_in_the_zones_ec2_pairs_them_with(asg, ec2):
    ids = zone_ids(ec2)
    make_lc(asg)
    create(asg, AvailabilityZones=[], AvailabilityZoneIds=[ids["us-east-1b"], ids["us-east-1c"]],
           DesiredCapacity=2)
    g = describe_group(asg, "g")
    assert g["AvailabilityZones"] == ["us-east-1b", "us-east-1c"]
    assert g["AvailabilityZoneIds"] == [ids["us-east-1b"], ids["us-east-1c"]]
    assert sorted(i["AvailabilityZone"] for i in g["Instances"]) == ["us-east-1b", "us-east-1c"]
    assert all(i["AvailabilityZoneId"] == ids[i["AvailabilityZone"]] for i in g["Instances"])
    # UpdateAutoScalingGroup moves it by zone ID too.
    asg.update_auto_scaling_group(AutoScalingGroupName="g", AvailabilityZoneIds=[ids["us-east-1a"]])
    assert describe_group(asg, "g")["AvailabilityZones"] == ["us-east-1a"]


def test_zone_ids_with_zone_names_or_unknown_ids_are_refused(asg, ec2):
    ids = zone_ids(ec2)
    make_lc(asg)
    with pytest.raises(ClientError) as e:
        create(asg, AvailabilityZones=["us-east-1a"], AvailabilityZoneIds=[ids["us-east-1b"]])
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400)
    assert "AvailabilityZones and AvailabilityZoneIds" in message
    with pytest.raises(ClientError) as e:
        create(asg, AvailabilityZones=[], AvailabilityZoneIds=["use1-az99"])
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and "use1-az99" in message
    assert group_names(asg) == []


# --- DeletionProtection -------------------------------------------------------------------------

def test_prevent_all_deletion_refuses_every_delete_until_lowered(cloudlife, asg):
    make_lc(asg)
    create(asg, DeletionProtection="prevent-all-deletion")
    assert describe_group(asg, "g")["DeletionProtection"] == "prevent-all-deletion"
    for force in (False, True):
        with pytest.raises(ClientError) as e:
            asg.delete_auto_scaling_group(AutoScalingGroupName="g", ForceDelete=force)
        code, status, message = error_of(e)
        assert (code, status) == ("ValidationError", 400) and "prevent-all-deletion" in message
    assert group_names(asg) == ["g"]
    asg.update_auto_scaling_group(AutoScalingGroupName="g", DeletionProtection="none")
    asg.delete_auto_scaling_group(AutoScalingGroupName="g")
    assert group_names(asg) == []


def test_prevent_force_deletion_refuses_force_delete_only(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 0, 2, zones=["us-east-1a"],
                                           DeletionProtection="prevent-force-deletion")
    with pytest.raises(ClientError) as e:
        asg.delete_auto_scaling_group(AutoScalingGroupName="web", ForceDelete=True)
    assert error_of(e)[:2] == ("ValidationError", 400)
    assert len(describe_group(asg, "web")["Instances"]) == 1
    # Emptied, it may be deleted without ForceDelete.
    asg.update_auto_scaling_group(AutoScalingGroupName="web", MinSize=0, DesiredCapacity=0)
    cloudlife.advance(120)
    asg.delete_auto_scaling_group(AutoScalingGroupName="web")
    cloudlife.advance(60)
    assert group_names(asg) == []


def test_deletion_protection_defaults_to_none_and_bad_values_are_refused(asg):
    make_lc(asg)
    create(asg)
    assert describe_group(asg, "g")["DeletionProtection"] == "none"
    with pytest.raises(ClientError) as e:
        asg.update_auto_scaling_group(AutoScalingGroupName="g", DeletionProtection="sometimes")
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and "deletionProtection" in message
    assert describe_group(asg, "g")["DeletionProtection"] == "none"


# --- InstanceMaintenancePolicy ------------------------------------------------------------------

def test_maintenance_policy_is_kept_described_and_cleared_with_minus_one(asg):
    make_lc(asg)
    create(asg, InstanceMaintenancePolicy={"MinHealthyPercentage": 90, "MaxHealthyPercentage": 120})
    assert describe_group(asg, "g")["InstanceMaintenancePolicy"] == {
        "MinHealthyPercentage": 90, "MaxHealthyPercentage": 120}
    asg.update_auto_scaling_group(AutoScalingGroupName="g", InstanceMaintenancePolicy={
        "MinHealthyPercentage": 100, "MaxHealthyPercentage": 110})
    assert describe_group(asg, "g")["InstanceMaintenancePolicy"] == {
        "MinHealthyPercentage": 100, "MaxHealthyPercentage": 110}
    asg.update_auto_scaling_group(AutoScalingGroupName="g", InstanceMaintenancePolicy={
        "MinHealthyPercentage": -1, "MaxHealthyPercentage": -1})
    assert "InstanceMaintenancePolicy" not in describe_group(asg, "g")


@pytest.mark.parametrize("policy, word", [
    ({"MinHealthyPercentage": 101, "MaxHealthyPercentage": 150}, "minHealthyPercentage"),
    ({"MinHealthyPercentage": 50, "MaxHealthyPercentage": 201}, "maxHealthyPercentage"),
    ({"MinHealthyPercentage": 50}, "Both"),
    ({"MinHealthyPercentage": 50, "MaxHealthyPercentage": 90}, "between 100 and 200"),
    ({"MinHealthyPercentage": 0, "MaxHealthyPercentage": 150}, "difference"),
    ({"MinHealthyPercentage": 100, "MaxHealthyPercentage": 100}, "both be 100"),
])
def test_invalid_maintenance_policies_are_refused(asg, policy, word):
    make_lc(asg)
    with pytest.raises(ClientError) as e:
        create(asg, InstanceMaintenancePolicy=policy)
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and word in message
    assert group_names(asg) == []


def test_instance_refresh_takes_its_healthy_percentages_from_the_maintenance_policy(cloudlife, asg):
    cloudlife.timing("instant", {"pending": 30})
    create_group_with_launch_configuration(asg, "web", 4, 0, 8, zones=["us-east-1a"],
                                           InstanceMaintenancePolicy={"MinHealthyPercentage": 100,
                                                                      "MaxHealthyPercentage": 150})
    cloudlife.advance(60)
    old = {i["InstanceId"] for i in describe_group(asg)["Instances"]}
    rid = asg.start_instance_refresh(AutoScalingGroupName="web")["InstanceRefreshId"]
    prefs = asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"][0]["Preferences"]
    assert (prefs["MinHealthyPercentage"], prefs["MaxHealthyPercentage"]) == (100, 150)
    # Launch before terminating: the group grows to 150 % and never drops below 4 in service.
    counts = []
    for _ in range(60):
        cloudlife.advance(10)
        g = describe_group(asg)
        counts.append(len(g["Instances"]))
        assert sum(i["LifecycleState"] == "InService" for i in g["Instances"]) >= 4
        r = asg.describe_instance_refreshes(AutoScalingGroupName="web", InstanceRefreshIds=[rid])
        if r["InstanceRefreshes"][0]["Status"] == "Successful":
            break
    assert r["InstanceRefreshes"][0]["Status"] == "Successful"
    assert max(counts) == 6
    assert not {i["InstanceId"] for i in describe_group(asg)["Instances"]} & old
    # Preferences given explicitly win over the policy.
    asg.start_instance_refresh(AutoScalingGroupName="web", Preferences={"MinHealthyPercentage": 50})
    prefs = asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"][0]["Preferences"]
    assert (prefs["MinHealthyPercentage"], prefs["MaxHealthyPercentage"]) == (50, 150)


def test_without_a_policy_or_preferences_refresh_uses_90_and_100(asg):
    create_group_with_launch_configuration(asg, "web", 1, 0, 2, zones=["us-east-1a"])
    asg.start_instance_refresh(AutoScalingGroupName="web")
    prefs = asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"][0]["Preferences"]
    assert (prefs["MinHealthyPercentage"], prefs["MaxHealthyPercentage"]) == (90, 100)


# --- CancelInstanceRefresh WaitForTransitioningInstances ----------------------------------------

def slow_refresh(cloudlife, asg):
    cloudlife.timing("instant", {"pending": 60})
    create_group_with_launch_configuration(asg, "web", 2, 0, 4, zones=["us-east-1a"])
    cloudlife.advance(120)
    asg.start_instance_refresh(AutoScalingGroupName="web", Preferences={"MinHealthyPercentage": 50})
    cloudlife.advance(1)  # one instance replaced: its replacement is Pending for a minute
    assert any(i["LifecycleState"] == "Pending" for i in describe_group(asg)["Instances"])


def test_cancel_waits_for_transitioning_instances_by_default(cloudlife, asg):
    slow_refresh(cloudlife, asg)
    asg.cancel_instance_refresh(AutoScalingGroupName="web")
    r = asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"][0]
    assert r["Status"] == "Cancelling"
    cloudlife.advance(120)
    assert asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"][0]["Status"] \
        == "Cancelled"


def test_cancel_without_waiting_is_cancelled_at_once(cloudlife, asg):
    slow_refresh(cloudlife, asg)
    asg.cancel_instance_refresh(AutoScalingGroupName="web", WaitForTransitioningInstances=False)
    r = asg.describe_instance_refreshes(AutoScalingGroupName="web")["InstanceRefreshes"][0]
    assert r["Status"] == "Cancelled"
    # The launch in flight still completes as an ordinary member.
    assert any(i["LifecycleState"] == "Pending" for i in describe_group(asg)["Instances"])
    cloudlife.advance(120)
    assert [i["LifecycleState"] for i in describe_group(asg)["Instances"]] == ["InService", "InService"]


# --- DescribeAutoScalingGroups IncludeInstances -------------------------------------------------

def test_include_instances_false_leaves_the_instances_out(asg):
    create_group_with_launch_configuration(asg, "web", 2, 0, 2, zones=["us-east-1a"])
    assert len(describe_group(asg)["Instances"]) == 2
    g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"], IncludeInstances=False)
    assert "Instances" not in g["AutoScalingGroups"][0]
    g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"], IncludeInstances=True)
    assert len(g["AutoScalingGroups"][0]["Instances"]) == 2


# --- AvailabilityZoneDistribution ---------------------------------------------------------------

def exhaust(cloudlife, zone, instance_type="t3.micro"):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [{
        "region": "us-east-1", "zone": zone, "instance_type": instance_type, "market": "on-demand",
        "available": 0}]})


def test_balanced_best_effort_launches_in_another_zone(cloudlife, asg):
    make_lc(asg)
    create(asg, AvailabilityZones=["us-east-1a", "us-east-1b"])
    assert describe_group(asg, "g")["AvailabilityZoneDistribution"] == {
        "CapacityDistributionStrategy": "balanced-best-effort"}
    exhaust(cloudlife, "us-east-1a")
    asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=2)
    cloudlife.advance(60)
    assert [i["AvailabilityZone"] for i in describe_group(asg, "g")["Instances"]] == ["us-east-1b"] * 2


def test_balanced_only_keeps_to_the_balanced_zone(cloudlife, asg):
    make_lc(asg)
    create(asg, AvailabilityZones=["us-east-1a", "us-east-1b"],
           AvailabilityZoneDistribution={"CapacityDistributionStrategy": "balanced-only"})
    assert describe_group(asg, "g")["AvailabilityZoneDistribution"] == {
        "CapacityDistributionStrategy": "balanced-only"}
    exhaust(cloudlife, "us-east-1a")
    asg.set_desired_capacity(AutoScalingGroupName="g", DesiredCapacity=2)
    cloudlife.advance(60)
    zones = [i["AvailabilityZone"] for i in describe_group(asg, "g")["Instances"]]
    assert zones.count("us-east-1a") == 0 and zones.count("us-east-1b") <= 1
    with pytest.raises(ClientError) as e:
        asg.update_auto_scaling_group(AutoScalingGroupName="g", AvailabilityZoneDistribution={
            "CapacityDistributionStrategy": "everywhere"})
    assert error_of(e)[:2] == ("ValidationError", 400)


# --- launch configuration Iops / Throughput -----------------------------------------------------

def test_launch_configuration_iops_and_throughput_are_kept(asg):
    asg.create_launch_configuration(
        LaunchConfigurationName="lc", ImageId=IMAGE, InstanceType="t3.micro",
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda",
                              "Ebs": {"VolumeSize": 20, "VolumeType": "gp3", "Iops": 4000, "Throughput": 250}}])
    lc = asg.describe_launch_configurations(LaunchConfigurationNames=["lc"])["LaunchConfigurations"][0]
    ebs = lc["BlockDeviceMappings"][0]["Ebs"]
    assert (ebs["Iops"], ebs["Throughput"]) == (4000, 250)


# --- members refused rather than ignored --------------------------------------------------------

@pytest.mark.parametrize("member, value", [
    ("AvailabilityZoneImpairmentPolicy", {"ZonalShiftEnabled": True,
                                          "ImpairedZoneHealthCheckBehavior": "IgnoreUnhealthy"}),
    ("SkipZonalShiftValidation", True),
    ("CapacityReservationSpecification", {"CapacityReservationPreference": "capacity-reservations-only"}),
    ("InstanceLifecyclePolicy", {"RetentionTriggers": {"TerminateHookAbandon": "retain"}}),
])
def test_unmodelled_group_members_are_refused_by_name(asg, member, value):
    make_lc(asg)
    with pytest.raises(ClientError) as e:
        create(asg, **{member: value})
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and member in message
    assert group_names(asg) == []
    create(asg)
    with pytest.raises(ClientError) as e:
        asg.update_auto_scaling_group(AutoScalingGroupName="g", **{member: value})
    assert error_of(e)[:2] == ("ValidationError", 400) and member in error_of(e)[2]


def test_operator_is_refused_by_name(asg):
    make_lc(asg)
    with pytest.raises(ClientError) as e:
        create(asg, Operator={"Principal": "ec2.amazonaws.com"})
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and "Operator" in message
    assert group_names(asg) == []


def test_attach_traffic_sources_skip_zonal_shift_validation_is_refused(cloudlife, asg):
    make_lc(asg)
    create(asg)
    cloudlife.client("elb").create_load_balancer(
        LoadBalancerName="lb", AvailabilityZones=["us-east-1a"],
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}])
    with pytest.raises(ClientError) as e:
        asg.attach_traffic_sources(AutoScalingGroupName="g", TrafficSources=[{"Identifier": "lb", "Type": "elb"}],
                                   SkipZonalShiftValidation=True)
    assert error_of(e)[:2] == ("ValidationError", 400) and "SkipZonalShiftValidation" in error_of(e)[2]
    assert asg.describe_traffic_sources(AutoScalingGroupName="g")["TrafficSources"] == []


@pytest.mark.parametrize("member, value", [
    ("MaxSpotPriceAsPercentageOfOptimalOnDemandPrice", 60),
    ("BaselinePerformanceFactors", {"Cpu": {"References": [{"InstanceFamily": "c6i"}]}}),
])
def test_unmodelled_instance_requirements_members_are_refused_by_name(asg, ec2, member, value):
    lt = ec2.create_launch_template(LaunchTemplateName="abs-lt", LaunchTemplateData={"ImageId": IMAGE})[
        "LaunchTemplate"]["LaunchTemplateId"]
    reqs = {"VCpuCount": {"Min": 2}, "MemoryMiB": {"Min": 2048}, member: value}
    with pytest.raises(ClientError) as e:
        asg.create_auto_scaling_group(
            AutoScalingGroupName="abs", MinSize=0, MaxSize=2, AvailabilityZones=["us-east-1a"],
            MixedInstancesPolicy={"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": lt},
                                                     "Overrides": [{"InstanceRequirements": reqs}]}})
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and member in message
    assert group_names(asg) == []
