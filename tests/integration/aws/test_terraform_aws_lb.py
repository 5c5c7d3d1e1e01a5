"""Terraform's aws_lb + aws_lb_target_group + aws_lb_listener + aws_lb_target_group_attachment,
replayed call by call from hashicorp/terraform-provider-aws internal/service/elbv2/:
load_balancer.go (resourceLoadBalancerCreate / Read / Update / Delete, waitLoadBalancerActive),
target_group.go, listener.go and target_group_attachment.go (resourceAttachmentCreate / Read /
Delete), against cloudlife under the realistic timing profile so the waiters actually wait."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of, launch


@pytest.fixture
def elbv2(cloudlife):
    return cloudlife.client("elbv2")


# load_balancer.go resourceLoadBalancerCreate: the attributes an application load balancer is
# created with when the configuration sets none (loadBalancerAttributes.expand + access/connection logs).
ALB_CREATE_ATTRIBUTES = {
    "access_logs.s3.enabled": "false", "connection_logs.s3.enabled": "false",
    "client_keep_alive.seconds": "3600", "routing.http.desync_mitigation_mode": "defensive",
    "routing.http.drop_invalid_header_fields.enabled": "false", "deletion_protection.enabled": "false",
    "routing.http2.enabled": "true", "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": "false",
    "waf.fail_open.enabled": "false", "routing.http.xff_client_port.enabled": "false",
    "zonal_shift.config.enabled": "false", "idle_timeout.timeout_seconds": "60",
    "routing.http.preserve_host_header.enabled": "false", "routing.http.xff_header_processing.mode": "append",
}


def wait_load_balancer_active(cloudlife, elbv2, arn):
    """waitLoadBalancerActive: polls DescribeLoadBalancers until State.Code is active."""
    for _ in range(40):
        lb = elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]
        if lb["State"]["Code"] == "active":
            return lb
        assert lb["State"]["Code"] == "provisioning"
        cloudlife.advance(10)
    raise AssertionError("load balancer never became active")


def read_load_balancer(elbv2, arn):
    """resourceLoadBalancerRead: the load balancer, its attributes, capacity reservation and tags."""
    lb = elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]
    for field in ("DNSName", "CanonicalHostedZoneId", "VpcId", "Scheme", "IpAddressType", "Type"):
        assert lb[field], field
    subnets = [z["SubnetId"] for z in lb["AvailabilityZones"]]
    attributes = {a["Key"]: a["Value"] for a in
                  elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}
    if hasattr(elbv2, "describe_capacity_reservation"):  # newer botocore than Debian's
        capacity = elbv2.describe_capacity_reservation(LoadBalancerArn=arn)
        assert "MinimumLoadBalancerCapacity" not in capacity
    tags = elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"][0]["Tags"]
    return lb, subnets, attributes, tags


def test_terraform_aws_lb_listener_target_group_attachment(cloudlife, ec2, elbv2):
    cloudlife.timing("realistic", overrides={"pending": 5})
    (instance,) = launch(ec2)
    cloudlife.advance(5)
    subnets = [s["SubnetId"] for s in sorted(ec2.describe_subnets(
        Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])][:2]

    # aws_lb: findLoadBalancer by name must be NotFound first.
    with pytest.raises(ClientError) as e:
        elbv2.describe_load_balancers(Names=["tf-alb"])
    assert error_of(e)[0] == "LoadBalancerNotFound"
    created = elbv2.create_load_balancer(Name="tf-alb", Type="application", Subnets=subnets,
                                         Tags=[{"Key": "Name", "Value": "tf-alb"}])["LoadBalancers"][0]
    arn = created["LoadBalancerArn"]
    assert created["State"]["Code"] == "provisioning"
    wait_load_balancer_active(cloudlife, elbv2, arn)
    elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
        {"Key": k, "Value": v} for k, v in ALB_CREATE_ATTRIBUTES.items()])
    wait_load_balancer_active(cloudlife, elbv2, arn)
    lb, lb_subnets, attributes, tags = read_load_balancer(elbv2, arn)
    assert sorted(lb_subnets) == sorted(subnets)
    assert {k: attributes[k] for k in ALB_CREATE_ATTRIBUTES} == ALB_CREATE_ATTRIBUTES
    assert tags == [{"Key": "Name", "Value": "tf-alb"}]

    # aws_lb_target_group (target_group.go): not found by name, create, attributes, read.
    with pytest.raises(ClientError) as e:
        elbv2.describe_target_groups(Names=["tf-tg"])
    assert error_of(e)[0] == "TargetGroupNotFound"
    tg = elbv2.create_target_group(Name="tf-tg", Port=80, Protocol="HTTP", VpcId=lb["VpcId"],
                                   TargetType="instance", HealthCheckIntervalSeconds=10,
                                   HealthyThresholdCount=3)["TargetGroups"][0]
    tg_arn = tg["TargetGroupArn"]
    elbv2.modify_target_group_attributes(TargetGroupArn=tg_arn, Attributes=[
        {"Key": "deregistration_delay.timeout_seconds", "Value": "30"},
        {"Key": "stickiness.enabled", "Value": "false"}])
    assert elbv2.describe_target_groups(TargetGroupArns=[tg_arn])["TargetGroups"][0]["LoadBalancerArns"] == []
    elbv2.describe_target_group_attributes(TargetGroupArn=tg_arn)
    elbv2.describe_tags(ResourceArns=[tg_arn])

    # aws_lb_listener (listener.go): create with tags, read listener, attributes and tags.
    listener = elbv2.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80,
                                     DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}],
                                     Tags=[{"Key": "Name", "Value": "tf-listener"}])["Listeners"][0]
    larn = listener["ListenerArn"]
    read = elbv2.describe_listeners(ListenerArns=[larn])["Listeners"][0]
    assert read["DefaultActions"][0]["ForwardConfig"]["TargetGroups"][0]["TargetGroupArn"] == tg_arn
    if hasattr(elbv2, "describe_listener_attributes"):  # newer botocore than Debian's
        elbv2.describe_listener_attributes(ListenerArn=larn)
    assert elbv2.describe_tags(ResourceArns=[larn])["TagDescriptions"][0]["Tags"] == [
        {"Key": "Name", "Value": "tf-listener"}]
    assert elbv2.describe_target_groups(TargetGroupArns=[tg_arn])["TargetGroups"][0]["LoadBalancerArns"] == [arn]

    # aws_lb_target_group_attachment: register, then read by DescribeTargetHealth(Targets=[{Id}]).
    elbv2.register_targets(TargetGroupArn=tg_arn, Targets=[{"Id": instance}])
    rows = elbv2.describe_target_health(TargetGroupArn=tg_arn, Targets=[{"Id": instance}])["TargetHealthDescriptions"]
    assert rows[0]["TargetHealth"]["Reason"] not in ("Target.NotRegistered", "Target.DeregistrationInProgress")
    assert rows[0]["TargetHealth"]["State"] == "initial"
    cloudlife.advance(30)
    elbv2.get_waiter("target_in_service").wait(TargetGroupArn=tg_arn, Targets=[{"Id": instance}],
                                               WaiterConfig={"Delay": 0, "MaxAttempts": 1})

    # Update in place: idle_timeout (resourceLoadBalancerUpdate) and the listener's port.
    elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
        {"Key": "idle_timeout.timeout_seconds", "Value": "120"}])
    wait_load_balancer_active(cloudlife, elbv2, arn)
    assert read_load_balancer(elbv2, arn)[2]["idle_timeout.timeout_seconds"] == "120"
    modified = elbv2.modify_listener(ListenerArn=larn, Port=8080)["Listeners"][0]
    assert modified["Port"] == 8080

    # Destroy in dependency order: attachment, listener, target group, load balancer.
    elbv2.deregister_targets(TargetGroupArn=tg_arn, Targets=[{"Id": instance}])
    rows = elbv2.describe_target_health(TargetGroupArn=tg_arn, Targets=[{"Id": instance}])["TargetHealthDescriptions"]
    assert rows[0]["TargetHealth"]["Reason"] == "Target.DeregistrationInProgress"
    elbv2.delete_listener(ListenerArn=larn)
    elbv2.delete_target_group(TargetGroupArn=tg_arn)
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    # The reads after destroy answer NotFound, which the provider takes as "gone".
    for call, code in ((lambda: elbv2.describe_load_balancers(LoadBalancerArns=[arn]), "LoadBalancerNotFound"),
                       (lambda: elbv2.describe_listeners(ListenerArns=[larn]), "ListenerNotFound"),
                       (lambda: elbv2.describe_target_groups(TargetGroupArns=[tg_arn]), "TargetGroupNotFound"),
                       (lambda: elbv2.describe_target_health(TargetGroupArn=tg_arn), "TargetGroupNotFound"),
                       (lambda: elbv2.describe_tags(ResourceArns=[arn]), "LoadBalancerNotFound")):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e)[0] == code


def test_terraform_asg_with_health_check_type_elb(cloudlife, asg, ec2, elbv2):
    """aws_autoscaling_group with target_group_arns and health_check_type = "ELB"
    (internal/service/autoscaling/group.go): create, the capacity waiter counting Healthy +
    InService members, and the group's traffic sources as the provider reads them."""
    subnets = [s["SubnetId"] for s in sorted(ec2.describe_subnets(
        Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])][:2]
    lb = elbv2.create_load_balancer(Name="tf-asg-alb", Subnets=subnets)["LoadBalancers"][0]
    tg_arn = elbv2.create_target_group(Name="tf-asg-tg", Port=80, Protocol="HTTP",
                                       VpcId=lb["VpcId"])["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])
    asg.create_launch_configuration(LaunchConfigurationName="tf-lc", ImageId="ami-0123456789abcdef0",
                                    InstanceType="t3.micro")
    asg.create_auto_scaling_group(AutoScalingGroupName="tf-asg", LaunchConfigurationName="tf-lc",
                                  MinSize=2, MaxSize=2, DesiredCapacity=2, VPCZoneIdentifier=",".join(subnets),
                                  TargetGroupARNs=[tg_arn], HealthCheckType="ELB", HealthCheckGracePeriod=300)
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["tf-asg"])["AutoScalingGroups"][0]
    ready = [i for i in group["Instances"] if i["HealthStatus"] == "Healthy" and i["LifecycleState"] == "InService"]
    assert len(ready) == 2
    assert group["HealthCheckType"] == "ELB" and group["TargetGroupARNs"] == [tg_arn]
    sources = asg.describe_traffic_sources(AutoScalingGroupName="tf-asg", TrafficSourceType="elbv2")["TrafficSources"]
    assert [s["TrafficSource"] for s in sources] == [tg_arn]
    rows = elbv2.describe_target_health(TargetGroupArn=tg_arn)["TargetHealthDescriptions"]
    assert sorted(r["Target"]["Id"] for r in rows) == sorted(i["InstanceId"] for i in ready)
    assert {r["TargetHealth"]["State"] for r in rows} == {"healthy"}
