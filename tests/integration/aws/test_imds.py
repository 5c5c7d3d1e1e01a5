"""Instance metadata (issue 12 §6): /_cloudlife/imds/{instance-id}/ serves IMDS for every instance,
values agreeing with DescribeInstances, read with urllib and with botocore's own IMDS client."""
import base64
import json
import urllib.error
import urllib.request

import pytest

from conftest import IMAGE, launch, describe_one


def imds(cloudlife, iid, path, method="GET", headers=None):
    req = urllib.request.Request(f"{cloudlife.endpoint}/_cloudlife/imds/{iid}/{path}",
                                 method=method, headers=headers or {},
                                 data=b"" if method == "PUT" else None)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def token(cloudlife, iid, ttl=21600):
    status, body = imds(cloudlife, iid, "latest/api/token", "PUT",
                        {"X-aws-ec2-metadata-token-ttl-seconds": str(ttl)})
    assert status == 200, body
    return body


def get(cloudlife, iid, path, tok):
    return imds(cloudlife, iid, "latest/" + path, headers={"X-aws-ec2-metadata-token": tok})


def test_meta_data_agrees_with_describe_instances(cloudlife, ec2):
    [iid] = launch(ec2, zone="us-east-1b", InstanceType="c5.large")
    ec2.describe_instances()
    inst = describe_one(ec2, iid)
    tok = token(cloudlife, iid)
    expect = {
        "meta-data/instance-id": iid,
        "meta-data/ami-id": inst["ImageId"],
        "meta-data/instance-type": "c5.large",
        "meta-data/instance-life-cycle": "on-demand",
        "meta-data/local-ipv4": inst["PrivateIpAddress"],
        "meta-data/local-hostname": inst["PrivateDnsName"],
        "meta-data/public-ipv4": inst["PublicIpAddress"],
        "meta-data/public-hostname": inst["PublicDnsName"],
        "meta-data/mac": inst["NetworkInterfaces"][0]["MacAddress"],
        "meta-data/placement/availability-zone": "us-east-1b",
        "meta-data/placement/availability-zone-id": inst["Placement"].get(
            "AvailabilityZoneId", get(cloudlife, iid, "meta-data/placement/availability-zone-id", tok)[1]),
        "meta-data/placement/region": "us-east-1",
        "meta-data/reservation-id": describe_reservation(ec2, iid),
    }
    for path, value in expect.items():
        assert get(cloudlife, iid, path, tok) == (200, value), path
    mac = inst["NetworkInterfaces"][0]["MacAddress"]
    base = f"meta-data/network/interfaces/macs/{mac}/"
    assert get(cloudlife, iid, base + "subnet-id", tok) == (200, inst["SubnetId"])
    assert get(cloudlife, iid, base + "vpc-id", tok) == (200, inst["VpcId"])
    assert get(cloudlife, iid, base + "interface-id", tok) == (
        200, inst["NetworkInterfaces"][0]["NetworkInterfaceId"])
    assert get(cloudlife, iid, base + "security-group-ids", tok) == (
        200, "\n".join(g["GroupId"] for g in inst["SecurityGroups"]))
    status, listing = get(cloudlife, iid, "meta-data/", tok)
    assert status == 200
    for entry in ["ami-id", "instance-id", "instance-type", "local-ipv4", "mac", "placement/",
                  "network/", "security-groups", "public-ipv4"]:
        assert entry in listing.split("\n")
    assert "spot/" not in listing and "tags/" not in listing
    assert get(cloudlife, iid, "meta-data/nonsense", tok)[0] == 404
    # Stopping gives the public address back: the metadata says so at once.
    ec2.stop_instances(InstanceIds=[iid])
    assert imds(cloudlife, iid, "latest/meta-data/public-ipv4",
                headers={"X-aws-ec2-metadata-token": tok})[0] in (404,)


def describe_reservation(ec2, iid):
    return ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["ReservationId"]


