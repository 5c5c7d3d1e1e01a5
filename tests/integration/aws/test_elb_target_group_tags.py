"""ELBv2 target groups as Terraform's aws_lb_target_group drives them (hashicorp/terraform-provider-aws
internal/service/elbv2/target_group.go: resourceTargetGroupCreate, resourceTargetGroupRead,
resourceTargetGroupUpdate, resourceTargetGroupDelete), plus the name, protocol, port and tag rules
of the Elastic Load Balancing API reference, each refusal changing nothing."""
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def elbv2(cloudlife):
    return cloudlife.client("elbv2")


def default_vpc(cloudlife):
    vpcs = cloudlife.client("ec2").describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    return vpcs[0]["VpcId"]


def tags_of(elbv2, arn):
    [desc] = elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"]
    assert desc["ResourceArn"] == arn
    return {t["Key"]: t["Value"] for t in desc["Tags"]}


def error(call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def test_terraform_aws_lb_target_group_with_tags(cloudlife, elbv2):
    vpc = default_vpc(cloudlife)
    # resourceTargetGroupCreate: CreateTargetGroup with Tags (tags on create) ...
    created = elbv2.create_target_group(
        Name="tf-web", Port=80, Protocol="HTTP", VpcId=vpc, TargetType="instance",
        HealthCheckEnabled=True, HealthCheckIntervalSeconds=30, HealthCheckPath="/",
        HealthCheckPort="traffic-port", HealthCheckProtocol="HTTP", HealthCheckTimeoutSeconds=5,
        HealthyThresholdCount=3, UnhealthyThresholdCount=3, Matcher={"HttpCode": "200"},
        Tags=[{"Key": "Name", "Value": "tf-web"}, {"Key": "env", "Value": "test"}])["TargetGroups"][0]
    arn = created["TargetGroupArn"]
    # ... waits for it by ARN, then ModifyTargetGroupAttributes with the configured attributes.
    assert elbv2.describe_target_groups(TargetGroupArns=[arn])["TargetGroups"][0]["TargetGroupName"] == "tf-web"
    modified = elbv2.modify_target_group_attributes(TargetGroupArn=arn, Attributes=[
        {"Key": "deregistration_delay.timeout_seconds", "Value": "60"},
        {"Key": "slow_start.duration_seconds", "Value": "0"},
        {"Key": "load_balancing.algorithm.type", "Value": "round_robin"},
        {"Key": "load_balancing.cross_zone.enabled", "Value": "use_load_balancer_configuration"},
        {"Key": "stickiness.enabled", "Value": "false"},
        {"Key": "stickiness.type", "Value": "lb_cookie"},
        {"Key": "stickiness.lb_cookie.duration_seconds", "Value": "86400"}])["Attributes"]
    assert {"Key": "deregistration_delay.timeout_seconds", "Value": "60"} in modified
    # resourceTargetGroupRead: DescribeTargetGroups, DescribeTargetGroupAttributes, DescribeTags.
    read = elbv2.describe_target_groups(TargetGroupArns=[arn])["TargetGroups"][0]
    assert (read["Protocol"], read["Port"], read["VpcId"], read["HealthyThresholdCount"]) == ("HTTP", 80, vpc, 3)
    attributes = {a["Key"]: a["Value"] for a in
                  elbv2.describe_target_group_attributes(TargetGroupArn=arn)["Attributes"]}
    assert attributes["deregistration_delay.timeout_seconds"] == "60"
    assert attributes["stickiness.type"] == "lb_cookie"
    assert tags_of(elbv2, arn) == {"Name": "tf-web", "env": "test"}
    # resourceTargetGroupUpdate (tags changed): RemoveTags for dropped keys, AddTags for new/changed.
    elbv2.remove_tags(ResourceArns=[arn], TagKeys=["env"])
    elbv2.add_tags(ResourceArns=[arn], Tags=[{"Key": "Name", "Value": "tf-web-2"}, {"Key": "team", "Value": "a"}])
    assert tags_of(elbv2, arn) == {"Name": "tf-web-2", "team": "a"}
    # resourceTargetGroupDelete, then the read that must find nothing.
    elbv2.delete_target_group(TargetGroupArn=arn)
    assert error(elbv2.describe_target_groups, TargetGroupArns=[arn]) == (
        "TargetGroupNotFound", "One or more target groups not found")
    assert error(elbv2.describe_tags, ResourceArns=[arn])[0] == "TargetGroupNotFound"
    assert error(elbv2.describe_target_group_attributes, TargetGroupArn=arn)[0] == "TargetGroupNotFound"


@pytest.mark.parametrize("name,message", [
    ("x" * 33, "Target group name '" + "x" * 33 + "' cannot be longer than '32' characters"),
    ("web_tg", "Target group name 'web_tg' can only contain characters that are alphanumeric "
               "characters or hyphens(-)"),
    ("-web", "Target group name '-web' cannot begin or end with '-'"),
    ("web-", "Target group name 'web-' cannot begin or end with '-'"),
])
def test_target_group_names_outside_the_rule_are_refused(elbv2, name, message):
    assert error(elbv2.create_target_group, Name=name, Protocol="HTTP", Port=80) == ("ValidationError", message)
    assert elbv2.describe_target_groups()["TargetGroups"] == []


def test_protocols_ports_and_tags_outside_the_rules_change_nothing(elbv2):
    assert error(elbv2.create_target_group, Name="p", Protocol="SSL", Port=80)[0] == "ValidationError"
    assert error(elbv2.create_target_group, Name="p", Protocol="HTTP", Port=70000)[0] == "ValidationError"
    assert error(elbv2.create_target_group, Name="p", Protocol="HTTP", Port=80,
                 Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]) == (
        "DuplicateTagKeys", "A tag key was specified more than once.")
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    assert error(elbv2.create_target_group, Name="p", Protocol="HTTP", Port=80, Tags=too_many)[0] == "TooManyTags"
    assert elbv2.describe_target_groups()["TargetGroups"] == []

    a = elbv2.create_target_group(Name="a", Protocol="HTTP", Port=80,
                                  Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])["TargetGroups"][0]
    b = elbv2.create_target_group(Name="b", Protocol="TCP", Port=443)["TargetGroups"][0]
    arns = [b["TargetGroupArn"], a["TargetGroupArn"]]
    # One resource over the limit: neither is tagged.
    code, message = error(elbv2.add_tags, ResourceArns=arns,
                          Tags=[{"Key": "x", "Value": "1"}, {"Key": "y", "Value": "2"}])
    assert (code, message) == ("TooManyTags", "You've reached the limit on the number of tags for this resource.")
    assert tags_of(elbv2, b["TargetGroupArn"]) == {}
    assert len(tags_of(elbv2, a["TargetGroupArn"])) == 49
    gone = a["TargetGroupArn"].replace("targetgroup/a/", "targetgroup/zz/")
    assert error(elbv2.add_tags, ResourceArns=[b["TargetGroupArn"], gone], Tags=[{"Key": "x", "Value": "1"}])[0] \
        == "TargetGroupNotFound"
    assert tags_of(elbv2, b["TargetGroupArn"]) == {}
    lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/0123456789abcdef"
    assert error(elbv2.describe_tags, ResourceArns=[lb])[0] == "LoadBalancerNotFound"

    # A Network Load Balancer's target group has its own attributes; an ALB key is not one of them.
    keys = {x["Key"] for x in elbv2.describe_target_group_attributes(TargetGroupArn=b["TargetGroupArn"])["Attributes"]}
    assert "proxy_protocol_v2.enabled" in keys and "slow_start.duration_seconds" not in keys
    assert error(elbv2.modify_target_group_attributes, TargetGroupArn=b["TargetGroupArn"],
                 Attributes=[{"Key": "proxy_protocol_v2.enabled", "Value": "true"},
                             {"Key": "slow_start.duration_seconds", "Value": "30"}]) == (
        "ValidationError", "Target group attribute key 'slow_start.duration_seconds' is not recognized")
    after = {x["Key"]: x["Value"] for x in
             elbv2.describe_target_group_attributes(TargetGroupArn=b["TargetGroupArn"])["Attributes"]}
    assert after["proxy_protocol_v2.enabled"] == "false"


