"""TerminateInstances through boto3, asserted against seed 000 and documented EC2 behaviour
(issue 2 §4, §5, §7).

Every test starts from a reset server on a frozen clock with the instant profile (conftest.py).
"""
import datetime
import re

import pytest
from botocore.exceptions import ClientError

from conftest import (CODES, IMAGE, INSTANCE_STORE_IMAGE, describe_one, error_of, instance_states,
                      launch, state_of)

def with_extra_params(client, operation, extra):
    """Sends parameters that Debian's botocore 1.29 does not model (newer members pass straight
    through on the wire, docs/wire.md "AWS request encoding") by adding them to the serialized
    query body."""
    def add(params, **_):
        params["body"].update(extra)
    client.meta.events.register(f"before-call.ec2.{operation}", add)
    return client


def assert_state_pair(item, current, previous):
    assert item["CurrentState"] == {"Code": CODES[current], "Name": current}
    assert item["PreviousState"] == {"Code": CODES[previous], "Name": previous}


# --------------------------------------------------------------------------------------------
# Basic shape and idempotency
# --------------------------------------------------------------------------------------------

def test_terminate_running_instance_shows_shutting_down_then_terminated(ec2):
    [iid] = launch(ec2)
    resp = ec2.terminate_instances(InstanceIds=[iid])
    [item] = resp["TerminatingInstances"]
    assert item["InstanceId"] == iid
    assert_state_pair(item, "shutting-down", "running")
    assert describe_one(ec2, iid)["State"] == {"Code": 48, "Name": "terminated"}


def test_terminate_is_idempotent(ec2):
    [iid] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    for _ in range(3):
        resp = ec2.terminate_instances(InstanceIds=[iid])
        [item] = resp["TerminatingInstances"]
        assert item["InstanceId"] == iid
        assert_state_pair(item, "terminated", "terminated")
    assert state_of(ec2, iid) == "terminated"


def test_terminate_mixed_batch_of_running_and_terminated(ec2):
    a, b = launch(ec2, count=2)
    ec2.terminate_instances(InstanceIds=[a])
    resp = ec2.terminate_instances(InstanceIds=[a, b])
    items = {i["InstanceId"]: i for i in resp["TerminatingInstances"]}
    assert set(items) == {a, b}
    assert_state_pair(items[a], "terminated", "terminated")
    assert_state_pair(items[b], "shutting-down", "running")


def test_terminate_stopped_instance(ec2):
    [iid] = launch(ec2)
    ec2.stop_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "stopped"
    [item] = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"]
    assert item["PreviousState"] == {"Code": 80, "Name": "stopped"}
    assert item["CurrentState"]["Name"] in ("shutting-down", "terminated")
    assert item["CurrentState"]["Code"] == CODES[item["CurrentState"]["Name"]]
    assert state_of(ec2, iid) == "terminated"


def test_terminate_instance_store_backed_instance(ec2):
    [iid] = launch(ec2, ImageId=INSTANCE_STORE_IMAGE)
    [item] = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"]
    assert_state_pair(item, "shutting-down", "running")
    assert state_of(ec2, iid) == "terminated"


