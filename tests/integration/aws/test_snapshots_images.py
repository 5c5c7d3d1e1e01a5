"""EBS snapshots and AMIs with boto3: CreateSnapshot / DescribeSnapshots / CopySnapshot /
DeleteSnapshot, CreateImage / RegisterImage / DescribeImages / DeregisterImage, their timed states,
their errors (each leaving the state unchanged), and launching from an own image. The Terraform
sequences follow hashicorp/terraform-provider-aws internal/service/ec2/: ebs_snapshot.go
(resourceEBSSnapshotCreate / Read / Delete, findSnapshotByID in find.go, waitSnapshotCompleted in
wait.go) and ami_from_instance.go (resourceAMIFromInstanceCreate, then ami.go resourceAMIRead /
resourceAMIDelete with manage_ebs_snapshots, findImageByID, waitImageAvailable /
waitImageDeleted)."""
import os

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REPO, describe_one, error_of, launch

AL2023 = "ami-0c02fb55956c7d316"


@pytest.fixture
def ec2_new(cloudlife):
    """An EC2 client on the vendored, newer model (third_party/aws-models): Debian's botocore
    predates RegisterImage TagSpecifications, DeregisterImage DeleteAssociatedSnapshots and
    Image.SourceInstanceId."""
    core = botocore.session.Session()
    core.set_config_variable("data_path", os.path.join(REPO, "third_party/aws-models"))
    return boto3.Session(botocore_session=core).client(
        "ec2", endpoint_url=cloudlife.endpoint, region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLEFAKE00001", aws_secret_access_key="fakeSecretKey",
        config=Config(retries={"max_attempts": 1}))


def new_volume(ec2, size=10, **kw):
    return ec2.create_volume(AvailabilityZone="us-east-1a", Size=size, **kw)["VolumeId"]


def snapshot(ec2, sid):
    return ec2.describe_snapshots(SnapshotIds=[sid])["Snapshots"][0]


def image(ec2, ami):
    return ec2.describe_images(ImageIds=[ami])["Images"][0]


def snapshot_ids(ec2, **kw):
    return {s["SnapshotId"] for s in ec2.describe_snapshots(**kw)["Snapshots"]}


# --- snapshots ------------------------------------------------------------------------------

def test_create_snapshot_pending_then_completed_with_progress(cloudlife, ec2):
    cloudlife.timing("realistic", {"snapshot-pending": 100, "volume-creating": 0})
    vol = new_volume(ec2, size=12)
    snap = ec2.create_snapshot(VolumeId=vol, Description="nightly",
                               TagSpecifications=[{"ResourceType": "snapshot",
                                                   "Tags": [{"Key": "env", "Value": "t"}]}])
    assert snap["State"] == "pending" and snap["Progress"] == "0%"
    assert snap["VolumeId"] == vol and snap["VolumeSize"] == 12
    assert snap["OwnerId"] and snap["Encrypted"] is False and snap["Description"] == "nightly"
    assert snap["Tags"] == [{"Key": "env", "Value": "t"}] and snap["StartTime"]
    sid = snap["SnapshotId"]
    assert sid.startswith("snap-") and len(sid) == 22
    cloudlife.advance(50)
    got = snapshot(ec2, sid)
    assert got["State"] == "pending" and got["Progress"] == "50%"
    cloudlife.advance(50)
    got = snapshot(ec2, sid)
    assert got["State"] == "completed" and got["Progress"] == "100%"
    ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[sid])


def test_snapshot_of_encrypted_volume_is_encrypted(ec2):
    vol = new_volume(ec2, Encrypted=True)
    snap = ec2.create_snapshot(VolumeId=vol)
    assert snap["Encrypted"] is True and snap["KmsKeyId"].startswith("arn:aws:kms:us-east-1:")


