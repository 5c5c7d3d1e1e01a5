"""Auto Scaling with HealthCheckType ELB: a member its target group reports unhealthy becomes
Unhealthy once the health check grace period is over and is replaced, with AWS's activity Cause;
HealthCheckType EC2 ignores the load balancer's view. Traffic source Types are honoured."""
import urllib.parse

import pytest
from conftest import create_group_with_launch_configuration, describe_group

ELB_CAUSE = "an instance was taken out of service in response to an ELB system health check failure."


@pytest.fixture
def elbv2(cloudlife):
    return cloudlife.client("elbv2")


def alb_with_target_group(ec2, elbv2):
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    subnets = [s["SubnetId"] for s in sorted(subnets, key=lambda s: s["AvailabilityZone"])][:2]
    lb = elbv2.create_load_balancer(Name="front", Subnets=subnets)["LoadBalancers"][0]
    tg = elbv2.create_target_group(Name="app", Protocol="HTTP", Port=80, HealthCheckIntervalSeconds=10,
                                   UnhealthyThresholdCount=2)["TargetGroups"][0]
    elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
    return tg["TargetGroupArn"]


def fail_target(cloudlife, instance_id):
    return cloudlife.control("PUT", "/_cloudlife/target-health", {
        "region": "us-east-1", "target_id": instance_id, "healthy": False,
        "reason": "Target.ResponseCodeMismatch"})


def test_elb_health_check_replaces_a_member_its_target_group_reports_unhealthy(cloudlife, asg, ec2, elbv2):
    tg = alb_with_target_group(ec2, elbv2)
    create_group_with_launch_configuration(asg, "web", 1, 1, 2, TargetGroupARNs=[tg], HealthCheckType="ELB",
                                           HealthCheckGracePeriod=120)
    (member,) = describe_group(asg)["Instances"]
    old = member["InstanceId"]
    rows = elbv2.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
    assert [(r["Target"]["Id"], r["TargetHealth"]["State"]) for r in rows] == [(old, "healthy")]
    fail_target(cloudlife, old)
    rows = elbv2.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
    assert rows[0]["TargetHealth"]["State"] == "unhealthy"
    assert rows[0]["TargetHealth"]["Reason"] == "Target.ResponseCodeMismatch"
    # Inside the grace period the member stays Healthy.
    cloudlife.advance(60)
    assert describe_group(asg)["Instances"][0]["HealthStatus"] == "Healthy"
    cloudlife.advance(60)
    cloudlife.advance(1)
    instances = describe_group(asg)["Instances"]
    assert old not in [i["InstanceId"] for i in instances]
    assert len(instances) == 1 and instances[0]["HealthStatus"] == "Healthy"
    activities = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    terminating = [a for a in activities if a["Description"] == f"Terminating EC2 instance: {old}"]
    assert len(terminating) == 1
    assert terminating[0]["Cause"].startswith("At ") and terminating[0]["Cause"].endswith(ELB_CAUSE)
    # The replacement registers with the target group and is healthy.
    new = instances[0]["InstanceId"]
    rows = elbv2.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
    assert [(r["Target"]["Id"], r["TargetHealth"]["State"]) for r in rows] == [(new, "healthy")]


def test_ec2_health_check_type_ignores_the_target_group(cloudlife, asg, ec2, elbv2):
    tg = alb_with_target_group(ec2, elbv2)
    create_group_with_launch_configuration(asg, "web", 1, 1, 2, TargetGroupARNs=[tg])
    old = describe_group(asg)["Instances"][0]["InstanceId"]
    fail_target(cloudlife, old)
    cloudlife.advance(600)
    instances = describe_group(asg)["Instances"]
    assert [(i["InstanceId"], i["HealthStatus"]) for i in instances] == [(old, "Healthy")]


def test_elb_health_over_realistic_time_waits_for_the_unhealthy_threshold(cloudlife, asg, ec2, elbv2):
    cloudlife.timing("realistic", overrides={"pending": 0, "load-balancer-provisioning": 0,
                                             "status-checks": 0})
    tg = alb_with_target_group(ec2, elbv2)
    create_group_with_launch_configuration(asg, "web", 1, 1, 2, TargetGroupARNs=[tg], HealthCheckType="ELB",
                                           HealthCheckGracePeriod=0)
    cloudlife.advance(1)
    old = describe_group(asg)["Instances"][0]["InstanceId"]
    answer = fail_target(cloudlife, old)
    assert len(answer["seen_by_target_groups_at"]) == 1
    cloudlife.advance(19)  # 2 × 10 s are not over yet
    assert [i["InstanceId"] for i in describe_group(asg)["Instances"]] == [old]
    assert describe_group(asg)["Instances"][0]["HealthStatus"] == "Healthy"
    cloudlife.advance(1)
    cloudlife.advance(60)
    # Terminating, draining out of the target group for its deregistration delay (300 s).
    states = {i["InstanceId"]: i["LifecycleState"] for i in describe_group(asg)["Instances"]}
    assert states[old] == "Terminating" and len(states) == 2
    cloudlife.advance(300)
    assert old not in [i["InstanceId"] for i in describe_group(asg)["Instances"]]