def test_terminate_pending_instance_under_realistic_timing(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    assert state_of(ec2, iid) == "pending"
    [item] = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"]
    assert_state_pair(item, "shutting-down", "pending")
    cloudlife.advance(120)
    assert state_of(ec2, iid) == "terminated"


def test_terminate_while_shutting_down_is_idempotent(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    assert state_of(ec2, iid) == "running"
    ec2.terminate_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "shutting-down"
    [item] = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"]
    assert_state_pair(item, "shutting-down", "shutting-down")
    cloudlife.advance(120)
    assert state_of(ec2, iid) == "terminated"


def test_terminate_many_in_one_call(ec2):
    ids = launch(ec2, count=10)
    resp = ec2.terminate_instances(InstanceIds=ids)
    assert sorted(i["InstanceId"] for i in resp["TerminatingInstances"]) == sorted(ids)
    assert set(instance_states(ec2, ids).values()) == {"terminated"}


def test_terminate_without_ids_is_missing_parameter(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[])
    code, status, _ = error_of(e)
    assert (code, status) == ("MissingParameter", 400)
    assert state_of(ec2, iid) == "running"


# --------------------------------------------------------------------------------------------
# At most 1000 IDs
# --------------------------------------------------------------------------------------------

def launch_1001(ec2):
    ids = []
    for _ in range(4):
        ids += launch(ec2, count=250, zone="us-east-1a")
    ids += launch(ec2, count=1, zone="us-east-1b")
    assert len(ids) == 1001
    return ids


def running_count(ec2):
    resp = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
    return sum(len(r["Instances"]) for r in resp["Reservations"])


def test_more_than_1000_ids_are_refused_and_nothing_terminates(ec2):
    ids = launch_1001(ec2)
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=ids)
    code, status, _ = error_of(e)
    assert status == 400
    assert code not in ("InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed")
    assert running_count(ec2) == 1001


def test_exactly_1000_ids_are_accepted(ec2):
    # A 1000-ID request is ~35 KB of form body: the server must accept it.
    ids = launch_1001(ec2)
    resp = ec2.terminate_instances(InstanceIds=ids[:1000])
    assert len(resp["TerminatingInstances"]) == 1000
    assert state_of(ec2, ids[1000]) == "running"
    assert state_of(ec2, ids[0]) == "terminated"
    assert running_count(ec2) == 1


def test_describe_500_ids_by_id(ec2):
    ids = launch(ec2, count=500)
    resp = ec2.describe_instances(InstanceIds=ids)
    assert sorted(i["InstanceId"] for r in resp["Reservations"] for i in r["Instances"]) == sorted(ids)


# --------------------------------------------------------------------------------------------
# One bad ID fails the whole request
# --------------------------------------------------------------------------------------------

def test_one_unknown_id_terminates_nothing(ec2):
    ids = launch(ec2, count=3)
    unknown = "i-0123456789abcdef0"
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=ids[:2] + [unknown] + ids[2:])
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidInstanceID.NotFound", 400)
    assert message == f"The instance ID '{unknown}' does not exist"
    assert set(instance_states(ec2, ids).values()) == {"running"}


def test_unknown_id_alone_is_not_found(ec2):
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=["i-0fedcba9876543210"])
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)


@pytest.mark.parametrize("bad", ["i-nothex", "instance-1", "i-0123456789abcdef01234", "ami-0123456789abcdef0"])
def test_one_malformed_id_terminates_nothing(ec2, bad):
    ids = launch(ec2, count=2)
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[ids[0], bad, ids[1]])
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidInstanceID.Malformed", 400)
    assert bad in message
    assert set(instance_states(ec2, ids).values()) == {"running"}


def test_unknown_and_protected_together_still_terminate_nothing(ec2):
    [a] = launch(ec2, zone="us-east-1a")
    [c] = launch(ec2, zone="us-east-1b", DisableApiTermination=True)
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[a, c, "i-0123456789abcdef0"])
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"
    assert instance_states(ec2, [a, c]) == {a: "running", c: "running"}


def test_dry_run_terminates_nothing(ec2):
    ids = launch(ec2, count=2)
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=ids, DryRun=True)
    code, status, message = error_of(e)
    assert (code, status) == ("DryRunOperation", 412)
    assert message == "Request would have succeeded, but DryRun flag is set."
    assert set(instance_states(ec2, ids).values()) == {"running"}


def test_dry_run_with_an_unknown_id_reports_the_unknown_id(ec2):
    # A dry run still validates its input: it would not have succeeded.
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[iid, "i-0123456789abcdef0"], DryRun=True)
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"
    assert state_of(ec2, iid) == "running"


# --------------------------------------------------------------------------------------------
# Termination protection, decided per Availability Zone (seed 000)
# --------------------------------------------------------------------------------------------

def protected_message(iid):
    return (f"The instance '{iid}' may not be terminated. Modify its 'disableApiTermination' "
            f"instance attribute and try again.")


def test_seed_000_per_az_worked_example(ec2):
    a, b = launch(ec2, count=2, zone="us-east-1a")
    [c] = launch(ec2, zone="us-east-1b")
    [d] = launch(ec2, zone="us-east-1b")
    ec2.modify_instance_attribute(InstanceId=c, DisableApiTermination={"Value": True})
    assert ec2.describe_instance_attribute(InstanceId=c, Attribute="disableApiTermination")[
        "DisableApiTermination"] == {"Value": True}

    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[a, b, c, d])
    code, status, message = error_of(e)
    assert (code, status) == ("OperationNotPermitted", 400)
    assert message == protected_message(c)

    # A and B (us-east-1a: no protected instance in the request) were terminated ...
    for iid in (a, b):
        inst = describe_one(ec2, iid)
        assert inst["State"]["Name"] in ("shutting-down", "terminated")
    # ... C and D (us-east-1b: C is protected) were not.
    assert instance_states(ec2, [c, d]) == {c: "running", d: "running"}
    # Under the instant profile, the settled state is already visible.
    assert instance_states(ec2, [a, b]) == {a: "terminated", b: "terminated"}


