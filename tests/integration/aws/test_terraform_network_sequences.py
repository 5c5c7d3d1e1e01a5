"""Terraform AWS provider call sequences for the network resources (issue 10 §7), replayed with
boto3: create, every read the provider makes after create, an in-place update, destroy, and the
read-after-destroy NotFound the provider relies on. Each test names the provider file and functions
(hashicorp/terraform-provider-aws, internal/service/ec2/) it follows."""
import base64

import pytest
from botocore.exceptions import ClientError

from conftest import describe_one, error_of, launch

ED_PUB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII7GSCxakSWwre6qx/Do7JqIO+Hm5/0KHgSNH+IErsqn tf@host"


def not_found(call, code):
    with pytest.raises(ClientError) as e:
        call()
    assert error_of(e)[0] == code


def test_aws_security_group_with_rules(ec2):
    """vpc_security_group.go: resourceSecurityGroupCreate (CreateSecurityGroup, waitSecurityGroupCreated,
    revoke the default IPv4 and IPv6 egress rules, resourceSecurityGroupUpdate → updateSecurityGroupRules),
    resourceSecurityGroupRead (findSecurityGroupByID), resourceSecurityGroupDelete (deleteLingeringENIs,
    DeleteSecurityGroup, RetryUntilNotFound); vpc_security_group_ingress_rule.go for the rule resource
    (AuthorizeSecurityGroupIngress → DescribeSecurityGroupRules by ID, ModifySecurityGroupRules)."""
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    gid = ec2.create_security_group(GroupName="tf-web", Description="Managed by Terraform", VpcId=vpc,
                                    TagSpecifications=[{"ResourceType": "security-group",
                                                        "Tags": [{"Key": "Name", "Value": "tf-web"}]}])["GroupId"]
    ec2.describe_security_groups(GroupIds=[gid])
    ec2.revoke_security_group_egress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "-1", "FromPort": 0, "ToPort": 0, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    with pytest.raises(ClientError) as e:  # the provider tolerates InvalidPermission.NotFound here
        ec2.revoke_security_group_egress(GroupId=gid, IpPermissions=[
            {"IpProtocol": "-1", "FromPort": 0, "ToPort": 0, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    assert error_of(e)[0] == "InvalidPermission.NotFound"
    ec2.describe_security_groups(GroupIds=[gid])
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": gid}]}])
    ec2.authorize_security_group_egress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "-1", "FromPort": 0, "ToPort": 0, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    sg = ec2.describe_security_groups(GroupIds=[gid])["SecurityGroups"][0]
    assert sg["OwnerId"] and sg["VpcId"] == vpc and sg["Tags"] == [{"Key": "Name", "Value": "tf-web"}]
    self_rule = [p for p in sg["IpPermissions"] if p["FromPort"] == 22][0]
    assert self_rule["UserIdGroupPairs"][0]["GroupId"] == gid  # "self = true" to the provider
    # Update: change 443's CIDR (revoke the old, authorize the new), as updateSecurityGroupRules does.
    ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    # aws_vpc_security_group_ingress_rule: create, read by rule ID, modify in place.
    rule = ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}])
    rid = rule["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    ec2.describe_security_group_rules(SecurityGroupRuleIds=[rid])
    ec2.modify_security_group_rules(GroupId=gid, SecurityGroupRules=[{"SecurityGroupRuleId": rid, "SecurityGroupRule": {
        "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8081, "CidrIpv4": "10.1.0.0/16"}}])
    ec2.revoke_security_group_ingress(GroupId=gid, SecurityGroupRuleIds=[rid])
    not_found(lambda: ec2.describe_security_group_rules(SecurityGroupRuleIds=[rid]),
              "InvalidSecurityGroupRuleId.NotFound")
    # Destroy.
    assert ec2.describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [gid]}])["NetworkInterfaces"] == []
    ec2.delete_security_group(GroupId=gid)
    not_found(lambda: ec2.describe_security_groups(GroupIds=[gid]), "InvalidGroup.NotFound")


def test_aws_key_pair(ec2):
    """ec2_key_pair.go: resourceKeyPairCreate (ImportKeyPair), resourceKeyPairRead (findKeyPairByName:
    DescribeKeyPairs KeyNames + IncludePublicKey), resourceKeyPairDelete (DeleteKeyPair by name)."""
    out = ec2.import_key_pair(KeyName="tf-key", PublicKeyMaterial=ED_PUB.encode(),
                              TagSpecifications=[{"ResourceType": "key-pair", "Tags": [{"Key": "Name", "Value": "k"}]}])
    kp = ec2.describe_key_pairs(KeyNames=["tf-key"], IncludePublicKey=True)["KeyPairs"][0]
    assert (kp["KeyPairId"], kp["KeyFingerprint"], kp["KeyType"]) == (out["KeyPairId"], out["KeyFingerprint"], "ed25519")
    assert kp["PublicKey"].split()[:2] == ED_PUB.split()[:2] and kp["Tags"] == [{"Key": "Name", "Value": "k"}]
    ec2.create_tags(Resources=[kp["KeyPairId"]], Tags=[{"Key": "env", "Value": "dev"}])  # update: tags only
    ec2.delete_key_pair(KeyName="tf-key")
    not_found(lambda: ec2.describe_key_pairs(KeyNames=["tf-key"], IncludePublicKey=True), "InvalidKeyPair.NotFound")


def test_aws_eip_with_association(ec2):
    """ec2_eip.go: resourceEIPCreate (AllocateAddress, findEIPByAllocationID, associateEIP →
    AssociateAddress + findEIPByAssociationID), resourceEIPRead (DescribeAddresses,
    findEIPDomainNameAttributeByAllocationID → DescribeAddressesAttribute domain-name),
    resourceEIPUpdate (disassociateEIP, associateEIP), resourceEIPDelete (disassociateEIP, ReleaseAddress);
    ec2_eip_association.go follows the same calls."""
    one, two = launch(ec2, count=2)
    alloc = ec2.allocate_address(Domain="vpc", TagSpecifications=[
        {"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "tf-eip"}]}])["AllocationId"]
    ec2.describe_addresses(AllocationIds=[alloc])
    assoc = ec2.associate_address(AllocationId=alloc, InstanceId=one)["AssociationId"]
    ec2.describe_addresses(Filters=[{"Name": "association-id", "Values": [assoc]}])
    addr = ec2.describe_addresses(AllocationIds=[alloc])["Addresses"][0]
    assert (addr["InstanceId"], addr["Domain"], addr["NetworkBorderGroup"]) == (one, "vpc", "us-east-1")
    attrs = ec2.describe_addresses_attribute(AllocationIds=[alloc], Attribute="domain-name")["Addresses"]
    assert attrs == [{"PublicIp": addr["PublicIp"], "AllocationId": alloc}]
    # Update: move to the other instance.
    ec2.disassociate_address(AssociationId=assoc)
    assoc = ec2.associate_address(AllocationId=alloc, InstanceId=two)["AssociationId"]
    assert describe_one(ec2, two)["PublicIpAddress"] == addr["PublicIp"]
    # Destroy.
    ec2.disassociate_address(AssociationId=assoc)
    ec2.release_address(AllocationId=alloc)
    not_found(lambda: ec2.describe_addresses(AllocationIds=[alloc]), "InvalidAllocationID.NotFound")
    not_found(lambda: ec2.release_address(AllocationId=alloc), "InvalidAllocationID.NotFound")


def test_aws_network_interface_with_attachment(ec2):
    """vpc_network_interface.go: resourceNetworkInterfaceCreate (CreateNetworkInterface,
    waitNetworkInterfaceCreated, ModifyNetworkInterfaceAttribute SourceDestCheck, attachNetworkInterface
    + waitNetworkInterfaceAttached), resourceNetworkInterfaceRead (findNetworkInterfaceByID),
    resourceNetworkInterfaceUpdate (Description, SecurityGroupId.N), resourceNetworkInterfaceDelete
    (detachNetworkInterface + waitNetworkInterfaceDetached, DeleteNetworkInterface)."""
    subnet = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["us-east-1a"]}])["Subnets"][0]
    sg = ec2.create_security_group(GroupName="tf-eni", Description="eni")["GroupId"]
    eni = ec2.create_network_interface(SubnetId=subnet["SubnetId"], Groups=[sg], Description="tf",
                                       TagSpecifications=[{"ResourceType": "network-interface",
                                                           "Tags": [{"Key": "Name", "Value": "tf"}]}])["NetworkInterface"]
    eid = eni["NetworkInterfaceId"]
    assert ec2.describe_network_interfaces(NetworkInterfaceIds=[eid])["NetworkInterfaces"][0]["Status"] == "available"
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, SourceDestCheck={"Value": False})
    iid = launch(ec2)[0]
    att = ec2.attach_network_interface(NetworkInterfaceId=eid, InstanceId=iid, DeviceIndex=1)["AttachmentId"]
    got = ec2.describe_network_interfaces(NetworkInterfaceIds=[eid])["NetworkInterfaces"][0]
    assert got["Attachment"]["Status"] == "attached" and got["SourceDestCheck"] is False
    # Update.
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, Description={"Value": "tf2"})
    default = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]["GroupId"]
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eid, Groups=[sg, default])
    got = ec2.describe_network_interfaces(NetworkInterfaceIds=[eid])["NetworkInterfaces"][0]
    assert got["Description"] == "tf2" and [g["GroupId"] for g in got["Groups"]] == [sg, default]
    # Destroy.
    ec2.detach_network_interface(AttachmentId=att, Force=False)
    assert ec2.describe_network_interfaces(NetworkInterfaceIds=[eid])["NetworkInterfaces"][0]["Status"] == "available"
    ec2.delete_network_interface(NetworkInterfaceId=eid)
    not_found(lambda: ec2.describe_network_interfaces(NetworkInterfaceIds=[eid]), "InvalidNetworkInterfaceID.NotFound")


