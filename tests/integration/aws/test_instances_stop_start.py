"""StopInstances, StartInstances, RebootInstances, Modify/DescribeInstanceAttribute and
DescribeInstanceStatus through boto3, asserted against seed 002 and documented EC2 behaviour
(issue 2 §4, §5, §7).

Every test starts from a reset server on a frozen clock with the instant profile (conftest.py).
"""
import base64
import re

import pytest
from botocore.exceptions import ClientError

from conftest import (CODES, IMAGE, INSTANCE_STORE_IMAGE, describe_one, error_of, instance_states,
                      launch, state_of)

def assert_state_pair(item, current, previous):
    assert item["CurrentState"] == {"Code": CODES[current], "Name": current}
    assert item["PreviousState"] == {"Code": CODES[previous], "Name": previous}


def stopped(ec2, **kwargs):
    [iid] = launch(ec2, **kwargs)
    ec2.stop_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "stopped"
    return iid


def terminated(ec2, **kwargs):
    [iid] = launch(ec2, **kwargs)
    ec2.terminate_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "terminated"
    return iid


# --------------------------------------------------------------------------------------------
# Stop
# --------------------------------------------------------------------------------------------

def test_stop_ebs_backed_instance(ec2):
    [iid] = launch(ec2)
    resp = ec2.stop_instances(InstanceIds=[iid])
    [item] = resp["StoppingInstances"]
    assert item["InstanceId"] == iid
    assert_state_pair(item, "stopping", "running")
    assert describe_one(ec2, iid)["State"] == {"Code": 80, "Name": "stopped"}


def test_stop_several_instances_at_once(ec2):
    ids = launch(ec2, count=3)
    resp = ec2.stop_instances(InstanceIds=ids)
    assert sorted(i["InstanceId"] for i in resp["StoppingInstances"]) == sorted(ids)
    for item in resp["StoppingInstances"]:
        assert_state_pair(item, "stopping", "running")
    assert set(instance_states(ec2, ids).values()) == {"stopped"}


def test_stop_under_realistic_timing_steps_through_stopping(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    ec2.stop_instances(InstanceIds=[iid])
    inst = describe_one(ec2, iid)
    assert inst["State"] == {"Code": 64, "Name": "stopping"}
    assert inst["StateReason"]["Code"] == "Client.UserInitiatedShutdown"
    assert re.fullmatch(r"User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)", inst["StateTransitionReason"])
    cloudlife.advance(5)
    assert state_of(ec2, iid) == "stopping"
    cloudlife.advance(60)
    assert state_of(ec2, iid) == "stopped"


def test_stopped_instance_keeps_its_root_volume(ec2):
    [iid] = launch(ec2, BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8}}])
    before = describe_one(ec2, iid)["BlockDeviceMappings"]
    assert before and before[0]["Ebs"]["VolumeId"].startswith("vol-")
    ec2.stop_instances(InstanceIds=[iid])
    after = describe_one(ec2, iid)["BlockDeviceMappings"]
    assert [m["Ebs"]["VolumeId"] for m in after] == [m["Ebs"]["VolumeId"] for m in before]
    vol = ec2.describe_volumes(VolumeIds=[before[0]["Ebs"]["VolumeId"]])["Volumes"][0]
    assert vol["State"] == "in-use"


def test_stop_instance_store_backed_is_unsupported(ec2):
    [iid] = launch(ec2, ImageId=INSTANCE_STORE_IMAGE)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid])
    code, status, message = error_of(e)
    assert (code, status) == ("UnsupportedOperation", 400)
    assert iid in message
    assert state_of(ec2, iid) == "running"


def test_stopping_a_stopped_instance_is_a_no_op(ec2):
    iid = stopped(ec2)
    [item] = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"]
    assert_state_pair(item, "stopped", "stopped")
    assert state_of(ec2, iid) == "stopped"


