"""EBS volumes with boto3: create/attach/detach/delete/describe, their timed states, their errors,
and the DeleteOnTermination rules end to end."""
import botocore.exceptions
import pytest

from conftest import launch


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def volume(ec2, volume_id):
    return ec2.describe_volumes(VolumeIds=[volume_id])["Volumes"][0]


def volumes_of(ec2, instance_id):
    resp = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [instance_id]}])
    return {v["Attachments"][0]["Device"]: v for v in resp["Volumes"]}


def create(ec2, **kwargs):
    kwargs.setdefault("AvailabilityZone", "us-east-1a")
    kwargs.setdefault("Size", 10)
    return ec2.create_volume(**kwargs)


# --- CreateVolume ---------------------------------------------------------------------------

def test_create_volume_defaults_and_creating_then_available(ec2):
    v = create(ec2, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "env", "Value": "t"}]}])
    assert v["State"] == "creating"
    assert v["VolumeType"] == "gp2"
    assert v["Size"] == 10
    assert v["Iops"] == 100
    assert v["Encrypted"] is False
    assert v["AvailabilityZone"] == "us-east-1a"
    assert v["Tags"] == [{"Key": "env", "Value": "t"}]
    assert v["VolumeId"].startswith("vol-") and len(v["VolumeId"]) == 21
    got = volume(ec2, v["VolumeId"])
    assert got["State"] == "available"
    assert got["Attachments"] == []


def test_create_volume_gp3_defaults_and_encryption(ec2):
    v = create(ec2, VolumeType="gp3", Encrypted=True)
    assert v["Iops"] == 3000 and v["Throughput"] == 125
    assert v["Encrypted"] is True and v["KmsKeyId"].startswith("arn:aws:kms:us-east-1:")


def test_create_volume_realistic_timing_steps_through_creating(cloudlife, ec2):
    cloudlife.timing("realistic", {"volume-creating": 4})
    v = create(ec2)
    assert volume(ec2, v["VolumeId"])["State"] == "creating"
    cloudlife.advance(3)
    assert volume(ec2, v["VolumeId"])["State"] == "creating"
    cloudlife.advance(1)
    assert volume(ec2, v["VolumeId"])["State"] == "available"


