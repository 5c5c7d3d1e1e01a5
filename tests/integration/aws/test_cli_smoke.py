"""AWS CLI v2 smoke test: Debian's /usr/bin/aws against cloudlife (issue 2 §7; docs/wire.md
"Captured requests, test vectors and fuzz seeds").

Uses /usr/bin/aws explicitly (not whatever `aws` is first on PATH), with dummy credentials and a
throw-away HOME so no user configuration leaks in.
"""
import base64
import json
import os
import subprocess

import pytest

from conftest import launch

AWS = "/usr/bin/aws"

pytestmark = pytest.mark.skipif(not os.path.exists(AWS), reason="Debian's AWS CLI v2 (/usr/bin/aws) is not installed")


@pytest.fixture
def aws(cloudlife, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLEFAKE00001",
        "AWS_SECRET_ACCESS_KEY": "fakeSecretKey/EXAMPLE+0000000000000000000",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
        "AWS_DEFAULT_OUTPUT": "json",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
    }

    def run(*args, check=True, timeout=60):
        proc = subprocess.run([AWS, "--endpoint-url", cloudlife.endpoint, *args], env=env,
                              capture_output=True, text=True, timeout=timeout)
        if check:
            assert proc.returncode == 0, f"aws {' '.join(args)} -> {proc.returncode}\n{proc.stderr}"
        return proc

    def run_json(*args, **kwargs):
        proc = run(*args, **kwargs)
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    run.json = run_json
    return run


def instance_ids(doc):
    return [i["InstanceId"] for r in doc.get("Reservations", []) for i in r["Instances"]]


def test_run_describe_stop_terminate(aws, ec2):
    out = aws.json("ec2", "run-instances", "--image-id", "ami-0123456789abcdef0", "--instance-type", "t3.micro",
                   "--count", "2", "--placement", "AvailabilityZone=us-east-1a",
                   "--block-device-mappings",
                   '[{"DeviceName":"/dev/xvda","Ebs":{"VolumeSize":16,"VolumeType":"gp3","DeleteOnTermination":true}}]',
                   "--tag-specifications", "ResourceType=instance,Tags=[{Key=Name,Value=web-1},{Key=env,Value=test}]",
                   "--user-data", "echo hi")
    ids = [i["InstanceId"] for i in out["Instances"]]
    assert len(ids) == 2
    assert out["ReservationId"].startswith("r-")
    assert {i["State"]["Name"] for i in out["Instances"]} == {"pending"}

    desc = aws.json("ec2", "describe-instances", "--instance-ids", *ids)
    assert sorted(instance_ids(desc)) == sorted(ids)
    for r in desc["Reservations"]:
        for i in r["Instances"]:
            assert i["State"] == {"Code": 16, "Name": "running"}
            assert i["Placement"]["AvailabilityZone"] == "us-east-1a"
            assert {t["Key"]: t["Value"] for t in i["Tags"]} == {"Name": "web-1", "env": "test"}

    ud = aws.json("ec2", "describe-instance-attribute", "--instance-id", ids[0], "--attribute", "userData")
    assert base64.b64decode(ud["UserData"]["Value"]) == b"echo hi"

    stop = aws.json("ec2", "stop-instances", "--instance-ids", ids[0])
    [item] = stop["StoppingInstances"]
    assert item["InstanceId"] == ids[0]
    assert item["CurrentState"] == {"Code": 64, "Name": "stopping"}
    assert item["PreviousState"] == {"Code": 16, "Name": "running"}

    start = aws.json("ec2", "start-instances", "--instance-ids", ids[0])
    assert start["StartingInstances"][0]["CurrentState"]["Name"] == "pending"

    term = aws.json("ec2", "terminate-instances", "--instance-ids", *ids)
    assert sorted(i["InstanceId"] for i in term["TerminatingInstances"]) == sorted(ids)
    assert {i["CurrentState"]["Name"] for i in term["TerminatingInstances"]} == {"shutting-down"}
    desc = aws.json("ec2", "describe-instances", "--instance-ids", *ids)
    assert {i["State"]["Name"] for r in desc["Reservations"] for i in r["Instances"]} == {"terminated"}


def test_describe_instances_with_filters(aws, ec2):
    a = launch(ec2, zone="us-east-1a")[0]
    b = launch(ec2, zone="us-east-1b")[0]
    c = launch(ec2, zone="us-east-1a")[0]
    ec2.stop_instances(InstanceIds=[c])
    desc = aws.json("ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=running,stopped",
                    "Name=availability-zone,Values=us-east-1a")
    assert sorted(instance_ids(desc)) == sorted([a, c])
    desc = aws.json("ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=running",
                    "--query", "Reservations[].Instances[].InstanceId")
    assert sorted(desc) == sorted([a, b])


def describe_calls(proc):
    """How many DescribeInstances requests an `aws --debug` run made (botocore's debug log)."""
    return proc.stderr.count("Making request for OperationModel(name=DescribeInstances)")


def test_describe_instances_page_size_auto_paginates_and_terminates(aws, ec2):
    ids = [launch(ec2, zone=None)[0] for _ in range(12)]
    proc = aws("--debug", "ec2", "describe-instances", "--page-size", "5", timeout=60)
    assert describe_calls(proc) == 3  # pages of 5, 5 and 2, then no NextToken
    desc = json.loads(proc.stdout)
    got = instance_ids(desc)
    assert sorted(got) == sorted(ids)
    assert len(got) == len(set(got))
    assert "NextToken" not in desc