def test_stopping_a_stopping_instance_keeps_stopping(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    ec2.stop_instances(InstanceIds=[iid])
    [item] = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"]
    assert_state_pair(item, "stopping", "stopping")
    cloudlife.advance(60)
    assert state_of(ec2, iid) == "stopped"


def test_stop_terminated_instance_is_incorrect_instance_state(ec2):
    iid = terminated(ec2)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid])
    code, status, message = error_of(e)
    assert (code, status) == ("IncorrectInstanceState", 400)
    assert iid in message
    assert state_of(ec2, iid) == "terminated"


def test_stop_unknown_instance(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid, "i-0123456789abcdef0"])
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)
    assert state_of(ec2, iid) == "running"


def test_stop_malformed_instance_id(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid, "i-zzz"])
    assert error_of(e)[:2] == ("InvalidInstanceID.Malformed", 400)
    assert state_of(ec2, iid) == "running"


def test_stop_dry_run(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid], DryRun=True)
    assert error_of(e)[:2] == ("DryRunOperation", 412)
    assert state_of(ec2, iid) == "running"


def test_stop_force_is_accepted(ec2):
    [iid] = launch(ec2)
    [item] = ec2.stop_instances(InstanceIds=[iid], Force=True)["StoppingInstances"]
    assert_state_pair(item, "stopping", "running")
    assert state_of(ec2, iid) == "stopped"


def test_stop_force_is_not_slower_than_graceful(cloudlife, ec2):
    cloudlife.timing("realistic")
    a, b = launch(ec2, count=2)
    cloudlife.advance(60)
    ec2.stop_instances(InstanceIds=[a])
    ec2.stop_instances(InstanceIds=[b], Force=True)
    for _ in range(60):
        if state_of(ec2, a) == "stopped":
            assert state_of(ec2, b) == "stopped"
            break
        cloudlife.advance(1)
    assert instance_states(ec2, [a, b]) == {a: "stopped", b: "stopped"}


# --------------------------------------------------------------------------------------------
# Stop protection, hibernation, spot
# --------------------------------------------------------------------------------------------

def stop_protected_message(iid):
    return (f"The instance '{iid}' may not be stopped. Modify its 'disableApiStop' instance attribute "
            f"and try again.")


def test_disable_api_stop_at_launch_refuses_the_stop(ec2):
    [iid] = launch(ec2, DisableApiStop=True)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid])
    code, status, message = error_of(e)
    assert (code, status) == ("OperationNotPermitted", 400)
    assert message == stop_protected_message(iid)
    assert state_of(ec2, iid) == "running"


def test_disable_api_stop_via_modify_then_lifted(ec2):
    [iid] = launch(ec2)
    ec2.modify_instance_attribute(InstanceId=iid, DisableApiStop={"Value": True})
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid])
    code, _, message = error_of(e)
    assert code == "OperationNotPermitted"
    assert "may not be stopped" in message
    ec2.modify_instance_attribute(InstanceId=iid, DisableApiStop={"Value": False})
    [item] = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"]
    assert_state_pair(item, "stopping", "running")


def test_stop_protection_does_not_block_terminate(ec2):
    [iid] = launch(ec2, DisableApiStop=True)
    ec2.terminate_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "terminated"


def test_hibernate_when_configured_at_launch(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2, HibernationOptions={"Configured": True})
    cloudlife.advance(60)
    [item] = ec2.stop_instances(InstanceIds=[iid], Hibernate=True)["StoppingInstances"]
    assert_state_pair(item, "stopping", "running")
    inst = describe_one(ec2, iid)
    assert inst["State"]["Name"] == "stopping"
    assert inst["StateReason"] == {"Code": "Client.UserInitiatedHibernate",
                                   "Message": "Client.UserInitiatedHibernate: User initiated hibernate"}
    cloudlife.advance(120)
    assert state_of(ec2, iid) == "stopped"


def test_hibernate_not_configured_is_refused(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid], Hibernate=True)
    code, status, message = error_of(e)
    assert (code, status) == ("UnsupportedHibernationConfiguration", 400)
    assert iid in message
    assert state_of(ec2, iid) == "running"


