"""RunInstances and DescribeInstances through boto3, asserted against documented EC2 behaviour
(issue 2 §4, §5, §7).

Every test starts from a reset server on a frozen clock with the instant profile (conftest.py).
"""
import base64
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, INSTANCE_STORE_IMAGE, describe_one, error_of, launch, state_of


def all_instances(ec2, **kwargs):
    out = []
    for r in ec2.describe_instances(**kwargs)["Reservations"]:
        out.extend(r["Instances"])
    return out


def all_ids(ec2, **kwargs):
    return sorted(i["InstanceId"] for i in all_instances(ec2, **kwargs))


def ids_for(ec2, name, *values):
    return all_ids(ec2, Filters=[{"Name": name, "Values": list(values)}])


# --------------------------------------------------------------------------------------------
# RunInstances
# --------------------------------------------------------------------------------------------

def test_run_instances_launches_max_count_in_one_reservation(ec2):
    resp = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=3,
                             Placement={"AvailabilityZone": "us-east-1a"})
    assert resp["ReservationId"].startswith("r-")
    assert len(resp["OwnerId"]) == 12 and resp["OwnerId"].isdigit()
    instances = resp["Instances"]
    assert len(instances) == 3
    assert len({i["InstanceId"] for i in instances}) == 3
    for i in instances:
        assert i["InstanceId"].startswith("i-")
        assert len(i["InstanceId"]) == len("i-") + 17
        int(i["InstanceId"][2:], 16)
        # The action's response shows the transitional state.
        assert i["State"] == {"Code": 0, "Name": "pending"}
        assert i["ImageId"] == IMAGE
        assert i["InstanceType"] == "t3.micro"
        assert i["Placement"]["AvailabilityZone"] == "us-east-1a"
        assert "LaunchTime" in i
    desc = ec2.describe_instances()["Reservations"]
    assert len(desc) == 1
    assert desc[0]["ReservationId"] == resp["ReservationId"]
    assert sorted(i["InstanceId"] for i in desc[0]["Instances"]) == sorted(i["InstanceId"] for i in instances)
    # Under the instant profile the next read already sees the settled state.
    assert {i["State"]["Name"] for i in desc[0]["Instances"]} == {"running"}
    assert {i["State"]["Code"] for i in desc[0]["Instances"]} == {16}


def test_run_instances_min_count_equal_max_count(ec2):
    ids = launch(ec2, count=2)
    assert len(ids) == 2
    assert all_ids(ec2) == sorted(ids)


def test_run_instances_min_count_greater_than_max_count_is_refused(ec2):
    with pytest.raises(ClientError) as e:
        ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=3, MaxCount=2)
    code, status, _ = error_of(e)
    assert status == 400
    assert code == "InvalidParameterValue"
    assert all_ids(ec2) == []


def test_run_instances_zero_max_count_is_refused(ec2):
    with pytest.raises(ClientError) as e:
        ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=0, MaxCount=0)
    code, status, _ = error_of(e)
    assert status == 400
    assert code == "InvalidParameterValue"
    assert all_ids(ec2) == []


@pytest.mark.parametrize("zone", ["us-east-1a", "us-east-1b", "us-east-1c"])
def test_run_instances_honours_placement_zone(ec2, zone):
    [iid] = launch(ec2, zone=zone)
    assert describe_one(ec2, iid)["Placement"]["AvailabilityZone"] == zone


@pytest.mark.parametrize("zone", ["us-east-1z", "eu-west-1a", "nowhere"])
def test_run_instances_invalid_zone_is_refused_and_launches_nothing(ec2, zone):
    with pytest.raises(ClientError) as e:
        launch(ec2, zone=zone)
    code, status, message = error_of(e)
    assert status == 400
    assert code == "InvalidParameterValue"
    assert zone in message
    assert all_ids(ec2) == []