def test_describe_instances_manual_paging(aws, ec2):
    ids = [launch(ec2, zone=None)[0] for _ in range(7)]
    first = aws.json("ec2", "describe-instances", "--max-results", "5", "--no-paginate")
    assert len(instance_ids(first)) == 5
    token = first["NextToken"]
    second = aws.json("ec2", "describe-instances", "--max-results", "5", "--next-token", token, "--no-paginate")
    assert "NextToken" not in second
    assert sorted(instance_ids(first) + instance_ids(second)) == sorted(ids)


def test_error_exits_254_with_the_code_on_stderr(aws):
    proc = aws("ec2", "describe-instances", "--instance-ids", "i-0123456789abcdef0", check=False)
    assert proc.returncode == 254
    assert "InvalidInstanceID.NotFound" in proc.stderr
    assert "i-0123456789abcdef0" in proc.stderr


def test_dry_run_exits_254(aws, ec2):
    [iid] = launch(ec2)
    proc = aws("ec2", "terminate-instances", "--instance-ids", iid, "--dry-run", check=False)
    assert proc.returncode == 254
    assert "DryRunOperation" in proc.stderr
    assert "Request would have succeeded, but DryRun flag is set." in proc.stderr
    assert ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"


def test_termination_protection_via_cli(aws, ec2):
    [iid] = launch(ec2)
    aws("ec2", "modify-instance-attribute", "--instance-id", iid, "--disable-api-termination")
    attr = aws.json("ec2", "describe-instance-attribute", "--instance-id", iid, "--attribute", "disableApiTermination")
    assert attr["DisableApiTermination"] == {"Value": True}
    proc = aws("ec2", "terminate-instances", "--instance-ids", iid, check=False)
    assert proc.returncode == 254
    assert "OperationNotPermitted" in proc.stderr
    assert "may not be terminated" in proc.stderr


def test_wait_instance_running(aws, ec2):
    out = aws.json("ec2", "run-instances", "--image-id", "ami-0123456789abcdef0", "--instance-type", "t3.micro",
                   "--count", "2")
    ids = [i["InstanceId"] for i in out["Instances"]]
    proc = aws("--debug", "ec2", "wait", "instance-running", "--instance-ids", *ids, timeout=60)
    assert proc.returncode == 0
    assert describe_calls(proc) == 1  # first poll under the instant profile


def test_wait_instance_stopped_and_terminated(aws, ec2):
    ids = launch(ec2, count=2)
    aws("ec2", "stop-instances", "--instance-ids", *ids)
    assert describe_calls(aws("--debug", "ec2", "wait", "instance-stopped", "--instance-ids", *ids)) == 1
    aws("ec2", "terminate-instances", "--instance-ids", *ids)
    assert describe_calls(aws("--debug", "ec2", "wait", "instance-terminated", "--instance-ids", *ids)) == 1


def test_snapshot_and_image_lifecycle(aws):
    vol = aws.json("ec2", "create-volume", "--availability-zone", "us-east-1a", "--size", "11")["VolumeId"]
    snap = aws.json("ec2", "create-snapshot", "--volume-id", vol, "--description", "cli")
    aws("ec2", "wait", "snapshot-completed", "--snapshot-ids", snap["SnapshotId"])
    [got] = aws.json("ec2", "describe-snapshots", "--owner-ids", "self")["Snapshots"]
    assert got["SnapshotId"] == snap["SnapshotId"] and got["VolumeSize"] == 11 and got["Progress"] == "100%"
    [iid] = instance_ids({"Reservations": [aws.json(
        "ec2", "run-instances", "--image-id", "ami-0c02fb55956c7d316", "--instance-type", "t3.micro")]})
    ami = aws.json("ec2", "create-image", "--instance-id", iid, "--name", "cli-image", "--no-reboot")["ImageId"]
    aws("ec2", "wait", "image-available", "--image-ids", ami)
    [img] = aws.json("ec2", "describe-images", "--owners", "self", "--filters", "Name=name,Values=cli-*")["Images"]
    assert img["ImageId"] == ami and img["State"] == "available"
    child = aws.json("ec2", "run-instances", "--image-id", ami, "--instance-type", "t3.micro")
    assert child["Instances"][0]["ImageId"] == ami
    aws("ec2", "deregister-image", "--image-id", ami)
    aws("ec2", "delete-snapshot", "--snapshot-id", snap["SnapshotId"])
    assert aws.json("ec2", "describe-images", "--image-ids", ami)["Images"] == []


def test_get_password_data_decrypts_with_the_launch_key(aws, cloudlife, tmp_path):
    cloudlife.timing("realistic", {"pending": 5, "status-checks": 60})
    key = aws.json("ec2", "create-key-pair", "--key-name", "cli-windows")
    key_file = tmp_path / "cli-windows.pem"
    key_file.write_text(key["KeyMaterial"])
    out = aws.json("ec2", "run-instances", "--image-id", "ami-0f9c44e98edf38a2b", "--instance-type", "t3.large",
                   "--key-name", "cli-windows", "--count", "1")
    iid = out["Instances"][0]["InstanceId"]
    cloudlife.advance(70)
    doc = aws.json("ec2", "get-password-data", "--instance-id", iid, "--priv-launch-key", str(key_file))
    assert doc["InstanceId"] == iid and len(doc["PasswordData"]) == 32
