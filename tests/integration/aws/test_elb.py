"""Classic ELB and ELBv2 target groups through boto3: paging (PageSize / Marker), the health-check
settings a target group echoes, and the members cloudlife refuses rather than ignores."""
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def elb(cloudlife):
    return cloudlife.client("elb")


@pytest.fixture
def elbv2(cloudlife):
    return cloudlife.client("elbv2")


def test_describe_load_balancers_pages_by_marker(elb):
    for n in range(5):
        elb.create_load_balancer(LoadBalancerName=f"lb{n}", AvailabilityZones=["us-east-1a"],
                                 Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}])
    first = elb.describe_load_balancers(PageSize=2)
    assert [d["LoadBalancerName"] for d in first["LoadBalancerDescriptions"]] == ["lb0", "lb1"]
    names = [d["LoadBalancerName"] for page in elb.get_paginator("describe_load_balancers")
             .paginate(PaginationConfig={"PageSize": 2}) for d in page["LoadBalancerDescriptions"]]
    assert names == [f"lb{n}" for n in range(5)]
    last = elb.describe_load_balancers(PageSize=2, Marker=first["NextMarker"])
    assert "NextMarker" in last
    listener = first["LoadBalancerDescriptions"][0]["ListenerDescriptions"][0]["Listener"]
    assert listener == {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 8080}
    with pytest.raises(ClientError) as e:
        elb.describe_load_balancers(PageSize=2, Marker="bogus")
    assert e.value.response["Error"]["Code"] == "ValidationError"


def test_target_groups_page_and_echo_their_health_check(elbv2):
    for n in range(3):
        elbv2.create_target_group(Name=f"tg{n}", Protocol="HTTP", Port=80, HealthCheckPath="/health",
                                  HealthCheckIntervalSeconds=10, HealthyThresholdCount=3,
                                  Matcher={"HttpCode": "200-299"})
    page = elbv2.describe_target_groups(PageSize=2)
    assert len(page["TargetGroups"]) == 2
    rest = elbv2.describe_target_groups(PageSize=2, Marker=page["NextMarker"])
    assert "NextMarker" not in rest
    assert len(page["TargetGroups"]) + len(rest["TargetGroups"]) == 3
    g = elbv2.describe_target_groups(Names=["tg1"])["TargetGroups"][0]
    assert (g["HealthCheckPath"], g["HealthCheckIntervalSeconds"], g["HealthyThresholdCount"],
            g["HealthCheckTimeoutSeconds"], g["Matcher"]) == ("/health", 10, 3, 5, {"HttpCode": "200-299"})
    with pytest.raises(ClientError) as e:
        elbv2.describe_target_groups(PageSize=401)
    assert e.value.response["Error"]["Code"] == "ValidationError"


