"""Fault injection through /_cloudlife/faults, observed with real boto3 clients (issue 5 §1)."""
import pytest
from botocore.exceptions import ClientError

from conftest import launch, describe_one, state_of


def add_fault(cloudlife, **rule):
    return cloudlife.control("POST", "/_cloudlife/faults", rule)


def faults(cloudlife):
    return cloudlife.control("GET", "/_cloudlife/faults")["faults"]


def count_attempts(client):
    attempts = []
    client.meta.events.register("before-send", lambda request, **_: attempts.append(request.url))
    return attempts


def test_request_limit_exceeded_is_503_and_boto3_retries_through_it(cloudlife):
    # Default client settings: botocore's legacy mode retries 503 RequestLimitExceeded.
    ec2 = cloudlife.client("ec2", max_attempts=4)
    attempts = count_attempts(ec2)
    rule = add_fault(cloudlife, kind="error", cloud="ec2", action="DescribeInstances",
                     code="RequestLimitExceeded", count=2)
    assert rule["http_status"] == 503
    ec2.describe_instances()  # two throttled attempts, then success
    assert len(attempts) == 3
    assert faults(cloudlife)[0]["hits"] == 2


def test_request_limit_exceeded_surfaces_after_the_clients_retries(cloudlife, ec2):
    add_fault(cloudlife, kind="error", cloud="ec2", code="RequestLimitExceeded")
    with pytest.raises(ClientError) as e:
        ec2.describe_instances()
    assert e.value.response["Error"]["Code"] == "RequestLimitExceeded"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503


def test_insufficient_capacity_for_one_zone_and_type_only(cloudlife, ec2):
    add_fault(cloudlife, kind="error", cloud="ec2", action="RunInstances",
              code="InsufficientInstanceCapacity",
              match={"zone": "us-east-1a", "instance_type": "c5.large"})
    with pytest.raises(ClientError) as e:
        launch(ec2, zone="us-east-1a", InstanceType="c5.large")
    assert e.value.response["Error"]["Code"] == "InsufficientInstanceCapacity"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert launch(ec2, zone="us-east-1b", InstanceType="c5.large")
    assert launch(ec2, zone="us-east-1a", InstanceType="t3.micro")
    assert ec2.describe_instances()["Reservations"].__len__() == 2  # the refused launch made nothing


def test_internal_error_is_retried_by_boto3(cloudlife):
    ec2 = cloudlife.client("ec2", max_attempts=3)
    attempts = count_attempts(ec2)
    add_fault(cloudlife, kind="error", code="InternalError", count=1)
    ec2.describe_instances()
    assert len(attempts) == 2


def test_count_and_delete_rules(cloudlife, ec2):
    rule = add_fault(cloudlife, kind="error", cloud="ec2", code="InternalError", count=1)
    listed = faults(cloudlife)
    assert [r["id"] for r in listed] == [rule["id"]]
    cloudlife.control("DELETE", f"/_cloudlife/faults/{rule['id']}")
    assert faults(cloudlife) == []
    ec2.describe_instances()


def test_probability_with_a_seed_is_reproducible(cloudlife, ec2):
    def run():
        cloudlife.control("DELETE", "/_cloudlife/faults")
        add_fault(cloudlife, kind="error", cloud="ec2", code="InvalidParameterValue",
                  message="injected", probability=0.5, seed=1234)
        outcome = []
        for _ in range(30):
            try:
                ec2.describe_instances()
                outcome.append(0)
            except ClientError:
                outcome.append(1)
        return outcome
    first, second = run(), run()
    assert first == second
    assert 0 < sum(first) < 30


def test_stuck_stopping_until_force(cloudlife, ec2):
    (iid,) = launch(ec2)
    add_fault(cloudlife, kind="stuck", transition="stopping", match={"instance_id": iid})
    ec2.stop_instances(InstanceIds=[iid])
    cloudlife.advance(3600)
    assert state_of(ec2, iid) == "stopping"
    resp = ec2.stop_instances(InstanceIds=[iid], Force=True)
    assert resp["StoppingInstances"][0]["PreviousState"]["Name"] == "stopping"
    assert state_of(ec2, iid) == "stopped"


def test_stuck_shutting_down_until_force(cloudlife, ec2):
    (iid,) = launch(ec2)
    add_fault(cloudlife, kind="stuck", transition="shutting-down")
    ec2.terminate_instances(InstanceIds=[iid])
    cloudlife.advance(600)
    assert state_of(ec2, iid) == "shutting-down"
    # Debian's botocore 1.29 predates TerminateInstances' Force: add it on the wire as newer SDKs do.
    def add_force(params, **_):
        params["body"]["Force"] = "true"
    ec2.meta.events.register("before-call.ec2.TerminateInstances", add_force)
    ec2.terminate_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "terminated"


