"""A user's test file for the pytest plugin's fixtures, run by test_python_venv.sh from a fresh
venv after `pip install ./python`, with no cloudlife binary anywhere (no $CLOUDLIFE_BIN, none on
PATH): the plugin must serve every fixture from the extension the install built (not collected
on its own)."""
import os
import shutil
import sys

import boto3
import botocore.exceptions
import pytest

import cloudlife as cloudlife_pkg

IMAGE = "ami-0123456789abcdef0"


def ec2_for(server):
    return boto3.client("ec2", endpoint_url=server.endpoint, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def launch(ec2):
    return ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]


def test_the_package_and_its_extension_come_from_this_venv():
    assert cloudlife_pkg.__file__.startswith(sys.prefix), (cloudlife_pkg.__file__, sys.prefix)
    assert cloudlife_pkg.native_available()
    assert cloudlife_pkg._native.__file__.startswith(os.path.dirname(cloudlife_pkg.__file__))
    assert "CLOUDLIFE_BIN" not in os.environ and shutil.which("cloudlife") is None


def test_cloudlife_is_a_server_in_this_process(cloudlife, cloudlife_endpoint):
    assert isinstance(cloudlife, cloudlife_pkg.Server) and cloudlife.pid is None
    assert cloudlife_endpoint == cloudlife.endpoint and cloudlife.clock()["mode"] == "frozen"
    t0 = cloudlife.clock()["epoch_ms"]
    assert cloudlife.advance(60)["epoch_ms"] == t0 + 60000


def test_fresh_starts_empty(cloudlife_fresh):
    ec2 = ec2_for(cloudlife_fresh)
    assert ec2.describe_instances()["Reservations"] == []
    launch(ec2)  # left for the next test's reset


def test_fresh_again_after_a_launch(cloudlife_fresh):
    assert ec2_for(cloudlife_fresh).describe_instances()["Reservations"] == []


def test_faults_fixture(cloudlife, cloudlife_faults):
    cloudlife_faults.add(kind="error", cloud="ec2", action="DescribeInstances", code="InternalError",
                         http_status=400)
    with pytest.raises(botocore.exceptions.ClientError) as error:
        ec2_for(cloudlife).describe_instances()
    assert error.value.response["Error"]["Code"] == "InternalError"


def test_faults_are_cleared_after_each_test(cloudlife):
    assert cloudlife.faults.list() == []


def test_mock_fixture_routes_boto3_without_a_socket(cloudlife_mock):
    ec2 = boto3.client("ec2", region_name="eu-west-1")
    iid = launch(ec2)
    assert cloudlife_mock.state()["ec2"]["partitions"][0]["instances"][0]["instance_id"] == iid