def test_hibernate_false_on_unconfigured_is_a_plain_stop(ec2):
    [iid] = launch(ec2)
    ec2.stop_instances(InstanceIds=[iid], Hibernate=False)
    assert state_of(ec2, iid) == "stopped"


def test_hibernate_spot_instance_is_refused(ec2):
    [iid] = launch(ec2, HibernationOptions={"Configured": True},
                   InstanceMarketOptions={"MarketType": "spot",
                                          "SpotOptions": {"SpotInstanceType": "persistent",
                                                          "InstanceInterruptionBehavior": "hibernate"}})
    assert describe_one(ec2, iid)["InstanceLifecycle"] == "spot"
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[iid], Hibernate=True)
    code, status, _ = error_of(e)
    assert status == 400
    assert code in ("UnsupportedOperation", "UnsupportedHibernationConfiguration")
    assert state_of(ec2, iid) == "running"


def test_hibernate_batch_with_one_unconfigured_changes_nothing(ec2):
    [hib] = launch(ec2, HibernationOptions={"Configured": True})
    [plain] = launch(ec2)
    with pytest.raises(ClientError):
        ec2.stop_instances(InstanceIds=[hib, plain], Hibernate=True)
    assert instance_states(ec2, [hib, plain]) == {hib: "running", plain: "running"}


# --------------------------------------------------------------------------------------------
# All or nothing
# --------------------------------------------------------------------------------------------

def test_stop_batch_with_an_instance_store_instance_stops_nothing(ec2):
    [ebs] = launch(ec2)
    [store] = launch(ec2, ImageId=INSTANCE_STORE_IMAGE)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[ebs, store])
    assert error_of(e)[0] == "UnsupportedOperation"
    assert instance_states(ec2, [ebs, store]) == {ebs: "running", store: "running"}


def test_stop_batch_with_a_stop_protected_instance_stops_nothing(ec2):
    [a] = launch(ec2, zone="us-east-1a")
    [p] = launch(ec2, zone="us-east-1b", DisableApiStop=True)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[a, p])
    code, _, message = error_of(e)
    assert code == "OperationNotPermitted"
    assert message == stop_protected_message(p)
    assert instance_states(ec2, [a, p]) == {a: "running", p: "running"}


def test_stop_batch_with_a_terminated_instance_stops_nothing(ec2):
    [a] = launch(ec2)
    t = terminated(ec2)
    with pytest.raises(ClientError) as e:
        ec2.stop_instances(InstanceIds=[a, t])
    assert error_of(e)[0] == "IncorrectInstanceState"
    assert state_of(ec2, a) == "running"


def test_start_batch_with_a_terminated_instance_starts_nothing(ec2):
    s = stopped(ec2)
    t = terminated(ec2)
    with pytest.raises(ClientError) as e:
        ec2.start_instances(InstanceIds=[s, t])
    assert error_of(e)[:2] == ("IncorrectInstanceState", 400)
    assert instance_states(ec2, [s, t]) == {s: "stopped", t: "terminated"}


# --------------------------------------------------------------------------------------------
# Start
# --------------------------------------------------------------------------------------------

