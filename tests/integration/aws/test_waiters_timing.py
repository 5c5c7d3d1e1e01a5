"""boto3 waiters, timing profiles on a frozen virtual clock, and the basic control plane
(issue 2 §2, §6, §7; docs/wire.md "Waiters and transition timing"; docs/architecture.md "Time";
docs/control-plane.md).

Every test starts from a reset server on a frozen clock with the instant profile (conftest.py).
Nothing here sleeps: time moves only through the control plane.
"""
import http.client
import json
import urllib.parse

import pytest
from botocore.exceptions import ClientError, WaiterError

from conftest import launch, describe_one, state_of


def count_describes(client):
    calls = []
    client.meta.events.register("before-send.ec2.DescribeInstances", lambda request, **_: calls.append(request))
    return calls


def raw(cloudlife, method, path, body=None, headers=None):
    """One HTTP exchange with the server, returning (status, parsed-JSON-or-text)."""
    u = urllib.parse.urlsplit(cloudlife.endpoint)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        hdrs = {"Content-Type": "application/json"}
        hdrs.update(headers or {})
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        try:
            return resp.status, json.loads(data or b"null")
        except ValueError:
            return resp.status, data.decode(errors="replace")
    finally:
        conn.close()


def assert_healthy(cloudlife):
    status, body = raw(cloudlife, "GET", "/_cloudlife/health")
    assert status == 200
    assert body["status"] == "ok"


# --------------------------------------------------------------------------------------------
# Waiters under the default instant profile: first poll
# --------------------------------------------------------------------------------------------

def test_instance_running_waiter_finishes_on_first_poll(ec2):
    calls = count_describes(ec2)
    ids = launch(ec2, count=3)
    ec2.get_waiter("instance_running").wait(InstanceIds=ids)
    assert len(calls) == 1


def test_instance_stopped_waiter_finishes_on_first_poll(ec2):
    ids = launch(ec2, count=2)
    calls = count_describes(ec2)
    resp = ec2.stop_instances(InstanceIds=ids)
    assert {i["CurrentState"]["Name"] for i in resp["StoppingInstances"]} == {"stopping"}
    ec2.get_waiter("instance_stopped").wait(InstanceIds=ids)
    assert len(calls) == 1


def test_instance_terminated_waiter_finishes_on_first_poll(ec2):
    ids = launch(ec2, count=2)
    calls = count_describes(ec2)
    resp = ec2.terminate_instances(InstanceIds=ids)
    assert {i["CurrentState"]["Name"] for i in resp["TerminatingInstances"]} == {"shutting-down"}
    ec2.get_waiter("instance_terminated").wait(InstanceIds=ids)
    assert len(calls) == 1


def test_instance_running_waiter_after_start_finishes_on_first_poll(ec2):
    [iid] = launch(ec2)
    ec2.stop_instances(InstanceIds=[iid])
    calls = count_describes(ec2)
    resp = ec2.start_instances(InstanceIds=[iid])
    assert resp["StartingInstances"][0]["CurrentState"]["Name"] == "pending"
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
    assert len(calls) == 1


def test_instance_exists_waiter_finishes_on_first_poll(ec2):
    [iid] = launch(ec2)
    calls = count_describes(ec2)
    ec2.get_waiter("instance_exists").wait(InstanceIds=[iid])
    assert len(calls) == 1


def test_instance_running_waiter_fails_fast_on_terminated(ec2):
    [iid] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    calls = count_describes(ec2)
    with pytest.raises(WaiterError) as e:
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid])
    assert "terminal failure state" in str(e.value)
    assert len(calls) == 1


# --------------------------------------------------------------------------------------------
# Realistic timing on a frozen clock
# --------------------------------------------------------------------------------------------

