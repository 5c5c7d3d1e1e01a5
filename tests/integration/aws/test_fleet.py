"""EC2 Fleet (issue 12 §3) with boto3: instant / request / maintain fleets over launch template
overrides, per-pool errors from capacity pools, replacement over virtual time, deletion, history."""
import datetime

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, error_of, state_of


def template(ec2, name="lt-fleet", **data):
    data.setdefault("ImageId", IMAGE)
    return ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)[
        "LaunchTemplate"]["LaunchTemplateId"]


def config(lt_id, *overrides):
    return [{"LaunchTemplateSpecification": {"LaunchTemplateId": lt_id, "Version": "$Latest"},
             "Overrides": list(overrides)}]


def pools(cloudlife, *pools):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [
        {"zone": z, "instance_type": t, "market": m, "available": n} for z, t, m, n in pools]})


def test_an_instant_fleet_answers_its_instances_and_the_pools_that_could_not_deliver(cloudlife, ec2):
    lt = template(ec2)
    pools(cloudlife, ("us-east-1a", "c5.large", "on-demand", 0))
    answer = ec2.create_fleet(
        Type="instant",
        LaunchTemplateConfigs=config(lt, {"InstanceType": "c5.large", "AvailabilityZone": "us-east-1a", "Priority": 1},
                                     {"InstanceType": "m5.large", "AvailabilityZone": "us-east-1b", "Priority": 2}),
        TargetCapacitySpecification={"TotalTargetCapacity": 2, "DefaultTargetCapacityType": "on-demand"},
        OnDemandOptions={"AllocationStrategy": "prioritized"})
    assert answer["FleetId"].startswith("fleet-")
    [err] = answer["Errors"]
    assert err["ErrorCode"] == "InsufficientInstanceCapacity" and err["Lifecycle"] == "on-demand"
    assert err["LaunchTemplateAndOverrides"]["Overrides"]["InstanceType"] == "c5.large"
    assert "c5.large capacity in the Availability Zone you requested (us-east-1a)" in err["ErrorMessage"]
    [group] = answer["Instances"]
    assert group["InstanceType"] == "m5.large" and len(group["InstanceIds"]) == 2
    inst = ec2.describe_instances(InstanceIds=group["InstanceIds"][:1])["Reservations"][0]["Instances"][0]
    assert inst["Placement"]["AvailabilityZone"] == "us-east-1b"
    assert {"Key": "aws:ec2:fleet-id", "Value": answer["FleetId"]} in inst["Tags"]
    fleet = ec2.describe_fleets(FleetIds=[answer["FleetId"]])["Fleets"][0]
    assert fleet["Type"] == "instant" and fleet["FulfilledCapacity"] == 2.0


def test_every_pool_empty_is_unfulfillable(cloudlife, ec2):
    lt = template(ec2)
    pools(cloudlife, ("us-east-1a", "c5.large", "spot", 0), ("us-east-1b", "c5.large", "spot", 0))
    answer = ec2.create_fleet(
        Type="instant",
        LaunchTemplateConfigs=config(lt, {"InstanceType": "c5.large", "AvailabilityZone": "us-east-1a"},
                                     {"InstanceType": "c5.large", "AvailabilityZone": "us-east-1b"}),
        TargetCapacitySpecification={"TotalTargetCapacity": 1, "DefaultTargetCapacityType": "spot"},
        SpotOptions={"AllocationStrategy": "price-capacity-optimized"})
    assert answer["Instances"] == []
    codes = sorted(e["ErrorCode"] for e in answer["Errors"])
    assert codes == ["InsufficientInstanceCapacity", "InsufficientInstanceCapacity", "UnfulfillableCapacity"]


def test_lowest_price_spot_takes_the_cheapest_pool(cloudlife, ec2):
    lt = template(ec2)
    now = datetime.datetime.fromisoformat(cloudlife.clock()["now"].replace("Z", "+00:00"))
    prices = {}
    for z in ("us-east-1a", "us-east-1b", "us-east-1c"):
        [h] = ec2.describe_spot_price_history(InstanceTypes=["m5.large"], ProductDescriptions=["Linux/UNIX"],
                                              AvailabilityZone=z, StartTime=now)["SpotPriceHistory"]
        prices[z] = float(h["SpotPrice"])
    cheapest = min(prices, key=prices.get)
    answer = ec2.create_fleet(
        Type="instant",
        LaunchTemplateConfigs=config(lt, *[{"InstanceType": "m5.large", "AvailabilityZone": z} for z in prices]),
        TargetCapacitySpecification={"TotalTargetCapacity": 1, "DefaultTargetCapacityType": "spot"},
        SpotOptions={"AllocationStrategy": "lowest-price"})
    [group] = answer["Instances"]
    assert group["Lifecycle"] == "spot"
    assert group["LaunchTemplateAndOverrides"]["Overrides"]["AvailabilityZone"] == cheapest


