"""Spot (issue 12 §2 and §4): Spot requests over virtual time, the price history, and
interruptions (fault event, rebalance recommendation, price), observed with boto3 and urllib."""
import datetime
import urllib.parse

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, error_of, launch, state_of


def request(ec2, count=1, zone="us-east-1a", instance_type="c5.large", **kw):
    spec = {"ImageId": IMAGE, "InstanceType": instance_type}
    if zone:
        spec["Placement"] = {"AvailabilityZone": zone}
    resp = ec2.request_spot_instances(InstanceCount=count, LaunchSpecification=spec, **kw)
    return [r["SpotInstanceRequestId"] for r in resp["SpotInstanceRequests"]]


def describe(ec2, rid):
    return ec2.describe_spot_instance_requests(SpotInstanceRequestIds=[rid])["SpotInstanceRequests"][0]


def service_events(cloudlife, **query):
    return cloudlife.control("GET", "/_cloudlife/service-events?" + urllib.parse.urlencode(query))["events"]


def now(cloudlife):
    return datetime.datetime.fromisoformat(cloudlife.clock()["now"].replace("Z", "+00:00"))


def test_a_one_time_request_is_fulfilled_and_closes_when_its_instance_ends(cloudlife, ec2):
    [rid] = request(ec2)
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("active", "fulfilled")
    iid = r["InstanceId"]
    assert r["LaunchedAvailabilityZone"] == "us-east-1a"
    inst = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
    assert inst["InstanceLifecycle"] == "spot" and inst["SpotInstanceRequestId"] == rid
    fulfilled = service_events(cloudlife, detail_type="EC2 Spot Instance Request Fulfillment")
    assert fulfilled[0]["event"]["detail"] == {"spot-instance-request-id": rid, "instance-id": iid}
    ec2.terminate_instances(InstanceIds=[iid])
    ec2.describe_instances()
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("closed", "instance-terminated-by-user")


def test_without_capacity_the_request_stays_open_until_there_is(cloudlife, ec2):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [
        {"zone": "us-east-1a", "instance_type": "c5.large", "market": "spot", "available": 0}]})
    [rid] = request(ec2)
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("open", "capacity-not-available")
    cloudlife.advance(600)
    assert describe(ec2, rid)["Status"]["Code"] == "capacity-not-available"
    cloudlife.control("DELETE", "/_cloudlife/capacity")
    cloudlife.advance(60)
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("active", "fulfilled")


def test_valid_until_expires_an_unfulfilled_request(cloudlife, ec2):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [
        {"zone": "us-east-1a", "instance_type": "c5.large", "market": "spot", "available": 0}]})
    [rid] = request(ec2, ValidUntil=now(cloudlife) + datetime.timedelta(minutes=5))
    cloudlife.advance(600)
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("closed", "schedule-expired")


def test_cancel_leaves_the_instance_running(cloudlife, ec2):
    [rid] = request(ec2)
    iid = describe(ec2, rid)["InstanceId"]
    answer = ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[rid])
    assert answer["CancelledSpotInstanceRequests"] == [{"SpotInstanceRequestId": rid, "State": "cancelled"}]
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("cancelled", "request-canceled-and-instance-running")
    assert state_of(ec2, iid) == "running"
    with pytest.raises(ClientError) as e:
        ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=["sir-00000000"])
    assert error_of(e)[0] == "InvalidSpotInstanceRequestID.NotFound"


def test_a_persistent_request_relaunches_after_an_interruption(cloudlife, ec2):
    [rid] = request(ec2, Type="persistent")
    first = describe(ec2, rid)["InstanceId"]
    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "spot-interruption", "instance_id": first})
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("active", "marked-for-termination")
    warning = service_events(cloudlife, detail_type="EC2 Spot Instance Interruption Warning")
    assert warning[0]["event"]["detail"] == {"instance-id": first, "instance-action": "terminate"}
    cloudlife.advance(120)
    ec2.describe_instances()
    assert state_of(ec2, first) == "terminated"
    r = describe(ec2, rid)
    assert r["State"] == "active" and r["InstanceId"] != first  # relaunched at once
    assert state_of(ec2, r["InstanceId"]) in ("pending", "running")


def test_a_one_time_request_closes_when_the_service_interrupts_it(cloudlife, ec2):
    [rid] = request(ec2)
    iid = describe(ec2, rid)["InstanceId"]
    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "spot-interruption", "instance_id": iid})
    cloudlife.advance(120)
    ec2.describe_instances()
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("closed", "instance-terminated-by-service")


def test_run_instances_spot_has_its_own_request(cloudlife, ec2):
    [iid] = launch(ec2, InstanceType="c5.large", InstanceMarketOptions={"MarketType": "spot"})
    inst = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
    r = describe(ec2, inst["SpotInstanceRequestId"])
    assert (r["State"], r["Status"]["Code"], r["InstanceId"], r["Type"]) == (
        "active", "fulfilled", iid, "one-time")


