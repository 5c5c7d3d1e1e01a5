"""Security groups and their rules (issue 10 §1): every VPC's default group, Create/Delete/Describe,
Authorize/Revoke in the IpPermissions and rule-ID forms, DescribeSecurityGroupRules,
ModifySecurityGroupRules, the error codes EC2 answers, and RunInstances / ModifyInstanceAttribute
resolving real groups."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, describe_one, error_of, launch

SSH = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}


def group(ec2, group_id):
    return ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]


def default_vpc(ec2):
    return ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]


def test_the_default_vpc_has_a_default_group_with_the_default_rules(ec2):
    groups = ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    assert len(groups) == 1
    g = groups[0]
    assert g["VpcId"] == default_vpc(ec2)
    assert g["IpPermissions"] == [{"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [],
                                   "UserIdGroupPairs": [{"UserId": g["OwnerId"], "GroupId": g["GroupId"]}]}]
    assert g["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
    with pytest.raises(ClientError) as e:
        ec2.delete_security_group(GroupId=g["GroupId"])
    assert error_of(e)[0] == "CannotDelete"


def test_a_new_vpc_gets_its_own_default_group_which_goes_with_it(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
    assert [g["GroupName"] for g in groups] == ["default"]
    other = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    with pytest.raises(ClientError) as e:
        ec2.delete_vpc(VpcId=vpc)
    assert error_of(e)[0] == "DependencyViolation"
    ec2.delete_security_group(GroupId=other)
    ec2.delete_vpc(VpcId=vpc)
    assert ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"] == []


def test_create_describe_and_duplicate_names(ec2):
    g = ec2.create_security_group(GroupName="web", Description="web servers", TagSpecifications=[
        {"ResourceType": "security-group", "Tags": [{"Key": "team", "Value": "a"}]}])
    assert g["GroupId"].startswith("sg-") and g["Tags"] == [{"Key": "team", "Value": "a"}]
    got = group(ec2, g["GroupId"])
    assert got["GroupName"] == "web" and got["Description"] == "web servers"
    assert got["IpPermissions"] == []
    assert got["IpPermissionsEgress"] == [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                                          "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}]
    assert ec2.describe_security_groups(GroupNames=["web"])["SecurityGroups"][0]["GroupId"] == g["GroupId"]
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName="web", Description="again")
    assert error_of(e)[:2] == ("InvalidGroup.Duplicate", 400)
    assert "already exists for VPC" in error_of(e)[2]


@pytest.mark.parametrize("kwargs,code", [
    ({"GroupName": "x", "Description": ""}, "MissingParameter"),
    ({"GroupName": "default", "Description": "d"}, "InvalidGroup.Reserved"),
    ({"GroupName": "sg-123", "Description": "d"}, "InvalidParameterValue"),
    ({"GroupName": "x", "Description": "d", "VpcId": "vpc-00000000000000000"}, "InvalidVpcID.NotFound"),
])
def test_create_refusals_change_nothing(ec2, kwargs, code):
    before = ec2.describe_security_groups()["SecurityGroups"]
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(**kwargs)
    assert error_of(e)[0] == code
    assert ec2.describe_security_groups()["SecurityGroups"] == before


def test_authorize_duplicate_and_revoke_by_permission_and_by_rule_id(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    gid = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc)["GroupId"]
    out = ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
        SSH, {"IpProtocol": "6", "FromPort": 5432, "ToPort": 5432,
              "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "internal"}, {"CidrIp": "192.168.0.0/16"}]}])
    assert out["Return"] is True and len(out["SecurityGroupRules"]) == 3
    assert all(r["SecurityGroupRuleId"].startswith("sgr-") for r in out["SecurityGroupRules"])
    perms = group(ec2, gid)["IpPermissions"]
    pg = [p for p in perms if p["FromPort"] == 5432][0]
    assert pg["IpProtocol"] == "tcp"
    assert pg["IpRanges"] == [{"CidrIp": "10.0.0.0/8", "Description": "internal"}, {"CidrIp": "192.168.0.0/16"}]
    with pytest.raises(ClientError) as e:
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[SSH])
    assert error_of(e) == ("InvalidPermission.Duplicate", 400,
                           'the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists')
    # All-or-nothing: a batch with one duplicate adds nothing.
    with pytest.raises(ClientError):
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
            {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}, SSH])
    assert len(group(ec2, gid)["IpPermissions"]) == 2
    ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=[SSH])
    with pytest.raises(ClientError) as e:  # non-default VPC: an unknown rule is an error
        ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=[SSH])
    assert error_of(e)[0] == "InvalidPermission.NotFound"
    rule_ids = [r["SecurityGroupRuleId"] for r in ec2.describe_security_group_rules(
        Filters=[{"Name": "group-id", "Values": [gid]}])["SecurityGroupRules"] if not r["IsEgress"]]
    assert len(rule_ids) == 2
    assert ec2.revoke_security_group_ingress(GroupId=gid, SecurityGroupRuleIds=rule_ids)["Return"] is True
    assert group(ec2, gid)["IpPermissions"] == []
    with pytest.raises(ClientError) as e:
        ec2.revoke_security_group_ingress(GroupId=gid, SecurityGroupRuleIds=rule_ids[:1])
    assert error_of(e)[0] == "InvalidSecurityGroupRuleId.NotFound"


def test_revoking_an_unknown_rule_in_the_default_vpc_answers_the_unknown_permissions(ec2):
    gid = ec2.create_security_group(GroupName="d", Description="d")["GroupId"]
    out = ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=[SSH])
    assert out["Return"] is True
    assert out["UnknownIpPermissions"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]


@pytest.mark.parametrize("perm,code", [
    ({"IpProtocol": "tcp", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}, "InvalidParameterValue"),
    ({"IpProtocol": "tcp", "FromPort": 80, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}, "InvalidParameterValue"),
    ({"IpProtocol": "bogus", "FromPort": 1, "ToPort": 2, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}, "InvalidParameterValue"),
    ({"IpProtocol": "tcp", "FromPort": 1, "ToPort": 2, "IpRanges": [{"CidrIp": "10.0.0.0/33"}]}, "InvalidParameterValue"),
    ({"IpProtocol": "tcp", "FromPort": 1, "ToPort": 2, "UserIdGroupPairs": [{"GroupId": "sg-00000000000000000"}]},
     "InvalidGroup.NotFound"),
    ({"IpProtocol": "tcp", "FromPort": 1, "ToPort": 2, "PrefixListIds": [{"PrefixListId": "pl-12345678"}]},
     "InvalidPrefixListID.NotFound"),
])
def test_invalid_permissions_are_refused(ec2, perm, code):
    gid = ec2.create_security_group(GroupName="v", Description="v")["GroupId"]
    with pytest.raises(ClientError) as e:
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[perm])
    assert error_of(e)[0] == code
    assert group(ec2, gid)["IpPermissions"] == []


def test_legacy_flat_form_and_group_references(ec2):
    a = ec2.create_security_group(GroupName="a", Description="a")["GroupId"]
    b = ec2.create_security_group(GroupName="b", Description="b")["GroupId"]
    ec2.authorize_security_group_ingress(GroupName="a", IpProtocol="tcp", FromPort=80, ToPort=80,
                                         CidrIp="1.2.3.0/24")
    ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": b}]}])
    perms = {p["FromPort"]: p for p in group(ec2, a)["IpPermissions"]}
    assert perms[80]["IpRanges"] == [{"CidrIp": "1.2.3.0/24"}]
    assert perms[443]["UserIdGroupPairs"][0]["GroupId"] == b
    assert ec2.describe_security_groups(Filters=[
        {"Name": "ip-permission.group-id", "Values": [b]}])["SecurityGroups"][0]["GroupId"] == a
    with pytest.raises(ClientError) as e:  # referenced by a's rule
        ec2.delete_security_group(GroupId=b)
    assert error_of(e)[0] == "DependencyViolation"


def test_modify_security_group_rules_replaces_a_rule_in_place(ec2):
    gid = ec2.create_security_group(GroupName="m", Description="m")["GroupId"]
    rule = ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[SSH])["SecurityGroupRules"][0]
    ec2.modify_security_group_rules(GroupId=gid, SecurityGroupRules=[{
        "SecurityGroupRuleId": rule["SecurityGroupRuleId"],
        "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 2222, "ToPort": 2222,
                              "CidrIpv4": "10.0.0.0/8", "Description": "moved"}}])
    got = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule["SecurityGroupRuleId"]])["SecurityGroupRules"][0]
    assert (got["FromPort"], got["CidrIpv4"], got["Description"]) == (2222, "10.0.0.0/8", "moved")


def test_describe_filters_paging_and_dry_run(ec2):
    ids = [ec2.create_security_group(GroupName=f"g{i}", Description="paged")["GroupId"] for i in range(7)]
    page1 = ec2.describe_security_groups(Filters=[{"Name": "description", "Values": ["paged"]}], MaxResults=5)
    page2 = ec2.describe_security_groups(Filters=[{"Name": "description", "Values": ["paged"]}], MaxResults=5,
                                         NextToken=page1["NextToken"])
    assert sorted(g["GroupId"] for g in page1["SecurityGroups"] + page2["SecurityGroups"]) == sorted(ids)
    assert "NextToken" not in page2
    with pytest.raises(ClientError) as e:
        ec2.describe_security_groups(Filters=[{"Name": "bogus", "Values": ["x"]}])
    assert error_of(e)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.describe_security_groups(GroupIds=["sg-00000000000000000"])
    assert error_of(e)[0] == "InvalidGroup.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_security_group(GroupName="dry", Description="d", DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    assert ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["dry"]}])["SecurityGroups"] == []


DOCUMENTED_FILTERS = [
    "description", "egress.ip-permission.cidr", "egress.ip-permission.from-port", "egress.ip-permission.group-id",
    "egress.ip-permission.group-name", "egress.ip-permission.ipv6-cidr", "egress.ip-permission.prefix-list-id",
    "egress.ip-permission.protocol", "egress.ip-permission.to-port", "egress.ip-permission.user-id", "group-id",
    "group-name", "ip-permission.cidr", "ip-permission.from-port", "ip-permission.group-id",
    "ip-permission.group-name", "ip-permission.ipv6-cidr", "ip-permission.prefix-list-id", "ip-permission.protocol",
    "ip-permission.to-port", "ip-permission.user-id", "owner-id", "tag:Name", "tag-key", "vpc-id"]


def test_every_documented_filter_name_is_accepted(ec2):
    for name in DOCUMENTED_FILTERS:
        ec2.describe_security_groups(Filters=[{"Name": name, "Values": ["*"]}])


def test_run_instances_resolves_real_groups_and_modify_replaces_them(ec2):
    web = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    db = ec2.create_security_group(GroupName="db", Description="db")["GroupId"]
    iid = launch(ec2, SecurityGroups=["web"])[0]
    inst = describe_one(ec2, iid)
    assert inst["SecurityGroups"] == [{"GroupId": web, "GroupName": "web"}]
    default = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]["GroupId"]
    assert describe_one(ec2, launch(ec2)[0])["SecurityGroups"] == [{"GroupId": default, "GroupName": "default"}]
    for kwargs, code in [({"SecurityGroupIds": ["sg-00000000000000000"]}, "InvalidGroup.NotFound"),
                         ({"SecurityGroups": ["nope"]}, "InvalidGroup.NotFound")]:
        with pytest.raises(ClientError) as e:
            launch(ec2, **kwargs)
        assert error_of(e)[0] == code
    ec2.modify_instance_attribute(InstanceId=iid, Groups=[db, web])
    assert [g["GroupId"] for g in describe_one(ec2, iid)["SecurityGroups"]] == [db, web]
    eni = describe_one(ec2, iid)["NetworkInterfaces"][0]["NetworkInterfaceId"]
    assert [g["GroupName"] for g in ec2.describe_network_interfaces(
        NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]["Groups"]] == ["db", "web"]
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, Groups=["sg-00000000000000000"])
    assert error_of(e)[0] == "InvalidGroup.NotFound"
    with pytest.raises(ClientError) as e:  # in use by the instance
        ec2.delete_security_group(GroupId=db)
    assert error_of(e)[0] == "DependencyViolation"
    ec2.terminate_instances(InstanceIds=[iid])
    ec2.delete_security_group(GroupId=db)


def test_untagged_groups_and_rules_carry_no_tag_set(ec2):
    created = ec2.create_security_group(GroupName="plain", Description="plain")
    assert "Tags" not in created
    gid = created["GroupId"]
    added = ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[SSH])["SecurityGroupRules"]
    assert [("Tags" in r) for r in added] == [False]
    assert "Tags" not in group(ec2, gid)
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [gid]}])["SecurityGroupRules"]
    assert rules and not any("Tags" in r for r in rules)


@pytest.mark.parametrize("action", ["authorize_security_group_egress", "revoke_security_group_egress"])
def test_egress_without_a_group_id_names_group_id_as_ec2_does(ec2, action):
    """boto3 requires GroupId, so the test takes it off the wire after validation."""
    gid = ec2.create_security_group(GroupName="egress", Description="e")["GroupId"]
    before = group(ec2, gid)
    operation = ec2.meta.method_to_api_mapping[action]

    def drop_group_id(request, **_):
        request.data.pop("GroupId")

    event = f"before-sign.ec2.{operation}"
    ec2.meta.events.register(event, drop_group_id)
    try:
        with pytest.raises(ClientError) as e:
            getattr(ec2, action)(GroupId=gid, IpPermissions=[SSH])
    finally:
        ec2.meta.events.unregister(event, drop_group_id)
    assert error_of(e) == ("MissingParameter", 400, "The request must contain the parameter groupId")
    assert group(ec2, gid) == before
