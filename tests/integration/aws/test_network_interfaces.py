"""Network interfaces and Elastic IPs (issue 10 §3): every instance's primary interface is a real
record, terminate deletes or detaches interfaces and frees their addresses for reuse, and Elastic
IPs follow their instance across stop/start and are disassociated (still allocated) on terminate."""
import pytest
from botocore.exceptions import ClientError

from conftest import describe_one, error_of, launch, state_of


def enis(ec2, **kw):
    return ec2.describe_network_interfaces(**kw)["NetworkInterfaces"]


def subnet_of(ec2, zone="us-east-1a"):
    return ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": [zone]},
                                         {"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]


def test_every_instance_has_a_real_primary_interface_deleted_with_it(ec2):
    iid = launch(ec2)[0]
    inst = describe_one(ec2, iid)
    ni = inst["NetworkInterfaces"][0]
    [eni] = enis(ec2, Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])
    assert eni["NetworkInterfaceId"] == ni["NetworkInterfaceId"]
    assert eni["PrivateIpAddress"] == inst["PrivateIpAddress"]
    assert eni["MacAddress"] == ni["MacAddress"]
    assert eni["Attachment"]["DeviceIndex"] == 0 and eni["Attachment"]["DeleteOnTermination"] is True
    assert eni["Status"] == "in-use"
    assert eni["Association"]["PublicIp"] == inst["PublicIpAddress"]
    with pytest.raises(ClientError) as e:
        ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    assert error_of(e)[0] == "InvalidNetworkInterface.InUse"
    with pytest.raises(ClientError) as e:
        ec2.detach_network_interface(AttachmentId=eni["Attachment"]["AttachmentId"])
    assert error_of(e)[0] == "OperationNotPermitted"
    ec2.terminate_instances(InstanceIds=[iid])
    assert enis(ec2) == []


def test_a_terminated_instances_address_is_reused(ec2):
    first = launch(ec2)[0]
    ip = describe_one(ec2, first)["PrivateIpAddress"]
    ec2.terminate_instances(InstanceIds=[first])
    assert describe_one(ec2, launch(ec2)[0])["PrivateIpAddress"] == ip


def test_create_attach_detach_delete_a_network_interface(ec2):
    subnet = subnet_of(ec2)
    sg = ec2.create_security_group(GroupName="eni", Description="eni")["GroupId"]
    eni = ec2.create_network_interface(SubnetId=subnet["SubnetId"], Description="extra", Groups=[sg],
                                       PrivateIpAddress="172.31.0.100",
                                       TagSpecifications=[{"ResourceType": "network-interface",
                                                           "Tags": [{"Key": "Name", "Value": "x"}]}])["NetworkInterface"]
    assert eni["Status"] == "available" and eni["PrivateIpAddress"] == "172.31.0.100"
    assert eni["Groups"] == [{"GroupId": sg, "GroupName": "eni"}]
    with pytest.raises(ClientError) as e:
        ec2.create_network_interface(SubnetId=subnet["SubnetId"], PrivateIpAddress="172.31.0.100")
    assert error_of(e)[0] == "InvalidIPAddress.InUse"
    with pytest.raises(ClientError) as e:  # a group in use by an interface
        ec2.delete_security_group(GroupId=sg)
    assert error_of(e)[0] == "DependencyViolation"
    iid = launch(ec2)[0]
    att = ec2.attach_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"], InstanceId=iid,
                                       DeviceIndex=1)["AttachmentId"]
    with pytest.raises(ClientError) as e:
        ec2.attach_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"], InstanceId=iid, DeviceIndex=2)
    assert error_of(e)[0] == "InvalidParameterValue"
    got = enis(ec2, NetworkInterfaceIds=[eni["NetworkInterfaceId"]])[0]
    assert got["Attachment"]["InstanceId"] == iid and got["Attachment"]["DeleteOnTermination"] is False
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni["NetworkInterfaceId"],
                                           Description={"Value": "renamed"})
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni["NetworkInterfaceId"],
                                           SourceDestCheck={"Value": False})
    got = enis(ec2, NetworkInterfaceIds=[eni["NetworkInterfaceId"]])[0]
    assert (got["Description"], got["SourceDestCheck"]) == ("renamed", False)
    ec2.detach_network_interface(AttachmentId=att)
    assert enis(ec2, NetworkInterfaceIds=[eni["NetworkInterfaceId"]])[0]["Status"] == "available"
    ec2.attach_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"], InstanceId=iid, DeviceIndex=1)
    ec2.terminate_instances(InstanceIds=[iid])  # not DeleteOnTermination: detached, kept
    assert enis(ec2, NetworkInterfaceIds=[eni["NetworkInterfaceId"]])[0]["Status"] == "available"
    ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    with pytest.raises(ClientError) as e:
        enis(ec2, NetworkInterfaceIds=[eni["NetworkInterfaceId"]])
    assert error_of(e)[0] == "InvalidNetworkInterfaceID.NotFound"
    ec2.delete_security_group(GroupId=sg)


