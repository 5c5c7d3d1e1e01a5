"""Snapshots bound the journal (issue 14): a server that snapshots after every mutation and is
killed (SIGKILL) and restarted along the way ends in exactly the state of one that never restarted
and never snapshotted; a corrupt newest snapshot falls back to the one before; the state directory
keeps at most two snapshots and one kept journal.

Both servers start from one state directory (same ID seed and virtual start), run the same history
(every kind of resource, pending transitions, a refused request, control-plane calls: the
journal-v1 fixture's history), and are compared through the API (`facts`) and through their own
snapshots of the whole state, record by record (wall times and request IDs aside)."""
import json
import os
import shutil
import signal
import subprocess
import urllib.error

import pytest

from conftest import BIN
from journal_fixture import control, ecs_call, facts, make_history
from test_persistence import Server as PersistentServer

pytestmark = pytest.mark.skipif(not os.path.exists(BIN), reason="no cloudlife binary")

# Differ between two servers running one history: when each record was written, request IDs
# (drawn per request, reads included, so not part of the replayable state) and the client tokens
# boto3 makes up for each RunInstances and CreateVolume.
UNCOMPARED = {"wall_at_save", "wall_time", "created", "request_id", "client_token"}
TOKEN_MAPS = {"run_client_tokens", "volume_client_tokens", "template_client_tokens"}


def Server(state_dir, snapshot_every):
    """A server on a frozen clock that snapshots each time its journal passes `snapshot_every`."""
    return PersistentServer(state_dir, "--clock", "frozen", "--snapshot-every", str(snapshot_every))


def without_uncompared(value):
    if isinstance(value, dict) and set(value) == {"columns", "rows"}:  # a table of records
        kept = [i for i, c in enumerate(value["columns"]) if c not in UNCOMPARED]
        return {"columns": [value["columns"][i] for i in kept],
                "rows": [[without_uncompared(row[i]) for i in kept] for row in value["rows"]]}
    if isinstance(value, dict):
        return {k: without_uncompared(v) for k, v in value.items() if k not in UNCOMPARED}
    if isinstance(value, list):
        return [without_uncompared(v) for v in value]
    return value


def comparable(records):
    """Records with what legitimately differs taken out: token maps keep their values only, and
    the usage ledger's resources are a set (its table's order follows when metering passes ran,
    and a snapshot runs one; every usage answer is sorted). For the same reason a resource's
    `first_holder` is left out: on this frozen clock every call of the history happens at one
    instant, and a volume created and then attached at that instant is first seen free by the
    snapshot's pass, attached by the single pass of the server that never snapshotted."""
    out, usage = [], []
    for r in records:
        if r.get("m") in TOKEN_MAPS:
            r = dict(r, i=sorted(json.dumps(v, sort_keys=True) for _k, v in r["i"]))
        if r["s"] == "usage" and r.get("r") == "resources":
            usage += [json.dumps(dict(item, first_holder=None), sort_keys=True)
                      for item in r["items"]]
            continue
        out.append(r)
    return out, sorted(usage)


def whole_state(server):
    """The server's own snapshot of everything it holds, as comparable records."""
    report = control(server.endpoint, "POST", "/_cloudlife/snapshot")
    records = []
    with open(report["path"], encoding="utf-8") as f:
        header = json.loads(f.readline())
        assert header["format"] == "cloudlife-snapshot"
        for line in f:
            length, _crc, body = line.rstrip("\n").split(" ", 2)
            assert int(length) == len(body.encode())
            records.append(without_uncompared(json.loads(body)))
    assert records[-1] == {"s": "end", "records": len(records) - 1}
    return records


def more_history(server, ids):
    """Changes after the first restart: pending events fire, groups and instances move on."""
    ec2 = server.client()
    asg = server.client("autoscaling")
    control(server.endpoint, "POST", "/_cloudlife/clock/advance", {"seconds": 45})
    ec2.terminate_instances(InstanceIds=[ids[2]])
    asg.set_desired_capacity(AutoScalingGroupName="web-asg", DesiredCapacity=3)
    ecs = ecs_call(server.endpoint, "DescribeInstances", PageSize="10")
    ecs_call(server.endpoint, "StopInstance",
             InstanceId=ecs["Instances"]["Instance"][0]["InstanceId"], ForceStop="true")
    control(server.endpoint, "POST", "/_cloudlife/clock/advance", {"seconds": 5})