def test_run_instances_in_another_region_uses_that_regions_zones(cloudlife):
    west = cloudlife.client("ec2", region="eu-west-1")
    [iid] = launch(west, zone="eu-west-1b")
    assert describe_one(west, iid)["Placement"]["AvailabilityZone"] == "eu-west-1b"
    # Regions partition state: us-east-1 does not see it.
    east = cloudlife.client("ec2")
    assert all_ids(east) == []
    with pytest.raises(ClientError) as e:
        east.describe_instances(InstanceIds=[iid])
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"


def test_run_instances_tag_specifications_tag_the_instance(ec2):
    [iid] = launch(ec2, TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web-1"},
                                               {"Key": "env", "Value": "test"}]}])
    tags = {t["Key"]: t["Value"] for t in describe_one(ec2, iid)["Tags"]}
    assert tags == {"Name": "web-1", "env": "test"}


def test_run_instances_response_already_carries_tags(ec2):
    resp = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                             TagSpecifications=[{"ResourceType": "instance",
                                                 "Tags": [{"Key": "team", "Value": "blue"}]}])
    assert {t["Key"]: t["Value"] for t in resp["Instances"][0].get("Tags", [])} == {"team": "blue"}


def test_user_data_round_trips_through_describe_instance_attribute(ec2):
    script = "#!/bin/sh\necho 'hello world' > /tmp/x\n"
    [iid] = launch(ec2, UserData=script)
    attr = ec2.describe_instance_attribute(InstanceId=iid, Attribute="userData")
    assert attr["InstanceId"] == iid
    # boto3 base64-encodes UserData on the way in; EC2 returns it base64-encoded.
    assert base64.b64decode(attr["UserData"]["Value"]).decode() == script


def test_large_user_data_round_trips(ec2):
    # EC2 allows 16 KB of user data before base64 encoding; the form body is then well over 16 KB.
    script = ("#!/bin/sh\n" + "echo 'padding line for a realistic cloud-init script'\n" * 300)[:16000]
    [iid] = launch(ec2, UserData=script)
    attr = ec2.describe_instance_attribute(InstanceId=iid, Attribute="userData")
    assert base64.b64decode(attr["UserData"]["Value"]).decode() == script


def test_user_data_absent_is_empty(ec2):
    [iid] = launch(ec2)
    attr = ec2.describe_instance_attribute(InstanceId=iid, Attribute="userData")
    assert attr["InstanceId"] == iid
    assert not attr.get("UserData", {}).get("Value")


def test_client_token_same_token_twice_launches_once(ec2):
    token = "tok-" + uuid.uuid4().hex
    first = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                              ClientToken=token)
    second = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                               ClientToken=token)
    assert second["ReservationId"] == first["ReservationId"]
    assert sorted(i["InstanceId"] for i in second["Instances"]) == \
        sorted(i["InstanceId"] for i in first["Instances"])
    assert len(all_ids(ec2)) == 2
    assert {i.get("ClientToken") for i in all_instances(ec2)} == {token}


def test_client_token_different_tokens_launch_twice(ec2):
    ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1, ClientToken="a-1")
    ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1, ClientToken="a-2")
    assert len(all_ids(ec2)) == 2


def test_client_token_reuse_with_different_parameters_is_idempotent_parameter_mismatch(ec2):
    ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1, ClientToken="same")
    with pytest.raises(ClientError) as e:
        ec2.run_instances(ImageId=IMAGE, InstanceType="m5.large", MinCount=1, MaxCount=1, ClientToken="same")
    code, status, _ = error_of(e)
    assert code == "IdempotentParameterMismatch"
    assert status == 400
    assert len(all_ids(ec2)) == 1
    assert all_instances(ec2)[0]["InstanceType"] == "t3.micro"


def test_client_token_reuse_after_the_instance_terminated_is_idempotent_instance_terminated(ec2):
    # EC2 error-code list: IdempotentInstanceTerminated - "The request to launch an instance uses the
    # same client token as a previous request for which the instance has been terminated."
    first = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                              ClientToken="keep")
    iid = first["Instances"][0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[iid])
    assert state_of(ec2, iid) == "terminated"
    with pytest.raises(ClientError) as e:
        ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                          ClientToken="keep")
    code, status, _ = error_of(e)
    assert (code, status) == ("IdempotentInstanceTerminated", 400)
    assert all_ids(ec2) == [iid]


