"""--state-dir keeps snapshots and images as it keeps volumes: a restart replays the journal to the
same snapshots, images and deregistrations, with pending ones still completing on time."""
import os
import tempfile

import pytest

from conftest import BIN
from test_persistence import Server, comparable

pytestmark = pytest.mark.skipif(not os.path.exists(BIN), reason="no cloudlife binary")

AL2023 = "ami-0c02fb55956c7d316"


def test_restart_restores_snapshots_images_and_deregistrations():
    with tempfile.TemporaryDirectory() as d:
        s = Server(d, "--clock", "frozen")
        ec2 = s.client()
        iid = ec2.run_instances(ImageId=AL2023, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=7)["VolumeId"]
        done = ec2.create_snapshot(VolumeId=vol, Description="done")["SnapshotId"]
        gone = ec2.create_image(InstanceId=iid, Name="gone", NoReboot=True)["ImageId"]
        ec2.deregister_image(ImageId=gone)
        s.control("PUT", "/_cloudlife/timing", {"profile": "realistic",
                                                 "overrides": {"snapshot-pending": 40, "image-pending": 60}})
        pending_snap = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
        ami = ec2.create_image(InstanceId=iid, Name="kept", NoReboot=True)["ImageId"]
        s.control("POST", "/_cloudlife/clock/advance", {"seconds": 20})
        before_state = s.control("GET", "/_cloudlife/state")
        before_snaps = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
        s.kill()

        s2 = Server(d, "--clock", "frozen")
        try:
            assert comparable(s2.control("GET", "/_cloudlife/state")) == comparable(before_state)
            ec2 = s2.client()
            assert ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == before_snaps
            got = {x["SnapshotId"]: x for x in before_snaps}
            assert got[done]["State"] == "completed" and got[pending_snap]["Progress"] == "50%"
            assert [i["ImageId"] for i in ec2.describe_images(Owners=["self"])["Images"]] == [ami]
            assert ec2.describe_images(ImageIds=[gone])["Images"] == []
            s2.control("POST", "/_cloudlife/clock/advance", {"seconds": 40})
            assert ec2.describe_images(ImageIds=[ami])["Images"][0]["State"] == "available"
            assert ec2.describe_snapshots(SnapshotIds=[pending_snap])["Snapshots"][0]["State"] == "completed"
        finally:
            s2.stop()
