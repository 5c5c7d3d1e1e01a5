"""A journal written by an older binary still restores (issue 14: "the journal's format version goes
up; an old journal still loads"): fixtures/journal-v1/ was written by the binary of commit 21e708e
(format version 1, see fixtures/make_journal_fixture.py) and is restored here by today's binary,
which must show the very state that old server showed before it was killed."""
import json
import os
import shutil
import tempfile

import pytest

from conftest import IMAGE
from journal_fixture import FIXTURE_DIR, control, facts
from test_persistence import Server


def expected():
    with open(os.path.join(FIXTURE_DIR, "expected.json")) as f:
        return json.load(f)


def restored_copy(d):
    shutil.copy(os.path.join(FIXTURE_DIR, "journal.log"), os.path.join(d, "journal.log"))
    return Server(d, "--clock", "frozen")


def test_the_fixture_is_a_version_1_journal():
    with open(os.path.join(FIXTURE_DIR, "journal.log")) as f:
        header = json.loads(f.readline())
    assert header["format"] == "cloudlife-journal" and header["version"] == 1


def test_a_version_1_journal_restores_the_state_it_recorded():
    want = expected()
    with tempfile.TemporaryDirectory() as d:
        s = restored_copy(d)
        try:
            assert facts(s) == want["facts"]
        finally:
            s.kill()
        # Restored once (and compacted: the refused CreateKeyPair is gone), it restores again.
        s = Server(d, "--clock", "frozen")
        try:
            assert facts(s) == want["facts"]
        finally:
            s.stop()


def test_a_version_1_journal_is_cut_into_a_snapshot_that_restores_the_same_state():
    want = expected()
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(os.path.join(FIXTURE_DIR, "journal.log"), os.path.join(d, "journal.log"))
        s = Server(d, "--clock", "frozen", "--snapshot-every", "1")
        try:
            assert facts(s) == want["facts"]
        finally:
            s.kill()
        assert {"snapshot-1.snap", "journal-0.log", "journal.log"} <= set(os.listdir(d))
        s = Server(d, "--clock", "frozen")  # loads the snapshot; the v1 journal is the fallback
        try:
            assert facts(s) == want["facts"]
        finally:
            s.stop()


def test_a_restored_version_1_journal_keeps_going():
    made = expected()["made"]
    with tempfile.TemporaryDirectory() as d:
        s = restored_copy(d)
        try:
            ec2 = s.client()
            stopped_then_started = made["instances"][0]
            assert ec2.describe_instances(InstanceIds=[stopped_then_started])["Reservations"][0][
                "Instances"][0]["State"]["Name"] == "pending"
            # The start in flight when the old server died completes on the restored schedule.
            control(s.endpoint, "POST", "/_cloudlife/clock/advance", {"seconds": 30})
            assert ec2.describe_instances(InstanceIds=[stopped_then_started])["Reservations"][0][
                "Instances"][0]["State"]["Name"] == "running"
            # New IDs continue the restored sequence: no collision with the recorded ones.
            new = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"][0][
                "InstanceId"]
            assert new not in made["instances"]
            assert new not in expected()["facts"]["instances"]
        finally:
            s.kill()
        s = Server(d, "--clock", "frozen")
        try:
            assert new in facts(s)["instances"]
        finally:
            s.stop()


if __name__ == "__main__":
    pytest.main([__file__])
