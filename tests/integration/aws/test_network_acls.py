"""Network ACLs through boto3: every VPC's default ACL and its subnets' associations, custom ACLs and
their entries, moving subnets between ACLs, the refusals AWS answers, and Terraform's sequences
(hashicorp/terraform-provider-aws internal/service/ec2/vpc_.go resourceVPCRead →
findVPCDefaultNetworkACL; vpc_network_acl.go resourceNetworkACLCreate / Read / Update / Delete with
networkACLAssociationCreate / networkACLAssociationsDelete; vpc_default_network_acl.go
resourceDefaultNetworkACLCreate, which deletes every entry but the catch-all ones)."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of


def refused(call, code, status=400):
    with pytest.raises(ClientError) as e:
        call()
    got_code, got_status, message = error_of(e)
    assert (got_code, got_status) == (code, status), message
    return message


def default_acl(ec2, vpc_id):
    acls = ec2.describe_network_acls(Filters=[{"Name": "default", "Values": ["true"]},
                                              {"Name": "vpc-id", "Values": [vpc_id]}])["NetworkAcls"]
    assert len(acls) == 1
    return acls[0]


def entries(acl, egress):
    return [(e["RuleNumber"], e["Protocol"], e["RuleAction"], e.get("CidrBlock"))
            for e in acl["Entries"] if e["Egress"] == egress]


def acl_of_subnet(ec2, subnet_id):
    acls = ec2.describe_network_acls(
        Filters=[{"Name": "association.subnet-id", "Values": [subnet_id]}])["NetworkAcls"]
    assert len(acls) == 1
    return acls[0]


def association_of(acl, subnet_id):
    return [a for a in acl["Associations"] if a["SubnetId"] == subnet_id][0]["NetworkAclAssociationId"]


def test_every_vpc_has_a_default_acl_with_its_subnets(ec2):
    default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    acl = default_acl(ec2, default_vpc)
    assert acl["IsDefault"] is True and acl["OwnerId"] == "123456789012"
    default_subnets = {s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [default_vpc]}])["Subnets"]}
    assert {a["SubnetId"] for a in acl["Associations"]} == default_subnets
    for egress in (True, False):
        assert entries(acl, egress) == [(100, "-1", "allow", "0.0.0.0/0"), (32767, "-1", "deny", "0.0.0.0/0")]

    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    acl = default_acl(ec2, vpc)
    assert acl["Associations"] == [] and acl["VpcId"] == vpc
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.1.0/24")["Subnet"]["SubnetId"]
    assert acl_of_subnet(ec2, subnet)["NetworkAclId"] == acl["NetworkAclId"]
    ec2.delete_subnet(SubnetId=subnet)
    assert default_acl(ec2, vpc)["Associations"] == []
    ec2.delete_vpc(VpcId=vpc)  # the default ACL goes with its VPC
    assert ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"] == []


def test_aws_vpc_read_finds_the_default_acl(ec2):
    """vpc_.go resourceVPCRead: findVPCDefaultNetworkACL filters default=true and vpc-id."""
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    acl = default_acl(ec2, vpc)
    assert acl["NetworkAclId"].startswith("acl-")
    assert ec2.describe_network_acls(NetworkAclIds=[acl["NetworkAclId"]])["NetworkAcls"][0]["VpcId"] == vpc


def test_aws_network_acl_create_read_update_delete(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet_a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    subnet_b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.2.0/24")["Subnet"]["SubnetId"]
    # resourceNetworkACLCreate
    acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=[
        {"ResourceType": "network-acl", "Tags": [{"Key": "Name", "Value": "tf"}]}])["NetworkAcl"]
    acl_id = acl["NetworkAclId"]
    assert acl["IsDefault"] is False and acl["Tags"] == [{"Key": "Name", "Value": "tf"}]
    assert entries(acl, True) == [(32767, "-1", "deny", "0.0.0.0/0")]
    # createNetworkACLEntries: protocol numbers, a PortRange always (0/0 for "-1"), ICMP type/code.
    ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Egress=False, Protocol="6",
                                 RuleAction="allow", CidrBlock="10.0.0.0/8", PortRange={"From": 443, "To": 443})
    ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=200, Egress=False, Protocol="1",
                                 RuleAction="allow", CidrBlock="0.0.0.0/0", PortRange={"From": 0, "To": 0},
                                 IcmpTypeCode={"Type": 8, "Code": -1})
    ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Egress=True, Protocol="-1",
                                 RuleAction="allow", CidrBlock="0.0.0.0/0", PortRange={"From": 0, "To": 0})
    # networkACLAssociationCreate: the subnet's current association, then a replacement.
    old = association_of(acl_of_subnet(ec2, subnet_a), subnet_a)
    new = ec2.replace_network_acl_association(AssociationId=old, NetworkAclId=acl_id)["NewAssociationId"]
    assert new.startswith("aclassoc-") and new != old
    # resourceNetworkACLRead
    acl = ec2.describe_network_acls(NetworkAclIds=[acl_id])["NetworkAcls"][0]
    assert [a["SubnetId"] for a in acl["Associations"]] == [subnet_a]
    ingress = {e["RuleNumber"]: e for e in acl["Entries"] if not e["Egress"]}
    assert ingress[100]["PortRange"] == {"From": 443, "To": 443} and ingress[100]["Protocol"] == "6"
    assert ingress[200]["IcmpTypeCode"] == {"Type": 8, "Code": -1} and "PortRange" not in ingress[200]
    egress = {e["RuleNumber"]: e for e in acl["Entries"] if e["Egress"]}
    assert "PortRange" not in egress[100]
    # resourceNetworkACLUpdate: rule 100 changes (delete, create), subnet_b joins.
    ec2.delete_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Egress=False)
    ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Egress=False, Protocol="6",
                                 RuleAction="allow", CidrBlock="10.0.0.0/8", PortRange={"From": 80, "To": 443})
    old_b = association_of(acl_of_subnet(ec2, subnet_b), subnet_b)
    ec2.replace_network_acl_association(AssociationId=old_b, NetworkAclId=acl_id)
    # The VPC cannot go while the ACL exists; the ACL cannot go while it holds subnets.
    refused(lambda: ec2.delete_vpc(VpcId=vpc), "DependencyViolation")
    refused(lambda: ec2.delete_network_acl(NetworkAclId=acl_id), "DependencyViolation")
    # resourceNetworkACLDelete: networkACLAssociationsDelete moves the subnets back to the default.
    default_id = default_acl(ec2, vpc)["NetworkAclId"]
    for subnet in (subnet_a, subnet_b):
        association = association_of(acl_of_subnet(ec2, subnet), subnet)
        ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=default_id)
    ec2.delete_network_acl(NetworkAclId=acl_id)
    refused(lambda: ec2.describe_network_acls(NetworkAclIds=[acl_id]), "InvalidNetworkAclID.NotFound")
    refused(lambda: ec2.delete_network_acl(NetworkAclId=acl_id), "InvalidNetworkAclID.NotFound")
    assert {a["SubnetId"] for a in default_acl(ec2, vpc)["Associations"]} == {subnet_a, subnet_b}


def test_aws_default_network_acl_adoption(ec2):
    """vpc_default_network_acl.go resourceDefaultNetworkACLCreate: every entry but the catch-all
    ones is deleted, then the configured ones are created; the ACL is tagged with CreateTags."""
    vpc = ec2.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
    acl = default_acl(ec2, vpc)
    acl_id = acl["NetworkAclId"]
    for e in acl["Entries"]:
        if e["RuleNumber"] != 32767:
            ec2.delete_network_acl_entry(NetworkAclId=acl_id, RuleNumber=e["RuleNumber"], Egress=e["Egress"])
    ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=10, Egress=False, Protocol="17",
                                 RuleAction="deny", CidrBlock="192.168.0.0/16", PortRange={"From": 53, "To": 53})
    ec2.create_tags(Resources=[acl_id], Tags=[{"Key": "Name", "Value": "default"}])
    acl = default_acl(ec2, vpc)
    assert entries(acl, False) == [(10, "17", "deny", "192.168.0.0/16"), (32767, "-1", "deny", "0.0.0.0/0")]
    assert entries(acl, True) == [(32767, "-1", "deny", "0.0.0.0/0")]
    assert acl["Tags"] == [{"Key": "Name", "Value": "default"}]
    refused(lambda: ec2.delete_network_acl(NetworkAclId=acl_id), "InvalidParameterValue")


def test_entry_rules_and_refusals_change_nothing(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.11.0.0/16")["Vpc"]["VpcId"]
    acl_id = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]

    def entry(**kw):
        args = dict(NetworkAclId=acl_id, RuleNumber=100, Egress=False, Protocol="tcp", RuleAction="allow",
                    CidrBlock="10.0.0.0/8", PortRange={"From": 22, "To": 22})
        args.update(kw)
        return args

    ec2.create_network_acl_entry(**entry())
    refused(lambda: ec2.create_network_acl_entry(**entry()), "NetworkAclEntryAlreadyExists")
    ec2.create_network_acl_entry(**entry(Egress=True))  # the same number in the other direction
    refused(lambda: ec2.create_network_acl_entry(**entry(RuleNumber=32767)), "InvalidParameterValue")
    refused(lambda: ec2.create_network_acl_entry(**entry(RuleNumber=0)), "InvalidParameterValue")
    refused(lambda: ec2.create_network_acl_entry(**entry(RuleNumber=5, RuleAction="maybe")), "InvalidParameterValue")
    refused(lambda: ec2.create_network_acl_entry(**entry(RuleNumber=5, Protocol="bogus")), "InvalidParameterValue")
    refused(lambda: ec2.create_network_acl_entry(**entry(RuleNumber=5, CidrBlock="10.0.0.0/33")),
            "InvalidParameterValue")
    no_ports = entry(RuleNumber=5)
    del no_ports["PortRange"]
    refused(lambda: ec2.create_network_acl_entry(**no_ports), "MissingParameter")
    refused(lambda: ec2.delete_network_acl_entry(NetworkAclId=acl_id, RuleNumber=32767, Egress=False),
            "InvalidParameterValue")
    refused(lambda: ec2.delete_network_acl_entry(NetworkAclId=acl_id, RuleNumber=7, Egress=False),
            "InvalidNetworkAclEntry.NotFound")
    refused(lambda: ec2.replace_network_acl_entry(**entry(RuleNumber=7)), "InvalidNetworkAclEntry.NotFound")
    refused(lambda: ec2.create_network_acl_entry(**entry(NetworkAclId="acl-0123456789abcdef0")),
            "InvalidNetworkAclID.NotFound")
    refused(lambda: ec2.create_network_acl(VpcId="vpc-0123456789abcdef0"), "InvalidVpcID.NotFound")
    refused(lambda: ec2.replace_network_acl_association(AssociationId="aclassoc-0123456789abcdef0",
                                                        NetworkAclId=acl_id), "InvalidAssociationID.NotFound")
    # An ACL of another VPC cannot take the subnet.
    other_vpc = ec2.create_vpc(CidrBlock="10.12.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=other_vpc, CidrBlock="10.12.1.0/24")["Subnet"]["SubnetId"]
    association = association_of(acl_of_subnet(ec2, subnet), subnet)
    refused(lambda: ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl_id),
            "InvalidParameterValue")
    # DryRun answers DryRunOperation and changes nothing.
    refused(lambda: ec2.create_network_acl_entry(DryRun=True, **entry(RuleNumber=9)), "DryRunOperation", 412)
    refused(lambda: ec2.replace_network_acl_entry(DryRun=True, **entry(Protocol="udp")), "DryRunOperation", 412)
    refused(lambda: ec2.create_network_acl(VpcId=vpc, DryRun=True), "DryRunOperation", 412)
    acl = ec2.describe_network_acls(NetworkAclIds=[acl_id])["NetworkAcls"][0]
    assert entries(acl, False) == [(100, "6", "allow", "10.0.0.0/8"), (32767, "-1", "deny", "0.0.0.0/0")]
    assert len(ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"]) == 2
    # Replace changes the entry in place.
    ec2.replace_network_acl_entry(**entry(Protocol="udp", RuleAction="deny", PortRange={"From": 53, "To": 53}))
    acl = ec2.describe_network_acls(NetworkAclIds=[acl_id])["NetworkAcls"][0]
    assert entries(acl, False)[0] == (100, "17", "deny", "10.0.0.0/8")


def test_describe_filters_and_paging(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.13.0.0/16")["Vpc"]["VpcId"]
    made = [ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"] for _ in range(6)]
    ec2.create_network_acl_entry(NetworkAclId=made[0], RuleNumber=42, Egress=False, Protocol="6",
                                 RuleAction="allow", CidrBlock="10.1.0.0/16", PortRange={"From": 80, "To": 80})
    by = lambda name, *values: {a["NetworkAclId"] for a in ec2.describe_network_acls(
        Filters=[{"Name": name, "Values": list(values)}])["NetworkAcls"]}
    assert by("entry.rule-number", "42") == {made[0]}
    assert by("entry.port-range.from", "80") == {made[0]}
    assert by("entry.cidr", "10.1.0.0/16") == {made[0]}
    assert by("default", "false") >= set(made)
    refused(lambda: ec2.describe_network_acls(Filters=[{"Name": "bogus", "Values": ["x"]}]),
            "InvalidParameterValue")
    seen, token = [], None
    while True:
        kw = {"Filters": [{"Name": "vpc-id", "Values": [vpc]}], "MaxResults": 5}
        if token:
            kw["NextToken"] = token
        page = ec2.describe_network_acls(**kw)
        seen += [a["NetworkAclId"] for a in page["NetworkAcls"]]
        token = page.get("NextToken")
        if not token:
            break
    assert len(seen) == 7 and set(made) <= set(seen)
    refused(lambda: ec2.describe_network_acls(NextToken="bogus"), "InvalidParameterValue")
