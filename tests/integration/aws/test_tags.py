"""EC2 tags with boto3: CreateTags / DeleteTags / DescribeTags across resource types."""
import botocore.exceptions
import pytest

from conftest import launch, describe_one


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def tags_of(ec2, resource_id):
    resp = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [resource_id]}])
    return {t["Key"]: t["Value"] for t in resp["Tags"]}


@pytest.fixture
def resources(ec2):
    [iid] = launch(ec2)
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)["VolumeId"]
    lt = ec2.create_launch_template(LaunchTemplateName="web",
                                    LaunchTemplateData={"ImageId": "ami-0123456789abcdef0"})
    return iid, vid, lt["LaunchTemplate"]["LaunchTemplateId"]


def test_create_tags_across_resource_types(ec2, resources):
    iid, vid, ltid = resources
    ec2.create_tags(Resources=[iid, vid, ltid], Tags=[{"Key": "env", "Value": "prod"},
                                                     {"Key": "empty", "Value": ""}])
    for rid in (iid, vid, ltid):
        assert tags_of(ec2, rid) == {"env": "prod", "empty": ""}
    assert {t["Key"]: t["Value"] for t in describe_one(ec2, iid)["Tags"]} == {"env": "prod", "empty": ""}
    types = {t["ResourceId"]: t["ResourceType"] for t in ec2.describe_tags()["Tags"]}
    assert types == {iid: "instance", vid: "volume", ltid: "launch-template"}
    # Overwrite in place.
    ec2.create_tags(Resources=[vid], Tags=[{"Key": "env", "Value": "dev"}])
    assert tags_of(ec2, vid) == {"env": "dev", "empty": ""}


@pytest.mark.parametrize("bad,code", [
    ("i-0123456789abcdef0", "InvalidInstanceID.NotFound"),
    ("vol-0123456789abcdef0", "InvalidVolume.NotFound"),
    ("lt-0123456789abcdef0", "InvalidLaunchTemplateId.NotFound"),
    ("i-xyz", "InvalidInstanceID.Malformed"),
    ("foo-123", "InvalidID"),
])
def test_create_tags_unknown_id_is_all_or_nothing(ec2, resources, bad, code):
    iid, vid, _ = resources
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_tags(Resources=[iid, vid, bad], Tags=[{"Key": "a", "Value": "b"}])
    assert error_of(e)[0] == code
    if code == "InvalidID":
        assert error_of(e)[1] == "The ID 'foo-123' is not valid"
    assert tags_of(ec2, iid) == {} and tags_of(ec2, vid) == {}


def test_tag_rules(ec2, resources):
    iid, _, _ = resources
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_tags(Resources=[iid], Tags=[{"Key": "aws:owner", "Value": "x"}])
    assert error_of(e)[0] == "InvalidParameterValue"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_tags(Resources=[iid], Tags=[{"Key": "k" * 129, "Value": "x"}])
    assert error_of(e)[0] == "InvalidParameterValue"
    ec2.create_tags(Resources=[iid], Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(45)])
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_tags(Resources=[iid], Tags=[{"Key": f"n{i}", "Value": "v"} for i in range(6)])
    assert error_of(e)[0] == "TagLimitExceeded"
    assert len(tags_of(ec2, iid)) == 45
    # Overwriting existing keys does not count against the limit.
    ec2.create_tags(Resources=[iid], Tags=[{"Key": f"k{i}", "Value": "w"} for i in range(45)]
                    + [{"Key": f"n{i}", "Value": "v"} for i in range(5)])
    assert len(tags_of(ec2, iid)) == 50


def test_catalogue_image_is_read_only(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_tags(Resources=["ami-0c02fb55956c7d316"], Tags=[{"Key": "a", "Value": "b"}])
    assert error_of(e)[0] == "UnauthorizedOperation"


def test_create_tags_dry_run(ec2, resources):
    iid, _, _ = resources
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_tags(Resources=[iid], Tags=[{"Key": "a", "Value": "b"}], DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    assert tags_of(ec2, iid) == {}


def test_delete_tags_value_semantics(ec2, resources):
    iid, vid, _ = resources
    ec2.create_tags(Resources=[iid, vid], Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"},
                                               {"Key": "c", "Value": ""}])
    ec2.delete_tags(Resources=[iid], Tags=[{"Key": "a", "Value": "other"}])
    assert tags_of(ec2, iid) == {"a": "1", "b": "2", "c": ""}
    ec2.delete_tags(Resources=[iid], Tags=[{"Key": "a", "Value": "1"}, {"Key": "b"}])
    assert tags_of(ec2, iid) == {"c": ""}
    ec2.delete_tags(Resources=[iid], Tags=[{"Key": "c", "Value": ""}])
    assert tags_of(ec2, iid) == {}
    # No Tags: every tag of the resource goes.
    ec2.delete_tags(Resources=[vid])
    assert tags_of(ec2, vid) == {}


def test_delete_tags_unknown_resource_changes_nothing(ec2, resources):
    iid, _, _ = resources
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "a", "Value": "1"}])
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.delete_tags(Resources=[iid, "vol-0123456789abcdef0"], Tags=[{"Key": "a"}])
    assert error_of(e)[0] == "InvalidVolume.NotFound"
    assert tags_of(ec2, iid) == {"a": "1"}


def test_describe_tags_filters_and_pagination(ec2, resources):
    iid, vid, ltid = resources
    ec2.create_tags(Resources=[iid], Tags=[{"Key": f"k{i:02d}", "Value": f"v{i}"} for i in range(8)])
    ec2.create_tags(Resources=[vid], Tags=[{"Key": "team", "Value": "blue"}])

    def keys(*filters):
        return sorted((t["ResourceId"], t["Key"]) for t in ec2.describe_tags(Filters=list(filters))["Tags"])

    assert keys({"Name": "resource-type", "Values": ["volume"]}) == [(vid, "team")]
    assert keys({"Name": "key", "Values": ["k0?"]}) == [(iid, f"k{i:02d}") for i in range(8)]
    assert keys({"Name": "value", "Values": ["blue"]}) == [(vid, "team")]
    assert keys({"Name": "tag:team", "Values": ["bl*"]}) == [(vid, "team")]
    assert keys({"Name": "resource-id", "Values": [ltid]}) == []
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_tags(Filters=[{"Name": "colour", "Values": ["x"]}])
    assert error_of(e)[0] == "InvalidParameterValue"

    seen, token = [], None
    while True:
        kwargs = {"MaxResults": 5}
        if token:
            kwargs["NextToken"] = token
        resp = ec2.describe_tags(**kwargs)
        seen += [(t["ResourceId"], t["Key"]) for t in resp["Tags"]]
        token = resp.get("NextToken")
        if not token:
            break
    assert len(seen) == 9 and len(set(seen)) == 9


def test_create_tags_requires_resources(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_tags(Resources=[], Tags=[{"Key": "a", "Value": "b"}])
    assert error_of(e) == ("MissingParameter", "The request must contain the parameter resourceIdSet")