def test_describe_snapshots_owners_filters_and_paging(ec2):
    vol_a, vol_b = new_volume(ec2, size=10), new_volume(ec2, size=20)
    a = ec2.create_snapshot(VolumeId=vol_a, Description="alpha backup")["SnapshotId"]
    b = ec2.create_snapshot(VolumeId=vol_b, Description="beta",
                            TagSpecifications=[{"ResourceType": "snapshot",
                                                "Tags": [{"Key": "team", "Value": "db"}]}])["SnapshotId"]
    account = ec2.describe_snapshots(SnapshotIds=[a])["Snapshots"][0]["OwnerId"]
    assert snapshot_ids(ec2, OwnerIds=["self"]) == {a, b}
    assert snapshot_ids(ec2, OwnerIds=[account]) == {a, b}
    assert snapshot_ids(ec2, OwnerIds=["amazon"]) == set()
    assert snapshot_ids(ec2, OwnerIds=["111111111111"]) == set()
    assert snapshot_ids(ec2, RestorableByUserIds=["self"]) == {a, b}
    assert snapshot_ids(ec2, Filters=[{"Name": "volume-id", "Values": [vol_b]}]) == {b}
    assert snapshot_ids(ec2, Filters=[{"Name": "volume-size", "Values": ["10"]}]) == {a}
    assert snapshot_ids(ec2, Filters=[{"Name": "description", "Values": ["alpha*"]}]) == {a}
    assert snapshot_ids(ec2, Filters=[{"Name": "tag:team", "Values": ["db"]}]) == {b}
    assert snapshot_ids(ec2, Filters=[{"Name": "tag-key", "Values": ["team"]}]) == {b}
    assert snapshot_ids(ec2, Filters=[{"Name": "status", "Values": ["completed"]},
                                      {"Name": "progress", "Values": ["100%"]},
                                      {"Name": "encrypted", "Values": ["false"]},
                                      {"Name": "owner-id", "Values": [account]}]) == {a, b}
    assert snapshot_ids(ec2, Filters=[{"Name": "snapshot-id", "Values": [a]}]) == {a}
    assert snapshot_ids(ec2, Filters=[{"Name": "start-time", "Values": ["*"]}]) == {a, b}
    for i in range(5):
        ec2.create_snapshot(VolumeId=vol_a, Description=f"page {i}")
    seen, token, pages = [], None, 0
    while True:
        kw = {"MaxResults": 5, "OwnerIds": ["self"]}
        if token:
            kw["NextToken"] = token
        page = ec2.describe_snapshots(**kw)
        seen += [s["SnapshotId"] for s in page["Snapshots"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert pages == 2 and len(seen) == 7 and len(set(seen)) == 7
    paginated = ec2.get_paginator("describe_snapshots").paginate(OwnerIds=["self"],
                                                                  PaginationConfig={"PageSize": 5})
    assert sum(len(p["Snapshots"]) for p in paginated) == 7


def test_snapshot_errors_change_nothing(ec2):
    vol = new_volume(ec2)
    with pytest.raises(ClientError) as e:
        ec2.describe_snapshots(SnapshotIds=["snap-0123456789abcdef0"])
    assert error_of(e) == ("InvalidSnapshot.NotFound", 400,
                           "The snapshot 'snap-0123456789abcdef0' does not exist.")
    with pytest.raises(ClientError) as e:
        ec2.describe_snapshots(SnapshotIds=["snap-zz"])
    assert error_of(e)[0] == "InvalidSnapshotID.Malformed"
    with pytest.raises(ClientError) as e:
        ec2.describe_snapshots(Filters=[{"Name": "colour", "Values": ["x"]}])
    assert error_of(e) == ("InvalidParameterValue", 400, "The filter 'colour' is invalid")
    with pytest.raises(ClientError) as e:
        ec2.create_snapshot(VolumeId="vol-0123456789abcdef0")
    assert error_of(e)[0] == "InvalidVolume.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_snapshot(VolumeId=vol, TagSpecifications=[{"ResourceType": "volume",
                                                              "Tags": [{"Key": "k", "Value": "v"}]}])
    assert error_of(e)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        ec2.create_snapshot(VolumeId=vol, DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    with pytest.raises(ClientError) as e:
        ec2.delete_snapshot(SnapshotId="snap-0123456789abcdef0")
    assert error_of(e)[0] == "InvalidSnapshot.NotFound"
    assert ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == []


def test_delete_snapshot_and_volume_deletion_keeps_snapshots(ec2):
    vol = new_volume(ec2, size=15)
    sid = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
    ec2.delete_volume(VolumeId=vol)
    ec2.get_waiter("volume_deleted").wait(VolumeIds=[vol])
    assert snapshot(ec2, sid)["VolumeId"] == vol
    # A volume restored from the snapshot takes its size; a smaller size is refused.
    restored = ec2.create_volume(AvailabilityZone="us-east-1b", SnapshotId=sid)
    assert restored["Size"] == 15 and restored["SnapshotId"] == sid
    with pytest.raises(ClientError) as e:
        ec2.create_volume(AvailabilityZone="us-east-1b", SnapshotId=sid, Size=10)
    assert error_of(e) == ("InvalidParameterValue", 400,
                           f"Volume of size 10GiB is smaller than snapshot '{sid}', expect size >= 15GiB")
    with pytest.raises(ClientError) as e:
        ec2.create_volume(AvailabilityZone="us-east-1b", SnapshotId="snap-0123456789abcdef0")
    assert error_of(e)[0] == "InvalidSnapshot.NotFound"
    assert ec2.create_volume(AvailabilityZone="us-east-1b", SnapshotId=sid, Size=30)["Size"] == 30
    with pytest.raises(ClientError) as e:
        ec2.delete_snapshot(SnapshotId=sid, DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    ec2.delete_snapshot(SnapshotId=sid)
    with pytest.raises(ClientError) as e:
        snapshot(ec2, sid)
    assert error_of(e)[0] == "InvalidSnapshot.NotFound"


def test_copy_snapshot_within_and_across_regions(cloudlife, ec2):
    vol = new_volume(ec2, size=9)
    sid = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
    copy = ec2.copy_snapshot(SourceRegion="us-east-1", SourceSnapshotId=sid, Description="copy",
                             TagSpecifications=[{"ResourceType": "snapshot",
                                                 "Tags": [{"Key": "c", "Value": "1"}]}])
    got = snapshot(ec2, copy["SnapshotId"])
    assert got["VolumeSize"] == 9 and got["Description"] == "copy" and got["VolumeId"] == "vol-ffffffff"
    assert copy["Tags"] == [{"Key": "c", "Value": "1"}]
    west = cloudlife.client("ec2", region="us-west-2")
    # botocore adds PresignedUrl and DestinationRegion for a copy from another region.
    far = west.copy_snapshot(SourceRegion="us-east-1", SourceSnapshotId=sid)
    got = west.describe_snapshots(SnapshotIds=[far["SnapshotId"]])["Snapshots"][0]
    assert got["Description"] == f"[Copied {sid} from us-east-1]" and got["VolumeSize"] == 9
    with pytest.raises(ClientError) as e:
        west.copy_snapshot(SourceRegion="us-west-2", SourceSnapshotId=sid)
    assert error_of(e)[0] == "InvalidSnapshot.NotFound"


def test_create_tags_and_describe_tags_on_snapshots(ec2):
    sid = ec2.create_snapshot(VolumeId=new_volume(ec2))["SnapshotId"]
    ec2.create_tags(Resources=[sid], Tags=[{"Key": "Name", "Value": "s"}])
    tags = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [sid]}])["Tags"]
    assert tags == [{"Key": "Name", "Value": "s", "ResourceId": sid, "ResourceType": "snapshot"}]


