"""Usage, billing and leaks on the virtual clock (issue 18, docs/teardown.md), through boto3 and
the control plane over HTTP, on a frozen clock."""
import os
import tempfile
import urllib.error

import pytest

from conftest import IMAGE, launch
from test_persistence import Server


def usage(cloudlife, **query):
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return cloudlife.control("GET", "/_cloudlife/usage" + (f"?{qs}" if qs else ""))


def resource(report, rid, rtype):
    rows = [r for r in report["resources"] if r["id"] == rid and r["type"] == rtype]
    assert len(rows) == 1, report
    return rows[0]


def test_start_stop_after_30s_and_start_again_bills_60s_plus_60s(cloudlife, ec2):
    (iid,) = launch(ec2)
    cloudlife.advance(30)
    ec2.stop_instances(InstanceIds=[iid])
    cloudlife.advance(10)  # stopped: free
    ec2.start_instances(InstanceIds=[iid])
    cloudlife.advance(30)
    ec2.stop_instances(InstanceIds=[iid])
    cloudlife.advance(600)

    row = resource(usage(cloudlife), iid, "instance")
    assert row["cloud"] == "ec2" and row["unit"] == "s"
    assert [i["quantity"] for i in row["intervals"]] == [60, 60]
    assert row["quantity"] == 120


def test_a_running_instance_bills_per_second_after_the_first_minute(cloudlife, ec2):
    (iid,) = launch(ec2)
    cloudlife.advance(10)
    assert resource(usage(cloudlife), iid, "instance")["quantity"] == 60
    cloudlife.advance(80)
    assert resource(usage(cloudlife), iid, "instance")["quantity"] == 90


def test_a_stopped_instance_is_free_but_its_volume_keeps_billing(cloudlife, ec2):
    (iid,) = launch(ec2, BlockDeviceMappings=[
        {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 10, "VolumeType": "gp3"}}])
    cloudlife.advance(100)
    ec2.stop_instances(InstanceIds=[iid])
    cloudlife.advance(1000)

    report = usage(cloudlife)
    assert resource(report, iid, "instance")["quantity"] == 100
    vol_id = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0][
        "BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    volume = resource(report, vol_id, "volume")
    assert volume["unit"] == "GiB-s"
    assert volume["quantity"] == 10 * 1100  # created with the instance, billed while stopped
    assert volume["intervals"][0]["end"] is None
    assert volume["intervals"][0]["sku"] == "gp3"


def test_the_public_ipv4_address_bills_per_hour_while_held(cloudlife, ec2):
    (iid,) = launch(ec2)
    cloudlife.advance(1800)
    ec2.stop_instances(InstanceIds=[iid])
    cloudlife.advance(3600)
    ip = resource(usage(cloudlife), iid, "public-ipv4")
    assert ip["unit"] == "h" and ip["quantity"] == pytest.approx(0.5)


def test_a_later_attached_volume_is_a_leak_after_terminate(cloudlife, ec2):
    (iid,) = launch(ec2)
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=20, VolumeType="gp3")["VolumeId"]
    ec2.attach_volume(VolumeId=vol, InstanceId=iid, Device="/dev/sdf")
    cloudlife.advance(5)
    assert cloudlife.control("GET", "/_cloudlife/leaks")["leaks"] == []

    ec2.terminate_instances(InstanceIds=[iid])
    cloudlife.advance(60)
    terminated_at = cloudlife.clock()["epoch_ms"] - 60_000

    leaks = cloudlife.control("GET", "/_cloudlife/leaks")["leaks"]
    assert [(l["id"], l["cloud"], l["type"]) for l in leaks] == [(vol, "ec2", "volume")]
    assert iid in leaks[0]["reason"] and "DeleteOnTermination false" in leaks[0]["reason"]
    assert leaks[0]["since_epoch_ms"] == terminated_at
    # The leaked volume keeps billing; the root volume went with the instance (no leak, closed).
    assert resource(usage(cloudlife), vol, "volume")["intervals"][0]["end"] is None

    ec2.delete_volume(VolumeId=vol)
    cloudlife.advance(10)
    assert cloudlife.control("GET", "/_cloudlife/leaks")["leaks"] == []
    assert resource(usage(cloudlife), vol, "volume")["intervals"][0]["end"] is not None


def test_a_volume_never_attached_is_a_leak_from_its_creation(cloudlife, ec2):
    created = cloudlife.clock()["epoch_ms"]
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=5)["VolumeId"]
    cloudlife.advance(1)
    (leak,) = cloudlife.control("GET", "/_cloudlife/leaks?region=us-east-1")["leaks"]
    assert leak["id"] == vol and "never attached" in leak["reason"]
    assert leak["since_epoch_ms"] == created
    assert cloudlife.control("GET", "/_cloudlife/leaks?region=eu-west-1")["leaks"] == []


def test_group_by_tag_and_priced_amounts(cloudlife, ec2):
    tagged = launch(ec2, InstanceType="t3.micro", TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "blue"}]}])[0]
    launch(ec2, InstanceType="t3.micro")
    cloudlife.advance(3600)

    report = usage(cloudlife, group_by="tag:team", priced="true")
    blue = [t for t in report["totals"] if t["group"] == "blue" and t["unit"] == "s"]
    assert blue == [{"group": "blue", "unit": "s", "quantity": 3600,
                     "amount": pytest.approx(0.0104), "currency": "USD"}]
    row = resource(report, tagged, "instance")
    assert row["intervals"][0]["price"]["source"].startswith("https://aws.amazon.com/ec2/pricing")
    assert row["intervals"][0]["price"]["date"]


