"""Interfaces beyond the primary one (issue 10 §3, h-net item 1): an interface attached with
AttachNetworkInterface is listed in DescribeInstances' networkInterfaceSet in device-index order,
with its attachment (attaching -> attached over virtual time), groups, private addresses and
association, and in the instance's IMDS network/interfaces/macs tree; terminating deletes the
DeleteOnTermination ones (their addresses return to the subnet) and detaches the others.
AssignPrivateIpAddresses / UnassignPrivateIpAddresses give an interface secondary addresses within
the instance type's limit (PrivateIpAddressLimitExceeded), and AttachNetworkInterface beyond the
type's interface count is AttachmentLimitExceeded, as AWS answers."""
import pytest
from botocore.exceptions import ClientError

from conftest import describe_one, error_of, launch


def default_subnet(ec2, zone="us-east-1a"):
    return ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": [zone]},
                                         {"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]


def new_eni(ec2, **kw):
    kw.setdefault("SubnetId", default_subnet(ec2)["SubnetId"])
    return ec2.create_network_interface(**kw)["NetworkInterface"]


def imds_get(cloudlife, iid, path):
    imds = cloudlife.imds(iid)
    return imds.get(path, token=imds.token())


def test_an_attached_interface_is_listed_by_the_instance_in_device_index_order(cloudlife, ec2):
    sg = ec2.create_security_group(GroupName="second", Description="second")["GroupId"]
    iid = launch(ec2, InstanceType="m5.large")[0]
    third = new_eni(ec2, Description="third")
    second = new_eni(ec2, Description="second", Groups=[sg])
    alloc = ec2.allocate_address(Domain="vpc")
    cloudlife.timing("realistic", {"eni-attaching": 5})
    att2 = ec2.attach_network_interface(NetworkInterfaceId=third["NetworkInterfaceId"], InstanceId=iid,
                                        DeviceIndex=2)["AttachmentId"]
    att1 = ec2.attach_network_interface(NetworkInterfaceId=second["NetworkInterfaceId"], InstanceId=iid,
                                        DeviceIndex=1)["AttachmentId"]
    ec2.associate_address(AllocationId=alloc["AllocationId"], NetworkInterfaceId=second["NetworkInterfaceId"])
    inst = describe_one(ec2, iid)
    nis = inst["NetworkInterfaces"]
    assert [n["Attachment"]["DeviceIndex"] for n in nis] == [0, 1, 2]
    assert nis[0]["NetworkInterfaceId"] == inst["NetworkInterfaces"][0]["NetworkInterfaceId"]
    one, two = nis[1], nis[2]
    assert one["NetworkInterfaceId"] == second["NetworkInterfaceId"]
    assert one["Attachment"]["AttachmentId"] == att1 and two["Attachment"]["AttachmentId"] == att2
    assert one["Attachment"]["Status"] == "attaching"
    assert one["Attachment"]["DeleteOnTermination"] is False
    assert one["Attachment"]["NetworkCardIndex"] == 0 and "AttachTime" in one["Attachment"]
    assert one["Groups"] == [{"GroupId": sg, "GroupName": "second"}]
    assert one["PrivateIpAddress"] == second["PrivateIpAddress"]
    assert one["PrivateIpAddresses"][0]["Primary"] is True
    assert one["MacAddress"] == second["MacAddress"] and one["Description"] == "second"
    assert one["Association"]["PublicIp"] == alloc["PublicIp"]
    assert one["Association"]["IpOwnerId"] != "amazon"
    assert "Association" not in two
    eni = ec2.describe_network_interfaces(NetworkInterfaceIds=[second["NetworkInterfaceId"]])
    assert eni["NetworkInterfaces"][0]["Attachment"]["Status"] == "attaching"
    cloudlife.advance(10)
    inst = describe_one(ec2, iid)
    assert [n["Attachment"]["Status"] for n in inst["NetworkInterfaces"]] == ["attached"] * 3
    eni = ec2.describe_network_interfaces(NetworkInterfaceIds=[second["NetworkInterfaceId"]])
    assert eni["NetworkInterfaces"][0]["Attachment"]["Status"] == "attached"
    # IMDS lists every interface by MAC.
    macs = imds_get(cloudlife, iid, "network/interfaces/macs/").split("\n")
    assert sorted(m.rstrip("/") for m in macs) == sorted(n["MacAddress"] for n in inst["NetworkInterfaces"])
    base = f"network/interfaces/macs/{second['MacAddress']}/"
    assert imds_get(cloudlife, iid, base + "device-number") == "1"
    assert imds_get(cloudlife, iid, base + "interface-id") == second["NetworkInterfaceId"]
    assert imds_get(cloudlife, iid, base + "local-ipv4s") == second["PrivateIpAddress"]
    assert imds_get(cloudlife, iid, base + "public-ipv4s") == alloc["PublicIp"]
    assert imds_get(cloudlife, iid, base + "security-group-ids") == sg
    # Detaching takes it off the instance.
    ec2.detach_network_interface(AttachmentId=att1)
    assert [n["Attachment"]["DeviceIndex"] for n in describe_one(ec2, iid)["NetworkInterfaces"]] == [0, 2]


def test_terminating_deletes_delete_on_termination_interfaces_and_detaches_the_others(cloudlife, ec2):
    iid = launch(ec2, InstanceType="m5.large")[0]
    kept = new_eni(ec2)
    doomed = new_eni(ec2)
    ec2.attach_network_interface(NetworkInterfaceId=kept["NetworkInterfaceId"], InstanceId=iid, DeviceIndex=1)
    att = ec2.attach_network_interface(NetworkInterfaceId=doomed["NetworkInterfaceId"], InstanceId=iid,
                                       DeviceIndex=2)["AttachmentId"]
    ec2.modify_network_interface_attribute(NetworkInterfaceId=doomed["NetworkInterfaceId"],
                                           Attachment={"AttachmentId": att, "DeleteOnTermination": True})
    ec2.assign_private_ip_addresses(NetworkInterfaceId=doomed["NetworkInterfaceId"],
                                    SecondaryPrivateIpAddressCount=1)
    doomed_ips = [a["PrivateIpAddress"] for a in ec2.describe_network_interfaces(
        NetworkInterfaceIds=[doomed["NetworkInterfaceId"]])["NetworkInterfaces"][0]["PrivateIpAddresses"]]
    assert len(doomed_ips) == 2
    nis = describe_one(ec2, iid)["NetworkInterfaces"]
    assert nis[2]["Attachment"]["DeleteOnTermination"] is True
    assert [a["Primary"] for a in nis[2]["PrivateIpAddresses"]] == [True, False]
    ec2.terminate_instances(InstanceIds=[iid])
    got = ec2.describe_network_interfaces(NetworkInterfaceIds=[kept["NetworkInterfaceId"]])["NetworkInterfaces"][0]
    assert got["Status"] == "available" and "Attachment" not in got
    with pytest.raises(ClientError) as e:
        ec2.describe_network_interfaces(NetworkInterfaceIds=[doomed["NetworkInterfaceId"]])
    assert error_of(e)[0] == "InvalidNetworkInterfaceID.NotFound"
    # Both of the deleted interface's addresses are free again.
    for ip in doomed_ips:
        ec2.delete_network_interface(NetworkInterfaceId=new_eni(ec2, PrivateIpAddress=ip)["NetworkInterfaceId"])


def test_interface_and_address_limits_of_the_instance_type(ec2):
    iid = launch(ec2, InstanceType="t3.micro")[0]  # 2 interfaces, 2 IPv4 addresses each
    eni = new_eni(ec2)
    ec2.attach_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"], InstanceId=iid, DeviceIndex=1)
    extra = new_eni(ec2)
    with pytest.raises(ClientError) as e:
        ec2.attach_network_interface(NetworkInterfaceId=extra["NetworkInterfaceId"], InstanceId=iid, DeviceIndex=2)
    assert error_of(e) == ("AttachmentLimitExceeded", 400, "Interface count 3 exceeds the limit for t3.micro")
    assert ec2.describe_network_interfaces(
        NetworkInterfaceIds=[extra["NetworkInterfaceId"]])["NetworkInterfaces"][0]["Status"] == "available"
    got = ec2.assign_private_ip_addresses(NetworkInterfaceId=eni["NetworkInterfaceId"],
                                          SecondaryPrivateIpAddressCount=1)
    assert got["NetworkInterfaceId"] == eni["NetworkInterfaceId"]
    [secondary] = [a["PrivateIpAddress"] for a in got["AssignedPrivateIpAddresses"]]
    with pytest.raises(ClientError) as e:
        ec2.assign_private_ip_addresses(NetworkInterfaceId=eni["NetworkInterfaceId"],
                                        SecondaryPrivateIpAddressCount=1)
    assert error_of(e) == ("PrivateIpAddressLimitExceeded", 400, "Number of private addresses will exceed limit.")
    nis = describe_one(ec2, iid)["NetworkInterfaces"]
    assert [a["PrivateIpAddress"] for a in nis[1]["PrivateIpAddresses"]] == [eni["PrivateIpAddress"], secondary]
    filtered = ec2.describe_network_interfaces(Filters=[{"Name": "private-ip-address", "Values": [secondary]}])
    assert [n["NetworkInterfaceId"] for n in filtered["NetworkInterfaces"]] == [eni["NetworkInterfaceId"]]
    with pytest.raises(ClientError) as e:
        ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni["NetworkInterfaceId"],
                                          PrivateIpAddresses=[eni["PrivateIpAddress"]])
    assert error_of(e)[0] == "InvalidParameterValue"
    ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni["NetworkInterfaceId"], PrivateIpAddresses=[secondary])
    nis = describe_one(ec2, iid)["NetworkInterfaces"]
    assert len(nis[1]["PrivateIpAddresses"]) == 1
    with pytest.raises(ClientError) as e:
        ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni["NetworkInterfaceId"], PrivateIpAddresses=[secondary])
    assert error_of(e)[0] == "InvalidParameterValue"