# --- images ---------------------------------------------------------------------------------

def test_create_image_from_instance_pending_then_available(cloudlife, ec2, ec2_new):
    [iid] = launch(ec2, ImageId=AL2023)
    cloudlife.timing("realistic", {"image-pending": 60, "snapshot-pending": 30, "rebooting": 5,
                                   "status-checks": 10})
    cloudlife.advance(200)
    assert ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"][0][
        "InstanceStatus"]["Status"] == "ok"
    ami = ec2.create_image(InstanceId=iid, Name="web (v1)", Description="from web",
                           TagSpecifications=[{"ResourceType": "image", "Tags": [{"Key": "k", "Value": "v"}]},
                                              {"ResourceType": "snapshot", "Tags": [{"Key": "s", "Value": "1"}]}]
                           )["ImageId"]
    img = image(ec2, ami)
    assert img["State"] == "pending" and img["Name"] == "web (v1)" and img["Public"] is False
    assert img["RootDeviceType"] == "ebs" and img["RootDeviceName"] == "/dev/xvda"
    assert img["Architecture"] == "x86_64"
    assert ec2_new.describe_images(ImageIds=[ami])["Images"][0]["SourceInstanceId"] == iid
    assert img["Tags"] == [{"Key": "k", "Value": "v"}]
    [root] = img["BlockDeviceMappings"]
    root_snap = snapshot(ec2, root["Ebs"]["SnapshotId"])
    assert root_snap["Description"] == f"Created by CreateImage({iid}) for {ami}"
    assert root_snap["Tags"] == [{"Key": "s", "Value": "1"}] and root_snap["State"] == "pending"
    # The instance reboots (status checks start over) but stays running.
    status = ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"][0]
    assert status["InstanceState"]["Name"] == "running"
    assert status["InstanceStatus"]["Status"] == "initializing"
    cloudlife.advance(61)
    assert image(ec2, ami)["State"] == "available"
    assert snapshot(ec2, root["Ebs"]["SnapshotId"])["State"] == "completed"
    ec2.get_waiter("image_available").wait(ImageIds=[ami])