def files_of(state_dir):
    return sorted(os.listdir(state_dir))


def same_start(tmp_path):
    """Two state directories holding one fresh journal (one ID seed, one virtual start)."""
    base = str(tmp_path / "base")
    Server(base, 0).stop()
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    shutil.copytree(base, a)
    shutil.copytree(base, b)
    return a, b


def test_restarts_from_snapshots_end_in_the_state_of_a_server_that_never_restarted(tmp_path):
    dir_a, dir_b = same_start(tmp_path)
    a, b = Server(dir_a, 0), Server(dir_b, 1)
    try:
        history = make_history(a)
        assert make_history(b) == history
        b.kill()
        b = Server(dir_b, 1)
        assert facts(b) == facts(a)
        more_history(a, history["instances"])
        more_history(b, history["instances"])
        b.kill()
        b = Server(dir_b, 1)
        assert facts(b) == facts(a)
        (state_a, usage_a), (state_b, usage_b) = comparable(whole_state(a)), comparable(
            whole_state(b))
        assert [r["s"] for r in state_b] == [r["s"] for r in state_a]
        for record_a, record_b in zip(state_a, state_b):
            assert record_b == record_a
        assert usage_b == usage_a
        # Bounded: the snapshot a restart loads, the one before with its journal, the journal.
        names = files_of(dir_b)
        assert len([n for n in names if n.startswith("snapshot-")]) <= 2, names
        assert len([n for n in names if n.startswith("journal-")]) <= 1, names
        assert "journal.log" in names
        # The uninterrupted server never snapshotted on its own: one journal, one snapshot (the
        # one whole_state asked for).
        assert [n for n in files_of(dir_a) if n.startswith("snapshot-")] == ["snapshot-1.snap"]
    finally:
        a.stop()
        b.stop()


def test_a_corrupt_newest_snapshot_falls_back_to_the_one_before(tmp_path):
    dir_a, dir_b = same_start(tmp_path)
    a, b = Server(dir_a, 0), Server(dir_b, 2000)
    try:
        history = make_history(a)
        make_history(b)
        before = facts(b)
        b.kill()
        snapshots = sorted((n for n in files_of(dir_b) if n.startswith("snapshot-")),
                           key=lambda n: int(n.split("-")[1].split(".")[0]))
        assert len(snapshots) >= 1, files_of(dir_b)
        newest = os.path.join(dir_b, snapshots[-1])
        with open(newest, "r+b") as f:  # a torn write: the end record is gone
            f.truncate(os.path.getsize(newest) - 40)
        b = Server(dir_b, 2000)
        assert facts(b) == before == facts(a)
        more_history(a, history["instances"])
        more_history(b, history["instances"])
        assert facts(b) == facts(a)
    finally:
        a.stop()
        b.stop()


def test_the_snapshot_endpoint_needs_a_state_dir():
    proc = subprocess.Popen([BIN, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        endpoint = proc.stdout.readline().strip().split(" on ", 1)[1]
        with pytest.raises(urllib.error.HTTPError) as refused:
            control(endpoint, "POST", "/_cloudlife/snapshot")
        assert refused.value.code == 409
        with pytest.raises(urllib.error.HTTPError) as wrong_method:
            control(endpoint, "GET", "/_cloudlife/snapshot")
        assert wrong_method.value.code == 405
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()


def test_a_long_journal_written_before_snapshots_is_cut_at_the_next_start(tmp_path):
    state_dir = str(tmp_path / "s")
    server = Server(state_dir, 0)
    try:
        history = make_history(server)
        before = facts(server)
    finally:
        server.stop()
    assert files_of(state_dir) == ["journal.log"]
    server = Server(state_dir, 1000)  # the journal is over the threshold: snapshot at start
    try:
        assert facts(server) == before
        names = files_of(state_dir)
        assert "snapshot-1.snap" in names and "journal-0.log" in names, names
        with open(os.path.join(state_dir, "journal.log"), encoding="utf-8") as f:
            assert len(f.readlines()) == 1  # a header only: the snapshot holds everything
    finally:
        server.kill()
    server = Server(state_dir, 1000)
    try:
        assert facts(server) == before
        assert history["instances"][0] in json.dumps(before)
    finally:
        server.stop()