def test_assigning_chosen_addresses_and_reassigning_them(ec2):
    a = new_eni(ec2)
    b = new_eni(ec2)
    ec2.assign_private_ip_addresses(NetworkInterfaceId=a["NetworkInterfaceId"], PrivateIpAddresses=["172.31.0.200"])
    with pytest.raises(ClientError) as e:
        ec2.assign_private_ip_addresses(NetworkInterfaceId=b["NetworkInterfaceId"], PrivateIpAddresses=["172.31.0.200"])
    assert error_of(e)[0] == "InvalidIPAddress.InUse"
    with pytest.raises(ClientError) as e:
        ec2.assign_private_ip_addresses(NetworkInterfaceId=b["NetworkInterfaceId"], PrivateIpAddresses=["10.9.9.9"])
    assert error_of(e)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.assign_private_ip_addresses(NetworkInterfaceId=b["NetworkInterfaceId"])
    assert error_of(e)[0] == "MissingParameter"
    ec2.assign_private_ip_addresses(NetworkInterfaceId=b["NetworkInterfaceId"], PrivateIpAddresses=["172.31.0.200"],
                                    AllowReassignment=True)
    by_id = {n["NetworkInterfaceId"]: [x["PrivateIpAddress"] for x in n["PrivateIpAddresses"]]
             for n in ec2.describe_network_interfaces(
                 NetworkInterfaceIds=[a["NetworkInterfaceId"], b["NetworkInterfaceId"]])["NetworkInterfaces"]}
    assert by_id[a["NetworkInterfaceId"]] == [a["PrivateIpAddress"]]
    assert by_id[b["NetworkInterfaceId"]] == [b["PrivateIpAddress"], "172.31.0.200"]
    ec2.delete_network_interface(NetworkInterfaceId=b["NetworkInterfaceId"])
    # Its secondary address went back to the subnet with it.
    ec2.assign_private_ip_addresses(NetworkInterfaceId=a["NetworkInterfaceId"], PrivateIpAddresses=["172.31.0.200"])