def test_realistic_pending_to_running(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    assert describe_one(ec2, iid)["State"] == {"Code": 0, "Name": "pending"}
    cloudlife.advance(5)
    assert state_of(ec2, iid) == "pending"
    cloudlife.advance(20)  # 25 s after launch
    assert describe_one(ec2, iid)["State"] == {"Code": 16, "Name": "running"}


def test_realistic_frozen_clock_does_not_move_by_itself(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    before = cloudlife.clock()["epoch_ms"]
    for _ in range(5):
        assert state_of(ec2, iid) == "pending"
    assert cloudlife.clock()["epoch_ms"] == before


def test_realistic_stopping_to_stopped(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(25)
    assert state_of(ec2, iid) == "running"
    resp = ec2.stop_instances(InstanceIds=[iid])
    assert resp["StoppingInstances"][0]["CurrentState"]["Name"] == "stopping"
    assert state_of(ec2, iid) == "stopping"
    cloudlife.advance(5)
    assert state_of(ec2, iid) == "stopping"
    cloudlife.advance(30)  # 35 s after the stop
    assert describe_one(ec2, iid)["State"] == {"Code": 80, "Name": "stopped"}


def test_realistic_shutting_down_to_terminated(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(25)
    ec2.terminate_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "shutting-down"
    cloudlife.advance(3)
    assert state_of(ec2, iid) == "shutting-down"
    cloudlife.advance(27)  # 30 s after the terminate
    assert describe_one(ec2, iid)["State"] == {"Code": 48, "Name": "terminated"}


def test_realistic_transitions_fire_in_time_order_in_one_big_advance(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])  # while still pending
    cloudlife.advance(3600 - 1)
    assert state_of(ec2, iid) == "terminated"


def test_realistic_waiter_steps_through_pending(cloudlife, ec2):
    """The waiter's own 15 s delay is replaced by advancing the virtual clock 5 s after every poll."""
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    polls = []

    def tick(**_):
        polls.append(cloudlife.clock()["epoch_ms"])
        cloudlife.advance(5)

    ec2.meta.events.register("after-call.ec2.DescribeInstances", tick)
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig={"Delay": 0, "MaxAttempts": 10})
    # pending lasts 10-20 s: at least 3 polls (t=0, 5, 10), at most 5 (t=20).
    assert 3 <= len(polls) <= 5
    assert state_of(ec2, iid) == "running"


def test_realistic_waiter_gives_up_when_the_clock_does_not_move(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    calls = count_describes(ec2)
    with pytest.raises(WaiterError) as e:
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig={"Delay": 0, "MaxAttempts": 3})
    assert "Max attempts exceeded" in str(e.value)
    assert len(calls) == 3


def test_realistic_stopped_waiter_steps_through_stopping(cloudlife, ec2):
    cloudlife.timing("realistic")
    [iid] = launch(ec2)
    cloudlife.advance(25)
    ec2.stop_instances(InstanceIds=[iid])
    polls = []

    def tick(**_):
        polls.append(1)
        cloudlife.advance(5)

    ec2.meta.events.register("after-call.ec2.DescribeInstances", tick)
    ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig={"Delay": 0, "MaxAttempts": 20})
    assert 3 <= len(polls) <= 7  # stopping lasts 10-30 s
    assert state_of(ec2, iid) == "stopped"


# --------------------------------------------------------------------------------------------
# Per-phase overrides
# --------------------------------------------------------------------------------------------

def test_override_pending_under_realistic(cloudlife, ec2):
    cloudlife.timing("realistic", overrides={"pending": 30})
    [iid] = launch(ec2)
    cloudlife.advance(29)
    assert state_of(ec2, iid) == "pending"
    cloudlife.advance(1)
    assert state_of(ec2, iid) == "running"


def test_override_under_instant_pins_one_phase_only(cloudlife, ec2):
    cloudlife.timing("instant", overrides={"stopping": 100})
    [iid] = launch(ec2)
    assert state_of(ec2, iid) == "running"  # pending still instant
    ec2.stop_instances(InstanceIds=[iid])
    cloudlife.advance(99)
    assert state_of(ec2, iid) == "stopping"
    cloudlife.advance(1)
    assert state_of(ec2, iid) == "stopped"
    ec2.start_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "running"


def test_override_shutting_down(cloudlife, ec2):
    cloudlife.timing("instant", overrides={"shutting-down": 42})
    [iid] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    cloudlife.advance(41)
    assert state_of(ec2, iid) == "shutting-down"
    cloudlife.advance(1)
    assert state_of(ec2, iid) == "terminated"


def test_override_stopping_forced(cloudlife, ec2):
    cloudlife.timing("instant", overrides={"stopping": 100, "stopping-forced": 7})
    a, b = launch(ec2, count=2)
    ec2.stop_instances(InstanceIds=[a])
    ec2.stop_instances(InstanceIds=[b], Force=True)
    cloudlife.advance(7)
    assert state_of(ec2, a) == "stopping"
    assert state_of(ec2, b) == "stopped"


def test_override_terminated_visible(cloudlife, ec2):
    cloudlife.timing("instant", overrides={"terminated-visible": 60})
    [iid] = launch(ec2)
    ec2.terminate_instances(InstanceIds=[iid])
    cloudlife.advance(59)
    assert state_of(ec2, iid) == "terminated"
    cloudlife.advance(2)
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[iid])
    assert e.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"


def test_timing_profile_shows_in_the_clock(cloudlife):
    cloudlife.timing("realistic")
    assert cloudlife.clock()["timing"] == "realistic"
    cloudlife.timing("instant")
    assert cloudlife.clock()["timing"] == "instant"


