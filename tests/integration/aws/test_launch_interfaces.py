"""RunInstances with several network interfaces and secondary private addresses (issue 10 §3/§6,
h-net item 2): NetworkInterfaces at device indices 0..N (network card 0), PrivateIpAddresses with
Primary false and SecondaryPrivateIpAddressCount, within the instance type's limits
(MaximumNetworkInterfaces: AttachmentLimitExceeded; Ipv4AddressesPerInterface:
PrivateIpAddressLimitExceeded), all-or-nothing, and everything back to the subnet on terminate."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, describe_one, error_of


def default_subnet(ec2, zone="us-east-1a"):
    return ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": [zone]},
                                         {"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]


def run(ec2, interfaces, instance_type="m5.large", count=1):
    return ec2.run_instances(ImageId=IMAGE, InstanceType=instance_type, MinCount=count, MaxCount=count,
                             NetworkInterfaces=interfaces)


def all_enis(ec2):
    return ec2.describe_network_interfaces()["NetworkInterfaces"]


def test_three_interfaces_with_secondary_addresses(ec2):
    subnet = default_subnet(ec2)["SubnetId"]
    sg = ec2.create_security_group(GroupName="third", Description="third")["GroupId"]
    resp = run(ec2, [
        {"DeviceIndex": 0, "SubnetId": subnet, "NetworkCardIndex": 0,
         "PrivateIpAddresses": [{"PrivateIpAddress": "172.31.0.50", "Primary": True},
                                {"PrivateIpAddress": "172.31.0.51", "Primary": False}]},
        {"DeviceIndex": 1, "SubnetId": subnet, "SecondaryPrivateIpAddressCount": 2, "Description": "one"},
        {"DeviceIndex": 2, "SubnetId": subnet, "Groups": [sg], "DeleteOnTermination": False},
    ])
    inst = resp["Instances"][0]
    iid = inst["InstanceId"]
    assert inst["PrivateIpAddress"] == "172.31.0.50"
    nis = inst["NetworkInterfaces"]
    assert [n["Attachment"]["DeviceIndex"] for n in nis] == [0, 1, 2]
    assert [(a["PrivateIpAddress"], a["Primary"]) for a in nis[0]["PrivateIpAddresses"]] == [
        ("172.31.0.50", True), ("172.31.0.51", False)]
    assert [a["Primary"] for a in nis[1]["PrivateIpAddresses"]] == [True, False, False]
    assert nis[1]["Description"] == "one" and nis[1]["Attachment"]["DeleteOnTermination"] is True
    assert nis[2]["Groups"] == [{"GroupId": sg, "GroupName": "third"}]
    assert nis[2]["Attachment"]["DeleteOnTermination"] is False
    assert len({n["MacAddress"] for n in nis}) == 3
    # The same on a later describe and in DescribeNetworkInterfaces (records, attached once running).
    again = describe_one(ec2, iid)["NetworkInterfaces"]
    assert [n["NetworkInterfaceId"] for n in again] == [n["NetworkInterfaceId"] for n in nis]
    assert [n["Attachment"]["Status"] for n in again] == ["attached"] * 3
    records = ec2.describe_network_interfaces(
        Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])["NetworkInterfaces"]
    assert sorted(r["Attachment"]["DeviceIndex"] for r in records) == [0, 1, 2]
    used = {a["PrivateIpAddress"] for n in again for a in n["PrivateIpAddresses"]}
    assert len(used) == 6
    ec2.terminate_instances(InstanceIds=[iid])
    left = all_enis(ec2)
    assert [n["NetworkInterfaceId"] for n in left] == [nis[2]["NetworkInterfaceId"]]
    assert left[0]["Status"] == "available"
    ec2.delete_network_interface(NetworkInterfaceId=left[0]["NetworkInterfaceId"])
    # Every address is free again: the chosen ones can be taken once more.
    run(ec2, [{"DeviceIndex": 0, "SubnetId": subnet, "PrivateIpAddress": "172.31.0.50",
               "PrivateIpAddresses": [{"PrivateIpAddress": "172.31.0.51", "Primary": False}]}])


def test_an_existing_interface_at_device_index_one(ec2):
    subnet = default_subnet(ec2)["SubnetId"]
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]
    inst = run(ec2, [{"DeviceIndex": 0, "SubnetId": subnet},
                     {"DeviceIndex": 1, "NetworkInterfaceId": eni["NetworkInterfaceId"]}])["Instances"][0]
    assert inst["NetworkInterfaces"][1]["NetworkInterfaceId"] == eni["NetworkInterfaceId"]
    assert inst["NetworkInterfaces"][1]["Attachment"]["DeleteOnTermination"] is False
    with pytest.raises(ClientError) as e:
        run(ec2, [{"DeviceIndex": 0, "SubnetId": subnet},
                  {"DeviceIndex": 1, "NetworkInterfaceId": eni["NetworkInterfaceId"]}])
    assert error_of(e)[0] == "InvalidParameterValue"
    ec2.terminate_instances(InstanceIds=[inst["InstanceId"]])
    got = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"][0]
    assert got["Status"] == "available"


def test_limits_and_bad_combinations_change_nothing(ec2):
    subnet = default_subnet(ec2)["SubnetId"]
    other_zone = default_subnet(ec2, "us-east-1b")["SubnetId"]
    before = ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["AvailableIpAddressCount"]
    cases = [
        (dict(interfaces=[{"DeviceIndex": i, "SubnetId": subnet} for i in range(3)], instance_type="t3.micro"),
         ("AttachmentLimitExceeded", "Interface count 3 exceeds the limit for t3.micro")),
        (dict(interfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "SecondaryPrivateIpAddressCount": 2}],
              instance_type="t3.micro"),
         ("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.")),
        (dict(interfaces=[{"DeviceIndex": 0, "SubnetId": subnet}, {"DeviceIndex": 0, "SubnetId": subnet}]),
         ("InvalidParameterValue", "Each network interface requires a unique device index.")),
        (dict(interfaces=[{"DeviceIndex": 1, "SubnetId": subnet}]),
         ("InvalidParameterValue", None)),
        (dict(interfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "AssociatePublicIpAddress": True},
                          {"DeviceIndex": 1, "SubnetId": subnet}]),
         ("InvalidParameterCombination", None)),
        (dict(interfaces=[{"DeviceIndex": 0, "SubnetId": subnet}, {"DeviceIndex": 1, "SubnetId": other_zone}]),
         ("InvalidParameterCombination", None)),
        (dict(interfaces=[{"DeviceIndex": 0, "SubnetId": subnet},
                          {"DeviceIndex": 1, "SubnetId": "subnet-0000000000000dead"}]),
         ("InvalidSubnetID.NotFound", None)),
        (dict(interfaces=[{"DeviceIndex": 0, "SubnetId": subnet,
                           "PrivateIpAddresses": [{"PrivateIpAddress": "172.31.0.60", "Primary": False}]}],
              count=2),
         ("InvalidParameterCombination", None)),
        (dict(interfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "NetworkCardIndex": 1}]),
         ("Unsupported", None)),
    ]
    for kwargs, (code, message) in cases:
        with pytest.raises(ClientError) as e:
            run(ec2, **kwargs)
        got = error_of(e)
        assert got[0] == code, (kwargs, got)
        if message:
            assert got[2] == message
    assert ec2.describe_instances()["Reservations"] == []
    assert all_enis(ec2) == []
    assert ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["AvailableIpAddressCount"] == before


def test_secondary_count_for_several_instances(ec2):
    subnet = default_subnet(ec2)["SubnetId"]
    resp = run(ec2, [{"DeviceIndex": 0, "SubnetId": subnet, "SecondaryPrivateIpAddressCount": 1},
                     {"DeviceIndex": 1, "SubnetId": subnet}], count=2)
    ids = [i["InstanceId"] for i in resp["Instances"]]
    addresses = [a["PrivateIpAddress"] for i in resp["Instances"] for n in i["NetworkInterfaces"]
                 for a in n["PrivateIpAddresses"]]
    assert len(addresses) == 6 and len(set(addresses)) == 6
    eni_ids = {n["NetworkInterfaceId"] for i in resp["Instances"] for n in i["NetworkInterfaces"]}
    assert len(eni_ids) == 4
    ec2.terminate_instances(InstanceIds=ids)
    assert all_enis(ec2) == []
