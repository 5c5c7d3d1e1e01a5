"""AWS CLI v2 smoke lines for the network resources (issue 10 §7): one create → describe → delete
per resource with Debian's /usr/bin/aws."""
import os

import pytest

from test_cli_smoke import AWS, aws  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(not os.path.exists(AWS), reason="Debian's AWS CLI v2 (/usr/bin/aws) is not installed")


def test_security_group_key_pair_eni_eip_igw_route_table(aws):  # noqa: F811
    gid = aws.json("ec2", "create-security-group", "--group-name", "cli", "--description", "cli")["GroupId"]
    aws("ec2", "authorize-security-group-ingress", "--group-id", gid, "--protocol", "tcp", "--port", "22",
        "--cidr", "0.0.0.0/0")
    perms = aws.json("ec2", "describe-security-groups", "--group-ids", gid)["SecurityGroups"][0]["IpPermissions"]
    assert perms[0]["FromPort"] == 22
    key = aws.json("ec2", "create-key-pair", "--key-name", "cli", "--key-type", "ed25519")
    assert key["KeyMaterial"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert aws.json("ec2", "describe-key-pairs", "--key-names", "cli")["KeyPairs"][0]["KeyType"] == "ed25519"
    subnet = aws.json("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true")["Subnets"][0]["SubnetId"]
    eni = aws.json("ec2", "create-network-interface", "--subnet-id", subnet, "--groups", gid)["NetworkInterface"]
    eid = eni["NetworkInterfaceId"]
    alloc = aws.json("ec2", "allocate-address", "--domain", "vpc")["AllocationId"]
    assoc = aws.json("ec2", "associate-address", "--allocation-id", alloc, "--network-interface-id", eid)["AssociationId"]
    assert aws.json("ec2", "describe-addresses")["Addresses"][0]["NetworkInterfaceId"] == eid
    aws("ec2", "disassociate-address", "--association-id", assoc)
    aws("ec2", "release-address", "--allocation-id", alloc)
    aws("ec2", "delete-network-interface", "--network-interface-id", eid)
    vpc = aws.json("ec2", "create-vpc", "--cidr-block", "10.60.0.0/16")["Vpc"]["VpcId"]
    igw = aws.json("ec2", "create-internet-gateway")["InternetGateway"]["InternetGatewayId"]
    aws("ec2", "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
    rtb = aws.json("ec2", "create-route-table", "--vpc-id", vpc)["RouteTable"]["RouteTableId"]
    aws("ec2", "create-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw)
    routes = aws.json("ec2", "describe-route-tables", "--route-table-ids", rtb)["RouteTables"][0]["Routes"]
    assert [r["State"] for r in routes] == ["active", "active"]
    aws("ec2", "delete-route-table", "--route-table-id", rtb)
    aws("ec2", "detach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
    aws("ec2", "delete-internet-gateway", "--internet-gateway-id", igw)
    aws("ec2", "delete-vpc", "--vpc-id", vpc)
    aws("ec2", "delete-key-pair", "--key-name", "cli")
    aws("ec2", "delete-security-group", "--group-id", gid)
    bad = aws("ec2", "delete-security-group", "--group-id", gid, check=False)
    assert bad.returncode != 0 and "InvalidGroup.NotFound" in bad.stderr


def test_nat_gateway_secondary_addresses_and_multi_attach(aws):  # noqa: F811
    subnet = aws.json("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true")["Subnets"][0]["SubnetId"]
    alloc = aws.json("ec2", "allocate-address", "--domain", "vpc")["AllocationId"]
    nat = aws.json("ec2", "create-nat-gateway", "--subnet-id", subnet, "--allocation-id", alloc)["NatGateway"]
    aws("ec2", "wait", "nat-gateway-available", "--nat-gateway-ids", nat["NatGatewayId"])
    got = aws.json("ec2", "describe-nat-gateways", "--nat-gateway-ids", nat["NatGatewayId"])["NatGateways"][0]
    assert got["State"] == "available" and got["NatGatewayAddresses"][0]["AllocationId"] == alloc
    aws("ec2", "delete-nat-gateway", "--nat-gateway-id", nat["NatGatewayId"])
    eid = aws.json("ec2", "create-network-interface", "--subnet-id", subnet)["NetworkInterface"]["NetworkInterfaceId"]
    assigned = aws.json("ec2", "assign-private-ip-addresses", "--network-interface-id", eid,
                        "--secondary-private-ip-address-count", "2")["AssignedPrivateIpAddresses"]
    assert len(assigned) == 2
    aws("ec2", "unassign-private-ip-addresses", "--network-interface-id", eid,
        "--private-ip-addresses", assigned[0]["PrivateIpAddress"])
    eni = aws.json("ec2", "describe-network-interfaces", "--network-interface-ids", eid)["NetworkInterfaces"][0]
    assert len(eni["PrivateIpAddresses"]) == 2
    aws("ec2", "delete-network-interface", "--network-interface-id", eid)
    vol = aws.json("ec2", "create-volume", "--availability-zone", "us-east-1a", "--size", "10",
                   "--volume-type", "io2", "--iops", "100", "--multi-attach-enabled")
    assert vol["MultiAttachEnabled"] is True
    aws("ec2", "delete-volume", "--volume-id", vol["VolumeId"])