def test_changing_the_profile_keeps_instances(cloudlife, ec2):
    [iid] = launch(ec2)
    cloudlife.timing("realistic")
    assert state_of(ec2, iid) == "running"


# --------------------------------------------------------------------------------------------
# Control plane
# --------------------------------------------------------------------------------------------

def test_health(cloudlife):
    status, body = raw(cloudlife, "GET", "/_cloudlife/health")
    assert status == 200
    assert body["status"] == "ok"
    assert isinstance(body.get("version"), str) and body["version"]


def test_clock_is_frozen_and_advance_moves_exactly(cloudlife):
    c0 = cloudlife.clock()
    assert c0["mode"] == "frozen"
    assert c0["timing"] == "instant"
    assert isinstance(c0["epoch_ms"], int)
    assert c0["now"].endswith("Z")
    c1 = cloudlife.clock()
    assert c1["epoch_ms"] == c0["epoch_ms"]  # frozen: no drift between reads
    adv = cloudlife.advance(7)
    assert adv["epoch_ms"] == c0["epoch_ms"] + 7000
    assert adv["mode"] == "frozen"
    assert cloudlife.clock()["epoch_ms"] == c0["epoch_ms"] + 7000
    cloudlife.advance(0)
    assert cloudlife.clock()["epoch_ms"] == c0["epoch_ms"] + 7000
    cloudlife.advance(3600)
    assert cloudlife.clock()["epoch_ms"] == c0["epoch_ms"] + 3607000


def test_clock_now_matches_epoch_ms(cloudlife):
    import datetime
    c = cloudlife.clock()
    text = c["now"].rstrip("Z")
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in text else "%Y-%m-%dT%H:%M:%S"
    when = datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.timezone.utc)
    assert abs(when.timestamp() * 1000 - c["epoch_ms"]) < 1000


def test_launch_time_follows_the_virtual_clock(cloudlife, ec2):
    cloudlife.advance(86400)
    now_ms = cloudlife.clock()["epoch_ms"]
    [iid] = launch(ec2)
    launched = describe_one(ec2, iid)["LaunchTime"].timestamp() * 1000
    assert abs(launched - now_ms) < 1000


def test_moto_api_reset_forgets_instances(cloudlife, ec2):
    launch(ec2, count=3)
    status, _ = raw(cloudlife, "POST", "/moto-api/reset")
    assert status == 200
    assert ec2.describe_instances()["Reservations"] == []


def test_cloudlife_reset_forgets_instances_and_keeps_mode(cloudlife, ec2):
    [iid] = launch(ec2)
    status, _ = raw(cloudlife, "POST", "/_cloudlife/reset")
    assert status == 200
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[iid])
    assert e.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"
    assert cloudlife.clock()["mode"] == "frozen"


def test_state_dump_lists_instances(cloudlife, ec2):
    ids = launch(ec2, count=2)
    dump = json.dumps(cloudlife.state())
    for iid in ids:
        assert iid in dump


@pytest.mark.parametrize("body", [
    {"seconds": -1},
    {"seconds": "ten"},
    {"secs": 5},
    {},
    "not json at all",
    "[1, 2, 3]",
])
def test_bad_advance_is_400_and_changes_nothing(cloudlife, body):
    before = cloudlife.clock()["epoch_ms"]
    status, answer = raw(cloudlife, "POST", "/_cloudlife/clock/advance", body)
    assert status == 400
    assert isinstance(answer, dict) and answer.get("error")
    assert cloudlife.clock()["epoch_ms"] == before
    assert_healthy(cloudlife)


@pytest.mark.parametrize("body", [
    {"profile": "glacial"},
    {"profile": "realistic", "overrides": {"no-such-phase": 5}},
    {"profile": "realistic", "overrides": {"pending": -3}},
    {"profile": "realistic", "overrides": {"pending": "slow"}},
    "{truncated",
])
def test_bad_timing_is_400_and_changes_nothing(cloudlife, ec2, body):
    status, answer = raw(cloudlife, "PUT", "/_cloudlife/timing", body)
    assert status == 400
    assert isinstance(answer, dict) and answer.get("error")
    assert cloudlife.clock()["timing"] == "instant"
    [iid] = launch(ec2)
    assert state_of(ec2, iid) == "running"  # still instant, no override applied
    assert_healthy(cloudlife)


def test_unknown_control_plane_route_is_not_found(cloudlife):
    status, _ = raw(cloudlife, "GET", "/_cloudlife/no-such-route")
    assert status == 404
    assert_healthy(cloudlife)
