"""cloudlife.Server and cloudlife.mock from an installed platform wheel (run by
test_python_inprocess.sh inside a venv; not collected on its own)."""
import glob
import os
import socket
import urllib.request

import boto3
import botocore.exceptions
import pytest

import cloudlife

IMAGE = "ami-0123456789abcdef0"


def children():
    """PIDs of this process's child processes."""
    found = []
    for path in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        with open(path) as f:
            found += f.read().split()
    return found


def launch(ec2):
    return ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]


def instance_ids(ec2):
    return [i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]


def test_the_extension_is_installed_with_the_package():
    assert cloudlife.native_available()
    assert cloudlife._native.__file__.startswith(os.path.dirname(cloudlife.__file__))


def test_server_runs_in_this_process_on_a_free_port():
    with cloudlife.Server(clock="frozen") as server:
        assert server.endpoint.startswith("http://127.0.0.1:") and server.port > 0
        assert server.pid is None and children() == []
        ec2 = boto3.client("ec2", endpoint_url=server.endpoint, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        iid = launch(ec2)
        assert instance_ids(ec2) == [iid]
        t0 = server.clock()["epoch_ms"]
        assert server.advance(30)["epoch_ms"] == t0 + 30000
        server.reset()
        assert instance_ids(ec2) == []
        endpoint = server.endpoint
    with pytest.raises(OSError):
        urllib.request.urlopen(endpoint + "/_cloudlife/health", timeout=2)


def test_two_servers_do_not_share_state():
    with cloudlife.Server() as a, cloudlife.Server() as b:
        assert a.port != b.port
        ec2 = boto3.client("ec2", endpoint_url=a.endpoint, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        launch(ec2)
        assert b.state()["ec2"] != a.state()["ec2"]


def test_bad_settings_are_refused():
    with pytest.raises(cloudlife.CloudlifeError, match="clock"):
        cloudlife.Server(clock="sideways")
    with pytest.raises(cloudlife.CloudlifeError, match="timing"):
        cloudlife.mock(timing="slow")


@pytest.fixture
def no_sockets(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened inside cloudlife.mock()")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_mock_routes_boto3_in_process_without_a_socket(no_sockets, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    with cloudlife.mock(clock="frozen") as m:
        ec2 = boto3.client("ec2")
        iid = launch(ec2)
        assert instance_ids(ec2) == [iid]
        answer = ec2.describe_instances()["ResponseMetadata"]
        assert answer["HTTPHeaders"]["content-type"].startswith("text/xml"), answer
        asg = boto3.client("autoscaling", region_name="us-east-1")
        assert asg.describe_auto_scaling_groups()["AutoScalingGroups"] == []
        t0 = m.clock()["epoch_ms"]
        assert m.advance(60)["epoch_ms"] == t0 + 60000
        m.faults.add(kind="error", cloud="ec2", action="RunInstances",
                     code="InsufficientInstanceCapacity", count=1)
        with pytest.raises(botocore.exceptions.ClientError) as err:
            boto3.client("ec2", config=botocore.config.Config(retries={"total_max_attempts": 1})).run_instances(
                ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1)
        assert err.value.response["Error"]["Code"] == "InsufficientInstanceCapacity"
    assert "AWS_ACCESS_KEY_ID" not in os.environ  # the environment is restored


def test_each_mock_starts_empty_unless_given_state(no_sockets):
    with cloudlife.mock() as first:
        launch(boto3.client("ec2"))
    with cloudlife.mock():
        assert instance_ids(boto3.client("ec2")) == []
    with cloudlife.mock(state=first):
        assert len(instance_ids(boto3.client("ec2"))) == 1


def test_mock_as_a_decorator_is_fresh_per_call(no_sockets):
    @cloudlife.mock
    def bare():
        ec2 = boto3.client("ec2")
        launch(ec2)
        return len(instance_ids(ec2))

    @cloudlife.mock(clock="frozen")
    def configured():
        ec2 = boto3.client("ec2")
        launch(ec2)
        return len(instance_ids(ec2))

    assert [bare(), bare(), configured(), configured()] == [1, 1, 1, 1]


def test_leaving_the_last_mock_unhooks_botocore():
    import botocore.session
    with cloudlife.mock():
        with cloudlife.mock():
            assert hasattr(botocore.session.Session.create_client, "__wrapped__")
        assert hasattr(botocore.session.Session.create_client, "__wrapped__")
    assert not hasattr(botocore.session.Session.create_client, "__wrapped__")