def test_aws_ebs_volume_with_attachment(ec2):
    """ebs_volume.go: resourceEBSVolumeCreate (CreateVolume, waitVolumeCreated), resourceEBSVolumeRead
    (findEBSVolumeByID), resourceEBSVolumeUpdate (ModifyVolume is the provider's; here tags),
    resourceEBSVolumeDelete (DeleteVolume, waitVolumeDeleted); ebs_volume_attachment.go:
    resourceVolumeAttachmentCreate (AttachVolume, waitVolumeAttachmentCreated),
    resourceVolumeAttachmentDelete (DetachVolume, waitVolumeAttachmentDeleted)."""
    iid = launch(ec2)[0]
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="gp3", TagSpecifications=[
        {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "tf-vol"}]}])["VolumeId"]
    assert ec2.describe_volumes(VolumeIds=[vol])["Volumes"][0]["State"] == "available"
    ec2.attach_volume(VolumeId=vol, InstanceId=iid, Device="/dev/sdf")
    v = ec2.describe_volumes(Filters=[{"Name": "attachment.device", "Values": ["/dev/sdf"]},
                                      {"Name": "attachment.instance-id", "Values": [iid]}])["Volumes"][0]
    assert v["VolumeId"] == vol and v["Attachments"][0]["State"] == "attached"
    ec2.create_tags(Resources=[vol], Tags=[{"Key": "env", "Value": "dev"}])
    ec2.detach_volume(VolumeId=vol, InstanceId=iid, Device="/dev/sdf")
    assert ec2.describe_volumes(VolumeIds=[vol])["Volumes"][0]["State"] == "available"
    ec2.delete_volume(VolumeId=vol)
    not_found(lambda: ec2.describe_volumes(VolumeIds=[vol]), "InvalidVolume.NotFound")


