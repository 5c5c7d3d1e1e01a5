"""Karpenter's launch path replayed against cloudlife (issue 12 §7), as
aws/karpenter-provider-aws pkg/providers/{pricing,launchtemplate,instance} issues it with the Go
SDK: the Spot price history it prices offerings from, the launch template it ensures, the
CreateFleet DryRun of its node-class validation, the instant CreateFleet over instance types ×
zonal subnets (overrides with InstanceType, SubnetId, ImageId, AvailabilityZone) where one pool is
empty, then CreateTags and TerminateInstances.

Not replayed here: DescribeInstanceTypes and DescribeInstanceTypeOfferings (built on another
branch; not on main when this test was written) — the instance types below stand for what those
calls answer."""
import base64
import datetime

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE

TYPES = ["m5.large", "c5.large", "m6i.large"]
TAGS = [{"Key": "karpenter.sh/nodepool", "Value": "default"},
        {"Key": "karpenter.k8s.aws/ec2nodeclass", "Value": "default"},
        {"Key": "kubernetes.io/cluster/test", "Value": "owned"}]


def zonal_subnets(ec2):
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    return {s["AvailabilityZone"]: s["SubnetId"] for s in subnets
            if s["AvailabilityZone"] in ("us-east-1a", "us-east-1b", "us-east-1c")}


def ensure_launch_template(ec2):
    # launchtemplate.DefaultProvider.createLaunchTemplate
    return ec2.create_launch_template(
        LaunchTemplateName="karpenter.k8s.aws/1234567890",
        LaunchTemplateData={
            "ImageId": IMAGE,
            "UserData": base64.b64encode(b"#!/bin/bash\n/etc/eks/bootstrap.sh test\n").decode(),
            "MetadataOptions": {"HttpEndpoint": "enabled", "HttpProtocolIpv6": "disabled",
                                "HttpPutResponseHopLimit": 1, "HttpTokens": "required"},
            "Monitoring": {"Enabled": False},
            "TagSpecifications": [{"ResourceType": "network-interface", "Tags": TAGS}],
        },
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": TAGS}],
    )["LaunchTemplate"]


def fleet_input(lt_name, overrides, capacity_type):
    request = dict(
        Type="instant",
        LaunchTemplateConfigs=[{"LaunchTemplateSpecification": {"LaunchTemplateName": lt_name,
                                                                "Version": "$Latest"},
                                "Overrides": overrides}],
        TargetCapacitySpecification={"DefaultTargetCapacityType": capacity_type, "TotalTargetCapacity": 1},
        TagSpecifications=[{"ResourceType": t, "Tags": TAGS} for t in ("instance", "volume", "fleet")])
    if capacity_type == "spot":
        request["SpotOptions"] = {"AllocationStrategy": "price-capacity-optimized"}
    else:
        request["OnDemandOptions"] = {"AllocationStrategy": "lowest-price"}
    return request


def overrides_for(subnets, types):
    # instance.DefaultProvider.getOverrides: the cross product of types and zonal subnets.
    return [{"InstanceType": t, "SubnetId": subnets[z], "ImageId": IMAGE, "AvailabilityZone": z}
            for t in types for z in sorted(subnets)]


def test_karpenter_launches_a_node_through_instant_fleets(cloudlife, ec2):
    now = datetime.datetime.fromisoformat(cloudlife.clock()["now"].replace("Z", "+00:00"))
    # pricing.DefaultProvider.UpdateSpotPricing
    prices = {}
    for page in ec2.get_paginator("describe_spot_price_history").paginate(
            ProductDescriptions=["Linux/UNIX", "Linux/UNIX (Amazon VPC)"], StartTime=now):
        for h in page["SpotPriceHistory"]:
            prices.setdefault((h["InstanceType"], h["AvailabilityZone"]), float(h["SpotPrice"]))
    assert all((t, "us-east-1a") in prices for t in TYPES)

    lt = ensure_launch_template(ec2)
    subnets = zonal_subnets(ec2)
    assert len(subnets) == 3

    # The cheapest on-demand pools (c5.large, 0.085 in the price model) are empty.
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [
        {"zone": z, "instance_type": "c5.large", "market": "on-demand", "available": 0}
        for z in subnets]})

    # The node class validation: CreateFleet with DryRun.
    with pytest.raises(ClientError) as e:
        ec2.create_fleet(DryRun=True, **fleet_input(lt["LaunchTemplateName"], overrides_for(subnets, TYPES), "on-demand"))
    assert e.value.response["Error"]["Code"] == "DryRunOperation"
    assert ec2.describe_fleets()["Fleets"] == []

    # instance.DefaultProvider.launchInstance, on-demand (lowest-price).
    out = ec2.create_fleet(**fleet_input(lt["LaunchTemplateName"], overrides_for(subnets, TYPES), "on-demand"))
    errors = out["Errors"]
    assert errors and {e["ErrorCode"] for e in errors} == {"InsufficientInstanceCapacity"}
    assert {e["LaunchTemplateAndOverrides"]["Overrides"]["InstanceType"] for e in errors} == {"c5.large"}
    assert all(e["Lifecycle"] == "on-demand" for e in errors)
    [launched] = out["Instances"]
    assert launched["InstanceType"] == "m5.large"  # the next cheapest (0.096)
    [instance_id] = launched["InstanceIds"]
    inst = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    assert inst["ImageId"] == IMAGE and inst["SubnetId"] in subnets.values()
    assert {"Key": "karpenter.sh/nodepool", "Value": "default"} in inst["Tags"]
    assert inst["MetadataOptions"]["HttpPutResponseHopLimit"] == 1

    # Spot: price-capacity-optimized avoids the pools without capacity.
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [
        {"zone": z, "instance_type": t, "market": "spot", "available": 0}
        for z in subnets for t in ("m5.large", "m6i.large")]})
    spot = ec2.create_fleet(**fleet_input(lt["LaunchTemplateName"], overrides_for(subnets, TYPES), "spot"))
    [spot_group] = spot["Instances"]
    assert spot_group["InstanceType"] == "c5.large" and spot_group["Lifecycle"] == "spot"
    spot_id = spot_group["InstanceIds"][0]

    # instance.DefaultProvider.CreateTags (the node claim's name), then the node's deletion.
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "Name", "Value": "ip-10-0-0-1.ec2.internal"},
                                                   {"Key": "karpenter.sh/nodeclaim", "Value": "default-abcde"}])
    tags = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["Tags"]
    assert {"Key": "karpenter.sh/nodeclaim", "Value": "default-abcde"} in tags
    out = ec2.terminate_instances(InstanceIds=[instance_id, spot_id])
    assert {i["CurrentState"]["Name"] for i in out["TerminatingInstances"]} <= {"shutting-down", "terminated"}