def test_tokens_are_required_when_http_tokens_is_required(cloudlife, ec2):
    [required] = launch(ec2, MetadataOptions={"HttpTokens": "required"})
    [optional] = launch(ec2, MetadataOptions={"HttpTokens": "optional"})
    assert imds(cloudlife, required, "latest/meta-data/instance-id")[0] == 401
    assert imds(cloudlife, optional, "latest/meta-data/instance-id") == (200, optional)
    # A token of another instance, a made-up one and an expired one are refused.
    other = token(cloudlife, optional)
    assert get(cloudlife, required, "meta-data/instance-id", other)[0] == 401
    assert get(cloudlife, required, "meta-data/instance-id", "AQAEAnonsense")[0] == 401
    short = token(cloudlife, required, ttl=60)
    assert get(cloudlife, required, "meta-data/instance-id", short) == (200, required)
    cloudlife.advance(61)
    assert get(cloudlife, required, "meta-data/instance-id", short)[0] == 401
    # A token on an optional instance must still be valid.
    assert get(cloudlife, optional, "meta-data/instance-id", "AQAEAnonsense")[0] == 401


def test_token_ttl_must_be_between_1_and_21600_seconds(cloudlife, ec2):
    [iid] = launch(ec2)
    for ttl in ["0", "21601", "x", ""]:
        status, _ = imds(cloudlife, iid, "latest/api/token", "PUT",
                         {"X-aws-ec2-metadata-token-ttl-seconds": ttl})
        assert status == 400, ttl
    assert imds(cloudlife, iid, "latest/api/token", "PUT")[0] == 400
    assert imds(cloudlife, iid, "latest/api/token")[0] == 405


def test_a_disabled_endpoint_answers_404(cloudlife, ec2):
    [iid] = launch(ec2, MetadataOptions={"HttpEndpoint": "disabled"})
    assert imds(cloudlife, iid, "latest/meta-data/instance-id")[0] == 404
    assert imds(cloudlife, iid, "latest/api/token", "PUT",
                {"X-aws-ec2-metadata-token-ttl-seconds": "60"})[0] == 404


def test_unknown_and_malformed_instances(cloudlife):
    assert imds(cloudlife, "i-0123456789abcdef0", "latest/meta-data/")[0] == 404
    assert imds(cloudlife, "nonsense", "latest/meta-data/")[0] == 400


def test_user_data_and_the_identity_document(cloudlife, ec2):
    script = "#!/bin/sh\necho hello\n"
    [iid] = launch(ec2, UserData=script, InstanceType="m5.large")
    ec2.describe_instances()
    tok = token(cloudlife, iid)
    assert get(cloudlife, iid, "user-data", tok) == (200, script)
    status, body = get(cloudlife, iid, "dynamic/instance-identity/document", tok)
    doc = json.loads(body)
    inst = describe_one(ec2, iid)
    assert doc["instanceId"] == iid and doc["instanceType"] == "m5.large"
    assert doc["accountId"] == "123456789012" and doc["region"] == "us-east-1"
    assert doc["availabilityZone"] == inst["Placement"]["AvailabilityZone"]
    assert doc["privateIp"] == inst["PrivateIpAddress"] and doc["imageId"] == IMAGE
    [bare] = launch(ec2)
    assert get(cloudlife, bare, "user-data", token(cloudlife, bare))[0] == 404


def test_instance_tags_only_when_enabled(cloudlife, ec2):
    [iid] = launch(ec2, MetadataOptions={"InstanceMetadataTags": "enabled"},
                   TagSpecifications=[{"ResourceType": "instance",
                                       "Tags": [{"Key": "Name", "Value": "web"}]}])
    tok = token(cloudlife, iid)
    assert get(cloudlife, iid, "meta-data/tags/instance/", tok) == (200, "Name")
    assert get(cloudlife, iid, "meta-data/tags/instance/Name", tok) == (200, "web")
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "team", "Value": "blue"}])
    assert get(cloudlife, iid, "meta-data/tags/instance/team", tok) == (200, "blue")


def test_botocores_imds_client_reads_one_instance(cloudlife, ec2, monkeypatch):
    import botocore.session
    from botocore.utils import IMDSRegionProvider
    [iid] = launch(ec2, zone="us-east-1c")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT",
                       f"{cloudlife.endpoint}/_cloudlife/imds/{iid}/")
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED", raising=False)
    # What boto3 does to find its region on an instance: IMDSv2 token, then the placement.
    assert IMDSRegionProvider(botocore.session.Session()).provide() == "us-east-1"