def test_dry_run_is_412_dry_run_operation_and_launches_nothing(ec2):
    with pytest.raises(ClientError) as e:
        ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1, DryRun=True)
    code, status, message = error_of(e)
    assert code == "DryRunOperation"
    assert status == 412
    assert message == "Request would have succeeded, but DryRun flag is set."
    assert all_ids(ec2) == []


def test_dry_run_describe_instances_is_412(ec2):
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(DryRun=True)
    assert error_of(e)[:2] == ("DryRunOperation", 412)


def test_hibernation_options_configured_at_launch(ec2):
    [hib] = launch(ec2, HibernationOptions={"Configured": True})
    [plain] = launch(ec2)
    assert describe_one(ec2, hib)["HibernationOptions"] == {"Configured": True}
    assert describe_one(ec2, plain).get("HibernationOptions", {"Configured": False}) == {"Configured": False}


def test_spot_market_options_make_a_spot_instance(ec2):
    [spot] = launch(ec2, InstanceMarketOptions={"MarketType": "spot",
                                                "SpotOptions": {"SpotInstanceType": "one-time"}})
    [ondemand] = launch(ec2)
    assert describe_one(ec2, spot)["InstanceLifecycle"] == "spot"
    # On-demand instances carry no InstanceLifecycle at all.
    assert "InstanceLifecycle" not in describe_one(ec2, ondemand)


def test_root_device_type_follows_the_image(ec2):
    [ebs] = launch(ec2)
    [store] = launch(ec2, ImageId=INSTANCE_STORE_IMAGE)
    assert describe_one(ec2, ebs)["RootDeviceType"] == "ebs"
    assert describe_one(ec2, store)["RootDeviceType"] == "instance-store"


def test_malformed_image_id_is_refused(ec2):
    with pytest.raises(ClientError) as e:
        launch(ec2, ImageId="not-an-ami")
    code, status, _ = error_of(e)
    assert status == 400
    assert code in ("InvalidAMIID.Malformed", "InvalidAMIID.NotFound")
    assert all_ids(ec2) == []


# --------------------------------------------------------------------------------------------
# DescribeInstances filters
# --------------------------------------------------------------------------------------------

@pytest.fixture
def fleet(ec2):
    """A small mixed fleet: distinct zones, types, images, states, tags and lifecycles."""
    a = launch(ec2, zone="us-east-1a", InstanceType="t3.micro",
               TagSpecifications=[{"ResourceType": "instance",
                                   "Tags": [{"Key": "Name", "Value": "web-1"}, {"Key": "env", "Value": "prod"}]}])[0]
    b = launch(ec2, zone="us-east-1a", InstanceType="m5.large",
               TagSpecifications=[{"ResourceType": "instance",
                                   "Tags": [{"Key": "Name", "Value": "web-2"}, {"Key": "env", "Value": "test"}]}])[0]
    c = launch(ec2, zone="us-east-1b", InstanceType="t3.micro", ImageId="ami-0aaaaaaaaaaaaaaaa",
               TagSpecifications=[{"ResourceType": "instance",
                                   "Tags": [{"Key": "Name", "Value": "db-1"}, {"Key": "owner", "Value": "alice"}]}])[0]
    d = launch(ec2, zone="us-east-1b", InstanceType="c5.xlarge",
               InstanceMarketOptions={"MarketType": "spot"})[0]
    e = launch(ec2, zone="us-east-1c", InstanceType="t3.micro")[0]
    ec2.stop_instances(InstanceIds=[b])
    ec2.terminate_instances(InstanceIds=[e])
    assert state_of(ec2, b) == "stopped"
    assert state_of(ec2, e) == "terminated"
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_filter_instance_id(ec2, fleet):
    assert ids_for(ec2, "instance-id", fleet["a"]) == [fleet["a"]]
    assert ids_for(ec2, "instance-id", fleet["a"], fleet["c"]) == sorted([fleet["a"], fleet["c"]])
    assert ids_for(ec2, "instance-id", "i-0123456789abcdef0") == []