def test_create_image_no_reboot_leaves_status_checks(cloudlife, ec2):
    [iid] = launch(ec2, ImageId=AL2023)
    cloudlife.timing("realistic", {"rebooting": 5, "status-checks": 10})
    cloudlife.advance(200)
    ec2.create_image(InstanceId=iid, Name="no-reboot", NoReboot=True)
    status = ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"][0]
    assert status["InstanceStatus"]["Status"] == "ok"


def test_describe_images_owners_executable_and_filters(ec2):
    [iid] = launch(ec2, ImageId=AL2023)
    ami = ec2.create_image(InstanceId=iid, Name="golden-2026-11")["ImageId"]
    ids = lambda **kw: {i["ImageId"] for i in ec2.describe_images(**kw)["Images"]}  # noqa: E731
    assert ids(Owners=["self"]) == {ami}
    assert ami not in ids(Owners=["amazon"])
    assert ids(ExecutableUsers=["self"], Filters=[{"Name": "is-public", "Values": ["false"]}]) == {ami}
    assert ami not in ids(ExecutableUsers=["all"])
    assert ids(Owners=["self"], Filters=[{"Name": "name", "Values": ["golden-????-*"]}]) == {ami}
    assert ids(Owners=["self"], Filters=[{"Name": "name", "Values": ["golden-?"]}]) == set()
    assert ids(Filters=[{"Name": "state", "Values": ["available"]},
                        {"Name": "root-device-type", "Values": ["ebs"]},
                        {"Name": "architecture", "Values": ["x86_64"]},
                        {"Name": "virtualization-type", "Values": ["hvm"]},
                        {"Name": "owner-id", "Values": [image(ec2, ami)["OwnerId"]]}]) == {ami}
    snap = image(ec2, ami)["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
    assert ids(Filters=[{"Name": "block-device-mapping.snapshot-id", "Values": [snap]}]) == {ami}
    ec2.create_tags(Resources=[ami], Tags=[{"Key": "role", "Value": "web"}])
    assert ids(Filters=[{"Name": "tag:role", "Values": ["web"]}]) == {ami}


def test_create_image_errors_change_nothing(ec2):
    [iid] = launch(ec2, ImageId=AL2023)
    ec2.create_image(InstanceId=iid, Name="taken")
    before = ec2.describe_images(Owners=["self"])["Images"]
    snaps_before = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
    cases = [
        (dict(InstanceId=iid, Name="x"), "InvalidAMIName.Malformed"),
        (dict(InstanceId=iid, Name="bad*name"), "InvalidAMIName.Malformed"),
        (dict(InstanceId=iid, Name="taken"), "InvalidAMIName.Duplicate"),
        (dict(InstanceId="i-0123456789abcdef0", Name="fine"), "InvalidInstanceID.NotFound"),
        (dict(InstanceId=iid, Name="fine", TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "k", "Value": "v"}]}]), "InvalidParameterValue"),
        (dict(InstanceId=iid, Name="fine", DryRun=True), "DryRunOperation"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ClientError) as e:
            ec2.create_image(**kwargs)
        assert error_of(e)[0] == code, kwargs
    with pytest.raises(ClientError) as e:
        ec2.create_image(InstanceId=iid, Name="taken")
    assert error_of(e)[2].startswith("AMI name taken is already in use by AMI ami-")
    assert ec2.describe_images(Owners=["self"])["Images"] == before
    assert ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == snaps_before