def test_start_from_stopped_goes_through_pending(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    ec2.stop_instances(InstanceIds=[iid])
    cloudlife.advance(60)
    assert state_of(ec2, iid) == "stopped"
    [item] = ec2.start_instances(InstanceIds=[iid])["StartingInstances"]
    assert item["InstanceId"] == iid
    assert_state_pair(item, "pending", "stopped")
    assert state_of(ec2, iid) == "pending"
    cloudlife.advance(5)
    assert state_of(ec2, iid) == "pending"
    cloudlife.advance(60)
    inst = describe_one(ec2, iid)
    assert inst["State"] == {"Code": 16, "Name": "running"}


def test_start_from_stopped_under_instant(ec2):
    iid = stopped(ec2)
    [item] = ec2.start_instances(InstanceIds=[iid])["StartingInstances"]
    assert_state_pair(item, "pending", "stopped")
    assert state_of(ec2, iid) == "running"


def test_start_running_instance_is_a_no_op(ec2):
    [iid] = launch(ec2)
    [item] = ec2.start_instances(InstanceIds=[iid])["StartingInstances"]
    assert_state_pair(item, "running", "running")
    assert state_of(ec2, iid) == "running"


def test_start_terminated_is_incorrect_instance_state(ec2):
    iid = terminated(ec2)
    with pytest.raises(ClientError) as e:
        ec2.start_instances(InstanceIds=[iid])
    code, status, message = error_of(e)
    assert (code, status) == ("IncorrectInstanceState", 400)
    assert iid in message
    assert state_of(ec2, iid) == "terminated"


def test_start_stopping_instance_is_incorrect_instance_state(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    ec2.stop_instances(InstanceIds=[iid])
    with pytest.raises(ClientError) as e:
        ec2.start_instances(InstanceIds=[iid])
    assert error_of(e)[:2] == ("IncorrectInstanceState", 400)
    assert state_of(ec2, iid) == "stopping"


def test_start_unknown_instance(ec2):
    with pytest.raises(ClientError) as e:
        ec2.start_instances(InstanceIds=["i-0123456789abcdef0"])
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)


def test_start_dry_run(ec2):
    iid = stopped(ec2)
    with pytest.raises(ClientError) as e:
        ec2.start_instances(InstanceIds=[iid], DryRun=True)
    assert error_of(e)[:2] == ("DryRunOperation", 412)
    assert state_of(ec2, iid) == "stopped"


def test_stop_start_cycle_keeps_identity_and_zone(ec2):
    [iid] = launch(ec2, zone="us-east-1c")
    before = describe_one(ec2, iid)
    ec2.stop_instances(InstanceIds=[iid])
    ec2.start_instances(InstanceIds=[iid])
    after = describe_one(ec2, iid)
    assert after["State"]["Name"] == "running"
    assert after["Placement"]["AvailabilityZone"] == "us-east-1c"
    assert after["ImageId"] == before["ImageId"]
    assert after["InstanceType"] == before["InstanceType"]


# --------------------------------------------------------------------------------------------
# Reboot
# --------------------------------------------------------------------------------------------

def test_reboot_running_instance(ec2):
    [iid] = launch(ec2)
    resp = ec2.reboot_instances(InstanceIds=[iid])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert state_of(ec2, iid) == "running"


def test_reboot_under_realistic_timing_stays_running(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    ec2.reboot_instances(InstanceIds=[iid])
    for _ in range(4):
        assert state_of(ec2, iid) == "running"
        cloudlife.advance(5)


def test_reboot_unknown_instance(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.reboot_instances(InstanceIds=[iid, "i-0123456789abcdef0"])
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)


def test_reboot_of_terminated_or_stopped_instances_succeeds_and_changes_nothing(ec2):
    # EC2 API reference, RebootInstances: "The operation succeeds if the instances are valid and
    # belong to you. Requests to reboot terminated instances are ignored."
    gone, stopped, running = launch(ec2, count=3)
    ec2.terminate_instances(InstanceIds=[gone])
    ec2.stop_instances(InstanceIds=[stopped])
    before = {i: describe_one(ec2, i) for i in (gone, stopped)}
    resp = ec2.reboot_instances(InstanceIds=[gone, stopped, running])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert instance_states(ec2, [gone, stopped, running]) == {
        gone: "terminated", stopped: "stopped", running: "running"}
    assert {i: describe_one(ec2, i) for i in (gone, stopped)} == before


def test_reboot_of_a_shutting_down_instance_succeeds_and_it_still_terminates(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    ec2.terminate_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "shutting-down"
    ec2.reboot_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "shutting-down"
    cloudlife.advance(600)
    assert state_of(ec2, iid) == "terminated"


def test_reboot_dry_run(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.reboot_instances(InstanceIds=[iid], DryRun=True)
    assert error_of(e)[:2] == ("DryRunOperation", 412)


# --------------------------------------------------------------------------------------------
# ModifyInstanceAttribute / DescribeInstanceAttribute
# --------------------------------------------------------------------------------------------

def attr(ec2, iid, name):
    resp = ec2.describe_instance_attribute(InstanceId=iid, Attribute=name)
    assert resp["InstanceId"] == iid
    return resp


def test_disable_api_termination_attribute(ec2):
    [iid] = launch(ec2)
    assert attr(ec2, iid, "disableApiTermination")["DisableApiTermination"] == {"Value": False}
    resp = ec2.modify_instance_attribute(InstanceId=iid, DisableApiTermination={"Value": True})
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert attr(ec2, iid, "disableApiTermination")["DisableApiTermination"] == {"Value": True}
    # The Attribute/Value form does the same.
    ec2.modify_instance_attribute(InstanceId=iid, Attribute="disableApiTermination", Value="false")
    assert attr(ec2, iid, "disableApiTermination")["DisableApiTermination"] == {"Value": False}


def test_disable_api_termination_at_launch(ec2):
    [iid] = launch(ec2, DisableApiTermination=True)
    assert attr(ec2, iid, "disableApiTermination")["DisableApiTermination"] == {"Value": True}


def test_disable_api_stop_attribute(ec2):
    [iid] = launch(ec2)
    assert attr(ec2, iid, "disableApiStop")["DisableApiStop"] == {"Value": False}
    ec2.modify_instance_attribute(InstanceId=iid, DisableApiStop={"Value": True})
    assert attr(ec2, iid, "disableApiStop")["DisableApiStop"] == {"Value": True}
    [other] = launch(ec2, DisableApiStop=True)
    assert attr(ec2, other, "disableApiStop")["DisableApiStop"] == {"Value": True}


def test_instance_initiated_shutdown_behavior_attribute(ec2):
    [iid] = launch(ec2)
    assert attr(ec2, iid, "instanceInitiatedShutdownBehavior")["InstanceInitiatedShutdownBehavior"] == \
        {"Value": "stop"}
    ec2.modify_instance_attribute(InstanceId=iid, InstanceInitiatedShutdownBehavior={"Value": "terminate"})
    assert attr(ec2, iid, "instanceInitiatedShutdownBehavior")["InstanceInitiatedShutdownBehavior"] == \
        {"Value": "terminate"}
    [other] = launch(ec2, InstanceInitiatedShutdownBehavior="terminate")
    assert attr(ec2, other, "instanceInitiatedShutdownBehavior")["InstanceInitiatedShutdownBehavior"] == \
        {"Value": "terminate"}


def test_invalid_shutdown_behavior_is_refused(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, InstanceInitiatedShutdownBehavior={"Value": "explode"})
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)
    assert attr(ec2, iid, "instanceInitiatedShutdownBehavior")["InstanceInitiatedShutdownBehavior"] == \
        {"Value": "stop"}


def test_instance_type_only_while_stopped(ec2):
    [iid] = launch(ec2, InstanceType="t3.micro")
    assert attr(ec2, iid, "instanceType")["InstanceType"] == {"Value": "t3.micro"}
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "m5.large"})
    code, status, _ = error_of(e)
    assert (code, status) == ("IncorrectInstanceState", 400)
    assert attr(ec2, iid, "instanceType")["InstanceType"] == {"Value": "t3.micro"}

    ec2.stop_instances(InstanceIds=[iid])
    ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "m5.large"})
    assert attr(ec2, iid, "instanceType")["InstanceType"] == {"Value": "m5.large"}
    ec2.modify_instance_attribute(InstanceId=iid, Attribute="instanceType", Value="t3.large")
    assert attr(ec2, iid, "instanceType")["InstanceType"] == {"Value": "t3.large"}
    ec2.start_instances(InstanceIds=[iid])
    assert describe_one(ec2, iid)["InstanceType"] == "t3.large"