def test_aws_vpc_internet_gateway_route_table(ec2):
    """vpc_.go: resourceVPCCreate (CreateVpc, waitVPCCreated, ModifyVpcAttribute for DNS hostnames),
    resourceVPCRead (DescribeVpcAttribute ×3, findVPCMainRouteTable: DescribeRouteTables association.main,
    findVPCDefaultSecurityGroup); vpc_internet_gateway.go (CreateInternetGateway,
    AttachInternetGateway, DescribeInternetGateways, DetachInternetGateway, DeleteInternetGateway);
    vpc_route_table.go / vpc_route.go / vpc_route_table_association.go (CreateRouteTable, CreateRoute,
    AssociateRouteTable, ReplaceRoute, DisassociateRouteTable, DeleteRoute, DeleteRouteTable)."""
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    attrs = {a: ec2.describe_vpc_attribute(VpcId=vpc, Attribute=a) for a in
             ["enableDnsSupport", "enableDnsHostnames", "enableNetworkAddressUsageMetrics"]}
    assert attrs["enableDnsSupport"]["EnableDnsSupport"]["Value"] is True
    assert attrs["enableDnsHostnames"]["EnableDnsHostnames"]["Value"] is True
    main = ec2.describe_route_tables(Filters=[{"Name": "association.main", "Values": ["true"]},
                                              {"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
    assert len(main) == 1 and main[0]["Routes"][0]["GatewayId"] == "local"
    ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]},
                                          {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"][0]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    got = ec2.describe_internet_gateways(InternetGatewayIds=[igw])["InternetGateways"][0]
    assert got["Attachments"] == [{"State": "available", "VpcId": vpc}]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    assert ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["MapPublicIpOnLaunch"] is True
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    with pytest.raises(ClientError) as e:
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    assert error_of(e)[0] == "RouteAlreadyExists"
    assoc = ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)["AssociationId"]
    table = ec2.describe_route_tables(RouteTableIds=[rtb])["RouteTables"][0]
    assert [r["State"] for r in table["Routes"]] == ["active", "active"]
    assert table["Associations"][0]["SubnetId"] == subnet
    with pytest.raises(ClientError) as e:
        ec2.delete_internet_gateway(InternetGatewayId=igw)
    assert error_of(e)[0] == "DependencyViolation"
    with pytest.raises(ClientError) as e:
        ec2.delete_route_table(RouteTableId=rtb)
    assert error_of(e)[0] == "DependencyViolation"
    # Destroy in the provider's order.
    ec2.disassociate_route_table(AssociationId=assoc)
    ec2.delete_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0")
    ec2.delete_route_table(RouteTableId=rtb)
    not_found(lambda: ec2.describe_route_tables(RouteTableIds=[rtb]), "InvalidRouteTableID.NotFound")
    ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    ec2.delete_internet_gateway(InternetGatewayId=igw)
    not_found(lambda: ec2.describe_internet_gateways(InternetGatewayIds=[igw]), "InvalidInternetGatewayID.NotFound")
    ec2.delete_subnet(SubnetId=subnet)
    ec2.delete_vpc(VpcId=vpc)
    assert ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"] == []


def test_the_default_vpc_has_its_gateway_and_main_route(ec2):
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    igw = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]
    assert len(igw) == 1
    main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"][0]
    assert {r["DestinationCidrBlock"]: r.get("GatewayId") for r in main["Routes"]} == {
        "172.31.0.0/16": "local", "0.0.0.0/0": igw[0]["InternetGatewayId"]}
    assert ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"] is True