def test_launch_from_own_image_and_not_after_deregister(cloudlife, ec2):
    [iid] = launch(ec2, ImageId=AL2023, BlockDeviceMappings=[
        {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3"}}])
    ami = ec2.create_image(InstanceId=iid, Name="two-disks")["ImageId"]
    img = image(ec2, ami)
    devices = {m["DeviceName"]: m["Ebs"] for m in img["BlockDeviceMappings"]}
    assert set(devices) == {"/dev/xvda", "/dev/sdf"} and devices["/dev/sdf"]["VolumeSize"] == 20
    [child] = launch(ec2, ImageId=ami)
    inst = describe_one(ec2, child)
    assert inst["ImageId"] == ami and inst["RootDeviceName"] == "/dev/xvda"
    vols = {bd["DeviceName"]: bd["Ebs"]["VolumeId"] for bd in inst["BlockDeviceMappings"]}
    described = {v["VolumeId"]: v for v in ec2.describe_volumes(VolumeIds=list(vols.values()))["Volumes"]}
    assert described[vols["/dev/sdf"]]["Size"] == 20
    assert described[vols["/dev/sdf"]]["SnapshotId"] == devices["/dev/sdf"]["SnapshotId"]
    # A snapshot an image uses cannot be deleted.
    root_snap = devices["/dev/xvda"]["SnapshotId"]
    with pytest.raises(ClientError) as e:
        ec2.delete_snapshot(SnapshotId=root_snap)
    assert error_of(e) == ("InvalidSnapshot.InUse", 400,
                           f"The snapshot {root_snap} is currently in use by {ami}")
    ec2.deregister_image(ImageId=ami)
    assert ec2.describe_images(ImageIds=[ami])["Images"] == []
    with pytest.raises(ClientError) as e:
        launch(ec2, ImageId=ami)
    assert error_of(e)[0] == "InvalidAMIID.Unavailable"
    with pytest.raises(ClientError) as e:
        ec2.deregister_image(ImageId=ami)
    assert error_of(e)[0] == "InvalidAMIID.Unavailable"
    ec2.delete_snapshot(SnapshotId=root_snap)  # no longer in use


def test_pending_image_does_not_launch(cloudlife, ec2):
    [iid] = launch(ec2, ImageId=AL2023)
    cloudlife.timing("realistic", {"image-pending": 60})
    ami = ec2.create_image(InstanceId=iid, Name="slow", NoReboot=True)["ImageId"]
    with pytest.raises(ClientError) as e:
        launch(ec2, ImageId=ami)
    assert error_of(e)[0] == "InvalidAMIID.Unavailable"


def test_register_image_from_snapshot_and_deregister_deleting_snapshots(ec2, ec2_new):
    sid = ec2.create_snapshot(VolumeId=new_volume(ec2, size=16))["SnapshotId"]
    ami = ec2_new.register_image(
        Name="registered", Architecture="arm64", RootDeviceName="/dev/xvda", VirtualizationType="hvm",
        EnaSupport=True, BootMode="uefi", TagSpecifications=[{"ResourceType": "image",
                                                              "Tags": [{"Key": "a", "Value": "b"}]}],
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": sid, "VolumeType": "gp3"}},
                             {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}])["ImageId"]
    img = image(ec2, ami)
    assert img["Tags"] == [{"Key": "a", "Value": "b"}]
    assert img["Architecture"] == "arm64" and img["BootMode"] == "uefi" and img["EnaSupport"] is True
    root = next(m for m in img["BlockDeviceMappings"] if m["DeviceName"] == "/dev/xvda")
    assert root["Ebs"]["SnapshotId"] == sid and root["Ebs"]["VolumeSize"] == 16
    assert {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"} in img["BlockDeviceMappings"]
    bad = [
        (dict(Name="no-root", RootDeviceName="/dev/xvda",
              BlockDeviceMappings=[{"DeviceName": "/dev/sdb", "Ebs": {"SnapshotId": sid}}]),
         "InvalidBlockDeviceMapping"),
        (dict(Name="missing-snap", RootDeviceName="/dev/xvda",
              BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]),
         "InvalidSnapshot.NotFound"),
        (dict(Name="bad-arch", Architecture="sparc", RootDeviceName="/dev/xvda",
              BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": sid}}]),
         "InvalidParameterValue"),
        (dict(Name="registered", RootDeviceName="/dev/xvda",
              BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": sid}}]),
         "InvalidAMIName.Duplicate"),
        (dict(Name="s3", ImageLocation="bucket/image.manifest.xml"), "Unsupported"),
    ]
    for kwargs, code in bad:
        with pytest.raises(ClientError) as e:
            ec2.register_image(**kwargs)
        assert error_of(e)[0] == code, kwargs
    assert len(ec2.describe_images(Owners=["self"])["Images"]) == 1
    with pytest.raises(ClientError) as e:
        ec2.deregister_image(ImageId=AL2023)
    assert error_of(e)[0] == "UnauthorizedOperation"
    with pytest.raises(ClientError) as e:
        ec2.deregister_image(ImageId="ami-0123456789abcdef0")
    assert error_of(e)[0] == "InvalidAMIID.NotFound"
    out = ec2_new.deregister_image(ImageId=ami, DeleteAssociatedSnapshots=True)
    assert out["Return"] is True
    assert out["DeleteSnapshotResults"] == [{"SnapshotId": sid, "ReturnCode": "success"}]
    assert ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == []


# --- Terraform sequences ----------------------------------------------------------------------

def test_terraform_aws_ebs_snapshot_sequence(ec2):
    """ebs_snapshot.go: resourceEBSSnapshotCreate (CreateSnapshot with TagSpecifications, then
    waitSnapshotCompleted = DescribeSnapshots until completed), resourceEBSSnapshotRead
    (findSnapshotByID and the fields it sets), resourceEBSSnapshotDelete, then the read after
    destroy that must answer InvalidSnapshot.NotFound."""
    vol = new_volume(ec2, size=8)
    created = ec2.create_snapshot(VolumeId=vol, Description="tf", TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "tf"}]}])
    sid = created["SnapshotId"]
    for _ in range(20):  # waitSnapshotCompleted
        if snapshot(ec2, sid)["State"] == "completed":
            break
    s = snapshot(ec2, sid)
    assert s["State"] == "completed"
    for field in ("Description", "Encrypted", "OwnerId", "StorageTier", "VolumeId", "VolumeSize",
                  "Tags", "StartTime", "Progress"):
        assert field in s, field
    ec2.delete_snapshot(SnapshotId=sid)
    with pytest.raises(ClientError) as e:
        ec2.describe_snapshots(SnapshotIds=[sid])
    assert error_of(e)[0] == "InvalidSnapshot.NotFound"


