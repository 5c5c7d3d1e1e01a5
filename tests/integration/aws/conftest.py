"""Shared pytest fixtures for the AWS integration tests.

Each test module gets its own cloudlife server on a free loopback port (started from
$CLOUDLIFE_BIN through the repo's python/cloudlife package, stopped by PID), and each test starts
from a reset state on a frozen clock with the instant timing profile. Clients are real boto3
clients with dummy credentials.
"""
import os
import sys

import boto3
import pytest
from botocore.config import Config

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
# The repo's python/cloudlife, unless CLOUDLIFE_TESTS_USE_INSTALLED=1 asks for the installed
# package (tests/ops/test_python_venv.sh runs this suite once from a venv after `pip install`).
INSTALLED = os.environ.get("CLOUDLIFE_TESTS_USE_INSTALLED") == "1"
if not INSTALLED:
    sys.path.insert(0, os.path.join(REPO, "python"))

import cloudlife as cloudlife_pkg  # noqa: E402
pytest.register_assert_rewrite("mock_mode")
import mock_mode  # noqa: E402
import shape_check  # noqa: E402

if INSTALLED:
    assert not cloudlife_pkg.__file__.startswith(os.path.join(REPO, "python")), cloudlife_pkg.__file__

shape_check.install()

pytest_plugins = ["cloudlife.pytest_plugin", "mock_mode"]

BIN = os.environ.get("CLOUDLIFE_BIN", os.path.join(REPO, "build/cloudlife"))


class Cloudlife(cloudlife_pkg.Cloudlife):
    """A running server plus its control plane (python/cloudlife) and boto3 clients."""

    def __init__(self, *extra_args, log_level="warn"):
        super().__init__(BIN, args=extra_args, log_level=log_level)
        self.start()

    def client(self, service, region="us-east-1", access_key="AKIDEXAMPLEFAKE00001", **config):
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id=access_key, aws_secret_access_key="fakeSecretKey",
            config=Config(retries={"max_attempts": config.pop("max_attempts", 1)}, **config))


if mock_mode.ON:
    Cloudlife = mock_mode.make_cloudlife_class()  # noqa: F811  (same interface, no process)


# Overrides the plugin's session-wide `cloudlife`: one server per module, on a frozen clock.
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


# Every response a test received must match the service model's output shape (shape_check.py).
@pytest.fixture(autouse=True)
def _responses_match_the_model():
    shape_check.take_violations()
    yield
    violations = shape_check.take_violations()
    if os.environ.get("CLOUDLIFE_SHAPE_REPORT"):
        with open(os.environ["CLOUDLIFE_SHAPE_REPORT"], "a") as report:
            report.writelines(v + "\n" for v in violations)
        return
    assert not violations, "responses that depart from the service model:\n" + "\n".join(violations)


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


# EC2 instance-state codes (DescribeInstances / Start / Stop / Terminate responses).
CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}


def error_of(excinfo):
    """(Error code, HTTP status, message) of a ClientError raised under pytest.raises."""
    resp = excinfo.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"], resp["Error"].get("Message", "")


def instance_states(ec2, ids):
    """{instance ID: state name} for the given instances."""
    return {i: state_of(ec2, i) for i in ids}


# --- Auto Scaling -----------------------------------------------------------------------------

ASG_ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]


@pytest.fixture
def asg(cloudlife):
    return cloudlife.client("autoscaling")


def create_group_with_launch_configuration(asg, name, desired, min_size, max_size, zones=ASG_ZONES, **kw):
    """Creates launch configuration `<name>-lc` (IMAGE, t3.micro) and group `name` using it."""
    asg.create_launch_configuration(LaunchConfigurationName=name + "-lc", ImageId=IMAGE,
                                    InstanceType="t3.micro")
    asg.create_auto_scaling_group(AutoScalingGroupName=name, LaunchConfigurationName=name + "-lc",
                                  MinSize=min_size, MaxSize=max_size, DesiredCapacity=desired,
                                  AvailabilityZones=zones, **kw)


def describe_group(asg, name="web"):
    return asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]