def test_filter_instance_state_name(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "instance-state-name", "running") == sorted([f["a"], f["c"], f["d"]])
    assert ids_for(ec2, "instance-state-name", "stopped") == [f["b"]]
    assert ids_for(ec2, "instance-state-name", "terminated") == [f["e"]]
    assert ids_for(ec2, "instance-state-name", "running", "stopped") == sorted([f["a"], f["b"], f["c"], f["d"]])
    assert ids_for(ec2, "instance-state-name", "pending") == []


def test_filter_instance_state_code(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "instance-state-code", "16") == sorted([f["a"], f["c"], f["d"]])
    assert ids_for(ec2, "instance-state-code", "80") == [f["b"]]
    assert ids_for(ec2, "instance-state-code", "48") == [f["e"]]
    assert ids_for(ec2, "instance-state-code", "48", "80") == sorted([f["b"], f["e"]])


def test_filter_availability_zone(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "availability-zone", "us-east-1a") == sorted([f["a"], f["b"]])
    assert ids_for(ec2, "availability-zone", "us-east-1b") == sorted([f["c"], f["d"]])
    assert ids_for(ec2, "availability-zone", "us-east-1a", "us-east-1c") == sorted([f["a"], f["b"], f["e"]])


def test_filter_instance_type(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "instance-type", "t3.micro") == sorted([f["a"], f["c"], f["e"]])
    assert ids_for(ec2, "instance-type", "m5.large", "c5.xlarge") == sorted([f["b"], f["d"]])


def test_filter_image_id(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "image-id", "ami-0aaaaaaaaaaaaaaaa") == [f["c"]]
    assert ids_for(ec2, "image-id", IMAGE) == sorted([f["a"], f["b"], f["d"], f["e"]])


def test_filter_reservation_id(ec2):
    r1 = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=2, MaxCount=2)
    r2 = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1)
    resp = ec2.describe_instances(Filters=[{"Name": "reservation-id", "Values": [r1["ReservationId"]]}])
    assert [r["ReservationId"] for r in resp["Reservations"]] == [r1["ReservationId"]]
    assert sorted(i["InstanceId"] for i in resp["Reservations"][0]["Instances"]) == \
        sorted(i["InstanceId"] for i in r1["Instances"])
    assert ids_for(ec2, "reservation-id", r2["ReservationId"]) == [r2["Instances"][0]["InstanceId"]]


def test_filter_instance_lifecycle(ec2, fleet):
    assert ids_for(ec2, "instance-lifecycle", "spot") == [fleet["d"]]


def test_filter_tag_key_value(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "tag:env", "prod") == [f["a"]]
    assert ids_for(ec2, "tag:env", "prod", "test") == sorted([f["a"], f["b"]])
    assert ids_for(ec2, "tag:Name", "db-1") == [f["c"]]
    assert ids_for(ec2, "tag:env", "staging") == []
    # Tag keys are case-sensitive.
    assert ids_for(ec2, "tag:ENV", "prod") == []


def test_filter_tag_key(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "tag-key", "env") == sorted([f["a"], f["b"]])
    assert ids_for(ec2, "tag-key", "owner") == [f["c"]]
    assert ids_for(ec2, "tag-key", "owner", "env") == sorted([f["a"], f["b"], f["c"]])


def test_filter_tag_value(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "tag-value", "alice") == [f["c"]]
    assert ids_for(ec2, "tag-value", "prod", "web-2") == sorted([f["a"], f["b"]])


def test_filter_wildcards(ec2, fleet):
    f = fleet
    assert ids_for(ec2, "tag:Name", "web-*") == sorted([f["a"], f["b"]])
    assert ids_for(ec2, "tag:Name", "*-1") == sorted([f["a"], f["c"]])
    assert ids_for(ec2, "tag:Name", "web-?") == sorted([f["a"], f["b"]])
    assert ids_for(ec2, "tag:Name", "w?b-1") == [f["a"]]
    assert ids_for(ec2, "instance-type", "t3.*") == sorted([f["a"], f["c"], f["e"]])
    assert ids_for(ec2, "availability-zone", "us-east-1?") == sorted(f.values())
    assert ids_for(ec2, "tag-value", "a*e") == [f["c"]]