def test_terraform_aws_ami_from_instance_sequence(ec2):
    """ami_from_instance.go resourceAMIFromInstanceCreate (CreateImage with image tags, then
    waitImageAvailable), ami.go resourceAMIRead (findImageByID with IncludeDeprecated and every
    field it sets, root_snapshot_id from the root mapping), resourceAMIDelete (DeregisterImage,
    DeleteSnapshot of each ebs_block_device with manage_ebs_snapshots, waitImageDeleted), then the
    read after destroy: no image, which findImageByID turns into NotFound."""
    [iid] = launch(ec2, ImageId=AL2023)
    ami = ec2.create_image(InstanceId=iid, Name="tf-ami", Description="tf", NoReboot=False,
                           TagSpecifications=[{"ResourceType": "image",
                                               "Tags": [{"Key": "Name", "Value": "tf"}]}])["ImageId"]
    for _ in range(20):  # waitImageAvailable
        [img] = ec2.describe_images(ImageIds=[ami], IncludeDeprecated=True)["Images"]
        if img["State"] == "available":
            break
    assert img["State"] == "available"
    for field in ("Architecture", "CreationDate", "Description", "EnaSupport", "Hypervisor",
                  "ImageLocation", "ImageType", "Name", "OwnerId", "PlatformDetails", "Public",
                  "RootDeviceName", "UsageOperation", "VirtualizationType", "BlockDeviceMappings"):
        assert field in img, field
    root = next(m for m in img["BlockDeviceMappings"] if m["DeviceName"] == img["RootDeviceName"])
    snaps = [m["Ebs"]["SnapshotId"] for m in img["BlockDeviceMappings"] if "Ebs" in m]
    assert root["Ebs"]["SnapshotId"] in snaps
    ec2.deregister_image(ImageId=ami)
    for sid in snaps:
        ec2.delete_snapshot(SnapshotId=sid)
    assert ec2.describe_images(ImageIds=[ami], IncludeDeprecated=True)["Images"] == []  # waitImageDeleted
    with pytest.raises(ClientError) as e:  # a second destroy is tolerated by the provider
        ec2.deregister_image(ImageId=ami)
    assert error_of(e)[0] in ("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable")


# --- image attributes -----------------------------------------------------------------------