def test_an_unknown_price_is_unknown_not_zero_and_prices_can_be_replaced(cloudlife, ec2):
    (iid,) = launch(ec2, InstanceType="i4i.large")
    cloudlife.advance(3600)
    row = resource(usage(cloudlife, priced="true"), iid, "instance")
    assert row["amount"] is None and row["price"] == "unknown"
    assert row["intervals"][0]["price"] == "unknown"

    rates = {"currency": "EUR", "facts": [
        {"cloud": "ec2", "region": "*", "type": "instance", "sku": "i4i.large", "amount": 2.0,
         "per": "hour", "source": "our contract", "date": "2026-01-01"}]}
    assert cloudlife.control("PUT", "/_cloudlife/prices", rates)["currency"] == "EUR"
    row = resource(usage(cloudlife, priced="true"), iid, "instance")
    assert row["amount"] == pytest.approx(2.0) and row["currency"] == "EUR"

    with pytest.raises(urllib.error.HTTPError) as bad:
        cloudlife.control("PUT", "/_cloudlife/prices", {"facts": [{"cloud": "ec2"}]})
    assert bad.value.code == 400
    assert cloudlife.control("GET", "/_cloudlife/prices")["currency"] == "EUR"  # unchanged


def test_the_window_and_filters(cloudlife, ec2):
    (iid,) = launch(ec2)
    start = cloudlife.clock()["epoch_ms"]
    cloudlife.advance(300)
    row = resource(usage(cloudlife, **{"from": start + 100_000, "to": start + 200_000}),
                   iid, "instance")
    assert row["quantity"] == 100  # the minimum applies to a start inside the window only
    assert usage(cloudlife, cloud="ecs")["resources"] == []
    assert usage(cloudlife, account="000000000000")["resources"] == []
    for bad in ("group_by=zone", "priced=yes", "from=yesterday", "colour=red"):
        with pytest.raises(urllib.error.HTTPError) as e:
            cloudlife.control("GET", "/_cloudlife/usage?" + bad)
        assert e.value.code == 400


def test_hibernating_bills_while_stopping_like_the_cloud(cloudlife, ec2):
    cloudlife.timing("instant", {"stopping": 20})
    (iid,) = launch(ec2, HibernationOptions={"Configured": True}, BlockDeviceMappings=[
        {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 10, "Encrypted": True}}])
    (plain,) = launch(ec2)
    cloudlife.advance(100)
    ec2.stop_instances(InstanceIds=[iid], Hibernate=True)
    ec2.stop_instances(InstanceIds=[plain])
    cloudlife.advance(100)
    report = usage(cloudlife)
    assert resource(report, iid, "instance")["quantity"] == 120  # stopping to hibernate bills
    assert resource(report, plain, "instance")["quantity"] == 100


def test_a_persisted_server_reports_the_same_usage_after_a_restart():
    with tempfile.TemporaryDirectory() as state_dir:
        server = Server(state_dir, "--clock", "frozen")
        try:
            ec2 = server.client()
            (iid,) = launch(ec2)
            vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=3)["VolumeId"]
            server.control("POST", "/_cloudlife/clock/advance", {"seconds": 45})
            ec2.stop_instances(InstanceIds=[iid])
            server.control("POST", "/_cloudlife/clock/advance", {"seconds": 20})
            ec2.start_instances(InstanceIds=[iid])
            server.control("POST", "/_cloudlife/clock/advance", {"seconds": 200})
            ec2.terminate_instances(InstanceIds=[iid])
            server.control("POST", "/_cloudlife/clock/advance", {"seconds": 5})
            before = server.control("GET", "/_cloudlife/usage?priced=true")
            leaks_before = server.control("GET", "/_cloudlife/leaks")
        finally:
            server.kill()
        assert resource(before, iid, "instance")["quantity"] == 60 + 200
        assert [l["id"] for l in leaks_before["leaks"]] == [vol]

        again = Server(state_dir)
        try:
            assert again.control("GET", "/_cloudlife/usage?priced=true") == before
            assert again.control("GET", "/_cloudlife/leaks") == leaks_before
        finally:
            again.stop()


def test_auto_scaling_members_are_metered_as_the_instances_they_are(cloudlife, ec2):
    from conftest import create_group_with_launch_configuration, describe_group
    asg = cloudlife.client("autoscaling")
    create_group_with_launch_configuration(asg, "web", 2, 0, 4, ["us-east-1a", "us-east-1b"])
    cloudlife.advance(120)
    ids = sorted(i["InstanceId"] for i in describe_group(asg, "web")["Instances"])
    asg.update_auto_scaling_group(AutoScalingGroupName="web", MinSize=0, DesiredCapacity=0)
    cloudlife.advance(600)
    report = usage(cloudlife, group_by="tag:aws:autoscaling:groupName")
    rows = [r for r in report["resources"] if r["type"] == "instance"]
    assert sorted(r["id"] for r in rows) == ids
    assert all(r["quantity"] == 120 for r in rows), rows
    assert {"group": "web", "unit": "s", "quantity": 240} in report["totals"]
