"""Capacity pools (issue 12 §1): PUT/GET/DELETE /_cloudlife/capacity and the launches they refuse,
observed with boto3."""
import json
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, launch, error_of, create_group_with_launch_configuration, describe_group


def put_pools(cloudlife, *pools):
    return cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": list(pools)})


def pools(cloudlife):
    return cloudlife.control("GET", "/_cloudlife/capacity")["pools"]


def raw(cloudlife, method, path, body):
    req = urllib.request.Request(cloudlife.endpoint + path, data=body, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def pool(zone="us-east-1a", instance_type="c5.large", market="on-demand", available=2):
    return {"region": "us-east-1", "zone": zone, "instance_type": instance_type, "market": market,
            "available": available}


def test_a_pool_is_listed_with_what_remains(cloudlife, ec2):
    put_pools(cloudlife, pool(available=3))
    launch(ec2, zone="us-east-1a", InstanceType="c5.large")
    assert pools(cloudlife) == [dict(pool(available=3), remaining=2)]
    assert cloudlife.control("DELETE", "/_cloudlife/capacity") == {"pools": []}
    assert pools(cloudlife) == []


def test_a_launch_beyond_the_pool_is_refused_with_ec2s_message(cloudlife, ec2):
    put_pools(cloudlife, pool(available=1), pool(zone="us-east-1b", available=0))
    launch(ec2, zone="us-east-1a", InstanceType="c5.large")
    with pytest.raises(ClientError) as e:
        launch(ec2, zone="us-east-1a", InstanceType="c5.large")
    code, status, message = error_of(e)
    assert (code, status) == ("InsufficientInstanceCapacity", 500)
    # us-east-1b has a pool with nothing left; unlisted zones are unlimited.
    others = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]
              if z["ZoneName"] not in ("us-east-1a", "us-east-1b")]
    assert message == (
        "We currently do not have sufficient c5.large capacity in the Availability Zone you "
        "requested (us-east-1a). Our system will be working on provisioning additional capacity. "
        "You can currently get c5.large capacity by not specifying an Availability Zone in your "
        "request or choosing " + ", ".join(others) + ".")
    # Another type, another zone and the Spot market of the same type are other pools.
    launch(ec2, zone="us-east-1a", InstanceType="c5.xlarge")
    launch(ec2, zone="us-east-1c", InstanceType="c5.large")
    launch(ec2, zone="us-east-1a", InstanceType="c5.large",
           InstanceMarketOptions={"MarketType": "spot"})


def test_min_count_is_honoured(cloudlife, ec2):
    put_pools(cloudlife, pool(available=3))
    resp = ec2.run_instances(ImageId=IMAGE, InstanceType="c5.large", MinCount=2, MaxCount=5,
                             Placement={"AvailabilityZone": "us-east-1a"})
    assert len(resp["Instances"]) == 3
    with pytest.raises(ClientError) as e:
        ec2.run_instances(ImageId=IMAGE, InstanceType="c5.large", MinCount=1, MaxCount=1,
                          Placement={"AvailabilityZone": "us-east-1a"})
    assert error_of(e)[0] == "InsufficientInstanceCapacity"
    put_pools(cloudlife, pool(available=4))
    with pytest.raises(ClientError):  # one left, two asked as a minimum: none launch
        ec2.run_instances(ImageId=IMAGE, InstanceType="c5.large", MinCount=2, MaxCount=2,
                          Placement={"AvailabilityZone": "us-east-1a"})
    assert pools(cloudlife)[0]["remaining"] == 1
    assert sum(len(r["Instances"]) for r in ec2.describe_instances()["Reservations"]) == 3


def test_stopped_and_terminated_instances_give_capacity_back(cloudlife, ec2):
    put_pools(cloudlife, pool(available=2))
    a, b = launch(ec2, count=2, zone="us-east-1a", InstanceType="c5.large")
    assert pools(cloudlife)[0]["remaining"] == 0
    ec2.stop_instances(InstanceIds=[a])
    assert pools(cloudlife)[0]["remaining"] == 1
    ec2.terminate_instances(InstanceIds=[b])
    assert pools(cloudlife)[0]["remaining"] == 2
    launch(ec2, count=2, zone="us-east-1a", InstanceType="c5.large")
    with pytest.raises(ClientError) as e:  # the stopped one cannot start while the pool is full
        ec2.start_instances(InstanceIds=[a])
    assert error_of(e)[:2] == ("InsufficientInstanceCapacity", 500)


def test_without_a_zone_ec2_places_the_launch_where_there_is_capacity(cloudlife, ec2):
    put_pools(cloudlife, pool(zone="us-east-1a", available=0), pool(zone="us-east-1b", available=0))
    for _ in range(3):
        resp = ec2.run_instances(ImageId=IMAGE, InstanceType="c5.large", MinCount=1, MaxCount=1)
        assert resp["Instances"][0]["Placement"]["AvailabilityZone"] not in ("us-east-1a", "us-east-1b")


def test_bad_pools_are_refused_and_change_nothing(cloudlife):
    put_pools(cloudlife, pool(available=2))
    for body in [b"{", b"[]", b'{"pools": 3}', b'{"pools": [], "extra": 1}',
                 json.dumps({"pools": [pool(zone="eu-west-1a")]}).encode(),
                 json.dumps({"pools": [pool(market="reserved")]}).encode(),
                 json.dumps({"pools": [pool(available=-1)]}).encode(),
                 json.dumps({"pools": [pool(available=1.5)]}).encode(),
                 json.dumps({"pools": [pool(instance_type="huge")]}).encode(),
                 json.dumps({"pools": [pool(), pool()]}).encode(),
                 json.dumps({"pools": [dict(pool(), colour="red")]}).encode()]:
        status, answer = raw(cloudlife, "PUT", "/_cloudlife/capacity", body)
        assert status == 400, body
        assert answer["error"]
    assert pools(cloudlife) == [dict(pool(available=2), remaining=2)]
    assert raw(cloudlife, "POST", "/_cloudlife/capacity", b"{}")[0] == 405


def test_reset_clears_the_pools(cloudlife):
    put_pools(cloudlife, pool(available=2))
    cloudlife.reset()
    assert pools(cloudlife) == []


def test_auto_scaling_records_the_failed_launch_and_uses_its_other_zones(cloudlife, ec2, asg):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [
        {"zone": "us-east-1a", "instance_type": "t3.micro", "available": 0}]})
    create_group_with_launch_configuration(asg, "web", 4, 0, 6)
    cloudlife.advance(60)
    group = describe_group(asg)
    zones = [i["AvailabilityZone"] for i in group["Instances"]]
    assert len(zones) == 4 and "us-east-1a" not in zones
    activities = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    failed = [a for a in activities if a["StatusCode"] == "Failed"]
    assert failed
    assert "We currently do not have sufficient t3.micro capacity in the Availability Zone you " \
           "requested (us-east-1a)" in failed[0]["StatusMessage"]
