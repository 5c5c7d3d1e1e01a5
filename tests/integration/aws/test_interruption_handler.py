"""An interruption handler's scenario (issue 12 §7): a Spot member of an Auto Scaling group gets a
two-minute notice. The handler sees it in IMDS and as an EventBridge event, takes the instance out
of its group (without lowering the desired capacity); the terminate lifecycle hook holds it while
the group launches a replacement; the handler completes the hook and the instance terminates —
all observed, in that order, through boto3, urllib and /_cloudlife/service-events."""
import json
import urllib.error
import urllib.parse
import urllib.request

from conftest import IMAGE


def imds(cloudlife, iid, path):
    base = f"{cloudlife.endpoint}/_cloudlife/imds/{iid}/latest/"
    req = urllib.request.Request(base + "api/token", method="PUT", data=b"",
                                 headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    token = urllib.request.urlopen(req, timeout=10).read().decode()
    req = urllib.request.Request(base + path, headers={"X-aws-ec2-metadata-token": token})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, ""


def events(cloudlife, **query):
    return cloudlife.control("GET", "/_cloudlife/service-events?" + urllib.parse.urlencode(query))["events"]


def first_seq(evts, detail_type, instance_key, instance_id, **detail):
    for e in evts:
        ev = e["event"]
        if ev["detail-type"] == detail_type and ev["detail"].get(instance_key) == instance_id and all(
                ev["detail"].get(k) == v for k, v in detail.items()):
            return e["seq"]
    raise AssertionError(f"no {detail_type} for {instance_id}")


def test_spot_member_notice_hook_replacement_termination_in_order(cloudlife, ec2):
    asg = cloudlife.client("autoscaling")
    ec2.create_launch_template(LaunchTemplateName="spot-nodes", LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "c5.large",
        "InstanceMarketOptions": {"MarketType": "spot"}})
    asg.create_auto_scaling_group(
        AutoScalingGroupName="nodes", MinSize=1, MaxSize=3, DesiredCapacity=1,
        LaunchTemplate={"LaunchTemplateName": "spot-nodes", "Version": "$Latest"},
        AvailabilityZones=["us-east-1a"])
    asg.put_lifecycle_hook(AutoScalingGroupName="nodes", LifecycleHookName="drain",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING",
                           HeartbeatTimeout=300, DefaultResult="CONTINUE")
    cloudlife.advance(30)
    [member] = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["nodes"])["AutoScalingGroups"][0]["Instances"]
    victim = member["InstanceId"]
    assert member["LifecycleState"] == "InService"
    assert imds(cloudlife, victim, "meta-data/instance-life-cycle") == (200, "spot")
    assert imds(cloudlife, victim, "meta-data/autoscaling/target-lifecycle-state") == (200, "InService")
    assert imds(cloudlife, victim, "meta-data/spot/instance-action")[0] == 404

    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "spot-interruption", "instance_id": victim})
    # 1. The handler sees the notice in IMDS …
    status, body = imds(cloudlife, victim, "meta-data/spot/instance-action")
    assert status == 200 and json.loads(body)["action"] == "terminate"
    # 2. … and on the event bus.
    warning = first_seq(events(cloudlife), "EC2 Spot Instance Interruption Warning", "instance-id", victim)

    # The handler takes the instance out of service, keeping the desired capacity.
    asg.terminate_instance_in_auto_scaling_group(InstanceId=victim, ShouldDecrementDesiredCapacity=False)
    cloudlife.advance(5)
    # 3. The terminate hook holds it; IMDS says where it is heading.
    hook = first_seq(events(cloudlife), "EC2 Instance-terminate Lifecycle Action", "EC2InstanceId", victim)
    assert imds(cloudlife, victim, "meta-data/autoscaling/target-lifecycle-state") == (200, "Terminated")
    # 4. The group launches a replacement meanwhile.
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["nodes"])["AutoScalingGroups"][0]
    others = [i["InstanceId"] for i in group["Instances"] if i["InstanceId"] != victim]
    assert len(others) == 1
    replacement = first_seq(events(cloudlife), "EC2 Instance Launch Successful", "EC2InstanceId", others[0])

    # The handler has drained the node: it lets the termination go on.
    asg.complete_lifecycle_action(AutoScalingGroupName="nodes", LifecycleHookName="drain",
                                  InstanceId=victim, LifecycleActionResult="CONTINUE")
    cloudlife.advance(5)
    # 5. The instance terminates.
    terminated = first_seq(events(cloudlife), "EC2 Instance State-change Notification", "instance-id", victim,
                           state="terminated")
    first_seq(events(cloudlife), "EC2 Instance Terminate Successful", "EC2InstanceId", victim)
    assert warning < hook < replacement < terminated
    assert ec2.describe_instances(InstanceIds=[victim])["Reservations"][0]["Instances"][0]["State"]["Name"] == "terminated"