def test_unsupported_members_are_refused_not_ignored(elb, elbv2):
    with pytest.raises(ClientError) as e:
        elbv2.create_target_group(Name="grpc", Protocol="HTTP", Port=80, ProtocolVersion="GRPC")
    assert e.value.response["Error"]["Code"] == "ValidationError"
    assert "ProtocolVersion" in e.value.response["Error"]["Message"]
    assert elbv2.describe_target_groups()["TargetGroups"] == []
    with pytest.raises(ClientError) as e:
        elb.create_load_balancer(LoadBalancerName="tls", AvailabilityZones=["us-east-1a"],
                                 Listeners=[{"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstancePort": 80,
                                             "SSLCertificateId": "arn:aws:iam::123456789012:server-certificate/x"}])
    assert e.value.response["Error"]["Code"] == "ValidationError"
    assert elb.describe_load_balancers()["LoadBalancerDescriptions"] == []
    with pytest.raises(ClientError) as e:
        elbv2.describe_target_groups(LoadBalancerArn="arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                                                     "loadbalancer/app/x/0123456789abcdef")
    assert e.value.response["Error"]["Code"] == "LoadBalancerNotFound"


def test_classic_load_balancer_tags_and_listeners(elb):
    # A Classic load balancer without listeners is refused and nothing is created.
    with pytest.raises(ClientError) as e:
        elb.create_load_balancer(LoadBalancerName="bare", AvailabilityZones=["us-east-1a"], Listeners=[])
    assert e.value.response["Error"] == {**e.value.response["Error"], "Code": "ValidationError",
                                         "Message": "Listeners cannot be empty"}
    assert elb.describe_load_balancers()["LoadBalancerDescriptions"] == []
    # Tags on create, then AddTags (an existing key takes the new value), RemoveTags, DescribeTags.
    elb.create_load_balancer(LoadBalancerName="web", AvailabilityZones=["us-east-1a"],
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}],
                             Tags=[{"Key": "env", "Value": "test"}, {"Key": "Name", "Value": "web"}])
    elb.add_tags(LoadBalancerNames=["web"], Tags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "a"}])
    elb.remove_tags(LoadBalancerNames=["web"], Tags=[{"Key": "Name"}])
    [desc] = elb.describe_tags(LoadBalancerNames=["web"])["TagDescriptions"]
    assert desc["LoadBalancerName"] == "web"
    assert {t["Key"]: t["Value"] for t in desc["Tags"]} == {"env": "prod", "team": "a"}
    with pytest.raises(ClientError) as e:
        elb.add_tags(LoadBalancerNames=["web"], Tags=[{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}])
    assert e.value.response["Error"]["Code"] == "DuplicateTagKeys"
    with pytest.raises(ClientError) as e:
        elb.add_tags(LoadBalancerNames=["web"], Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    assert e.value.response["Error"]["Code"] == "TooManyTags"
    with pytest.raises(ClientError) as e:
        elb.describe_tags(LoadBalancerNames=["nope"])
    assert e.value.response["Error"] == {**e.value.response["Error"], "Code": "LoadBalancerNotFound",
                                         "Message": "There is no ACTIVE Load Balancer named 'nope'"}
    [desc] = elb.describe_tags(LoadBalancerNames=["web"])["TagDescriptions"]
    assert len(desc["Tags"]) == 2


def test_classic_source_security_group(cloudlife, elb):
    ec2 = cloudlife.client("ec2")
    # Outside a VPC (zones only): the amazon-elb group.
    elb.create_load_balancer(LoadBalancerName="zones", AvailabilityZones=["us-east-1a"],
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}])
    [lb] = elb.describe_load_balancers(LoadBalancerNames=["zones"])["LoadBalancerDescriptions"]
    assert lb["SourceSecurityGroup"] == {"OwnerAlias": "amazon-elb", "GroupName": "amazon-elb-sg"}
    # In a VPC: the account and the first group's name; without groups, the VPC's default group.
    subnet = ec2.describe_subnets()["Subnets"][0]
    sg = ec2.create_security_group(GroupName="lb-sg", Description="lb", VpcId=subnet["VpcId"])["GroupId"]
    listeners = [{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}]
    elb.create_load_balancer(LoadBalancerName="vpc", Subnets=[subnet["SubnetId"]], SecurityGroups=[sg],
                             Listeners=listeners)
    elb.create_load_balancer(LoadBalancerName="vpc-default", Subnets=[subnet["SubnetId"]], Listeners=listeners)
    lbs = {d["LoadBalancerName"]: d for d in
           elb.describe_load_balancers(LoadBalancerNames=["vpc", "vpc-default"])["LoadBalancerDescriptions"]}
    assert lbs["vpc"]["SourceSecurityGroup"] == {"OwnerAlias": "123456789012", "GroupName": "lb-sg"}
    assert lbs["vpc-default"]["SourceSecurityGroup"] == {"OwnerAlias": "123456789012", "GroupName": "default"}
    default_sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [subnet["VpcId"]]},
                                                       {"Name": "group-name", "Values": ["default"]}])
    assert lbs["vpc-default"]["SecurityGroups"] == [default_sg["SecurityGroups"][0]["GroupId"]]
    with pytest.raises(ClientError) as e:
        elb.create_load_balancer(LoadBalancerName="bad-sg", Subnets=[subnet["SubnetId"]],
                                 SecurityGroups=["sg-0123456789abcdef0"], Listeners=listeners)
    assert e.value.response["Error"]["Code"] == "InvalidSecurityGroup"
    assert len(elb.describe_load_balancers()["LoadBalancerDescriptions"]) == 3