def test_filter_wildcards_can_be_escaped(ec2):
    # EC2 filter values: "*" and "?" are wildcards; a backslash escapes them.
    [star] = launch(ec2, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "p", "Value": "a*b"}]}])
    [plain] = launch(ec2, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "p", "Value": "axxb"}]}])
    [qm] = launch(ec2, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "p", "Value": "a?b"}]}])
    assert ids_for(ec2, "tag:p", "a*b") == sorted([star, plain, qm])
    assert ids_for(ec2, "tag:p", "a\\*b") == [star]
    assert ids_for(ec2, "tag:p", "a\\?b") == [qm]
    assert ids_for(ec2, "tag:p", "a?b") == sorted([star, qm])


def test_multiple_filters_are_anded(ec2, fleet):
    f = fleet
    resp = all_ids(ec2, Filters=[{"Name": "availability-zone", "Values": ["us-east-1a", "us-east-1b"]},
                                 {"Name": "instance-state-name", "Values": ["running"]},
                                 {"Name": "instance-type", "Values": ["t3.micro"]}])
    assert resp == sorted([f["a"], f["c"]])


def test_filters_combine_with_instance_ids(ec2, fleet):
    f = fleet
    got = all_ids(ec2, InstanceIds=[f["a"], f["b"]],
                  Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
    assert got == [f["a"]]


def test_terminated_instances_are_listed_unfiltered(ec2, fleet):
    assert all_ids(ec2) == sorted(fleet.values())


# --------------------------------------------------------------------------------------------
# Paging
# --------------------------------------------------------------------------------------------

def launch_singles(ec2, n):
    return [launch(ec2, zone=None)[0] for _ in range(n)]


def test_max_results_pages_through_everything_exactly_once(ec2):
    ids = launch_singles(ec2, 12)
    seen, pages, token = [], [], None
    while True:
        kwargs = {"MaxResults": 5}
        if token:
            kwargs["NextToken"] = token
        resp = ec2.describe_instances(**kwargs)
        page = [i["InstanceId"] for r in resp["Reservations"] for i in r["Instances"]]
        pages.append(page)
        seen.extend(page)
        token = resp.get("NextToken")
        if not token:
            break
        assert len(pages) < 10, "paging does not terminate"
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))
    assert [len(p) for p in pages] == [5, 5, 2]


def test_no_next_token_on_an_exactly_full_last_page(ec2):
    ids = launch_singles(ec2, 10)
    seen, token, calls = [], None, 0
    while True:
        kwargs = {"MaxResults": 5}
        if token:
            kwargs["NextToken"] = token
        resp = ec2.describe_instances(**kwargs)
        calls += 1
        seen.extend(i["InstanceId"] for r in resp["Reservations"] for i in r["Instances"])
        token = resp.get("NextToken")
        if not token:
            break
        assert calls < 10
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))
    # Two full pages, possibly followed by one empty page, but never a token on the last page.
    assert calls in (2, 3)


def test_single_page_has_no_next_token(ec2):
    launch_singles(ec2, 3)
    resp = ec2.describe_instances(MaxResults=5)
    assert "NextToken" not in resp
    assert sum(len(r["Instances"]) for r in resp["Reservations"]) == 3


def test_no_max_results_returns_everything_without_token(ec2):
    ids = launch(ec2, count=30, zone="us-east-1a")
    ids += launch_singles(ec2, 20)
    resp = ec2.describe_instances()
    assert "NextToken" not in resp
    got = [i["InstanceId"] for r in resp["Reservations"] for i in r["Instances"]]
    assert sorted(got) == sorted(ids)


def test_boto3_paginator_visits_every_instance_once(ec2):
    ids = launch_singles(ec2, 7) + launch(ec2, count=4)
    paginator = ec2.get_paginator("describe_instances")
    seen = []
    for page in paginator.paginate(PaginationConfig={"PageSize": 5}):
        seen.extend(i["InstanceId"] for r in page["Reservations"] for i in r["Instances"])
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))


