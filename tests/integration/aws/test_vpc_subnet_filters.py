"""DescribeVpcs and DescribeSubnets: every filter name the API reference lists (read from botocore's
copy of it), the legacy camelCase aliases AWS still accepts (Ansible's amazon.aws finds the default
VPC with `isDefault`), DryRun, and MaxResults/NextToken paging."""
import re

import pytest
from botocore.exceptions import ClientError

from conftest import error_of


def documented_filters(ec2, operation):
    """Filter names in the botocore documentation of `operation`'s Filters, aliases included."""
    shape = ec2.meta.service_model.operation_model(operation).input_shape
    doc = shape.members["Filters"].documentation
    names = []
    for item in re.findall(r"<li>(.*?)</li>", doc, re.S):
        codes = re.findall(r"<code>([^<]+)</code>", item)
        if not codes:
            continue
        first = codes[0].strip()
        names.append("tag:Owner" if first == "tag" else first)
        names += [c.strip() for c in re.findall(r"also use <code>([^<]+)</code>(?: or <code>([^<]+)</code>)?", item)
                  for c in c if c]
    return names


LEGACY_VPC = ["isDefault", "tag-value"]
LEGACY_SUBNET = ["availabilityZone", "availabilityZoneId", "defaultForAz", "cidr", "cidrBlock", "tag-value"]


def test_every_documented_vpc_filter_is_accepted(ec2):
    names = documented_filters(ec2, "DescribeVpcs") + LEGACY_VPC
    assert {"is-default", "cidr-block-association.cidr-block", "owner-id", "dhcp-options-id"} <= set(names)
    for name in names:
        ec2.describe_vpcs(Filters=[{"Name": name, "Values": ["*"]}])


def test_every_documented_subnet_filter_is_accepted(ec2):
    names = documented_filters(ec2, "DescribeSubnets") + LEGACY_SUBNET
    assert {"availabilityZone", "defaultForAz", "map-public-ip-on-launch", "subnet-arn"} <= set(names)
    for name in names:
        ec2.describe_subnets(Filters=[{"Name": name, "Values": ["*"]}])


def test_an_unknown_filter_is_invalid(ec2):
    for call in (ec2.describe_vpcs, ec2.describe_subnets):
        with pytest.raises(ClientError) as e:
            call(Filters=[{"Name": "no-such-filter", "Values": ["x"]}])
        assert error_of(e) == ("InvalidParameterValue", 400, "The filter 'no-such-filter' is invalid")


def test_ansible_finds_the_default_vpc_with_is_default(ec2):
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    assert len(vpcs) == 1 and vpcs[0]["IsDefault"] and vpcs[0]["CidrBlock"] == "172.31.0.0/16"
    ec2.create_vpc(CidrBlock="10.4.0.0/16")
    assert len(ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["false"]}])["Vpcs"]) == 1


def test_vpc_filters_select(ec2, cloudlife):
    own = ec2.create_vpc(CidrBlock="10.5.0.0/16", TagSpecifications=[
        {"ResourceType": "vpc", "Tags": [{"Key": "team", "Value": "blue"}]}])["Vpc"]
    default = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]

    def ids(name, *values):
        return sorted(v["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": name, "Values": list(values)}])["Vpcs"])

    both = sorted([own["VpcId"], default["VpcId"]])
    assert ids("cidr", "10.5.0.0/16") == [own["VpcId"]]
    assert ids("cidr-block-association.cidr-block", "10.5.*") == [own["VpcId"]]
    assert ids("cidr-block-association.association-id",
               own["CidrBlockAssociationSet"][0]["AssociationId"]) == [own["VpcId"]]
    assert ids("cidr-block-association.state", "associated") == both
    assert ids("dhcp-options-id", default["DhcpOptionsId"]) == both
    assert ids("owner-id", default["OwnerId"]) == both
    assert ids("state", "available") == both
    assert ids("vpc-id", own["VpcId"]) == [own["VpcId"]]
    assert ids("tag:team", "blue") == [own["VpcId"]]
    assert ids("tag-key", "team") == [own["VpcId"]]
    assert ids("tag-value", "bl*") == [own["VpcId"]]
    assert ids("ipv6-cidr-block-association.ipv6-cidr-block", "*") == []


def test_subnet_filters_select(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.6.0.0/16")["Vpc"]["VpcId"]
    own = ec2.create_subnet(VpcId=vpc, CidrBlock="10.6.1.0/24", AvailabilityZone="us-east-1b")["Subnet"]
    all_subnets = ec2.describe_subnets()["Subnets"]
    default_b = next(s for s in all_subnets if s["DefaultForAz"] and s["AvailabilityZone"] == "us-east-1b")

    def ids(name, *values):
        got = ec2.describe_subnets(Filters=[{"Name": name, "Values": list(values)}])["Subnets"]
        return sorted(s["SubnetId"] for s in got)

    in_b = sorted([own["SubnetId"], default_b["SubnetId"]])
    assert ids("availability-zone", "us-east-1b") == in_b
    assert ids("availabilityZone", "us-east-1b") == in_b
    assert ids("availability-zone-id", own["AvailabilityZoneId"]) == in_b
    assert ids("availabilityZoneId", own["AvailabilityZoneId"]) == in_b
    assert ids("available-ip-address-count", "251") == [own["SubnetId"]]
    for name in ("cidr-block", "cidr", "cidrBlock"):
        assert ids(name, "10.6.1.0/24") == [own["SubnetId"]]
    assert own["SubnetId"] not in ids("default-for-az", "true")
    assert ids("defaultForAz", "false") == [own["SubnetId"]]
    assert ids("map-public-ip-on-launch", "false") == [own["SubnetId"]]
    assert ids("subnet-arn", own["SubnetArn"]) == [own["SubnetId"]]
    assert ids("subnet-id", own["SubnetId"]) == [own["SubnetId"]]
    assert ids("vpc-id", vpc) == [own["SubnetId"]]
    assert ids("owner-id", own["OwnerId"]) == sorted(s["SubnetId"] for s in all_subnets)
    assert ids("ipv6-native", "false") == sorted(s["SubnetId"] for s in all_subnets)
    assert ids("private-dns-name-options-on-launch.hostname-type", "ip-name") == sorted(
        s["SubnetId"] for s in all_subnets)
    assert ids("outpost-arn", "*") == []
    assert own["PrivateDnsNameOptionsOnLaunch"]["HostnameType"] == "ip-name"
    assert own["EnableDns64"] is False and own["Ipv6Native"] is False


def test_dry_run(ec2):
    for call in (ec2.describe_vpcs, ec2.describe_subnets):
        with pytest.raises(ClientError) as e:
            call(DryRun=True)
        assert error_of(e)[:2] == ("DryRunOperation", 412)


def test_paging(ec2):
    for i in range(6):
        ec2.create_vpc(CidrBlock=f"10.{10 + i}.0.0/16")
    seen, token = [], None
    while True:
        kw = {"NextToken": token} if token else {}
        page = ec2.describe_vpcs(MaxResults=5, **kw)
        assert len(page["Vpcs"]) <= 5
        seen += [v["VpcId"] for v in page["Vpcs"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]) and len(seen) == 7
    paginator = ec2.get_paginator("describe_subnets")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 5}))
    assert len(pages) >= 2 and sum(len(p["Subnets"]) for p in pages) == len(ec2.describe_subnets()["Subnets"])
    with pytest.raises(ClientError) as e:
        ec2.describe_vpcs(NextToken="garbage")
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)