def test_a_maintain_fleet_replaces_an_interrupted_instance(cloudlife, ec2):
    lt = template(ec2, InstanceType="c5.large")
    fleet_id = ec2.create_fleet(
        Type="maintain", LaunchTemplateConfigs=config(lt, {"AvailabilityZone": "us-east-1a"}),
        TargetCapacitySpecification={"TotalTargetCapacity": 2, "SpotTargetCapacity": 2,
                                     "DefaultTargetCapacityType": "spot"})["FleetId"]
    active = ec2.describe_fleet_instances(FleetId=fleet_id)["ActiveInstances"]
    assert len(active) == 2 and all(a["SpotInstanceRequestId"].startswith("sir-") for a in active)
    victim = active[0]["InstanceId"]
    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "spot-interruption", "instance_id": victim})
    cloudlife.advance(121)
    ec2.describe_instances()
    assert state_of(ec2, victim) == "terminated"
    now_active = [a["InstanceId"] for a in ec2.describe_fleet_instances(FleetId=fleet_id)["ActiveInstances"]]
    assert len(now_active) == 2 and victim not in now_active
    history = ec2.describe_fleet_history(FleetId=fleet_id, StartTime=datetime.datetime(2000, 1, 1))
    subs = [(r["EventType"], r["EventInformation"]["EventSubType"]) for r in history["HistoryRecords"]]
    assert subs.count(("instanceChange", "launched")) == 3
    assert ("instanceChange", "terminated") in subs and ("fleetRequestChange", "active") in subs


def test_a_request_fleet_waits_for_capacity(cloudlife, ec2):
    lt = template(ec2, InstanceType="c5.large")
    pools(cloudlife, ("us-east-1a", "c5.large", "on-demand", 0))
    fleet_id = ec2.create_fleet(
        Type="request", LaunchTemplateConfigs=config(lt, {"AvailabilityZone": "us-east-1a"}),
        TargetCapacitySpecification={"TotalTargetCapacity": 1, "DefaultTargetCapacityType": "on-demand"})["FleetId"]
    fleet = ec2.describe_fleets(FleetIds=[fleet_id])["Fleets"][0]
    assert fleet["ActivityStatus"] == "error" and fleet["FleetState"] == "active"
    cloudlife.control("DELETE", "/_cloudlife/capacity")
    cloudlife.advance(61)
    fleet = ec2.describe_fleets(FleetIds=[fleet_id])["Fleets"][0]
    assert fleet["ActivityStatus"] == "fulfilled" and fleet["FulfilledCapacity"] == 1.0


def test_delete_fleets_terminates_or_keeps_the_instances(cloudlife, ec2):
    lt = template(ec2, InstanceType="t3.micro")
    spec = dict(Type="maintain", LaunchTemplateConfigs=config(lt, {"AvailabilityZone": "us-east-1a"}),
                TargetCapacitySpecification={"TotalTargetCapacity": 1, "DefaultTargetCapacityType": "on-demand"})
    a = ec2.create_fleet(**spec)["FleetId"]
    b = ec2.create_fleet(**spec)["FleetId"]
    a_instance = ec2.describe_fleet_instances(FleetId=a)["ActiveInstances"][0]["InstanceId"]
    b_instance = ec2.describe_fleet_instances(FleetId=b)["ActiveInstances"][0]["InstanceId"]
    out = ec2.delete_fleets(FleetIds=[a, "fleet-00000000-0000-4000-8000-000000000000"], TerminateInstances=True)
    assert out["SuccessfulFleetDeletions"] == [
        {"FleetId": a, "PreviousFleetState": "active", "CurrentFleetState": "deleted_terminating"}]
    assert out["UnsuccessfulFleetDeletions"][0]["Error"]["Code"] == "fleetIdDoesNotExist"
    ec2.describe_instances()
    assert state_of(ec2, a_instance) == "terminated"
    assert ec2.describe_fleets(FleetIds=[a])["Fleets"][0]["FleetState"] == "deleted"
    ec2.delete_fleets(FleetIds=[b], TerminateInstances=False)
    assert ec2.describe_fleets(FleetIds=[b])["Fleets"][0]["FleetState"] == "deleted_running"
    assert state_of(ec2, b_instance) == "running"


def test_dry_run_and_bad_input_create_nothing(cloudlife, ec2):
    lt = template(ec2, InstanceType="t3.micro")
    good = dict(Type="instant", LaunchTemplateConfigs=config(lt, {"AvailabilityZone": "us-east-1a"}),
                TargetCapacitySpecification={"TotalTargetCapacity": 1, "DefaultTargetCapacityType": "on-demand"})
    with pytest.raises(ClientError) as e:
        ec2.create_fleet(DryRun=True, **good)
    assert error_of(e)[0] == "DryRunOperation"
    bad = [dict(good, Type="sometimes"),
           dict(good, TargetCapacitySpecification={"TotalTargetCapacity": 1, "OnDemandTargetCapacity": 2,
                                                   "DefaultTargetCapacityType": "on-demand"}),
           dict(good, LaunchTemplateConfigs=config("lt-0123456789abcdef0", {"InstanceType": "t3.micro"})),
           dict(good, SpotOptions={"AllocationStrategy": "cheapest"})]
    for kwargs in bad:
        with pytest.raises(ClientError):
            ec2.create_fleet(**kwargs)
    assert ec2.describe_fleets()["Fleets"] == []
    assert ec2.describe_instances()["Reservations"] == []