def test_the_price_history_moves_hourly_and_pages(cloudlife, ec2):
    start = now(cloudlife) - datetime.timedelta(hours=5)
    kw = dict(InstanceTypes=["c5.large"], ProductDescriptions=["Linux/UNIX"],
              AvailabilityZone="us-east-1a", StartTime=start)
    history = ec2.describe_spot_price_history(**kw)["SpotPriceHistory"]
    assert 6 <= len(history) <= 7
    stamps = [h["Timestamp"] for h in history]
    assert stamps == sorted(stamps, reverse=True)
    assert len({h["SpotPrice"] for h in history}) > 1  # it moves
    assert all(0 < float(h["SpotPrice"]) for h in history)
    assert ec2.describe_spot_price_history(**kw)["SpotPriceHistory"] == history  # deterministic
    pages, token = [], None
    while True:
        page = ec2.describe_spot_price_history(MaxResults=2, **({"NextToken": token} if token else {}), **kw)
        pages += page["SpotPriceHistory"]
        token = page.get("NextToken")
        if not token:
            break
    assert pages == history
    paginated = [h for p in ec2.get_paginator("describe_spot_price_history").paginate(
        PaginationConfig={"PageSize": 3}, **kw) for h in p["SpotPriceHistory"]]
    assert paginated == history


def test_a_max_price_below_the_moving_price_interrupts(cloudlife, ec2):
    history = ec2.describe_spot_price_history(
        InstanceTypes=["c5.large"], ProductDescriptions=["Linux/UNIX"], AvailabilityZone="us-east-1a",
        StartTime=now(cloudlife))["SpotPriceHistory"]
    current = float(history[0]["SpotPrice"])
    with pytest.raises(ClientError) as e:
        launch(ec2, InstanceType="c5.large", InstanceMarketOptions={
            "MarketType": "spot", "SpotOptions": {"MaxPrice": "%.6f" % (current / 2)}})
    assert error_of(e)[0] == "SpotMaxPriceTooLow"
    [rid] = request(ec2, SpotPrice="%.6f" % current)
    r = describe(ec2, rid)
    assert r["State"] == "active"
    iid = r["InstanceId"]
    # Within a day of hourly moves the price passes a maximum equal to the current price.
    for _ in range(48):
        cloudlife.advance(3600)
        if describe(ec2, rid)["State"] != "active" or describe(ec2, rid)["Status"]["Code"] == "marked-for-termination":
            break
    cloudlife.advance(180)
    ec2.describe_instances()
    r = describe(ec2, rid)
    assert (r["State"], r["Status"]["Code"]) == ("closed", "instance-terminated-by-price")
    assert state_of(ec2, iid) == "terminated"


def test_a_rebalance_recommendation_shows_in_imds_and_the_events(cloudlife, ec2):
    [rid] = request(ec2)
    iid = describe(ec2, rid)["InstanceId"]
    ec2.describe_instances()
    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "rebalance-recommendation", "instance_id": iid})
    status, body = imds_get(cloudlife, iid, "latest/meta-data/events/recommendations/rebalance")
    assert status == 200 and body.startswith('{"noticeTime":"')
    events = service_events(cloudlife, detail_type="EC2 Instance Rebalance Recommendation")
    assert events[0]["event"]["detail"] == {"instance-id": iid}
    [on_demand] = launch(ec2)
    with pytest.raises(Exception):
        cloudlife.control("POST", "/_cloudlife/faults", {"kind": "rebalance-recommendation",
                                                        "instance_id": on_demand})


def imds_get(cloudlife, iid, path):
    import urllib.request, urllib.error
    req = urllib.request.Request(f"{cloudlife.endpoint}/_cloudlife/imds/{iid}/latest/api/token",
                                 method="PUT", data=b"",
                                 headers={"X-aws-ec2-metadata-token-ttl-seconds": "300"})
    token = urllib.request.urlopen(req, timeout=10).read().decode()
    req = urllib.request.Request(f"{cloudlife.endpoint}/_cloudlife/imds/{iid}/{path}",
                                 headers={"X-aws-ec2-metadata-token": token})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_the_interruption_notice_is_in_imds(cloudlife, ec2):
    [rid] = request(ec2)
    iid = describe(ec2, rid)["InstanceId"]
    ec2.describe_instances()
    assert imds_get(cloudlife, iid, "latest/meta-data/spot/instance-action")[0] == 404
    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "spot-interruption", "instance_id": iid})
    status, body = imds_get(cloudlife, iid, "latest/meta-data/spot/instance-action")
    assert status == 200
    assert body.startswith('{"action":"terminate","time":"')


def test_bad_requests_are_refused(cloudlife, ec2):
    with pytest.raises(ClientError) as e:
        request(ec2, Type="sometimes")
    assert error_of(e)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        request(ec2, InstanceInterruptionBehavior="stop")
    assert error_of(e)[0] == "InvalidParameterCombination"
    with pytest.raises(ClientError) as e:
        request(ec2, SpotPrice="cheap")
    assert error_of(e)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        request(ec2, DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    assert ec2.describe_spot_instance_requests()["SpotInstanceRequests"] == []