def test_paging_with_a_filter(ec2):
    running = launch_singles(ec2, 8)
    stopped = launch_singles(ec2, 4)
    ec2.stop_instances(InstanceIds=stopped)
    seen, token = [], None
    for _ in range(10):
        kwargs = {"MaxResults": 5, "Filters": [{"Name": "instance-state-name", "Values": ["running"]}]}
        if token:
            kwargs["NextToken"] = token
        resp = ec2.describe_instances(**kwargs)
        seen.extend(i["InstanceId"] for r in resp["Reservations"] for i in r["Instances"])
        token = resp.get("NextToken")
        if not token:
            break
    assert token is None
    assert sorted(seen) == sorted(running)


@pytest.mark.parametrize("value", [0, 1, 4])
def test_max_results_below_five_is_invalid(ec2, value):
    launch_singles(ec2, 2)
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(MaxResults=value)
    code, status, _ = error_of(e)
    assert (code, status) == ("InvalidParameterValue", 400)


def test_max_results_bounds_accepted(ec2):
    launch_singles(ec2, 6)
    assert sum(len(r["Instances"]) for r in ec2.describe_instances(MaxResults=5)["Reservations"]) == 5
    resp = ec2.describe_instances(MaxResults=1000)
    assert sum(len(r["Instances"]) for r in resp["Reservations"]) == 6
    assert "NextToken" not in resp


def test_max_results_above_thousand_is_refused_or_capped(ec2):
    launch_singles(ec2, 2)
    try:
        resp = ec2.describe_instances(MaxResults=1001)
    except ClientError as e:
        assert e.response["Error"]["Code"] == "InvalidParameterValue"
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    else:
        assert sum(len(r["Instances"]) for r in resp["Reservations"]) == 2


def test_instance_ids_with_max_results_is_invalid_parameter_combination(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[iid], MaxResults=5)
    code, status, _ = error_of(e)
    assert (code, status) == ("InvalidParameterCombination", 400)


def test_garbage_next_token_is_refused(ec2):
    launch_singles(ec2, 6)
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(MaxResults=5, NextToken="this-is-not-a-token")
    code, status, _ = error_of(e)
    assert status == 400
    assert code in ("InvalidNextToken", "InvalidParameterValue")


# --------------------------------------------------------------------------------------------
# Unknown and malformed IDs
# --------------------------------------------------------------------------------------------

def test_unknown_instance_id_is_not_found(ec2):
    launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=["i-0123456789abcdef0"])
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidInstanceID.NotFound", 400)
    assert message == "The instance ID 'i-0123456789abcdef0' does not exist"


def test_one_unknown_among_known_ids_fails_the_describe(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[iid, "i-0fedcba9876543210"])
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidInstanceID.NotFound", 400)
    assert "i-0fedcba9876543210" in message
    assert iid not in message


def test_several_unknown_ids_are_all_named(ec2):
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=["i-0123456789abcdef0", "i-0fedcba9876543210"])
    code, _, message = error_of(e)
    assert code == "InvalidInstanceID.NotFound"
    assert "i-0123456789abcdef0" in message and "i-0fedcba9876543210" in message


@pytest.mark.parametrize("bad", ["foo", "i-xyz", "i-", "vol-0123456789abcdef0", "i-0123456789abcdefg"])
def test_malformed_instance_id(ec2, bad):
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=[bad])
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidInstanceID.Malformed", 400)
    assert bad in message


def test_old_style_eight_hex_ids_are_well_formed(ec2):
    with pytest.raises(ClientError) as e:
        ec2.describe_instances(InstanceIds=["i-1234abcd"])
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"


def test_unknown_id_in_instance_id_filter_is_just_empty(ec2):
    launch(ec2)
    assert ids_for(ec2, "instance-id", "i-0123456789abcdef0") == []


def test_empty_describe(ec2):
    resp = ec2.describe_instances()
    assert resp["Reservations"] == []
    assert "NextToken" not in resp