def test_image_attributes_describe_and_modify(ec2):
    [iid] = launch(ec2, ImageId=AL2023)
    ami = ec2.create_image(InstanceId=iid, Name="attrs", Description="first")["ImageId"]
    attr = lambda name: ec2.describe_image_attribute(ImageId=ami, Attribute=name)  # noqa: E731
    assert attr("description")["Description"] == {"Value": "first"}
    assert attr("launchPermission")["LaunchPermissions"] == []
    assert attr("productCodes")["ProductCodes"] == []
    [root] = attr("blockDeviceMapping")["BlockDeviceMappings"]
    assert root["DeviceName"] == "/dev/xvda" and root["Ebs"]["SnapshotId"].startswith("snap-")
    assert "Value" not in attr("lastLaunchedTime")["LastLaunchedTime"]
    launch(ec2, ImageId=ami)
    assert attr("lastLaunchedTime")["LastLaunchedTime"]["Value"]
    ec2.modify_image_attribute(ImageId=ami, Description={"Value": "second"})
    assert image(ec2, ami)["Description"] == "second"
    ec2.modify_image_attribute(ImageId=ami, Attribute="description", Value="third")
    assert attr("description")["Description"] == {"Value": "third"}
    ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"UserId": "111122223333"}]})
    assert attr("launchPermission")["LaunchPermissions"] == [{"UserId": "111122223333"}]
    assert ami in {i["ImageId"] for i in ec2.describe_images(ExecutableUsers=["111122223333"])["Images"]}
    ec2.modify_image_attribute(ImageId=ami, Attribute="launchPermission", OperationType="add",
                               UserGroups=["all"])
    assert image(ec2, ami)["Public"] is True
    ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Remove": [{"Group": "all"},
                                                                         {"UserId": "111122223333"}]})
    assert attr("launchPermission")["LaunchPermissions"] == [] and image(ec2, ami)["Public"] is False
    for kwargs, code in [
        (dict(ImageId=ami, LaunchPermission={"Add": [{"UserId": "abc"}]}), "InvalidAMIAttributeItemValue"),
        (dict(ImageId=ami, LaunchPermission={"Add": [{"Group": "friends"}]}), "InvalidAMIAttributeItemValue"),
        (dict(ImageId=AL2023, Description={"Value": "x"}), "UnauthorizedOperation"),
        (dict(ImageId=ami, Description={"Value": "x"}, DryRun=True), "DryRunOperation"),
    ]:
        with pytest.raises(ClientError) as e:
            ec2.modify_image_attribute(**kwargs)
        assert error_of(e)[0] == code, kwargs
    assert attr("description")["Description"] == {"Value": "third"}
    with pytest.raises(ClientError) as e:
        ec2.describe_image_attribute(ImageId=ami, Attribute="colour")
    assert error_of(e)[0] == "InvalidParameterValue"


def test_ansible_ec2_ami_sequence(ec2):
    """amazon.aws plugins/modules/ec2_ami.py: CreateImage.do (create_image, the image_available
    waiter, get_image_by_id = DescribeImages + DescribeImageAttribute launchPermission and
    productCodes, tags on the image and its snapshots), then DeregisterImage.do with
    delete_snapshot (deregister, wait until get_image_by_id finds nothing, delete each snapshot)."""
    [iid] = launch(ec2, ImageId=AL2023)
    ami = ec2.create_image(InstanceId=iid, Name="ansible-ami", NoReboot=True)["ImageId"]
    ec2.get_waiter("image_available").wait(ImageIds=[ami], WaiterConfig={"Delay": 1, "MaxAttempts": 5})

    def get_image_by_id():
        images = ec2.describe_images(ImageIds=[ami])["Images"]
        if not images:
            return None
        result = images[0]
        result["LaunchPermissions"] = ec2.describe_image_attribute(
            Attribute="launchPermission", ImageId=ami)["LaunchPermissions"]
        result["ProductCodes"] = ec2.describe_image_attribute(
            Attribute="productCodes", ImageId=ami)["ProductCodes"]
        return result

    img = get_image_by_id()
    ec2.create_tags(Resources=[ami], Tags=[{"Key": "Name", "Value": "ansible"}])
    snaps = [m["Ebs"]["SnapshotId"] for m in img["BlockDeviceMappings"] if "Ebs" in m]
    for sid in snaps:
        ec2.create_tags(Resources=[sid], Tags=[{"Key": "Name", "Value": "ansible"}])
    assert get_image_by_id()["Tags"] == [{"Key": "Name", "Value": "ansible"}]
    ec2.deregister_image(ImageId=ami)
    assert get_image_by_id() is None
    for sid in snaps:
        ec2.delete_snapshot(SnapshotId=sid)
    assert ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == []
