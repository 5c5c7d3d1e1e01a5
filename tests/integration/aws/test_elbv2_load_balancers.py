"""ELBv2 load balancers, listeners and rules through boto3: provisioning -> active on the virtual
clock, DNS names and hosted zones as AWS forms them, attributes per type, subnets and security
groups, listeners with forward / redirect / fixed-response actions, rules and their priorities,
target groups in use, tags on every resource, and AWS's errors with nothing half-applied."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of, launch


@pytest.fixture
def elbv2(cloudlife):
    return cloudlife.client("elbv2")


def default_subnets(ec2):
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    return sorted(subnets, key=lambda s: s["AvailabilityZone"])


def make_alb(ec2, elbv2, name="web", **kw):
    subnets = [s["SubnetId"] for s in default_subnets(ec2)[:2]]
    return elbv2.create_load_balancer(Name=name, Subnets=subnets, **kw)["LoadBalancers"][0]


def make_tg(elbv2, name="tg", protocol="HTTP", port=80, **kw):
    return elbv2.create_target_group(Name=name, Protocol=protocol, Port=port, **kw)["TargetGroups"][0]


def test_an_application_load_balancer_provisions_then_turns_active(cloudlife, ec2, elbv2):
    cloudlife.timing("realistic", overrides={"load-balancer-provisioning": 90})
    subnets = default_subnets(ec2)
    lb = make_alb(ec2, elbv2, Tags=[{"Key": "env", "Value": "test"}])
    assert lb["State"] == {"Code": "provisioning"}
    assert lb["Type"] == "application" and lb["Scheme"] == "internet-facing"
    assert lb["IpAddressType"] == "ipv4"
    assert lb["VpcId"] == subnets[0]["VpcId"]
    assert lb["LoadBalancerArn"].startswith(
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/")
    assert lb["DNSName"].startswith("web-") and lb["DNSName"].endswith(".us-east-1.elb.amazonaws.com")
    assert lb["CanonicalHostedZoneId"] == "Z35SXDOTRQ7X7K"
    assert [z["ZoneName"] for z in lb["AvailabilityZones"]] == [s["AvailabilityZone"] for s in subnets[:2]]
    default_sg = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [lb["VpcId"]]}, {"Name": "group-name", "Values": ["default"]}])
    assert lb["SecurityGroups"] == [default_sg["SecurityGroups"][0]["GroupId"]]
    cloudlife.advance(89)
    assert elbv2.describe_load_balancers(Names=["web"])["LoadBalancers"][0]["State"]["Code"] == "provisioning"
    cloudlife.advance(1)
    elbv2.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb["LoadBalancerArn"]],
                                                     WaiterConfig={"Delay": 0, "MaxAttempts": 2})
    tags = elbv2.describe_tags(ResourceArns=[lb["LoadBalancerArn"]])["TagDescriptions"][0]["Tags"]
    assert tags == [{"Key": "env", "Value": "test"}]


def test_network_load_balancer_dns_zone_and_attributes(ec2, elbv2):
    subnet = default_subnets(ec2)[0]["SubnetId"]
    lb = elbv2.create_load_balancer(Name="nlb", Type="network", Scheme="internal",
                                    Subnets=[subnet])["LoadBalancers"][0]
    assert lb["State"]["Code"] == "active"  # instant profile
    assert lb["DNSName"].startswith("nlb-") and lb["DNSName"].endswith(".elb.us-east-1.amazonaws.com")
    assert lb["CanonicalHostedZoneId"] == "Z26RNL4JYFTOTI"
    assert "/net/nlb/" in lb["LoadBalancerArn"]
    assert lb.get("SecurityGroups", []) == []
    attrs = {a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(
        LoadBalancerArn=lb["LoadBalancerArn"])["Attributes"]}
    assert attrs["load_balancing.cross_zone.enabled"] == "false"
    assert attrs["dns_record.client_routing_policy"] == "any_availability_zone"
    assert attrs["deletion_protection.enabled"] == "false"
    assert "idle_timeout.timeout_seconds" not in attrs
    with pytest.raises(ClientError) as e:
        elbv2.modify_load_balancer_attributes(LoadBalancerArn=lb["LoadBalancerArn"], Attributes=[
            {"Key": "idle_timeout.timeout_seconds", "Value": "30"}])
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidConfigurationRequest", 400)
    assert "attribute key 'idle_timeout.timeout_seconds' is not supported" in message


def test_application_attributes_modify_and_deletion_protection(ec2, elbv2):
    lb = make_alb(ec2, elbv2)
    arn = lb["LoadBalancerArn"]
    attrs = {a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}
    assert attrs["idle_timeout.timeout_seconds"] == "60"
    assert attrs["routing.http2.enabled"] == "true"
    assert attrs["routing.http.desync_mitigation_mode"] == "defensive"
    assert attrs["access_logs.s3.enabled"] == "false"
    changed = elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
        {"Key": "idle_timeout.timeout_seconds", "Value": "120"},
        {"Key": "deletion_protection.enabled", "Value": "true"}])["Attributes"]
    assert {a["Key"]: a["Value"] for a in changed} == {
        "idle_timeout.timeout_seconds": "120", "deletion_protection.enabled": "true"}
    with pytest.raises(ClientError) as e:  # all or nothing: the good key is not applied either
        elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
            {"Key": "routing.http2.enabled", "Value": "false"}, {"Key": "no.such.key", "Value": "1"}])
    assert error_of(e)[0] == "ValidationError"
    assert "attribute key 'no.such.key' is not recognized" in error_of(e)[2]
    attrs = {a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}
    assert attrs["routing.http2.enabled"] == "true"
    with pytest.raises(ClientError) as e:
        elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert error_of(e)[0] == "OperationNotPermitted"
    elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "false"}])
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    elbv2.delete_load_balancer(LoadBalancerArn=arn)  # already gone: still succeeds
    with pytest.raises(ClientError) as e:
        elbv2.describe_load_balancers(LoadBalancerArns=[arn])
    assert error_of(e)[0] == "LoadBalancerNotFound"


def test_create_load_balancer_errors_change_nothing(ec2, elbv2):
    subnets = default_subnets(ec2)
    one = [subnets[0]["SubnetId"]]
    cases = [
        (dict(Name="a", Subnets=one), "InvalidConfigurationRequest"),
        (dict(Name="a", Subnets=one + ["subnet-0123456789abcdef0"]), "SubnetNotFound"),
        (dict(Name="-bad", Subnets=[s["SubnetId"] for s in subnets[:2]]), "ValidationError"),
        (dict(Name="a" * 33, Subnets=[s["SubnetId"] for s in subnets[:2]]), "ValidationError"),
        (dict(Name="a", Subnets=[s["SubnetId"] for s in subnets[:2]], SecurityGroups=["sg-0123456789abcdef0"]),
         "InvalidSecurityGroup"),
        (dict(Name="a", Subnets=[s["SubnetId"] for s in subnets[:2]], CustomerOwnedIpv4Pool="pool"),
         "ValidationError"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ClientError) as e:
            elbv2.create_load_balancer(**kwargs)
        assert error_of(e)[0] == code, kwargs
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []
    lb = make_alb(ec2, elbv2, name="same")
    assert make_alb(ec2, elbv2, name="same")["LoadBalancerArn"] == lb["LoadBalancerArn"]  # idempotent
    with pytest.raises(ClientError) as e:
        elbv2.create_load_balancer(Name="same", Subnets=[subnets[0]["SubnetId"]], Type="network")
    assert error_of(e)[:2] == ("DuplicateLoadBalancerName", 400)
    with pytest.raises(ClientError) as e:
        elbv2.describe_load_balancers(Names=["missing"])
    assert error_of(e)[0] == "LoadBalancerNotFound"


def test_describe_load_balancers_pages(ec2, elbv2):
    for n in range(5):
        make_alb(ec2, elbv2, name=f"lb{n}")
    first = elbv2.describe_load_balancers(PageSize=2)
    assert [lb["LoadBalancerName"] for lb in first["LoadBalancers"]] == ["lb0", "lb1"]
    names = [lb["LoadBalancerName"] for page in elbv2.get_paginator("describe_load_balancers")
             .paginate(PaginationConfig={"PageSize": 2}) for lb in page["LoadBalancers"]]
    assert names == [f"lb{n}" for n in range(5)]


def test_set_security_groups_subnets_and_ip_address_type(ec2, elbv2):
    subnets = default_subnets(ec2)
    lb = make_alb(ec2, elbv2)
    arn = lb["LoadBalancerArn"]
    sg = ec2.create_security_group(GroupName="lb", Description="lb", VpcId=lb["VpcId"])["GroupId"]
    assert elbv2.set_security_groups(LoadBalancerArn=arn, SecurityGroups=[sg])["SecurityGroupIds"] == [sg]
    zones = elbv2.set_subnets(LoadBalancerArn=arn, Subnets=[s["SubnetId"] for s in subnets[:3]])["AvailabilityZones"]
    assert len(zones) == 3
    assert elbv2.set_ip_address_type(LoadBalancerArn=arn, IpAddressType="dualstack")["IpAddressType"] == "dualstack"
    described = elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]
    assert described["SecurityGroups"] == [sg] and len(described["AvailabilityZones"]) == 3
    assert described["IpAddressType"] == "dualstack"
    with pytest.raises(ClientError) as e:
        elbv2.set_subnets(LoadBalancerArn=arn, Subnets=[subnets[0]["SubnetId"]])
    assert error_of(e)[0] == "InvalidConfigurationRequest"
    with pytest.raises(ClientError) as e:
        elbv2.set_ip_address_type(LoadBalancerArn=arn, IpAddressType="ipv5")
    assert error_of(e)[0] == "ValidationError"


def test_listener_forwards_to_a_target_group_which_then_lists_the_load_balancer(ec2, elbv2):
    lb = make_alb(ec2, elbv2)
    tg = make_tg(elbv2)
    assert tg["LoadBalancerArns"] == []
    listener = elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                                     DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])["Listeners"][0]
    assert listener["ListenerArn"].startswith(
        lb["LoadBalancerArn"].replace(":loadbalancer/", ":listener/") + "/")
    action = listener["DefaultActions"][0]
    assert action["TargetGroupArn"] == tg["TargetGroupArn"]
    assert action["ForwardConfig"]["TargetGroups"] == [{"TargetGroupArn": tg["TargetGroupArn"], "Weight": 1}]
    described = elbv2.describe_target_groups(TargetGroupArns=[tg["TargetGroupArn"]])["TargetGroups"][0]
    assert described["LoadBalancerArns"] == [lb["LoadBalancerArn"]]
    assert [g["TargetGroupArn"] for g in elbv2.describe_target_groups(
        LoadBalancerArn=lb["LoadBalancerArn"])["TargetGroups"]] == [tg["TargetGroupArn"]]
    with pytest.raises(ClientError) as e:
        elbv2.delete_target_group(TargetGroupArn=tg["TargetGroupArn"])
    assert error_of(e)[0] == "ResourceInUse"
    with pytest.raises(ClientError) as e:
        elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                              DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
    assert error_of(e)[0] == "DuplicateListener"
    with pytest.raises(ClientError) as e:
        elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="TCP", Port=81,
                              DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
    assert error_of(e)[0] == "InvalidConfigurationRequest"
    listeners = elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
    assert [x["ListenerArn"] for x in listeners] == [listener["ListenerArn"]]
    if hasattr(elbv2, "describe_listener_attributes"):  # newer botocore than Debian's
        attrs = {a["Key"]: a["Value"] for a in elbv2.describe_listener_attributes(
            ListenerArn=listener["ListenerArn"])["Attributes"]}
        assert attrs["routing.http.response.server.enabled"] == "true"
    # Deleting the load balancer deletes its listeners and frees the target group.
    elbv2.delete_load_balancer(LoadBalancerArn=lb["LoadBalancerArn"])
    with pytest.raises(ClientError) as e:
        elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])
    assert error_of(e)[0] == "ListenerNotFound"
    elbv2.delete_target_group(TargetGroupArn=tg["TargetGroupArn"])


def test_redirect_fixed_response_and_weighted_forward(ec2, elbv2):
    lb = make_alb(ec2, elbv2)
    blue, green = make_tg(elbv2, "blue"), make_tg(elbv2, "green")
    http = elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])["Listeners"][0]
    assert http["DefaultActions"][0]["RedirectConfig"] == {
        "Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}",
        "StatusCode": "HTTP_301"}
    alt = elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=8080, DefaultActions=[
        {"Type": "forward", "ForwardConfig": {"TargetGroups": [
            {"TargetGroupArn": blue["TargetGroupArn"], "Weight": 80},
            {"TargetGroupArn": green["TargetGroupArn"], "Weight": 20}],
            "TargetGroupStickinessConfig": {"Enabled": True, "DurationSeconds": 60}}}])["Listeners"][0]
    forward = alt["DefaultActions"][0]
    assert "TargetGroupArn" not in forward
    assert [g["Weight"] for g in forward["ForwardConfig"]["TargetGroups"]] == [80, 20]
    assert forward["ForwardConfig"]["TargetGroupStickinessConfig"] == {"Enabled": True, "DurationSeconds": 60}
    modified = elbv2.modify_listener(ListenerArn=alt["ListenerArn"], DefaultActions=[
        {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "503", "ContentType": "text/plain",
                                                           "MessageBody": "down"}}])["Listeners"][0]
    assert modified["DefaultActions"][0]["FixedResponseConfig"] == {
        "StatusCode": "503", "ContentType": "text/plain", "MessageBody": "down"}
    assert elbv2.describe_target_groups(Names=["green"])["TargetGroups"][0]["LoadBalancerArns"] == []
    with pytest.raises(ClientError) as e:
        elbv2.modify_listener(ListenerArn=alt["ListenerArn"], DefaultActions=[
            {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "302"}}])
    assert error_of(e)[0] == "ValidationError"
    elbv2.delete_listener(ListenerArn=alt["ListenerArn"])
    with pytest.raises(ClientError) as e:
        elbv2.delete_listener(ListenerArn=alt["ListenerArn"])
    assert error_of(e)[0] == "ListenerNotFound"


def test_rules_priorities_and_the_default_rule(ec2, elbv2):
    lb = make_alb(ec2, elbv2)
    api, web = make_tg(elbv2, "api"), make_tg(elbv2, "webtg")
    listener = elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                                     DefaultActions=[{"Type": "forward", "TargetGroupArn": web["TargetGroupArn"]}])["Listeners"][0]
    larn = listener["ListenerArn"]
    rules = elbv2.describe_rules(ListenerArn=larn)["Rules"]
    assert len(rules) == 1 and rules[0]["IsDefault"] and rules[0]["Priority"] == "default"
    assert rules[0]["Actions"][0]["TargetGroupArn"] == web["TargetGroupArn"]
    r10 = elbv2.create_rule(ListenerArn=larn, Priority=10, Conditions=[
        {"Field": "path-pattern", "Values": ["/api/*"]}],
        Actions=[{"Type": "forward", "TargetGroupArn": api["TargetGroupArn"]}])["Rules"][0]
    assert r10["Priority"] == "10" and not r10["IsDefault"]
    assert r10["Conditions"][0]["PathPatternConfig"] == {"Values": ["/api/*"]}
    r5 = elbv2.create_rule(ListenerArn=larn, Priority=5, Conditions=[
        {"Field": "host-header", "HostHeaderConfig": {"Values": ["admin.example.com"]}}],
        Actions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "403"}}])["Rules"][0]
    assert [r["Priority"] for r in elbv2.describe_rules(ListenerArn=larn)["Rules"]] == ["5", "10", "default"]
    assert elbv2.describe_target_groups(Names=["api"])["TargetGroups"][0]["LoadBalancerArns"] == [lb["LoadBalancerArn"]]
    with pytest.raises(ClientError) as e:
        elbv2.create_rule(ListenerArn=larn, Priority=5, Conditions=[{"Field": "path-pattern", "Values": ["/x"]}],
                          Actions=[{"Type": "forward", "TargetGroupArn": api["TargetGroupArn"]}])
    assert error_of(e)[0] == "PriorityInUse"
    with pytest.raises(ClientError) as e:  # all or nothing: r10 keeps its priority
        elbv2.set_rule_priorities(RulePriorities=[{"RuleArn": r10["RuleArn"], "Priority": 1},
                                                  {"RuleArn": r5["RuleArn"], "Priority": 1}])
    assert error_of(e)[0] == "PriorityInUse"
    assert elbv2.describe_rules(RuleArns=[r10["RuleArn"]])["Rules"][0]["Priority"] == "10"
    swapped = elbv2.set_rule_priorities(RulePriorities=[{"RuleArn": r10["RuleArn"], "Priority": 5},
                                                        {"RuleArn": r5["RuleArn"], "Priority": 10}])["Rules"]
    assert {r["RuleArn"]: r["Priority"] for r in swapped} == {r10["RuleArn"]: "5", r5["RuleArn"]: "10"}
    modified = elbv2.modify_rule(RuleArn=r5["RuleArn"], Conditions=[
        {"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["POST"]}}])["Rules"][0]
    assert modified["Conditions"][0]["HttpRequestMethodConfig"] == {"Values": ["POST"]}
    default_arn = [r for r in elbv2.describe_rules(ListenerArn=larn)["Rules"] if r["IsDefault"]][0]["RuleArn"]
    with pytest.raises(ClientError) as e:
        elbv2.delete_rule(RuleArn=default_arn)
    assert error_of(e)[0] == "OperationNotPermitted"
    elbv2.add_tags(ResourceArns=[r10["RuleArn"], larn], Tags=[{"Key": "k", "Value": "v"}])
    described = elbv2.describe_tags(ResourceArns=[r10["RuleArn"], larn])["TagDescriptions"]
    assert [d["Tags"] for d in described] == [[{"Key": "k", "Value": "v"}]] * 2
    elbv2.delete_rule(RuleArn=r10["RuleArn"])
    with pytest.raises(ClientError) as e:
        elbv2.describe_rules(RuleArns=[r10["RuleArn"]])
    assert error_of(e)[0] == "RuleNotFound"
    assert elbv2.describe_target_groups(Names=["api"])["TargetGroups"][0]["LoadBalancerArns"] == []


def health(elbv2, tg_arn, instance_id=None):
    kw = {"Targets": [{"Id": instance_id}]} if instance_id else {}
    rows = elbv2.describe_target_health(TargetGroupArn=tg_arn, **kw)["TargetHealthDescriptions"]
    return [(r["TargetHealth"]["State"], r["TargetHealth"].get("Reason")) for r in rows]


def test_target_health_over_virtual_time(cloudlife, ec2, elbv2):
    cloudlife.timing("realistic", overrides={"pending": 0, "load-balancer-provisioning": 0})
    (instance,) = launch(ec2)
    cloudlife.advance(1)
    tg = make_tg(elbv2, HealthCheckIntervalSeconds=10, HealthyThresholdCount=3,
                 UnhealthyThresholdCount=2)
    arn = tg["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": instance}])
    assert health(elbv2, arn) == [("unused", "Target.NotInUse")]
    lb = make_alb(ec2, elbv2)
    elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": arn}])
    assert health(elbv2, arn) == [("initial", "Elb.RegistrationInProgress")]
    cloudlife.advance(10)
    assert health(elbv2, arn) == [("initial", "Elb.InitialHealthChecking")]
    cloudlife.advance(20)  # 3 × 10 s
    assert health(elbv2, arn) == [("healthy", None)]
    elbv2.get_waiter("target_in_service").wait(TargetGroupArn=arn, Targets=[{"Id": instance}],
                                               WaiterConfig={"Delay": 0, "MaxAttempts": 1})
    # The application fails its checks: unhealthy after 2 × 10 s, healthy 3 × 10 s after it passes.
    answer = cloudlife.control("PUT", "/_cloudlife/target-health", {
        "region": "us-east-1", "target_id": instance, "healthy": False, "reason": "Target.Timeout"})
    assert answer["reason"] == "Target.Timeout" and len(answer["seen_by_target_groups_at"]) == 1
    cloudlife.advance(19)
    assert health(elbv2, arn) == [("healthy", None)]
    cloudlife.advance(1)
    rows = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    assert rows[0]["TargetHealth"] == {"State": "unhealthy", "Reason": "Target.Timeout",
                                       "Description": "Request timed out"}
    cloudlife.control("PUT", "/_cloudlife/target-health",
                      {"region": "us-east-1", "target_id": instance, "healthy": True})
    cloudlife.advance(29)
    assert health(elbv2, arn) == [("unhealthy", "Target.Timeout")]
    cloudlife.advance(1)
    assert health(elbv2, arn) == [("healthy", None)]
    # Stopped: unused, Target.InvalidState.
    ec2.stop_instances(InstanceIds=[instance])
    cloudlife.advance(60)
    rows = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    assert rows[0]["TargetHealth"] == {"State": "unused", "Reason": "Target.InvalidState",
                                       "Description": "Target is in the stopped state"}
    ec2.start_instances(InstanceIds=[instance])
    cloudlife.advance(1)
    # Deregistering drains for the deregistration delay, then the target is gone.
    elbv2.modify_target_group_attributes(TargetGroupArn=arn, Attributes=[
        {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}])
    elbv2.deregister_targets(TargetGroupArn=arn, Targets=[{"Id": instance}])
    assert health(elbv2, arn) == [("draining", "Target.DeregistrationInProgress")]
    cloudlife.advance(30)
    assert health(elbv2, arn) == []
    assert health(elbv2, arn, instance) == [("unused", "Target.NotRegistered")]


def test_target_health_under_the_instant_profile_is_healthy_at_once(ec2, elbv2):
    (instance,) = launch(ec2)
    tg = make_tg(elbv2)
    elbv2.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": instance}])
    lb = make_alb(ec2, elbv2)
    elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
    assert health(elbv2, tg["TargetGroupArn"]) == [("healthy", None)]
    elbv2.deregister_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": instance}])
    assert health(elbv2, tg["TargetGroupArn"]) == []


def test_modify_target_group_health_check(elbv2):
    tg = make_tg(elbv2)
    out = elbv2.modify_target_group(TargetGroupArn=tg["TargetGroupArn"], HealthCheckPath="/ok",
                                    HealthCheckIntervalSeconds=15, HealthyThresholdCount=2,
                                    Matcher={"HttpCode": "200-399"})["TargetGroups"][0]
    assert (out["HealthCheckPath"], out["HealthCheckIntervalSeconds"], out["HealthyThresholdCount"],
            out["Matcher"]) == ("/ok", 15, 2, {"HttpCode": "200-399"})
    with pytest.raises(ClientError) as e:
        elbv2.modify_target_group(TargetGroupArn=tg["TargetGroupArn"], HealthyThresholdCount=11,
                                  HealthCheckPath="/never")
    assert error_of(e)[0] == "ValidationError"
    assert elbv2.describe_target_groups()["TargetGroups"][0]["HealthCheckPath"] == "/ok"
