"""Snapshot attributes and sharing, AMI deprecation, ResetImageAttribute and DescribeImages paging
(issue 10 §5), and GetConsoleOutput Latest (§4), replayed as Terraform's AWS provider calls them:
internal/service/ec2 ebs_snapshot.go (resourceEBSSnapshotCreate/Read/Delete),
ebs_snapshot_create_volume_permission.go (resourceSnapshotCreateVolumePermissionCreate/Read/Delete,
findCreateSnapshotCreateVolumePermissionByTwoPartKey), ami.go (resourceAMICreate/Read/Update,
enableImageDeprecation / disableImageDeprecation and their waiters) and ami_launch_permission.go
(resourceAMILaunchPermissionCreate/Read/Delete)."""
import datetime
import re

import pytest
from botocore.exceptions import ClientError

from conftest import describe_one, error_of, launch
from test_unimplemented_parameters import call_with_wire_parameters as wire_call

CATALOGUE_IMAGE = "ami-0c02fb55956c7d316"  # Amazon's, in the built-in catalogue

OTHER = "111122223333"


def now(cloudlife):
    """The server's virtual time (a frozen clock, advanced by the tests)."""
    return datetime.datetime.fromtimestamp(cloudlife.clock()["epoch_ms"] / 1000,
                                           datetime.timezone.utc)


def completed_snapshot(ec2, cloudlife, size=8):
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=size)["VolumeId"]
    snap = ec2.create_snapshot(VolumeId=volume, TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "tf"}]}])["SnapshotId"]
    cloudlife.advance(600)
    return snap


def volume_permissions(ec2, snap):
    return ec2.describe_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")[
        "CreateVolumePermissions"]


def test_terraform_snapshot_create_volume_permission_sequence(ec2, cloudlife):
    snap = completed_snapshot(ec2, cloudlife)
    # CustomizeDiff: the provider reads the snapshot's owner first.
    [s] = ec2.describe_snapshots(SnapshotIds=[snap])["Snapshots"]
    assert s["State"] == "completed" and s["OwnerId"] != OTHER
    ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission",
                                  CreateVolumePermission={"Add": [{"UserId": OTHER}]})
    assert volume_permissions(ec2, snap) == [{"UserId": OTHER}]
    # RestorableBy honours the permission.
    restorable = ec2.describe_snapshots(RestorableByUserIds=[OTHER])["Snapshots"]
    assert [x["SnapshotId"] for x in restorable] == [snap]
    assert ec2.describe_snapshots(RestorableByUserIds=["all"])["Snapshots"] == []
    # Delete: Remove, then the read finds no permission.
    ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission",
                                  CreateVolumePermission={"Remove": [{"UserId": OTHER}]})
    assert volume_permissions(ec2, snap) == []
    assert ec2.describe_snapshots(RestorableByUserIds=[OTHER])["Snapshots"] == []
    # The provider deletes the snapshot; its own read then gets InvalidSnapshot.NotFound.
    ec2.delete_snapshot(SnapshotId=snap)
    with pytest.raises(ClientError) as e:
        ec2.describe_snapshots(SnapshotIds=[snap])
    assert error_of(e)[:2] == ("InvalidSnapshot.NotFound", 400)
    with pytest.raises(ClientError) as e:
        ec2.describe_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")
    assert error_of(e)[:2] == ("InvalidSnapshot.NotFound", 400)


def test_snapshot_made_public_and_reset_with_the_older_form(ec2, cloudlife):
    snap = completed_snapshot(ec2, cloudlife)
    # The AWS CLI's --group-names / --user-ids form: Attribute + OperationType + UserGroup.N.
    ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission",
                                  OperationType="add", GroupNames=["all"], UserIds=[OTHER])
    assert volume_permissions(ec2, snap) == [{"Group": "all"}, {"UserId": OTHER}]
    assert [x["SnapshotId"] for x in ec2.describe_snapshots(RestorableByUserIds=["all"])["Snapshots"]] == [snap]
    product = ec2.describe_snapshot_attribute(SnapshotId=snap, Attribute="productCodes")
    assert product["ProductCodes"] == [] and product["SnapshotId"] == snap
    ec2.reset_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")
    assert volume_permissions(ec2, snap) == []