def test_create_volume_without_size_or_snapshot(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_volume(AvailabilityZone="us-east-1a")
    assert error_of(e) == ("MissingParameter", "The request must contain the parameter size/snapshot")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert ec2.describe_volumes()["Volumes"] == []


@pytest.mark.parametrize("kwargs,code", [
    ({"VolumeType": "gp9"}, "InvalidParameterValue"),
    ({"AvailabilityZone": "us-west-2a"}, "InvalidZone.NotFound"),
    ({"Size": 0}, "InvalidParameterValue"),
    ({"Size": 20000}, "InvalidParameterValue"),
    ({"VolumeType": "io1"}, "MissingParameter"),
    ({"VolumeType": "gp2", "Iops": 500}, "InvalidParameterCombination"),
    ({"TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "a", "Value": "b"}]}]},
     "InvalidParameterValue"),
    ({"TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "aws:x", "Value": "b"}]}]},
     "InvalidParameterValue"),
])
def test_create_volume_refusals_change_nothing(ec2, kwargs, code):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(ec2, **kwargs)
    assert error_of(e)[0] == code
    assert ec2.describe_volumes()["Volumes"] == []


def test_create_volume_client_token_is_idempotent(ec2):
    a = create(ec2, ClientToken="tok-1")
    b = create(ec2, ClientToken="tok-1")
    assert a["VolumeId"] == b["VolumeId"]
    assert len(ec2.describe_volumes()["Volumes"]) == 1
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(ec2, ClientToken="tok-1", Size=20)
    assert error_of(e)[0] == "IdempotentParameterMismatch"


def test_create_volume_dry_run(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(ec2, DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    assert ec2.describe_volumes()["Volumes"] == []


# --- AttachVolume / DetachVolume ----------------------------------------------------------------

def test_attach_then_detach_round_trip(ec2):
    [iid] = launch(ec2)
    vid = create(ec2)["VolumeId"]
    att = ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    assert att["State"] == "attaching" and att["Device"] == "/dev/sdf" and att["InstanceId"] == iid
    v = volume(ec2, vid)
    assert v["State"] == "in-use"
    assert v["Attachments"][0]["State"] == "attached"
    assert v["Attachments"][0]["DeleteOnTermination"] is False
    bdm = {b["DeviceName"]: b["Ebs"] for b in
           ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["BlockDeviceMappings"]}
    assert bdm["/dev/sdf"]["VolumeId"] == vid and bdm["/dev/sdf"]["DeleteOnTermination"] is False

    det = ec2.detach_volume(VolumeId=vid)
    assert det["State"] == "detaching" and det["InstanceId"] == iid
    v = volume(ec2, vid)
    assert v["State"] == "available" and v["Attachments"] == []
    bdm = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["BlockDeviceMappings"]
    assert "/dev/sdf" not in [b["DeviceName"] for b in bdm]


def test_attach_detach_realistic_timing(cloudlife, ec2):
    [iid] = launch(ec2)
    vid = create(ec2)["VolumeId"]
    cloudlife.timing("realistic", {"volume-attaching": 2, "volume-detaching": 5})
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdg")
    assert volume(ec2, vid)["Attachments"][0]["State"] == "attaching"
    cloudlife.advance(2)
    assert volume(ec2, vid)["Attachments"][0]["State"] == "attached"
    ec2.detach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdg")
    v = volume(ec2, vid)
    assert v["State"] == "in-use" and v["Attachments"][0]["State"] == "detaching"
    cloudlife.advance(5)
    assert volume(ec2, vid)["State"] == "available"


def test_attach_errors(ec2):
    [iid] = launch(ec2, zone="us-east-1a")
    [other] = launch(ec2, zone="us-east-1b")
    vid = create(ec2)["VolumeId"]
    far = create(ec2, AvailabilityZone="us-east-1b")["VolumeId"]

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.attach_volume(VolumeId=far, InstanceId=iid, Device="/dev/sdf")
    assert error_of(e)[0] == "InvalidVolume.ZoneMismatch"

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/xvda")
    assert error_of(e) == ("InvalidParameterValue", "Attachment point /dev/xvda is already in use")

    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdh")
    assert error_of(e) == ("VolumeInUse", f"{vid} is already attached to an instance")

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.attach_volume(VolumeId="vol-0123456789abcdef0", InstanceId=iid, Device="/dev/sdh")
    assert error_of(e) == ("InvalidVolume.NotFound", "The volume 'vol-0123456789abcdef0' does not exist.")

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.attach_volume(VolumeId=far, InstanceId="i-0123456789abcdef0", Device="/dev/sdh")
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"

    ec2.terminate_instances(InstanceIds=[other])
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.attach_volume(VolumeId=far, InstanceId=other, Device="/dev/sdh")
    assert error_of(e)[0] == "IncorrectInstanceState"
    assert volume(ec2, far)["State"] == "available"


def test_attach_to_stopped_instance(ec2):
    [iid] = launch(ec2)
    ec2.stop_instances(InstanceIds=[iid])
    vid = create(ec2)["VolumeId"]
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    assert volume(ec2, vid)["Attachments"][0]["State"] == "attached"


def test_detach_errors_and_root_volume(ec2):
    [iid] = launch(ec2)
    vid = create(ec2)["VolumeId"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.detach_volume(VolumeId=vid)
    assert error_of(e)[0] == "IncorrectState"

    root = volumes_of(ec2, iid)["/dev/xvda"]["VolumeId"]
    for force in (False, True):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ec2.detach_volume(VolumeId=root, Force=force)
        assert error_of(e)[0] == "IncorrectState"
    assert volume(ec2, root)["Attachments"][0]["State"] == "attached"

    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.detach_volume(VolumeId=vid, Device="/dev/sdz")
    assert error_of(e)[0] == "InvalidAttachment.NotFound"

    # A stopped instance's root volume can be detached.
    ec2.stop_instances(InstanceIds=[iid])
    ec2.detach_volume(VolumeId=root)
    assert volume(ec2, root)["State"] == "available"


# --- DeleteVolume -----------------------------------------------------------------------------

def test_delete_volume(ec2):
    [iid] = launch(ec2)
    vid = create(ec2)["VolumeId"]
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.delete_volume(VolumeId=vid)
    assert error_of(e)[0] == "VolumeInUse"
    ec2.detach_volume(VolumeId=vid)
    ec2.delete_volume(VolumeId=vid)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_volumes(VolumeIds=[vid])
    assert error_of(e) == ("InvalidVolume.NotFound", f"The volume '{vid}' does not exist.")


def test_delete_volume_realistic_shows_deleting(cloudlife, ec2):
    vid = create(ec2)["VolumeId"]
    cloudlife.timing("realistic", {"volume-deleting": 2})
    ec2.delete_volume(VolumeId=vid)
    assert volume(ec2, vid)["State"] == "deleting"
    cloudlife.advance(2)
    assert ec2.describe_volumes()["Volumes"] == []


# --- DescribeVolumes --------------------------------------------------------------------------

def test_describe_volumes_ids_and_errors(ec2):
    vid = create(ec2)["VolumeId"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_volumes(VolumeIds=[vid, "vol-0123456789abcdef0"])
    assert error_of(e)[0] == "InvalidVolume.NotFound"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_volumes(VolumeIds=["vol-xyz"])
    assert error_of(e)[0] == "InvalidVolumeID.Malformed"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_volumes(VolumeIds=[vid], MaxResults=5)
    assert error_of(e)[0] == "InvalidParameterCombination"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_volumes(Filters=[{"Name": "colour", "Values": ["red"]}])
    assert error_of(e)[0] == "InvalidParameterValue"


def test_describe_volumes_filters(ec2):
    [iid] = launch(ec2)
    a = create(ec2, VolumeType="gp3", Size=50,
               TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "team", "Value": "blue-1"}]}])["VolumeId"]
    b = create(ec2, AvailabilityZone="us-east-1b", Encrypted=True)["VolumeId"]
    ec2.attach_volume(VolumeId=a, InstanceId=iid, Device="/dev/sdf")

    def ids(*filters):
        return {v["VolumeId"] for v in ec2.describe_volumes(Filters=list(filters))["Volumes"]}

    root = volumes_of(ec2, iid)["/dev/xvda"]["VolumeId"]
    assert ids({"Name": "attachment.instance-id", "Values": [iid]}) == {a, root}
    assert ids({"Name": "attachment.device", "Values": ["/dev/sd?"]}) == {a}
    assert ids({"Name": "attachment.status", "Values": ["attached"]}) == {a, root}
    assert ids({"Name": "attachment.delete-on-termination", "Values": ["false"]}) == {a}
    assert ids({"Name": "availability-zone", "Values": ["us-east-1b"]}) == {b}
    assert ids({"Name": "status", "Values": ["available"]}) == {b}
    assert ids({"Name": "volume-id", "Values": [b]}) == {b}
    assert ids({"Name": "volume-type", "Values": ["gp3"]}) == {a, root}
    assert ids({"Name": "size", "Values": ["50"]}) == {a}
    assert ids({"Name": "encrypted", "Values": ["true"]}) == {b}
    assert ids({"Name": "tag:team", "Values": ["blue-*"]}) == {a}
    assert ids({"Name": "tag-key", "Values": ["team"]}) == {a}
    assert ids({"Name": "tag-value", "Values": ["blue-?"]}) == {a}
    assert ids({"Name": "volume-type", "Values": ["gp3"]}, {"Name": "size", "Values": ["8"]}) == {root}


def test_describe_volumes_pagination(ec2):
    created = {create(ec2)["VolumeId"] for _ in range(12)}
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_volumes(MaxResults=4)
    assert error_of(e)[0] == "InvalidParameterValue"
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"MaxResults": 5}
        if token:
            kwargs["NextToken"] = token
        resp = ec2.describe_volumes(**kwargs)
        pages += 1
        seen += [v["VolumeId"] for v in resp["Volumes"]]
        token = resp.get("NextToken")
        if not token:
            break
    assert pages == 3 and len(seen) == 12 and set(seen) == created
    paginated = [v["VolumeId"] for page in ec2.get_paginator("describe_volumes").paginate(
        PaginationConfig={"PageSize": 6}) for v in page["Volumes"]]
    assert sorted(paginated) == sorted(created)


# --- DeleteOnTermination, end to end ----------------------------------------------------------

def test_launch_volumes_default_to_delete_on_termination_and_go_with_the_instance(ec2):
    [iid] = launch(ec2, BlockDeviceMappings=[
        {"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3"}}])
    vols = volumes_of(ec2, iid)
    assert set(vols) == {"/dev/xvda", "/dev/sdb"}
    assert all(v["Attachments"][0]["DeleteOnTermination"] is True for v in vols.values())
    assert vols["/dev/sdb"]["Size"] == 20
    ec2.terminate_instances(InstanceIds=[iid])
    remaining = {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}
    assert remaining.isdisjoint({v["VolumeId"] for v in vols.values()})


def test_volume_attached_after_launch_survives_termination_as_available(ec2):
    [iid] = launch(ec2)
    vid = create(ec2)["VolumeId"]
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    root = volumes_of(ec2, iid)["/dev/xvda"]["VolumeId"]
    ec2.terminate_instances(InstanceIds=[iid])
    v = volume(ec2, vid)
    assert v["State"] == "available" and v["Attachments"] == []
    assert root not in {x["VolumeId"] for x in ec2.describe_volumes()["Volumes"]}


def test_explicit_delete_on_termination_false_at_launch_is_honoured(ec2):
    [iid] = launch(ec2, BlockDeviceMappings=[
        {"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": False}},
        {"DeviceName": "/dev/sdc", "Ebs": {"VolumeSize": 5, "DeleteOnTermination": False}},
        {"DeviceName": "/dev/sdd", "Ebs": {"VolumeSize": 5, "DeleteOnTermination": True}}])
    vols = volumes_of(ec2, iid)
    assert vols["/dev/xvda"]["Attachments"][0]["DeleteOnTermination"] is False
    ec2.terminate_instances(InstanceIds=[iid])
    left = {v["VolumeId"]: v for v in ec2.describe_volumes()["Volumes"]}
    assert vols["/dev/xvda"]["VolumeId"] in left and vols["/dev/sdc"]["VolumeId"] in left
    assert vols["/dev/sdd"]["VolumeId"] not in left
    assert all(v["State"] == "available" for v in left.values())


def test_modify_instance_attribute_delete_on_termination_is_honoured(ec2):
    [iid] = launch(ec2)
    vid = create(ec2)["VolumeId"]
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    ec2.modify_instance_attribute(InstanceId=iid, BlockDeviceMappings=[
        {"DeviceName": "/dev/sdf", "Ebs": {"DeleteOnTermination": True}},
    ])
    ec2.modify_instance_attribute(InstanceId=iid, BlockDeviceMappings=[
        {"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": False}},
    ])
    assert volume(ec2, vid)["Attachments"][0]["DeleteOnTermination"] is True
    root = volumes_of(ec2, iid)["/dev/xvda"]
    assert root["Attachments"][0]["DeleteOnTermination"] is False
    ec2.terminate_instances(InstanceIds=[iid])
    left = {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}
    assert vid not in left
    assert root["VolumeId"] in left


def test_stopped_instance_keeps_its_volumes(ec2):
    [iid] = launch(ec2)
    vid = create(ec2)["VolumeId"]
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    ec2.stop_instances(InstanceIds=[iid])
    ec2.start_instances(InstanceIds=[iid])
    assert set(volumes_of(ec2, iid)) == {"/dev/xvda", "/dev/sdf"}
