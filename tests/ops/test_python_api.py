"""The typed control-plane API of the Python package (cloudlife.control.ControlPlane), the same
through all three transports: a server process (cloudlife.Cloudlife, $CLOUDLIFE_BIN), a server
on a thread (cloudlife.Server) and cloudlife.mock() — the last two when the extension is loadable
(installed, or $CLOUDLIFE_NATIVE_MODULE). Routes another change adds (capacity, metrics,
service-events, imds) are tested when the server has them and skipped, saying so, before."""
import inspect
import os
import sys
import typing
import urllib.error

import boto3
import pytest
from botocore.config import Config

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../python"))
import cloudlife  # noqa: E402
from cloudlife.control import Alarms, Capacity, ControlPlane, Faults, Imds, Metrics  # noqa: E402

IMAGE = "ami-0123456789abcdef0"
TRANSPORTS = ["process", "server", "mock"]


@pytest.fixture(params=TRANSPORTS)
def cloud(request):
    if request.param == "process":
        with cloudlife.Cloudlife(args=["--clock", "frozen"]) as server:
            yield server
        return
    if not cloudlife.native_available():
        pytest.skip("cloudlife._native not loadable (set CLOUDLIFE_NATIVE_MODULE)")
    made = cloudlife.Server(clock="frozen") if request.param == "server" else cloudlife.mock(clock="frozen")
    with made as server:
        yield server


def ec2_of(cloud):
    where = {} if isinstance(cloud, cloudlife.Mock) else {"endpoint_url": cloud.endpoint}
    return boto3.client("ec2", region_name="us-east-1", aws_access_key_id="test",
                        aws_secret_access_key="test", config=Config(retries={"total_max_attempts": 1}),
                        **where)


def launch(ec2, **kwargs):
    return ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                             Placement={"AvailabilityZone": "us-east-1a"}, **kwargs)["Instances"][0]["InstanceId"]


def has_route(cloud, method, path):
    status, _, body = cloud.request(method, path)
    return not (status == 404 and b"no control-plane route" in body)


def needs_route(cloud, method, path):
    if not has_route(cloud, method, path):
        pytest.skip(f"{method} {path} is not on this server yet (docs/control-plane.md)")


# -- every public method is typed and documented --------------------------------------------------

PUBLIC = [(cls, name) for cls in (ControlPlane, Faults, Capacity, Metrics, Alarms, Imds)
          for name, member in vars(cls).items()
          if callable(member) and not name.startswith("_")]