@pytest.mark.parametrize("call,code", [
    (lambda ec2, s: ec2.describe_snapshot_attribute(SnapshotId=s, Attribute="description"),
     "InvalidParameterValue"),
    (lambda ec2, s: ec2.modify_snapshot_attribute(SnapshotId=s, Attribute="productCodes",
                                                  OperationType="add", UserIds=[OTHER]),
     "InvalidParameterValue"),
    (lambda ec2, s: ec2.modify_snapshot_attribute(
        SnapshotId=s, CreateVolumePermission={"Add": [{"Group": "everyone"}]}),
     "InvalidParameterValue"),
    (lambda ec2, s: ec2.modify_snapshot_attribute(
        SnapshotId=s, CreateVolumePermission={"Add": [{"UserId": "12"}, {"UserId": OTHER}]}),
     "InvalidUserID.Malformed"),
    (lambda ec2, s: ec2.modify_snapshot_attribute(SnapshotId=s, Attribute="createVolumePermission",
                                                  UserIds=[OTHER]), "MissingParameter"),
    (lambda ec2, s: ec2.modify_snapshot_attribute(SnapshotId=s, CreateVolumePermission={}),
     "InvalidParameterCombination"),
    (lambda ec2, s: ec2.reset_snapshot_attribute(SnapshotId=s, Attribute="productCodes"),
     "InvalidParameterValue"),
    (lambda ec2, s: ec2.modify_snapshot_attribute(
        SnapshotId="snap-00000000000000000", CreateVolumePermission={"Add": [{"UserId": OTHER}]}),
     "InvalidSnapshot.NotFound"),
    (lambda ec2, s: ec2.modify_snapshot_attribute(
        SnapshotId=s, DryRun=True, CreateVolumePermission={"Add": [{"UserId": OTHER}]}),
     "DryRunOperation"),
])
def test_bad_snapshot_attribute_requests_change_nothing(ec2, cloudlife, call, code):
    snap = completed_snapshot(ec2, cloudlife)
    with pytest.raises(ClientError) as e:
        call(ec2, snap)
    assert error_of(e)[0] == code
    assert volume_permissions(ec2, snap) == []


def test_encrypted_snapshots_are_not_shared_as_ec2_refuses(ec2, cloudlife):
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True)["VolumeId"]
    snap = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    cloudlife.advance(600)
    for change in ({"Add": [{"Group": "all"}]}, {"Add": [{"UserId": OTHER}]}):
        with pytest.raises(ClientError) as e:
            ec2.modify_snapshot_attribute(SnapshotId=snap, CreateVolumePermission=change)
        assert error_of(e)[:2] == ("InvalidParameterValue", 400)
    assert volume_permissions(ec2, snap) == []


def registered_image(ec2, cloudlife, name="tf-ami"):
    snap = completed_snapshot(ec2, cloudlife)
    ami = ec2.register_image(Name=name, Architecture="x86_64", RootDeviceName="/dev/xvda",
                             VirtualizationType="hvm", EnaSupport=True, BlockDeviceMappings=[
                                 {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snap}}])["ImageId"]
    cloudlife.advance(600)
    return ami


def test_terraform_ami_deprecation_time_sequence(ec2, cloudlife):
    ami = registered_image(ec2, cloudlife)
    [image] = ec2.describe_images(ImageIds=[ami])["Images"]
    assert image["State"] == "available" and "DeprecationTime" not in image
    t = now(cloudlife)
    at = (t + datetime.timedelta(days=30)).replace(second=40, microsecond=0)
    ec2.enable_image_deprecation(ImageId=ami, DeprecateAt=at)
    [image] = ec2.describe_images(ImageIds=[ami])["Images"]
    rounded = (at + datetime.timedelta(seconds=20)).replace(second=0)  # nearest minute
    assert image["DeprecationTime"] == rounded.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    # In-place update to another time, then removal (DisableImageDeprecation).
    later = (t + datetime.timedelta(days=60)).replace(second=0, microsecond=0)
    ec2.enable_image_deprecation(ImageId=ami, DeprecateAt=later)
    [image] = ec2.describe_images(ImageIds=[ami])["Images"]
    assert image["DeprecationTime"] == later.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    ec2.disable_image_deprecation(ImageId=ami)
    [image] = ec2.describe_images(ImageIds=[ami])["Images"]
    assert "DeprecationTime" not in image
    ec2.deregister_image(ImageId=ami)
    assert ec2.describe_images(ImageIds=[ami])["Images"] == []


def test_deprecated_own_images_stay_listed_for_their_owner(ec2, cloudlife):
    ami = registered_image(ec2, cloudlife)
    soon = now(cloudlife) + datetime.timedelta(minutes=10)
    ec2.enable_image_deprecation(ImageId=ami, DeprecateAt=soon)
    cloudlife.advance(3600)
    for kwargs in ({}, {"Owners": ["self"]}, {"IncludeDeprecated": False}, {"IncludeDeprecated": True}):
        assert ami in {i["ImageId"] for i in ec2.describe_images(**kwargs)["Images"]}
    # A deprecated AMI still launches.
    [iid] = launch(ec2, ImageId=ami)
    assert describe_one(ec2, iid)["ImageId"] == ami