def test_seed_000_example_under_realistic_timing_shows_shutting_down(cloudlife, ec2):
    cloudlife.timing("realistic")
    a, b = launch(ec2, count=2, zone="us-east-1a")
    [c] = launch(ec2, zone="us-east-1b", DisableApiTermination=True)
    [d] = launch(ec2, zone="us-east-1b")
    cloudlife.advance(60)
    assert set(instance_states(ec2, [a, b, c, d]).values()) == {"running"}
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[a, b, c, d])
    assert error_of(e)[:2] == ("OperationNotPermitted", 400)
    assert instance_states(ec2, [a, b, c, d]) == {a: "shutting-down", b: "shutting-down", c: "running", d: "running"}
    cloudlife.advance(120)
    assert instance_states(ec2, [a, b, c, d]) == {a: "terminated", b: "terminated", c: "running", d: "running"}


def test_protected_instance_alone(ec2):
    [iid] = launch(ec2, DisableApiTermination=True)
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[iid])
    code, status, message = error_of(e)
    assert (code, status) == ("OperationNotPermitted", 400)
    assert message == protected_message(iid)
    assert state_of(ec2, iid) == "running"


def test_protection_in_every_zone_terminates_nothing(ec2):
    [a] = launch(ec2, zone="us-east-1a", DisableApiTermination=True)
    [b] = launch(ec2, zone="us-east-1a")
    [c] = launch(ec2, zone="us-east-1b", DisableApiTermination=True)
    [d] = launch(ec2, zone="us-east-1b")
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[a, b, c, d])
    assert error_of(e)[0] == "OperationNotPermitted"
    assert set(instance_states(ec2, [a, b, c, d]).values()) == {"running"}


def test_three_zones_one_protected(ec2):
    [a] = launch(ec2, zone="us-east-1a")
    [b] = launch(ec2, zone="us-east-1b", DisableApiTermination=True)
    [b2] = launch(ec2, zone="us-east-1b")
    [c] = launch(ec2, zone="us-east-1c")
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[a, b, b2, c])
    assert error_of(e)[0] == "OperationNotPermitted"
    assert instance_states(ec2, [a, b, b2, c]) == {a: "terminated", b: "running", b2: "running", c: "terminated"}


def test_protected_instance_outside_the_request_does_not_block_its_zone(ec2):
    [a] = launch(ec2, zone="us-east-1a")
    [p] = launch(ec2, zone="us-east-1a", DisableApiTermination=True)
    resp = ec2.terminate_instances(InstanceIds=[a])
    assert [i["InstanceId"] for i in resp["TerminatingInstances"]] == [a]
    assert instance_states(ec2, [a, p]) == {a: "terminated", p: "running"}


def test_removing_protection_allows_termination(ec2):
    [iid] = launch(ec2, DisableApiTermination=True)
    with pytest.raises(ClientError):
        ec2.terminate_instances(InstanceIds=[iid])
    ec2.modify_instance_attribute(InstanceId=iid, DisableApiTermination={"Value": False})
    [item] = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"]
    assert_state_pair(item, "shutting-down", "running")
    assert state_of(ec2, iid) == "terminated"


def test_protected_stopped_instance_is_still_protected(ec2):
    [iid] = launch(ec2, DisableApiTermination=True)
    ec2.stop_instances(InstanceIds=[iid])
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[iid])
    assert error_of(e)[0] == "OperationNotPermitted"
    assert state_of(ec2, iid) == "stopped"


# --------------------------------------------------------------------------------------------
# Visibility after termination
# --------------------------------------------------------------------------------------------

def test_terminated_instance_visible_for_one_hour_then_gone(cloudlife, ec2):
    [iid] = launch(ec2)
    [keep] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    cloudlife.advance(1800)
    assert state_of(ec2, iid) == "terminated"
    cloudlife.advance(1700)  # 3500 s
    assert state_of(ec2, iid) == "terminated"
    listed = [i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert iid in listed
    cloudlife.advance(101)  # 3601 s
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[iid])
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)
    listed = [i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert listed == [keep]
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[iid])
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"


def test_terminated_instance_gone_after_advance_3601(cloudlife, ec2):
    [iid] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    cloudlife.advance(3601)
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[iid])
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"
    assert ec2.describe_instances(
        Filters=[{"Name": "instance-state-name", "Values": ["terminated"]}])["Reservations"] == []


