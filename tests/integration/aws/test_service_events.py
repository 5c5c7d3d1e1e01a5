"""Service events (issue 12 §5): GET /_cloudlife/service-events answers EventBridge envelopes of
what EC2 and Auto Scaling did, in order, and long-polls for the next one."""
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import BIN, IMAGE, launch

STATE_CHANGE = "EC2 Instance State-change Notification"


def events(cloudlife, **query):
    return cloudlife.control("GET", "/_cloudlife/service-events?" + urllib.parse.urlencode(query))


def get_status(endpoint, path):
    try:
        with urllib.request.urlopen(endpoint + path, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


def states_of(answer, instance_id):
    return [e["event"]["detail"]["state"] for e in answer["events"]
            if e["event"]["detail-type"] == STATE_CHANGE
            and e["event"]["detail"]["instance-id"] == instance_id]


def test_every_state_an_instance_enters_is_announced_in_order(cloudlife, ec2):
    [iid] = launch(ec2)
    ec2.describe_instances()  # the instant profile settles pending -> running here
    ec2.stop_instances(InstanceIds=[iid])
    ec2.describe_instances()
    ec2.start_instances(InstanceIds=[iid])
    ec2.describe_instances()
    ec2.terminate_instances(InstanceIds=[iid])
    ec2.describe_instances()
    answer = events(cloudlife)
    assert states_of(answer, iid) == ["pending", "running", "stopping", "stopped", "pending",
                                      "running", "shutting-down", "terminated"]
    seqs = [e["seq"] for e in answer["events"]]
    assert seqs == sorted(seqs) and answer["last_seq"] == seqs[-1]
    first = answer["events"][0]["event"]
    assert set(first) == {"version", "id", "detail-type", "source", "account", "time", "region",
                          "resources", "detail"}
    assert first["version"] == "0" and first["source"] == "aws.ec2"
    assert first["account"] == "123456789012" and first["region"] == "us-east-1"
    assert first["resources"] == ["arn:aws:ec2:us-east-1:123456789012:instance/" + iid]
    assert first["detail"] == {"instance-id": iid, "state": "pending"}
    assert first["time"] == cloudlife.clock()["now"][:19] + "Z"
    assert len({e["event"]["id"] for e in answer["events"]}) == len(answer["events"])


def test_filters_and_paging(cloudlife, ec2):
    [iid] = launch(ec2)
    ec2.describe_instances()
    page = events(cloudlife, limit=1)
    assert len(page["events"]) == 1
    rest = events(cloudlife, after=page["events"][0]["seq"])
    assert [e["event"]["detail"]["state"] for e in rest["events"]] == ["running"]
    assert events(cloudlife, source="aws.autoscaling")["events"] == []
    assert len(events(cloudlife, detail_type=STATE_CHANGE, source="aws.ec2")["events"]) == 2


def test_a_long_poll_receives_the_event_a_concurrent_clock_advance_publishes(cloudlife, ec2):
    cloudlife.timing("instant", overrides={"pending": 30})
    [iid] = launch(ec2)
    last = events(cloudlife)["last_seq"]
    got = {}

    def poll():
        started = time.monotonic()
        got["answer"] = events(cloudlife, after=last, wait=20)
        got["seconds"] = time.monotonic() - started

    reader = threading.Thread(target=poll)
    reader.start()
    time.sleep(0.5)
    assert "answer" not in got  # still waiting: nothing happened yet
    cloudlife.advance(30)
    reader.join(timeout=20)
    assert states_of(got["answer"], iid) == ["running"]
    assert got["seconds"] < 10


def test_a_long_poll_with_nothing_to_say_answers_empty_after_its_wait(cloudlife):
    started = time.monotonic()
    answer = events(cloudlife, wait=0.3)
    assert answer == {"events": [], "last_seq": 0}
    # The wait was honoured (not answered at once); the margin is the clocks' granularity.
    assert time.monotonic() - started >= 0.25


def test_bad_queries_are_refused(cloudlife):
    for query in ["after=-1", "after=x", "wait=61", "wait=-1", "wait=soon", "limit=0",
                  "limit=10001", "colour=red"]:
        assert get_status(cloudlife.endpoint, "/_cloudlife/service-events?" + query) == 400, query
    req = urllib.request.Request(cloudlife.endpoint + "/_cloudlife/service-events", data=b"{}",
                                 method="POST")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 405


def test_reset_clears_the_events(cloudlife, ec2):
    launch(ec2)
    assert events(cloudlife)["last_seq"] > 0
    cloudlife.reset()
    assert events(cloudlife) == {"events": [], "last_seq": 0}


class StateDirServer:
    def __init__(self, state_dir):
        self.proc = subprocess.Popen([BIN, "--port", "0", "--clock", "frozen", "--state-dir",
                                      state_dir], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline().strip()
        assert line.startswith("cloudlife listening on "), line
        self.endpoint = line.split(" on ", 1)[1]

    def control(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.endpoint + path, data=data, method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()


def test_events_survive_a_restart_with_a_state_dir():
    import boto3
    with tempfile.TemporaryDirectory() as state_dir:
        server = StateDirServer(state_dir)
        try:
            ec2 = boto3.client("ec2", endpoint_url=server.endpoint, region_name="us-east-1",
                               aws_access_key_id="k", aws_secret_access_key="s")
            [iid] = [i["InstanceId"] for i in ec2.run_instances(
                ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"]]
            server.control("POST", "/_cloudlife/clock/advance", {"seconds": 60})
            ec2.terminate_instances(InstanceIds=[iid])
            server.control("POST", "/_cloudlife/clock/advance", {"seconds": 60})
            before = server.control("GET", "/_cloudlife/service-events")
        finally:
            server.stop()
        server = StateDirServer(state_dir)
        try:
            after = server.control("GET", "/_cloudlife/service-events")
        finally:
            server.stop()
    assert len(before["events"]) == 4
    assert after == before