DOCUMENTED_ENI_FILTERS = [
    "association.allocation-id", "association.association-id", "addresses.association.owner-id",
    "association.ip-owner-id", "association.public-ip", "association.public-dns-name",
    "addresses.association.public-ip", "addresses.primary", "addresses.private-ip-address",
    "attachment.attach-time", "attachment.attachment-id", "attachment.delete-on-termination",
    "attachment.device-index", "attachment.instance-id", "attachment.instance-owner-id",
    "attachment.nat-gateway-id", "attachment.status", "availability-zone", "description", "group-id",
    "group-name", "ipv6-addresses.ipv6-address", "interface-type", "mac-address", "network-interface-id",
    "owner-id", "private-dns-name", "private-ip-address", "requester-id", "requester-managed",
    "source-dest-check", "status", "subnet-id", "tag:Name", "tag-key", "vpc-id"]


def test_every_documented_interface_filter_is_accepted(ec2):
    launch(ec2)
    for name in DOCUMENTED_ENI_FILTERS:
        enis(ec2, Filters=[{"Name": name, "Values": ["*"]}])


def test_elastic_ip_follows_the_instance_and_survives_its_termination(ec2):
    iid = launch(ec2)[0]
    auto = describe_one(ec2, iid)["PublicIpAddress"]
    a = ec2.allocate_address(Domain="vpc")
    assoc = ec2.associate_address(AllocationId=a["AllocationId"], InstanceId=iid)["AssociationId"]
    assert describe_one(ec2, iid)["PublicIpAddress"] == a["PublicIp"] != auto
    addr = ec2.describe_addresses(AllocationIds=[a["AllocationId"]])["Addresses"][0]
    assert (addr["InstanceId"], addr["AssociationId"]) == (iid, assoc)
    with pytest.raises(ClientError) as e:
        ec2.release_address(AllocationId=a["AllocationId"])
    assert error_of(e)[0] == "InvalidIPAddress.InUse"
    ec2.stop_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "stopped"
    assert describe_one(ec2, iid)["PublicIpAddress"] == a["PublicIp"]
    ec2.start_instances(InstanceIds=[iid])
    assert describe_one(ec2, iid)["PublicIpAddress"] == a["PublicIp"]
    ec2.terminate_instances(InstanceIds=[iid])
    addr = ec2.describe_addresses(PublicIps=[a["PublicIp"]])["Addresses"][0]
    assert "AssociationId" not in addr and "InstanceId" not in addr
    ec2.release_address(AllocationId=a["AllocationId"])
    with pytest.raises(ClientError) as e:
        ec2.describe_addresses(AllocationIds=[a["AllocationId"]])
    assert error_of(e)[0] == "InvalidAllocationID.NotFound"


def test_reassociation_needs_allow_reassociation_and_disassociation_brings_a_new_public_ip(ec2):
    one, two = launch(ec2, count=2)
    a = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=a["AllocationId"], InstanceId=one)
    with pytest.raises(ClientError) as e:
        ec2.associate_address(AllocationId=a["AllocationId"], InstanceId=two)
    assert error_of(e)[0] == "Resource.AlreadyAssociated"
    assoc = ec2.associate_address(AllocationId=a["AllocationId"], InstanceId=two,
                                  AllowReassociation=True)["AssociationId"]
    after = describe_one(ec2, one)["PublicIpAddress"]
    assert after and after != a["PublicIp"]  # `one` was launched with a public address
    ec2.disassociate_address(AssociationId=assoc)
    assert describe_one(ec2, two)["PublicIpAddress"] != a["PublicIp"]
    with pytest.raises(ClientError) as e:
        ec2.disassociate_address(AssociationId=assoc)
    assert error_of(e)[0] == "InvalidAssociationID.NotFound"
    for name in ["allocation-id", "association-id", "domain", "instance-id", "network-border-group",
                 "network-interface-id", "network-interface-owner-id", "private-ip-address", "public-ip",
                 "tag:Name", "tag-key"]:
        ec2.describe_addresses(Filters=[{"Name": name, "Values": ["*"]}])