@pytest.mark.parametrize("delta,code", [
    (datetime.timedelta(days=-1), "InvalidParameterValue"),
    (datetime.timedelta(days=366 * 11), "InvalidParameterValue"),
])
def test_deprecation_time_limits(ec2, cloudlife, delta, code):
    ami = registered_image(ec2, cloudlife)
    with pytest.raises(ClientError) as e:
        ec2.enable_image_deprecation(ImageId=ami, DeprecateAt=now(cloudlife) + delta)
    assert error_of(e)[:2] == (code, 400)
    assert "DeprecationTime" not in ec2.describe_images(ImageIds=[ami])["Images"][0]


def test_public_ami_deprecation_is_bounded_by_two_years_after_creation(ec2, cloudlife):
    ami = registered_image(ec2, cloudlife)
    ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"Group": "all"}]})
    far = now(cloudlife) + datetime.timedelta(days=3 * 365)
    with pytest.raises(ClientError) as e:
        ec2.enable_image_deprecation(ImageId=ami, DeprecateAt=far)
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)
    with pytest.raises(ClientError) as e:
        ec2.enable_image_deprecation(ImageId=CATALOGUE_IMAGE, DeprecateAt=far)
    assert error_of(e)[:2] == ("UnauthorizedOperation", 403)


def test_terraform_ami_launch_permission_and_reset(ec2, cloudlife):
    ami = registered_image(ec2, cloudlife)
    ec2.modify_image_attribute(ImageId=ami, Attribute="launchPermission",
                               LaunchPermission={"Add": [{"UserId": OTHER}]})
    perms = ec2.describe_image_attribute(ImageId=ami, Attribute="launchPermission")
    assert perms["LaunchPermissions"] == [{"UserId": OTHER}]
    ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"Group": "all"}]})
    ec2.reset_image_attribute(ImageId=ami, Attribute="launchPermission")
    perms = ec2.describe_image_attribute(ImageId=ami, Attribute="launchPermission")
    assert perms["LaunchPermissions"] == []
    assert ec2.describe_images(ImageIds=[ami])["Images"][0]["Public"] is False
    with pytest.raises(ClientError) as e:
        ec2.reset_image_attribute(ImageId=ami, Attribute="kernel")
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)


def images_page(ec2, wire, **kwargs):
    """(image IDs, NextToken or None) of one DescribeImages call with `wire` added to the Query
    body: Debian's botocore predates DescribeImages' MaxResults / NextToken, so both travel and
    are read on the wire."""
    raw = {}

    def keep(http_response, **_):
        raw["body"] = http_response.text

    ec2.meta.events.register("after-call.ec2.DescribeImages", keep)
    try:
        images = wire_call(ec2, "describe_images", kwargs, wire)["Images"]
    finally:
        ec2.meta.events.unregister("after-call.ec2.DescribeImages", keep)
    token = re.search(r"<nextToken>([^<]*)</nextToken>", raw["body"])
    return [i["ImageId"] for i in images], token.group(1) if token else None


def test_describe_images_pages_only_without_image_ids(ec2, cloudlife):
    for n in range(3):
        registered_image(ec2, cloudlife, name=f"page-{n}")
    everything = [i["ImageId"] for i in ec2.describe_images()["Images"]]
    assert len(everything) > 5
    first, token = images_page(ec2, {"MaxResults": "5"})
    assert first == everything[:5] and token
    rest, last = images_page(ec2, {"MaxResults": "5", "NextToken": token})
    assert rest == everything[5:10]
    assert (last is None) == (len(everything) <= 10)
    for wire, code in [
        ({"MaxResults": "5", "ImageId.1": everything[0]}, "InvalidParameterCombination"),
        ({"MaxResults": "4"}, "InvalidParameterValue"),
        ({"MaxResults": "1001"}, "InvalidParameterValue"),
        ({"MaxResults": "5", "NextToken": "nonsense"}, "InvalidParameterValue"),
    ]:
        with pytest.raises(ClientError) as e:
            images_page(ec2, wire)
        assert error_of(e)[:2] == (code, 400)


def test_console_output_latest_reads_the_console_now(ec2, cloudlife):
    [iid] = launch(ec2, InstanceType="t3.micro")
    cloudlife.advance(120)
    buffered = ec2.get_console_output(InstanceId=iid)
    cloudlife.advance(3600)
    again = ec2.get_console_output(InstanceId=iid)
    assert again["Timestamp"] == buffered["Timestamp"]  # posted at the boot, not re-posted
    latest = ec2.get_console_output(InstanceId=iid, Latest=True)
    assert latest["Timestamp"] > buffered["Timestamp"]
    assert latest["Output"].startswith(buffered["Output"])
    assert "login:" in latest["Output"] and "login:" not in buffered["Output"]
    # Xen types (t2) serve only the buffered output.
    [old] = launch(ec2, InstanceType="t2.micro")
    cloudlife.advance(120)
    assert ec2.get_console_output(InstanceId=old)["Output"]
    with pytest.raises(ClientError) as e:
        ec2.get_console_output(InstanceId=old, Latest=True)
    assert error_of(e)[:2] == ("UnsupportedOperation", 400)