def test_terminated_instance_is_listed_by_the_terminated_filter(ec2):
    [iid] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    resp = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["terminated"]}])
    assert [i["InstanceId"] for r in resp["Reservations"] for i in r["Instances"]] == [iid]


# --------------------------------------------------------------------------------------------
# Force / SkipOsShutdown
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("extra", [{"Force": "true"}, {"SkipOsShutdown": "true"},
                                   {"Force": "true", "SkipOsShutdown": "true"},
                                   {"Force": "false", "SkipOsShutdown": "false"}])
def test_force_and_skip_os_shutdown_are_accepted(cloudlife, extra):
    ec2 = with_extra_params(cloudlife.client("ec2"), "TerminateInstances", extra)
    [iid] = launch(ec2)
    [item] = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"]
    assert_state_pair(item, "shutting-down", "running")
    assert state_of(ec2, iid) == "terminated"


def test_force_still_respects_termination_protection(cloudlife):
    ec2 = with_extra_params(cloudlife.client("ec2"), "TerminateInstances", {"Force": "true"})
    [iid] = launch(ec2, DisableApiTermination=True)
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[iid])
    assert error_of(e)[0] == "OperationNotPermitted"
    assert state_of(ec2, iid) == "running"


def test_skip_os_shutdown_is_not_slower_than_a_graceful_shutdown(cloudlife):
    cloudlife.timing("realistic")
    plain = cloudlife.client("ec2")
    fast = with_extra_params(cloudlife.client("ec2"), "TerminateInstances", {"SkipOsShutdown": "true"})
    [a] = launch(plain)
    [b] = launch(plain)
    cloudlife.advance(60)
    plain.terminate_instances(InstanceIds=[a])
    fast.terminate_instances(InstanceIds=[b])
    for _ in range(60):
        sa, sb = state_of(plain, a), state_of(plain, b)
        if sa == "terminated":
            assert sb == "terminated"
        if sa == sb == "terminated":
            break
        cloudlife.advance(1)
    assert state_of(plain, a) == state_of(plain, b) == "terminated"


# --------------------------------------------------------------------------------------------
# State codes and reasons
# --------------------------------------------------------------------------------------------

def test_state_codes_carry_the_low_byte_only(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    seen = []
    seen.append(describe_one(ec2, iid)["State"])
    cloudlife.advance(60)
    seen.append(describe_one(ec2, iid)["State"])
    stop = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"][0]
    seen += [stop["CurrentState"], stop["PreviousState"], describe_one(ec2, iid)["State"]]
    cloudlife.advance(120)
    seen.append(describe_one(ec2, iid)["State"])
    start = ec2.start_instances(InstanceIds=[iid])["StartingInstances"][0]
    seen += [start["CurrentState"], start["PreviousState"]]
    cloudlife.advance(60)
    term = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"][0]
    seen += [term["CurrentState"], term["PreviousState"], describe_one(ec2, iid)["State"]]
    cloudlife.advance(120)
    seen.append(describe_one(ec2, iid)["State"])
    for state in seen:
        assert 0 <= state["Code"] < 256
        assert state["Code"] == CODES[state["Name"]]
    assert {s["Name"] for s in seen} == set(CODES)


def test_state_reason_and_transition_reason_after_terminate(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(60)
    now_ms = cloudlife.clock()["epoch_ms"]
    ec2.terminate_instances(InstanceIds=[iid])
    for phase in ("shutting-down", "terminated"):
        inst = describe_one(ec2, iid)
        assert inst["State"]["Name"] == phase
        assert inst["StateReason"] == {"Code": "Client.UserInitiatedShutdown",
                                       "Message": "Client.UserInitiatedShutdown: User initiated shutdown"}
        m = re.fullmatch(r"User initiated \((\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) GMT\)", inst["StateTransitionReason"])
        assert m, inst["StateTransitionReason"]
        when = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
        # The reason carries the virtual time of the request (frozen clock).
        assert abs(when.timestamp() * 1000 - now_ms) < 2000
        cloudlife.advance(120)


def test_running_instance_has_empty_transition_reason(ec2):
    [iid] = launch(ec2)
    inst = describe_one(ec2, iid)
    assert inst.get("StateTransitionReason", "") == ""


def test_terminated_instance_has_no_running_only_details(ec2):
    [iid] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    inst = describe_one(ec2, iid)
    assert inst["State"] == {"Code": 48, "Name": "terminated"}
    assert inst.get("BlockDeviceMappings", []) == []
    assert not inst.get("PublicIpAddress")
