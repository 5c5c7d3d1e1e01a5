"""NAT gateways (issue 10 §3, h-net item 3), replaying Terraform's aws_nat_gateway
(hashicorp/terraform-provider-aws internal/service/ec2/vpc_nat_gateway.go: resourceNATGatewayCreate
-> CreateNatGateway with AllocationId, SubnetId, ConnectivityType, TagSpecifications, ClientToken;
waitNATGatewayCreated: DescribeNatGateways until `available`; resourceNATGatewayRead:
findNATGatewayByID, which treats `deleted` as gone; resourceNATGatewayDelete -> DeleteNatGateway and
waitNATGatewayDeleted until `deleted`), boto3's nat_gateway_available waiter, and what a gateway
does to its subnet, Elastic IP, network interface and routes."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of


def default_subnet(ec2, zone="us-east-1a"):
    return ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": [zone]},
                                         {"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]


def nat(ec2, nat_id):
    return ec2.describe_nat_gateways(NatGatewayIds=[nat_id])["NatGateways"][0]


def test_terraform_aws_nat_gateway_lifecycle(cloudlife, ec2):
    cloudlife.timing("realistic", {"nat-gateway-pending": 60, "nat-gateway-deleting": 30})
    subnet = default_subnet(ec2)
    eip = ec2.allocate_address(Domain="vpc")
    created = ec2.create_nat_gateway(
        AllocationId=eip["AllocationId"], SubnetId=subnet["SubnetId"], ConnectivityType="public",
        ClientToken="tf-nat-1",
        TagSpecifications=[{"ResourceType": "natgateway", "Tags": [{"Key": "Name", "Value": "main"}]}])
    g = created["NatGateway"]
    assert created["ClientToken"] == "tf-nat-1"
    nat_id = g["NatGatewayId"]
    assert nat_id.startswith("nat-") and g["State"] == "pending"
    assert g["SubnetId"] == subnet["SubnetId"] and g["VpcId"] == subnet["VpcId"]
    assert g["ConnectivityType"] == "public" and g["Tags"] == [{"Key": "Name", "Value": "main"}]
    [addr] = g["NatGatewayAddresses"]
    assert addr["AllocationId"] == eip["AllocationId"] and addr["PublicIp"] == eip["PublicIp"]
    assert addr.get("IsPrimary", True) is True and addr["NetworkInterfaceId"].startswith("eni-")
    # The same token answers the same gateway.
    again = ec2.create_nat_gateway(AllocationId=eip["AllocationId"], SubnetId=subnet["SubnetId"],
                                   ConnectivityType="public", ClientToken="tf-nat-1",
                                   TagSpecifications=[{"ResourceType": "natgateway",
                                                       "Tags": [{"Key": "Name", "Value": "main"}]}])
    assert again["NatGateway"]["NatGatewayId"] == nat_id
    assert len(ec2.describe_nat_gateways()["NatGateways"]) == 1
    # waitNATGatewayCreated
    assert nat(ec2, nat_id)["State"] == "pending"
    cloudlife.advance(61)
    ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat_id], WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    got = nat(ec2, nat_id)
    assert got["State"] == "available" and "CreateTime" in got and "DeleteTime" not in got
    [addr] = got["NatGatewayAddresses"]
    # (Debian's botocore predates the AssociationId and Status members: checked when parsed.)
    assert addr["PrivateIp"] and addr.get("Status", "succeeded") == "succeeded"
    # Its interface: requester-managed, type nat_gateway, in the subnet, holding the Elastic IP.
    [eni] = ec2.describe_network_interfaces(NetworkInterfaceIds=[addr["NetworkInterfaceId"]])["NetworkInterfaces"]
    assert eni["InterfaceType"] == "nat_gateway" and eni["RequesterManaged"] is True
    assert eni["SubnetId"] == subnet["SubnetId"] and eni["PrivateIpAddress"] == addr["PrivateIp"]
    assert eni["Status"] == "in-use" and eni["Association"]["PublicIp"] == eip["PublicIp"]
    assert eni["Description"] == f"Interface for NAT Gateway {nat_id}"
    by_filter = ec2.describe_network_interfaces(
        Filters=[{"Name": "attachment.nat-gateway-id", "Values": [nat_id]}])["NetworkInterfaces"]
    assert [e["NetworkInterfaceId"] for e in by_filter] == [eni["NetworkInterfaceId"]]
    with pytest.raises(ClientError) as e:
        ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    assert error_of(e)[0] == "InvalidNetworkInterface.InUse"
    [a] = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"]
    assert a["NetworkInterfaceId"] == eni["NetworkInterfaceId"] and a["AssociationId"].startswith("eipassoc-")
    assert addr.get("AssociationId", a["AssociationId"]) == a["AssociationId"]
    with pytest.raises(ClientError) as e:
        ec2.release_address(AllocationId=eip["AllocationId"])
    assert error_of(e)[0] == "InvalidIPAddress.InUse"
    # The subnet cannot go while the gateway is there.
    with pytest.raises(ClientError) as e:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    assert error_of(e)[0] == "DependencyViolation"
    # Routes through it: active while available, blackhole once deleted.
    table = ec2.create_route_table(VpcId=subnet["VpcId"])["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.99.0.0/16", NatGatewayId=nat_id)
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.98.0.0/16",
                     GatewayId=ec2.describe_internet_gateways()["InternetGateways"][0]["InternetGatewayId"])
    ec2.replace_route(RouteTableId=table, DestinationCidrBlock="10.98.0.0/16", NatGatewayId=nat_id)

    def routes():
        rt = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]
        return {r["DestinationCidrBlock"]: (r.get("NatGatewayId"), r["State"]) for r in rt["Routes"]}

    assert routes()["10.99.0.0/16"] == (nat_id, "active")
    assert routes()["10.98.0.0/16"] == (nat_id, "active")
    found = ec2.describe_route_tables(Filters=[{"Name": "route.nat-gateway-id", "Values": [nat_id]}])
    assert [t["RouteTableId"] for t in found["RouteTables"]] == [table]
    # resourceNATGatewayDelete + waitNATGatewayDeleted
    assert ec2.delete_nat_gateway(NatGatewayId=nat_id)["NatGatewayId"] == nat_id
    assert nat(ec2, nat_id)["State"] == "deleting"
    assert routes()["10.99.0.0/16"] == (nat_id, "blackhole")
    cloudlife.advance(31)
    got = nat(ec2, nat_id)
    assert got["State"] == "deleted" and "DeleteTime" in got
    assert routes()["10.99.0.0/16"] == (nat_id, "blackhole")
    # The Elastic IP is disassociated and still allocated; the interface and its address are gone.
    [a] = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"]
    assert "AssociationId" not in a and "NetworkInterfaceId" not in a
    with pytest.raises(ClientError) as e:
        ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])
    assert error_of(e)[0] == "InvalidNetworkInterfaceID.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.97.0.0/16", NatGatewayId=nat_id)
    assert error_of(e)[0] == "NatGatewayNotFound"
    # Visible as deleted for about an hour, then gone.
    assert [g["State"] for g in ec2.describe_nat_gateways(
        Filters=[{"Name": "state", "Values": ["deleted"]}])["NatGateways"]] == ["deleted"]
    cloudlife.advance(3700)
    with pytest.raises(ClientError) as e:
        nat(ec2, nat_id)
    assert error_of(e) == ("NatGatewayNotFound", 400, f"The Nat Gateway {nat_id} was not found")
    ec2.release_address(AllocationId=eip["AllocationId"])


def test_a_private_gateway_and_describe_filters_and_paging(ec2):
    subnet = default_subnet(ec2)
    other = default_subnet(ec2, "us-east-1b")
    ids = [ec2.create_nat_gateway(SubnetId=s["SubnetId"], ConnectivityType="private",
                                  TagSpecifications=[{"ResourceType": "natgateway",
                                                      "Tags": [{"Key": "n", "Value": str(k)}]}])
           ["NatGateway"]["NatGatewayId"] for k, s in enumerate([subnet, subnet, other, other, subnet, other])]
    g = nat(ec2, ids[0])
    assert g["State"] == "available" and g["ConnectivityType"] == "private"
    [addr] = g["NatGatewayAddresses"]
    assert "PublicIp" not in addr and "AllocationId" not in addr and addr["PrivateIp"]
    assert {x["NatGatewayId"] for x in ec2.describe_nat_gateways(
        Filters=[{"Name": "subnet-id", "Values": [other["SubnetId"]]}])["NatGateways"]} == set(ids[2:4] + ids[5:])
    assert [x["NatGatewayId"] for x in ec2.describe_nat_gateways(
        Filters=[{"Name": "tag:n", "Values": ["4"]}])["NatGateways"]] == [ids[4]]
    assert len(ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [subnet["VpcId"]]},
                                                  {"Name": "state", "Values": ["available"]}])["NatGateways"]) == 6
    first = ec2.describe_nat_gateways(MaxResults=5)
    assert len(first["NatGateways"]) == 5 and first["NextToken"]
    rest = ec2.describe_nat_gateways(MaxResults=5, NextToken=first["NextToken"])
    assert len(rest["NatGateways"]) == 1 and "NextToken" not in rest
    pages = list(ec2.get_paginator("describe_nat_gateways").paginate(PaginationConfig={"PageSize": 5}))
    assert sum(len(p["NatGateways"]) for p in pages) == 6
    tags = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [ids[1]]}])["Tags"]
    assert tags == [{"Key": "n", "ResourceId": ids[1], "ResourceType": "natgateway", "Value": "1"}]
    with pytest.raises(ClientError) as e:
        ec2.describe_nat_gateways(Filters=[{"Name": "nope", "Values": ["x"]}])
    assert error_of(e)[0] == "InvalidParameterValue"


def test_bad_requests_change_nothing(ec2):
    subnet = default_subnet(ec2)
    eip = ec2.allocate_address(Domain="vpc")
    inst = ec2.run_instances(ImageId="ami-0123456789abcdef0", InstanceType="t3.micro", MinCount=1, MaxCount=1,
                             SubnetId=subnet["SubnetId"])["Instances"][0]["InstanceId"]
    used = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=used["AllocationId"], InstanceId=inst)
    cases = [
        (dict(SubnetId=subnet["SubnetId"], AllocationId="eipalloc-0123456789abcdef0"), "InvalidAllocationID.NotFound"),
        (dict(SubnetId=subnet["SubnetId"], AllocationId=used["AllocationId"]), "Resource.AlreadyAssociated"),
        (dict(SubnetId="subnet-0123456789abcdef0", AllocationId=eip["AllocationId"]), "InvalidSubnetID.NotFound"),
        (dict(SubnetId=subnet["SubnetId"], ConnectivityType="private", AllocationId=eip["AllocationId"]),
         "InvalidParameterCombination"),
        (dict(SubnetId=subnet["SubnetId"], ConnectivityType="sideways"), "InvalidParameterValue"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ClientError) as e:
            ec2.create_nat_gateway(**kwargs)
        assert error_of(e)[0] == code, kwargs
    with pytest.raises(ClientError) as e:
        ec2.create_nat_gateway(SubnetId=subnet["SubnetId"], AllocationId=eip["AllocationId"], DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    assert ec2.describe_nat_gateways()["NatGateways"] == []
    with pytest.raises(ClientError) as e:
        ec2.delete_nat_gateway(NatGatewayId="nat-0123456789abcdef0")
    assert error_of(e)[0] == "NatGatewayNotFound"


def test_a_public_gateway_in_a_vpc_without_internet_gateway_fails(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    eip = ec2.allocate_address(Domain="vpc")
    nat_id = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip["AllocationId"])["NatGateway"]["NatGatewayId"]
    g = nat(ec2, nat_id)
    assert g["State"] == "failed" and g["FailureCode"] == "Gateway.NotAttached"
    assert g["FailureMessage"] == f"Network {vpc} has no Internet gateway attached"
    with pytest.raises(Exception):
        ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat_id], WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    # Nothing was taken: the address is free, the subnet can go.
    assert "AssociationId" not in ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]
    assert ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [subnet]}])["NetworkInterfaces"] == []
    ec2.delete_nat_gateway(NatGatewayId=nat_id)
    assert nat(ec2, nat_id)["State"] == "deleted"
    ec2.delete_subnet(SubnetId=subnet)