def test_instance_type_change_refused_while_stopping(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    ec2.stop_instances(InstanceIds=[iid])
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "m5.large"})
    assert error_of(e)[0] == "IncorrectInstanceState"


def test_user_data_modified_while_stopped(ec2):
    [iid] = launch(ec2, UserData="old")
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, UserData={"Value": b"#!/bin/sh\necho new\n"})
    assert error_of(e)[:2] == ("IncorrectInstanceState", 400)
    assert base64.b64decode(attr(ec2, iid, "userData")["UserData"]["Value"]) == b"old"

    ec2.stop_instances(InstanceIds=[iid])
    ec2.modify_instance_attribute(InstanceId=iid, UserData={"Value": b"#!/bin/sh\necho new\n"})
    assert base64.b64decode(attr(ec2, iid, "userData")["UserData"]["Value"]) == b"#!/bin/sh\necho new\n"


def test_block_device_mapping_delete_on_termination(ec2):
    [iid] = launch(ec2, BlockDeviceMappings=[
        {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8}},
        {"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 20, "DeleteOnTermination": False}}])
    resp = attr(ec2, iid, "blockDeviceMapping")
    by_dev = {m["DeviceName"]: m["Ebs"] for m in resp["BlockDeviceMappings"]}
    assert by_dev["/dev/xvda"]["DeleteOnTermination"] is True  # launch-time volumes default to true
    assert by_dev["/dev/sdb"]["DeleteOnTermination"] is False
    assert by_dev["/dev/xvda"]["VolumeId"].startswith("vol-")
    assert by_dev["/dev/xvda"]["Status"] == "attached"

    ec2.modify_instance_attribute(InstanceId=iid, BlockDeviceMappings=[
        {"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": False}},
        {"DeviceName": "/dev/sdb", "Ebs": {"DeleteOnTermination": True}}])
    by_dev = {m["DeviceName"]: m["Ebs"] for m in attr(ec2, iid, "blockDeviceMapping")["BlockDeviceMappings"]}
    assert by_dev["/dev/xvda"]["DeleteOnTermination"] is False
    assert by_dev["/dev/sdb"]["DeleteOnTermination"] is True
    # DescribeInstances agrees.
    by_dev = {m["DeviceName"]: m["Ebs"] for m in describe_one(ec2, iid)["BlockDeviceMappings"]}
    assert by_dev["/dev/xvda"]["DeleteOnTermination"] is False

    root_vol, data_vol = by_dev["/dev/xvda"]["VolumeId"], by_dev["/dev/sdb"]["VolumeId"]
    ec2.terminate_instances(InstanceIds=[iid])
    vols = {v["VolumeId"]: v for v in ec2.describe_volumes()["Volumes"]}
    assert root_vol in vols and vols[root_vol]["State"] == "available"
    assert data_vol not in vols or vols[data_vol]["State"] in ("deleting", "deleted")


def test_block_device_mapping_for_unknown_device_is_refused(ec2):
    [iid] = launch(ec2, BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8}}])
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, BlockDeviceMappings=[
            {"DeviceName": "/dev/sdz", "Ebs": {"DeleteOnTermination": False}}])
    assert error_of(e)[1] == 400