@pytest.mark.parametrize("cls,name", PUBLIC, ids=[f"{c.__name__}.{n}" for c, n in PUBLIC])
def test_every_public_method_has_a_docstring_and_annotations(cls, name):
    method = getattr(cls, name)
    assert inspect.getdoc(method), f"{cls.__name__}.{name} has no docstring"
    hints = typing.get_type_hints(method)
    assert "return" in hints, f"{cls.__name__}.{name} has no return annotation"
    params = [p for p in inspect.signature(method).parameters.values()
              if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    assert all(p.name in hints for p in params), f"{cls.__name__}.{name}: unannotated parameters"


def test_the_three_transports_share_the_api():
    for cls in (cloudlife.Cloudlife, cloudlife.Server, cloudlife.Mock):
        assert issubclass(cls, ControlPlane)
    assert os.path.exists(os.path.join(os.path.dirname(cloudlife.__file__), "py.typed"))


# -- routes on every server ------------------------------------------------------------------------

def test_advance_reset_clock_and_timing(cloud):
    ec2 = ec2_of(cloud)
    t0 = cloud.clock()["epoch_ms"]
    assert cloud.advance(1.5)["epoch_ms"] == t0 + 1500
    cloud.timing("realistic", {"pending": 30})
    iid = launch(ec2)
    cloud.advance(29)
    assert ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"] == "pending"
    cloud.advance(1)
    assert ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"
    assert [e["action"] for e in cloud.events(cloud="ec2", action="RunInstances")] == ["RunInstances"]
    assert cloud.reset()["status"] == "ok"
    assert ec2.describe_instances()["Reservations"] == []
    assert cloud.clock()["mode"] == "frozen"


def test_errors_are_http_errors_with_the_servers_reason_and_change_nothing(cloud):
    t0 = cloud.clock()["epoch_ms"]
    with pytest.raises(urllib.error.HTTPError) as error:
        cloud.advance(-1)
    assert error.value.code == 400 and "seconds" in error.value.reason
    assert cloud.clock()["epoch_ms"] == t0
    with pytest.raises(urllib.error.HTTPError) as error:
        cloud.faults.delete("no-such-rule")
    assert error.value.code == 404


def test_faults_add_list_delete_clear(cloud):
    ec2 = ec2_of(cloud)
    rule = cloud.faults.add(kind="error", cloud="ec2", action="RunInstances",
                            code="InsufficientInstanceCapacity", count=1)
    assert [r["id"] for r in cloud.faults.list()] == [rule["id"]]
    with pytest.raises(ec2.exceptions.ClientError) as error:
        launch(ec2)
    assert error.value.response["Error"]["Code"] == "InsufficientInstanceCapacity"
    launch(ec2)  # the rule is used up
    second = cloud.faults.add({"kind": "error", "cloud": "ec2", "action": "StopInstances",
                               "code": "RequestLimitExceeded"})
    cloud.faults.delete(second["id"])
    assert cloud.faults.list()[0]["id"] == rule["id"] and len(cloud.faults.list()) == 1
    cloud.faults.clear()
    assert cloud.faults.list() == []


# -- routes of the Auto Scaling / Spot / events / IMDS work (issues 11 and 12) ---------------------

def test_capacity_pools(cloud):
    needs_route(cloud, "GET", "/_cloudlife/capacity")
    ec2 = ec2_of(cloud)
    cloud.capacity.set([{"region": "us-east-1", "zone": "us-east-1a", "instance_type": "t3.micro",
                         "market": "on-demand", "available": 1}])
    launch(ec2)
    [pool] = cloud.capacity.list()
    assert (pool["available"], pool["remaining"]) == (1, 0)
    with pytest.raises(ec2.exceptions.ClientError) as error:
        launch(ec2)
    assert error.value.response["Error"]["Code"] == "InsufficientInstanceCapacity"
    cloud.capacity.clear()
    assert cloud.capacity.list() == []
    launch(ec2)


def test_metrics(cloud):
    needs_route(cloud, "GET", "/_cloudlife/metrics")
    cloud.metrics.put("AWS/EC2", "CPUUtilization", 80, dimensions={"AutoScalingGroupName": "web"})
    [metric] = [m for m in cloud.metrics.list() if m["metric"] == "CPUUtilization"]
    assert metric["namespace"] == "AWS/EC2" and metric["value"] == 80
    assert metric["dimensions"] == {"AutoScalingGroupName": "web"}


def test_alarms(cloud):
    needs_route(cloud, "GET", "/_cloudlife/alarms")
    where = {} if isinstance(cloud, cloudlife.Mock) else {"endpoint_url": cloud.endpoint}
    asg = boto3.client("autoscaling", region_name="us-east-1", aws_access_key_id="test",
                       aws_secret_access_key="test", **where)
    asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId=IMAGE, InstanceType="t3.micro")
    asg.create_auto_scaling_group(AutoScalingGroupName="web", LaunchConfigurationName="lc", MinSize=1,
                                  MaxSize=3, DesiredCapacity=1, AvailabilityZones=["us-east-1a"])
    arn = asg.put_scaling_policy(AutoScalingGroupName="web", PolicyName="out", PolicyType="SimpleScaling",
                                 AdjustmentType="ChangeInCapacity", ScalingAdjustment=1)["PolicyARN"]
    cloud.alarms.put("cpu-high", "AWS/EC2", "CPUUtilization", 70, "GreaterThanThreshold", [arn],
                     dimensions={"AutoScalingGroupName": "web"})
    with pytest.raises(urllib.error.HTTPError) as error:
        cloud.alarms.put("bad", "AWS/EC2", "CPUUtilization", 1, "Sideways", [arn])
    assert error.value.code == 400
    cloud.metrics.put("AWS/EC2", "CPUUtilization", 90, dimensions={"AutoScalingGroupName": "web"})
    cloud.advance(180)
    [alarm] = cloud.alarms.list(region="us-east-1")
    assert (alarm["name"], alarm["state"], alarm["managed_by"]) == ("cpu-high", "ALARM", None)
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"])["AutoScalingGroups"][0]
    assert group["DesiredCapacity"] == 2
    cloud.alarms.delete("cpu-high")
    assert cloud.alarms.list() == []


def test_service_events(cloud):
    needs_route(cloud, "GET", "/_cloudlife/service-events")
    ec2 = ec2_of(cloud)
    start = cloud.service_events()["last_seq"]
    iid = launch(ec2)
    answer = cloud.service_events(after=start, wait=5, detail_type="EC2 Instance State-change Notification")
    assert answer["events"] and answer["last_seq"] >= answer["events"][-1]["seq"] > start
    event = answer["events"][0]["event"]
    assert event["source"] == "aws.ec2" and event["detail"]["instance-id"] == iid


def test_imds(cloud):
    ec2 = ec2_of(cloud)
    # botocore base64-encodes RunInstances UserData itself; IMDS answers it decoded.
    iid = launch(ec2, MetadataOptions={"HttpTokens": "required"}, UserData="hello")
    imds = cloud.imds(iid)
    needs_route(cloud, "GET", imds.prefix + "/latest/meta-data/instance-id")
    with pytest.raises(urllib.error.HTTPError) as error:
        imds.get("instance-id")
    assert error.value.code == 401
    token = imds.token(60)
    assert imds.get("instance-id", token) == iid
    assert imds.get("placement/availability-zone", token) == "us-east-1a"
    assert imds.user_data(token) == "hello"
    assert imds.identity_document(token)["instanceId"] == iid