def target_states(elbv2, tg):
    rows = elbv2.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
    return {r["Target"]["Id"]: (r["TargetHealth"]["State"], r["TargetHealth"].get("Reason")) for r in rows}


def test_scale_in_waits_for_the_target_groups_deregistration_delay(cloudlife, asg, ec2, elbv2):
    cloudlife.timing("realistic", overrides={"pending": 0, "load-balancer-provisioning": 0,
                                             "status-checks": 0, "shutting-down": 0})
    tg = alb_with_target_group(ec2, elbv2)
    elbv2.modify_target_group_attributes(TargetGroupArn=tg, Attributes=[
        {"Key": "deregistration_delay.timeout_seconds", "Value": "45"}])
    create_group_with_launch_configuration(asg, "web", 1, 0, 2, TargetGroupARNs=[tg])
    asg.put_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="drain-logs",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING", HeartbeatTimeout=60,
                           DefaultResult="CONTINUE")
    cloudlife.advance(60)  # past the healthy threshold's checks
    old = describe_group(asg)["Instances"][0]["InstanceId"]
    assert target_states(elbv2, tg)[old][0] == "healthy"
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    # First the load balancer: the target drains, the instance still runs, the activity waits.
    assert describe_group(asg)["Instances"][0]["LifecycleState"] == "Terminating"
    assert target_states(elbv2, tg)[old] == ("draining", "Target.DeregistrationInProgress")
    [activity] = [a for a in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
                  if a["Description"] == f"Terminating EC2 instance: {old}"]
    assert activity["StatusCode"] == "WaitingForELBConnectionDraining"
    cloudlife.advance(44)
    assert describe_group(asg)["Instances"][0]["LifecycleState"] == "Terminating"
    assert ec2.describe_instances(InstanceIds=[old])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"
    # Then the terminating hook's wait, then EC2.
    cloudlife.advance(1)
    assert old not in target_states(elbv2, tg)
    assert describe_group(asg)["Instances"][0]["LifecycleState"] == "Terminating:Wait"
    asg.complete_lifecycle_action(AutoScalingGroupName="web", LifecycleHookName="drain-logs",
                                  InstanceId=old, LifecycleActionResult="CONTINUE")
    cloudlife.advance(1)
    assert describe_group(asg)["Instances"] == []
    assert ec2.describe_instances(InstanceIds=[old])["Reservations"][0]["Instances"][0]["State"]["Name"] == "terminated"


def attach_traffic_source(cloudlife, identifier, source_type):
    """AttachTrafficSources with TrafficSources.member.1.Type, sent as the Query API form (Debian's
    botocore predates the Type member)."""
    body = urllib.parse.urlencode({
        "Action": "AttachTrafficSources", "Version": "2011-01-01", "AutoScalingGroupName": "web",
        "TrafficSources.member.1.Identifier": identifier, "TrafficSources.member.1.Type": source_type})
    status, _, answer = cloudlife.request("POST", "/", body.encode(), [
        ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
    return status, answer.decode()


def test_traffic_source_types_are_validated_not_ignored(cloudlife, asg, ec2, elbv2):
    tg = alb_with_target_group(ec2, elbv2)
    create_group_with_launch_configuration(asg, "web", 0, 0, 2)
    for identifier, source_type in ((tg, "elb"), ("front", "elbv2"),
                                    ("arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0",
                                     "vpc-lattice"),
                                    (tg, "nlb")):
        status, answer = attach_traffic_source(cloudlife, identifier, source_type)
        assert status == 400 and "<Code>ValidationError</Code>" in answer, (source_type, answer)
    for source_type in ("elb", "elbv2"):
        assert asg.describe_traffic_sources(AutoScalingGroupName="web",
                                            TrafficSourceType=source_type)["TrafficSources"] == []
    status, answer = attach_traffic_source(cloudlife, tg, "elbv2")
    assert status == 200, answer
    sources = asg.describe_traffic_sources(AutoScalingGroupName="web", TrafficSourceType="elbv2")["TrafficSources"]
    assert [s["TrafficSource"] for s in sources] == [tg]
    assert asg.describe_traffic_sources(AutoScalingGroupName="web", TrafficSourceType="elb")["TrafficSources"] == []