def test_ip_address_type_is_kept_or_refused(elbv2):
    """CreateTargetGroup IpAddressType: ipv4 (the default) is described as given; a value outside
    the enum is AWS's ValidationError; ipv6 is refused (no IPv6 addressing here, so the group could
    hold no target); each refusal creates nothing."""
    made = elbv2.create_target_group(Name="v4", Protocol="HTTP", Port=80,
                                     IpAddressType="ipv4")["TargetGroups"][0]
    assert made["IpAddressType"] == "ipv4"
    plain = elbv2.create_target_group(Name="plain", Protocol="HTTP", Port=80)["TargetGroups"][0]
    assert plain["IpAddressType"] == "ipv4"
    assert error(elbv2.create_target_group, Name="bad", Protocol="HTTP", Port=80,
                 IpAddressType="dualstack") == (
        "ValidationError", "1 validation error detected: Value 'dualstack' at 'ipAddressType' "
        "failed to satisfy constraint: Member must satisfy enum value set: [ipv6, ipv4]")
    code, message = error(elbv2.create_target_group, Name="six", Protocol="HTTP", Port=80,
                          IpAddressType="ipv6")
    assert code == "ValidationError" and "IpAddressType ipv6" in message
    names = {g["TargetGroupName"] for g in elbv2.describe_target_groups()["TargetGroups"]}
    assert {"plain", "v4"} <= names and not {"bad", "six"} & names
