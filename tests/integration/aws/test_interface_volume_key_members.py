"""Every member of the network interface and volume actions' service models is honoured or refused
(Unsupported, 400), never accepted and ignored (docs/architecture.md "Adding an action in 10
minutes", step 2): the members the generated codec decodes beyond what these actions model are
refused and change nothing, and DetachNetworkInterface's Force detaches as a plain detach does
(a detach is immediate here; the primary interface stays refused)."""
import os

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REPO, error_of, launch


@pytest.fixture
def ec2_new(cloudlife):
    """An EC2 client on the vendored, newer model (third_party/aws-models): Debian's botocore
    predates VolumeInitializationRate, EbsCardIndex, EnaQueueCount and IncludeManagedResources."""
    core = botocore.session.Session()
    core.set_config_variable("data_path", os.path.join(REPO, "third_party/aws-models"))
    return boto3.Session(botocore_session=core).client(
        "ec2", endpoint_url=cloudlife.endpoint, region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLEFAKE00001", aws_secret_access_key="fakeSecretKey",
        config=Config(retries={"max_attempts": 1}))


def refused(call):
    with pytest.raises(ClientError) as e:
        call()
    code, status, message = error_of(e)
    assert (code, status) == ("Unsupported", 400)
    return message


def test_create_volume_refuses_zone_ids_initialization_rates_and_operators(ec2_new):
    zone_id = next(z["ZoneId"] for z in ec2_new.describe_availability_zones()["AvailabilityZones"]
                   if z["ZoneName"] == "us-east-1a")
    assert "AvailabilityZoneId" in refused(
        lambda: ec2_new.create_volume(AvailabilityZoneId=zone_id, Size=8))
    assert "VolumeInitializationRate" in refused(lambda: ec2_new.create_volume(
        AvailabilityZone="us-east-1a", SnapshotId="snap-0123456789abcdef0",
        VolumeInitializationRate=100))
    assert "Operator" in refused(lambda: ec2_new.create_volume(
        AvailabilityZone="us-east-1a", Size=8, Operator={"Principal": "x"}))
    assert ec2_new.describe_volumes()["Volumes"] == []


def test_describe_volumes_refuses_managed_resources_only_when_asked(ec2_new):
    vol = ec2_new.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    refused(lambda: ec2_new.describe_volumes(IncludeManagedResources=True))
    vols = ec2_new.describe_volumes(IncludeManagedResources=False)["Volumes"]
    assert [v["VolumeId"] for v in vols] == [vol]


def test_attach_volume_refuses_another_ebs_card(ec2_new):
    [iid] = launch(ec2_new)
    vol = ec2_new.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    ec2_new.get_waiter("volume_available").wait(VolumeIds=[vol], WaiterConfig={"Delay": 1})
    assert "EbsCardIndex" in refused(lambda: ec2_new.attach_volume(
        VolumeId=vol, InstanceId=iid, Device="/dev/sdf", EbsCardIndex=1))
    assert ec2_new.describe_volumes(VolumeIds=[vol])["Volumes"][0]["Attachments"] == []
    out = ec2_new.attach_volume(VolumeId=vol, InstanceId=iid, Device="/dev/sdf", EbsCardIndex=0)
    assert out["InstanceId"] == iid


def test_modify_interface_refuses_queue_counts(ec2_new):
    [iid] = launch(ec2_new)
    [eni] = ec2_new.describe_network_interfaces(
        Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])["NetworkInterfaces"]
    for changes in ({"EnaQueueCount": 2}, {"DefaultEnaQueueCount": True}):
        refused(lambda: ec2_new.modify_network_interface_attribute(
            NetworkInterfaceId=eni["NetworkInterfaceId"],
            Attachment={"AttachmentId": eni["Attachment"]["AttachmentId"],
                        "DeleteOnTermination": False, **changes}))
    [after] = ec2_new.describe_network_interfaces(
        NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"]
    assert after["Attachment"]["DeleteOnTermination"] is True


def test_forced_detach_detaches_and_the_primary_stays_refused(ec2_new):
    [iid] = launch(ec2_new)
    subnet = ec2_new.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["SubnetId"]
    eni = ec2_new.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    att = ec2_new.attach_network_interface(NetworkInterfaceId=eni, InstanceId=iid,
                                           DeviceIndex=1)["AttachmentId"]
    ec2_new.detach_network_interface(AttachmentId=att, Force=True)
    [after] = ec2_new.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"]
    assert after["Status"] == "available" and "Attachment" not in after
    [primary] = ec2_new.describe_network_interfaces(
        Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])["NetworkInterfaces"]
    with pytest.raises(ClientError) as e:
        ec2_new.detach_network_interface(AttachmentId=primary["Attachment"]["AttachmentId"],
                                         Force=True)
    assert error_of(e)[0] == "OperationNotPermitted"
