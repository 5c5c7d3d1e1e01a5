"""Auto Scaling groups always converge: AZ rebalancing with scale-in protected members, and the
drain Terraform runs before deleting a group (issue 17 items 2 and 3). Each scenario runs under
the `instant` and the `realistic` timing profile on a frozen clock; a client read timeout turns a
server that spins into a failure instead of a hang."""
import pytest

from conftest import IMAGE, describe_group


def default_subnet(ec2, zone):
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]},
                                            {"Name": "availability-zone", "Values": [zone]}])["Subnets"]
    return subnets[0]["SubnetId"]


@pytest.fixture
def asg_client(cloudlife):
    # One attempt, a short read timeout: a reconcile loop that never ends fails the test.
    return cloudlife.client("autoscaling", read_timeout=10, connect_timeout=5)


def zone_counts(g):
    counts = {}
    for i in g["Instances"]:
        counts[i["AvailabilityZone"]] = counts.get(i["AvailabilityZone"], 0) + 1
    return counts


def rebalance_allowance(max_size):
    # Rebalancing may exceed MaxSize by 10 % or by one instance, whichever is greater.
    return max(1, max_size // 10)


def settle(cloudlife, asg, name, seconds=600, step=15):
    """Advances the frozen clock in steps; after each step the group answers within the client's
    timeout and stays within MaxSize plus the rebalancing allowance. Returns the last view."""
    g = describe_group(asg, name)
    for _ in range(seconds // step):
        cloudlife.advance(step)
        g = describe_group(asg, name)
        assert len(g["Instances"]) <= g["MaxSize"] + rebalance_allowance(g["MaxSize"]), g["Instances"]
    return g


def make_protected_group(cloudlife, asg, ec2, name, size, subnet):
    asg.create_launch_configuration(LaunchConfigurationName=name + "-lc", ImageId=IMAGE,
                                    InstanceType="t3.micro")
    asg.create_auto_scaling_group(AutoScalingGroupName=name, LaunchConfigurationName=name + "-lc",
                                  MinSize=1, MaxSize=size, DesiredCapacity=size, VPCZoneIdentifier=subnet,
                                  NewInstancesProtectedFromScaleIn=True)
    g = settle(cloudlife, asg, name, seconds=60)
    assert [i["LifecycleState"] for i in g["Instances"]] == ["InService"] * size
    assert all(i["ProtectedFromScaleIn"] for i in g["Instances"])
    return g


@pytest.mark.parametrize("protect_new", [True, False])
@pytest.mark.parametrize("profile", ["instant", "realistic"])
def test_rezoning_a_fully_protected_group_never_loops_and_terminates_nothing(cloudlife, asg_client, ec2,
                                                                             profile, protect_new):
    # protect_new=False is issue 17's livelock: the rebalancing launch was the only unprotected
    # member, so it was terminated as excess and launched again at the same instant, forever.
    cloudlife.timing(profile)
    a, b = default_subnet(ec2, "us-east-1a"), default_subnet(ec2, "us-east-1b")
    before = make_protected_group(cloudlife, asg_client, ec2, "prot", 5, a)
    asg_client.update_auto_scaling_group(AutoScalingGroupName="prot", VPCZoneIdentifier=f"{a},{b}",
                                         NewInstancesProtectedFromScaleIn=protect_new)
    g = settle(cloudlife, asg_client, "prot")
    # Rebalancing never terminates a protected instance, so it has nothing to move: no churn.
    assert g["AvailabilityZones"] == ["us-east-1a", "us-east-1b"]
    assert sorted(i["InstanceId"] for i in g["Instances"]) == sorted(i["InstanceId"] for i in before["Instances"])
    acts = asg_client.describe_scaling_activities(AutoScalingGroupName="prot")["Activities"]
    assert len(acts) == 5 and all(x["Description"].startswith("Launching") for x in acts)


@pytest.mark.parametrize("profile", ["instant", "realistic"])
def test_rezoning_moves_only_unprotected_instances(cloudlife, asg_client, ec2, profile):
    cloudlife.timing(profile)
    a, b = default_subnet(ec2, "us-east-1a"), default_subnet(ec2, "us-east-1b")
    before = make_protected_group(cloudlife, asg_client, ec2, "mix", 5, a)
    free = [i["InstanceId"] for i in before["Instances"][:2]]
    asg_client.set_instance_protection(AutoScalingGroupName="mix", InstanceIds=free, ProtectedFromScaleIn=False)
    asg_client.update_auto_scaling_group(AutoScalingGroupName="mix", VPCZoneIdentifier=f"{a},{b}")
    g = settle(cloudlife, asg_client, "mix")
    # Launch first in the short zone, then terminate an unprotected instance of the long one, until
    # the zones differ by one or no unprotected instance is left where there are too many.
    assert zone_counts(g) == {"us-east-1a": 3, "us-east-1b": 2}
    ids = {i["InstanceId"] for i in g["Instances"]}
    assert not ids & set(free)
    assert {i["InstanceId"] for i in before["Instances"][2:]} <= ids
    assert all(i["LifecycleState"] == "InService" and i["ProtectedFromScaleIn"] for i in g["Instances"])
    acts = asg_client.describe_scaling_activities(AutoScalingGroupName="mix")["Activities"]
    assert sum(x["Description"].startswith("Terminating") for x in acts) == 2
    assert sum("to balance instances in zones" in x["Cause"] for x in acts) == 2


@pytest.mark.parametrize("profile", ["instant", "realistic"])
def test_rezoning_an_unprotected_group_at_max_uses_the_allowance_and_balances(cloudlife, asg_client, ec2,
                                                                               profile):
    cloudlife.timing(profile)
    a, b = default_subnet(ec2, "us-east-1a"), default_subnet(ec2, "us-east-1b")
    asg_client.create_launch_configuration(LaunchConfigurationName="free-lc", ImageId=IMAGE,
                                           InstanceType="t3.micro")
    asg_client.create_auto_scaling_group(AutoScalingGroupName="free", LaunchConfigurationName="free-lc",
                                         MinSize=4, MaxSize=4, DesiredCapacity=4, VPCZoneIdentifier=a)
    settle(cloudlife, asg_client, "free", seconds=60)
    asg_client.update_auto_scaling_group(AutoScalingGroupName="free", VPCZoneIdentifier=f"{a},{b}")
    g = settle(cloudlife, asg_client, "free")
    assert zone_counts(g) == {"us-east-1a": 2, "us-east-1b": 2}
    assert all(i["LifecycleState"] == "InService" for i in g["Instances"])


def terraform_drain(cloudlife, asg, name, poll_seconds=5, max_polls=720):
    """terraform-provider-aws resourceGroupDelete without force_delete: drainGroup, then
    DeleteAutoScalingGroup and wait until it is gone. Returns the number of drain polls."""
    group = describe_group(asg, name)
    asg.update_auto_scaling_group(AutoScalingGroupName=name, DesiredCapacity=0, MinSize=0, MaxSize=0)
    protected = [i["InstanceId"] for i in group["Instances"] if i["ProtectedFromScaleIn"]]
    for start in range(0, len(protected), 50):
        asg.set_instance_protection(AutoScalingGroupName=name, InstanceIds=protected[start:start + 50],
                                    ProtectedFromScaleIn=False)
    polls = 0
    while describe_group(asg, name)["Instances"]:  # waitGroupDrained
        polls += 1
        assert polls <= max_polls, describe_group(asg, name)["Instances"]
        cloudlife.advance(poll_seconds)
    asg.delete_auto_scaling_group(AutoScalingGroupName=name, ForceDelete=False)
    for _ in range(max_polls):
        if not asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"]:
            return polls
        cloudlife.advance(poll_seconds)
    raise AssertionError("group still listed after its deletion")


@pytest.mark.parametrize("profile", ["instant", "realistic"])
def test_terraform_destroy_drains_a_protected_group(cloudlife, asg_client, ec2, profile):
    cloudlife.timing(profile)
    a, b = default_subnet(ec2, "us-east-1a"), default_subnet(ec2, "us-east-1b")
    g = make_protected_group(cloudlife, asg_client, ec2, "tf", 3, f"{a},{b}")
    ids = [i["InstanceId"] for i in g["Instances"]]
    polls = terraform_drain(cloudlife, asg_client, "tf")
    if profile == "instant":
        assert polls == 0  # terminated as soon as the protection is gone: the first poll sees none
    states = {i["InstanceId"]: i["State"]["Name"]
              for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]}
    assert states == {i: "terminated" for i in ids}


@pytest.mark.parametrize("profile", ["instant", "realistic"])
def test_unprotecting_a_member_of_a_group_above_desired_lets_it_converge(cloudlife, asg_client, ec2, profile):
    cloudlife.timing(profile)
    a = default_subnet(ec2, "us-east-1a")
    g = make_protected_group(cloudlife, asg_client, ec2, "over", 3, a)
    asg_client.set_desired_capacity(AutoScalingGroupName="over", DesiredCapacity=1)
    g = settle(cloudlife, asg_client, "over", seconds=60)
    assert len(g["Instances"]) == 3  # every member protected: the group stays above desired
    victim = g["Instances"][0]["InstanceId"]
    asg_client.set_instance_protection(AutoScalingGroupName="over", InstanceIds=[victim],
                                       ProtectedFromScaleIn=False)
    if profile == "instant":  # the next read already sees it leave, without any clock step
        states = {i["InstanceId"]: i["LifecycleState"] for i in describe_group(asg_client, "over")["Instances"]}
        assert states.get(victim, "Terminated").startswith("Terminat")
    g = settle(cloudlife, asg_client, "over", seconds=60)
    assert victim not in {i["InstanceId"] for i in g["Instances"]}
    assert len(g["Instances"]) == 2