def test_modify_and_describe_attribute_unknown_instance(ec2):
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId="i-0123456789abcdef0", DisableApiTermination={"Value": True})
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)
    with pytest.raises(ClientError) as e:
        ec2.describe_instance_attribute(InstanceId="i-0123456789abcdef0", Attribute="instanceType")
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)


def test_describe_unknown_attribute_name_is_refused(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.describe_instance_attribute(InstanceId=iid, Attribute="colour")
    code, status, _ = error_of(e)
    assert status == 400
    assert code in ("InvalidParameterValue", "InvalidRequest")


def test_modify_instance_attribute_dry_run(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, DisableApiTermination={"Value": True}, DryRun=True)
    assert error_of(e)[:2] == ("DryRunOperation", 412)
    assert attr(ec2, iid, "disableApiTermination")["DisableApiTermination"] == {"Value": False}


# --------------------------------------------------------------------------------------------
# DescribeInstanceStatus
# --------------------------------------------------------------------------------------------

def statuses(ec2, **kwargs):
    return {s["InstanceId"]: s for s in ec2.describe_instance_status(**kwargs)["InstanceStatuses"]}


def test_instance_status_lists_running_only_by_default(ec2):
    [run] = launch(ec2)
    stop = stopped(ec2)
    term = terminated(ec2)
    got = statuses(ec2)
    assert set(got) == {run}
    s = got[run]
    assert s["InstanceState"] == {"Code": 16, "Name": "running"}
    assert s["AvailabilityZone"] == "us-east-1a"
    # Asking for a stopped instance by ID without IncludeAllInstances gives an empty list.
    assert statuses(ec2, InstanceIds=[stop]) == {}
    assert term not in statuses(ec2)


def test_instance_status_include_all_instances_shows_stopped_as_not_applicable(ec2):
    [run] = launch(ec2)
    stop = stopped(ec2)
    got = statuses(ec2, IncludeAllInstances=True)
    assert {run, stop} <= set(got)
    s = got[stop]
    assert s["InstanceState"] == {"Code": 80, "Name": "stopped"}
    assert s["InstanceStatus"]["Status"] == "not-applicable"
    assert s["SystemStatus"]["Status"] == "not-applicable"
    assert got[run]["InstanceState"]["Name"] == "running"


def test_instance_status_ok_under_instant(ec2):
    [iid] = launch(ec2)
    s = statuses(ec2, InstanceIds=[iid])[iid]
    assert s["InstanceStatus"]["Status"] == "ok"
    assert s["SystemStatus"]["Status"] == "ok"
    assert {"Name": "reachability", "Status": "passed"} in s["InstanceStatus"]["Details"]


def test_instance_status_checks_initializing_then_ok_under_realistic(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    assert statuses(ec2, InstanceIds=[iid]) == {}  # still pending
    cloudlife.advance(25)
    assert state_of(ec2, iid) == "running"
    s = statuses(ec2, InstanceIds=[iid])[iid]
    assert s["InstanceStatus"]["Status"] == "initializing"
    assert s["SystemStatus"]["Status"] == "initializing"
    assert {"Name": "reachability", "Status": "initializing"} in s["InstanceStatus"]["Details"]
    cloudlife.advance(30)
    assert statuses(ec2, InstanceIds=[iid])[iid]["InstanceStatus"]["Status"] == "initializing"
    cloudlife.advance(300)
    s = statuses(ec2, InstanceIds=[iid])[iid]
    assert s["InstanceStatus"]["Status"] == "ok"
    assert s["SystemStatus"]["Status"] == "ok"
    assert {"Name": "reachability", "Status": "passed"} in s["InstanceStatus"]["Details"]


def test_instance_status_checks_override(cloudlife, ec2):
    cloudlife.timing("instant", overrides={"status-checks": 40})
    [iid] = launch(ec2)
    assert statuses(ec2, InstanceIds=[iid])[iid]["InstanceStatus"]["Status"] == "initializing"
    cloudlife.advance(39)
    assert statuses(ec2, InstanceIds=[iid])[iid]["InstanceStatus"]["Status"] == "initializing"
    cloudlife.advance(2)
    assert statuses(ec2, InstanceIds=[iid])[iid]["InstanceStatus"]["Status"] == "ok"


def test_instance_status_filter_and_unknown_id(ec2):
    [a] = launch(ec2, zone="us-east-1a")
    [b] = launch(ec2, zone="us-east-1b")
    got = statuses(ec2, Filters=[{"Name": "availability-zone", "Values": ["us-east-1b"]}])
    assert set(got) == {b}
    with pytest.raises(ClientError) as e:
        ec2.describe_instance_status(InstanceIds=[a, "i-0123456789abcdef0"])
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)


def test_instance_status_ok_waiter(ec2):
    [iid] = launch(ec2)
    ec2.get_waiter("instance_status_ok").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 2})
