"""EBS Multi-Attach (issue 10 §6, h-net item 4): an io1/io2 volume created with MultiAttachEnabled
attaches to up to 16 Nitro instances of its zone; DescribeVolumes lists every attachment; a
non-Nitro instance, a 17th instance, the same instance twice and a gp3 volume are refused; detaching
and terminating take off one attachment and leave the others."""
import pytest
from botocore.exceptions import ClientError

from conftest import describe_one, error_of, launch


def volume(ec2, vid):
    return ec2.describe_volumes(VolumeIds=[vid])["Volumes"][0]


def test_an_io2_volume_on_several_nitro_instances(cloudlife, ec2):
    ids = launch(ec2, count=3, InstanceType="m5.large")
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="io2", Iops=1000,
                            MultiAttachEnabled=True)["VolumeId"]
    for k, iid in enumerate(ids):
        att = ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
        assert att["State"] == "attaching" and att["InstanceId"] == iid
    v = volume(ec2, vid)
    assert v["MultiAttachEnabled"] is True and v["State"] == "in-use"
    assert [a["InstanceId"] for a in v["Attachments"]] == ids
    assert {a["State"] for a in v["Attachments"]} == {"attached"}
    for iid in ids:
        devices = [b["DeviceName"] for b in describe_one(ec2, iid)["BlockDeviceMappings"]]
        assert "/dev/sdf" in devices
    found = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [ids[2]]}])["Volumes"]
    assert vid in [x["VolumeId"] for x in found]
    assert [x["VolumeId"] for x in ec2.describe_volumes(
        Filters=[{"Name": "multi-attach-enabled", "Values": ["true"]}])["Volumes"]] == [vid]
    with pytest.raises(ClientError) as e:
        ec2.attach_volume(VolumeId=vid, InstanceId=ids[0], Device="/dev/sdg")
    assert error_of(e)[0] == "VolumeInUse"
    with pytest.raises(ClientError) as e:
        ec2.detach_volume(VolumeId=vid)
    assert error_of(e)[0] == "MissingParameter"
    # Detaching the first one leaves the others; the volume stays in-use.
    ec2.detach_volume(VolumeId=vid, InstanceId=ids[0])
    v = volume(ec2, vid)
    assert [a["InstanceId"] for a in v["Attachments"]] == ids[1:] and v["State"] == "in-use"
    # Terminating one takes off its attachment only.
    ec2.terminate_instances(InstanceIds=[ids[1]])
    assert [a["InstanceId"] for a in volume(ec2, vid)["Attachments"]] == [ids[2]]
    ec2.detach_volume(VolumeId=vid, InstanceId=ids[2])
    v = volume(ec2, vid)
    assert v["Attachments"] == [] and v["State"] == "available"
    ec2.delete_volume(VolumeId=vid)


def test_multi_attach_limits(ec2):
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="io1", Iops=100,
                            MultiAttachEnabled=True)["VolumeId"]
    [old] = launch(ec2, InstanceType="t2.micro")  # Xen, not Nitro
    with pytest.raises(ClientError) as e:
        ec2.attach_volume(VolumeId=vid, InstanceId=old, Device="/dev/sdf")
    assert error_of(e)[0] == "UnsupportedOperation"
    nitro = launch(ec2, count=17, InstanceType="t3.micro")
    for iid in nitro[:16]:
        ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    with pytest.raises(ClientError) as e:
        ec2.attach_volume(VolumeId=vid, InstanceId=nitro[16], Device="/dev/sdf")
    assert error_of(e)[0] == "AttachmentLimitExceeded"
    assert len(volume(ec2, vid)["Attachments"]) == 16
    # A volume without Multi-Attach takes one instance.
    single = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="io2", Iops=100)["VolumeId"]
    ec2.attach_volume(VolumeId=single, InstanceId=nitro[0], Device="/dev/sdg")
    with pytest.raises(ClientError) as e:
        ec2.attach_volume(VolumeId=single, InstanceId=nitro[1], Device="/dev/sdg")
    assert error_of(e)[0] == "VolumeInUse"
