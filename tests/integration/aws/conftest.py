"""Shared pytest fixtures for the AWS integration tests.

Each test module gets its own cloudlife server on a free loopback port (started from
$CLOUDLIFE_BIN, stopped by PID), and each test starts from a reset state on a frozen clock with the
instant timing profile. Clients are real boto3 clients with dummy credentials.
"""
import json
import os
import subprocess
import urllib.request

import boto3
import pytest
from botocore.config import Config

BIN = os.environ.get("CLOUDLIFE_BIN", os.path.join(os.path.dirname(__file__), "../../../build/cloudlife"))


class Cloudlife:
    """A running server plus its control plane."""

    def __init__(self, *extra_args):
        self.proc = subprocess.Popen(
            [BIN, "--port", "0", "--bind", "127.0.0.1", *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        prefix = "cloudlife listening on "
        if not line.startswith(prefix):
            self.proc.kill()
            raise RuntimeError(f"unexpected first line from cloudlife: {line!r}")
        self.endpoint = line[len(prefix):]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def control(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.endpoint + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"null")

    def reset(self):
        return self.control("POST", "/_cloudlife/reset")

    def advance(self, seconds):
        return self.control("POST", "/_cloudlife/clock/advance", {"seconds": seconds})

    def timing(self, profile="instant", overrides=None):
        body = {"profile": profile, "overrides": overrides or {}}
        return self.control("PUT", "/_cloudlife/timing", body)

    def clock(self):
        return self.control("GET", "/_cloudlife/clock")

    def state(self):
        return self.control("GET", "/_cloudlife/state")

    def client(self, service, region="us-east-1", access_key="AKIDEXAMPLEFAKE00001", **config):
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id=access_key, aws_secret_access_key="fakeSecretKey",
            config=Config(retries={"max_attempts": config.pop("max_attempts", 1)}, **config))


@pytest.fixture(scope="module")
def cloudlife():
    server = Cloudlife("--clock", "frozen")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_state(request):
    if "cloudlife" in request.fixturenames:
        server = request.getfixturevalue("cloudlife")
        server.reset()
        server.timing("instant")
    yield


@pytest.fixture
def ec2(cloudlife):
    return cloudlife.client("ec2")


IMAGE = "ami-0123456789abcdef0"
INSTANCE_STORE_IMAGE = "ami-0b1e534a4ff9019e0"


def launch(ec2, count=1, zone="us-east-1a", **kwargs):
    """Launches `count` instances and returns their IDs."""
    kwargs.setdefault("ImageId", IMAGE)
    kwargs.setdefault("InstanceType", "t3.micro")
    if zone:
        kwargs.setdefault("Placement", {"AvailabilityZone": zone})
    resp = ec2.run_instances(MinCount=count, MaxCount=count, **kwargs)
    return [i["InstanceId"] for i in resp["Instances"]]


def describe_one(ec2, instance_id):
    resp = ec2.describe_instances(InstanceIds=[instance_id])
    return resp["Reservations"][0]["Instances"][0]


def state_of(ec2, instance_id):
    return describe_one(ec2, instance_id)["State"]["Name"]