def test_state_codes_with_a_high_byte_keep_the_low_byte(cloudlife, ec2):
    (iid,) = launch(ec2)
    add_fault(cloudlife, kind="state-code-high-byte", cloud="ec2")
    state = describe_one(ec2, iid)["State"]
    assert state["Code"] > 255
    assert state["Code"] & 0xFF == 16 and state["Name"] == "running"
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid])  # waiters use the name
    change = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"][0]
    assert change["CurrentState"]["Code"] & 0xFF == 64


def test_a_counted_high_byte_rule_is_used_only_by_an_answer_with_state_codes(cloudlife, ec2):
    iid, _ = launch(ec2, count=2)
    add_fault(cloudlife, kind="state-code-high-byte", cloud="ec2", count=1)
    # Answers without a state code leave the rule alone.
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "k", "Value": "v"}])
    ec2.describe_tags()
    ec2.describe_volumes()
    (rule,) = faults(cloudlife)
    assert rule["hits"] == 0 and rule["count"] == 1
    # The first answer that carries state codes uses it: every code in it has the same high byte.
    codes = [i["State"]["Code"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert all(c > 255 for c in codes) and len({c >> 8 for c in codes}) == 1
    assert faults(cloudlife)[0]["hits"] == 1
    assert describe_one(ec2, iid)["State"]["Code"] == 16  # used up


def test_every_cloud_matches_zone_type_and_instance_id(cloudlife):
    import json
    import urllib.error
    import urllib.request
    # Alibaba ECS: zone and instance type read from the request, as for EC2.
    add_fault(cloudlife, kind="error", cloud="ecs", action="RunInstances", code="OperationDenied.NoStock",
              match={"zone": "cn-hangzhou-i", "instance_type": "ecs.g7.large"}, http_status=403)
    def run(zone):
        url = (f"{cloudlife.endpoint}/?Action=RunInstances&Version=2014-05-26&RegionId=cn-hangzhou"
               f"&ZoneId={zone}&InstanceType=ecs.g7.large&ImageId=img&Format=JSON")
        return urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10)
    with pytest.raises(urllib.error.HTTPError) as e:
        run("cn-hangzhou-i")
    assert e.value.code == 403 and json.loads(e.value.read())["Code"] == "OperationDenied.NoStock"
    with run("cn-hangzhou-h") as ok:
        assert json.loads(ok.read())["InstanceIdSets"]["InstanceIdSet"]
    # Auto Scaling: the instance ID a request names.
    asg = cloudlife.client("autoscaling")
    add_fault(cloudlife, kind="error", cloud="autoscaling", code="ResourceContention",
              match={"instance_id": "i-0123456789abcdef0"})
    with pytest.raises(ClientError) as e:
        asg.set_instance_health(InstanceId="i-0123456789abcdef0", HealthStatus="Unhealthy")
    assert e.value.response["Error"]["Code"] == "ResourceContention"
    with pytest.raises(ClientError) as e:
        asg.set_instance_health(InstanceId="i-0123456789abcdef1", HealthStatus="Unhealthy")
    assert e.value.response["Error"]["Code"] != "ResourceContention"


def test_spot_interruption_notice_then_stop(cloudlife, ec2):
    (iid,) = launch(ec2, InstanceMarketOptions={
        "MarketType": "spot",
        "SpotOptions": {"SpotInstanceType": "persistent", "InstanceInterruptionBehavior": "stop"}})
    answer = cloudlife.control("POST", "/_cloudlife/faults",
                               {"kind": "spot-interruption", "instance_id": iid,
                                "notice_seconds": 120})
    assert answer["instance_id"] == iid
    cloudlife.advance(119)
    assert state_of(ec2, iid) == "running"
    cloudlife.advance(1)
    inst = describe_one(ec2, iid)
    assert inst["State"]["Name"] == "stopped"
    assert inst["StateReason"]["Code"] == "Server.SpotInstanceShutdown"
    assert inst["StateTransitionReason"].startswith("Service initiated (")


def test_spot_interruption_terminates_one_time_spot(cloudlife, ec2):
    (iid,) = launch(ec2, InstanceMarketOptions={"MarketType": "spot"})
    cloudlife.control("POST", "/_cloudlife/faults",
                      {"kind": "spot-interruption", "instance_id": iid, "notice_seconds": 0})
    inst = describe_one(ec2, iid)
    assert inst["State"]["Name"] == "terminated"
    assert inst["StateReason"]["Code"] == "Server.SpotInstanceTermination"


def test_os_initiated_shutdown_honours_the_shutdown_behaviour(cloudlife, ec2):
    stop_id, term_id = launch(ec2), launch(ec2, InstanceInitiatedShutdownBehavior="terminate")
    for iid in stop_id + term_id:
        cloudlife.control("POST", "/_cloudlife/faults", {"kind": "os-shutdown", "instance_id": iid})
    stopped = describe_one(ec2, stop_id[0])
    terminated = describe_one(ec2, term_id[0])
    assert stopped["State"]["Name"] == "stopped"
    assert terminated["State"]["Name"] == "terminated"
    for inst in (stopped, terminated):
        assert inst["StateReason"]["Code"] == "Client.InstanceInitiatedShutdown"


def test_scheduled_retirement_shows_in_instance_status_then_stops(cloudlife, ec2):
    (iid,) = launch(ec2)
    cloudlife.control("POST", "/_cloudlife/faults",
                      {"kind": "scheduled-retirement", "instance_id": iid, "in_seconds": 86400})
    status = ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"][0]
    assert [e["Code"] for e in status["Events"]] == ["instance-retirement"]
    filtered = ec2.describe_instance_status(
        Filters=[{"Name": "event.code", "Values": ["instance-retirement"]}])
    assert [s["InstanceId"] for s in filtered["InstanceStatuses"]] == [iid]
    cloudlife.advance(86400)
    assert state_of(ec2, iid) == "stopped"


def test_bad_fault_specs_are_refused(cloudlife):
    import urllib.error
    for bad in ({"kind": "nope"}, {"kind": "error"}, {"kind": "error", "code": "X", "count": 0},
                {"kind": "error", "code": "X", "probability": 2},
                {"kind": "spot-interruption"}):
        with pytest.raises(urllib.error.HTTPError) as e:
            cloudlife.control("POST", "/_cloudlife/faults", bad)
        assert e.value.code == 400
    assert faults(cloudlife) == []


def test_reset_clears_fault_rules(cloudlife, ec2):
    add_fault(cloudlife, kind="error", code="InternalError")
    cloudlife.reset()
    assert faults(cloudlife) == []
    ec2.describe_instances()


def test_auto_scaling_throttling_is_retried_by_boto3(cloudlife):
    asg = cloudlife.client("autoscaling", max_attempts=3)
    attempts = count_attempts(asg)
    rule = add_fault(cloudlife, kind="error", cloud="autoscaling",
                     action="DescribeAutoScalingGroups", code="Throttling", count=2)
    assert rule["http_status"] == 400
    assert asg.describe_auto_scaling_groups()["AutoScalingGroups"] == []
    assert len(attempts) == 3


def test_auto_scaling_contention_and_activity_in_progress(cloudlife):
    asg = cloudlife.client("autoscaling")
    attempts = count_attempts(asg)
    add_fault(cloudlife, kind="error", cloud="autoscaling", action="SetDesiredCapacity",
              code="ScalingActivityInProgress", count=1)
    with pytest.raises(ClientError) as e:
        asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2)
    assert e.value.response["Error"]["Code"] == "ScalingActivityInProgress"
    assert len(attempts) == 1  # a 400 that boto3 does not retry
    add_fault(cloudlife, kind="error", cloud="autoscaling", code="ResourceContention")
    with pytest.raises(ClientError) as e:
        asg.describe_auto_scaling_groups()
    assert e.value.response["Error"]["Code"] == "ResourceContention"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_ecs_throttling_and_unavailability_in_alibabas_envelope(cloudlife):
    import json
    import urllib.error
    import urllib.request
    add_fault(cloudlife, kind="error", cloud="ecs", action="DescribeInstances",
              code="Throttling.User", count=1)
    add_fault(cloudlife, kind="error", cloud="ecs", action="DescribeRegions",
              code="ServiceUnavailable", count=1)
    for action, code, status in (("DescribeInstances", "Throttling.User", 400),
                                 ("DescribeRegions", "ServiceUnavailable", 503)):
        url = (f"{cloudlife.endpoint}/?Action={action}&Version=2014-05-26&RegionId=cn-hangzhou"
               "&Format=JSON")
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(url, timeout=10)
        body = json.loads(e.value.read())
        assert e.value.code == status
        assert body["Code"] == code and body["RequestId"] and body["HostId"] and body["Message"]
        # The rule is used up: the next call reaches the service.
        with urllib.request.urlopen(url, timeout=10) as ok:
            assert "RequestId" in json.loads(ok.read())
