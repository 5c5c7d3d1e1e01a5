"""RunInstances and launch template data carry an IAM instance profile (by ARN or by name); the
instance reports it as iamInstanceProfile {arn, id}, the template data as {arn | name}."""
import re

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, describe_one, error_of, launch

PROFILE_ID = re.compile(r"^AIPA[0-9A-Z]{17}$")


def owner(ec2):
    return ec2.describe_instances()["Reservations"][0]["OwnerId"]


def test_run_instances_by_name_reports_arn_and_stable_id(ec2):
    [a, b] = launch(ec2, count=2, IamInstanceProfile={"Name": "web"})
    [c] = launch(ec2, IamInstanceProfile={"Name": "db"})
    pa, pb, pc = (describe_one(ec2, i)["IamInstanceProfile"] for i in (a, b, c))
    assert pa["Arn"] == f"arn:aws:iam::{owner(ec2)}:instance-profile/web"
    assert PROFILE_ID.match(pa["Id"])
    assert pa == pb
    assert pc["Arn"].endswith(":instance-profile/db") and pc["Id"] != pa["Id"]


def test_run_instances_by_arn_keeps_the_arn_and_shares_the_id_with_the_name(ec2):
    [named] = launch(ec2, IamInstanceProfile={"Name": "app"})
    arn = describe_one(ec2, named)["IamInstanceProfile"]["Arn"]
    path_arn = arn.replace("instance-profile/app", "instance-profile/team/app")
    [by_arn] = launch(ec2, IamInstanceProfile={"Arn": path_arn})
    p = describe_one(ec2, by_arn)["IamInstanceProfile"]
    assert p["Arn"] == path_arn
    assert p["Id"] == describe_one(ec2, named)["IamInstanceProfile"]["Id"]


def test_instance_without_profile_reports_none(ec2):
    [iid] = launch(ec2)
    assert "IamInstanceProfile" not in describe_one(ec2, iid)


def test_arn_and_name_together_are_refused_and_nothing_launches(ec2):
    with pytest.raises(ClientError) as e:
        launch(ec2, IamInstanceProfile={
            "Name": "web", "Arn": "arn:aws:iam::123456789012:instance-profile/web"})
    assert error_of(e) == ("InvalidParameterCombination", 400,
                           "The parameter 'iamInstanceProfile.name' may not be used in "
                           "combination with 'iamInstanceProfile.arn'")
    assert ec2.describe_instances()["Reservations"] == []


def test_malformed_arn_is_refused(ec2):
    with pytest.raises(ClientError) as e:
        launch(ec2, IamInstanceProfile={"Arn": "arn:aws:iam::123456789012:role/web"})
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)
    assert ec2.describe_instances()["Reservations"] == []


def test_launch_template_carries_the_profile_and_the_request_overrides_it(ec2):
    arn = "arn:aws:iam::123456789012:instance-profile/tpl"
    ec2.create_launch_template(LaunchTemplateName="by-arn", LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro", "IamInstanceProfile": {"Arn": arn}})
    ec2.create_launch_template(LaunchTemplateName="by-name", LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro", "IamInstanceProfile": {"Name": "nodes"}})
    data = ec2.describe_launch_template_versions(
        LaunchTemplateName="by-arn")["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    assert data["IamInstanceProfile"] == {"Arn": arn}
    data = ec2.describe_launch_template_versions(
        LaunchTemplateName="by-name")["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    assert data["IamInstanceProfile"] == {"Name": "nodes"}

    def run(name, **kw):
        r = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateName": name},
                              Placement={"AvailabilityZone": "us-east-1a"}, **kw)
        return describe_one(ec2, r["Instances"][0]["InstanceId"])["IamInstanceProfile"]

    assert run("by-arn")["Arn"] == arn
    assert run("by-name")["Arn"].endswith(":instance-profile/nodes")
    assert run("by-arn", IamInstanceProfile={"Name": "other"})["Arn"].endswith(
        ":instance-profile/other")


def test_launch_template_refuses_arn_and_name_together(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_launch_template(LaunchTemplateName="both", LaunchTemplateData={
            "ImageId": IMAGE, "IamInstanceProfile": {
                "Name": "x", "Arn": "arn:aws:iam::123456789012:instance-profile/x"}})
    assert error_of(e)[:2] == ("InvalidParameterCombination", 400)
    assert ec2.describe_launch_templates()["LaunchTemplates"] == []


# --- associations ------------------------------------------------------------------------------

def test_launch_with_a_profile_creates_an_association(ec2):
    [iid] = launch(ec2, IamInstanceProfile={"Name": "web"})
    [a] = ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"]
    assert re.match(r"^iip-assoc-[0-9a-f]{17}$", a["AssociationId"])
    assert (a["InstanceId"], a["State"]) == (iid, "associated")
    assert a["IamInstanceProfile"] == describe_one(ec2, iid)["IamInstanceProfile"]


def test_associate_replace_disassociate(ec2):
    [iid] = launch(ec2)
    a = ec2.associate_iam_instance_profile(
        InstanceId=iid, IamInstanceProfile={"Name": "web"})["IamInstanceProfileAssociation"]
    assert (a["InstanceId"], a["State"]) == (iid, "associating")
    assert a["IamInstanceProfile"]["Arn"].endswith(":instance-profile/web")
    assert describe_one(ec2, iid)["IamInstanceProfile"] == a["IamInstanceProfile"]
    with pytest.raises(ClientError) as e:
        ec2.associate_iam_instance_profile(InstanceId=iid, IamInstanceProfile={"Name": "db"})
    assert error_of(e) == ("IncorrectState", 400,
                           f"There is an existing association for instance {iid}")

    r = ec2.replace_iam_instance_profile_association(
        AssociationId=a["AssociationId"],
        IamInstanceProfile={"Name": "db"})["IamInstanceProfileAssociation"]
    assert r["AssociationId"] != a["AssociationId"] and r["State"] == "associating"
    assert describe_one(ec2, iid)["IamInstanceProfile"]["Arn"].endswith(":instance-profile/db")
    [listed] = ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [iid]}])["IamInstanceProfileAssociations"]
    assert (listed["AssociationId"], listed["State"]) == (r["AssociationId"], "associated")

    d = ec2.disassociate_iam_instance_profile(
        AssociationId=r["AssociationId"])["IamInstanceProfileAssociation"]
    assert (d["AssociationId"], d["State"]) == (r["AssociationId"], "disassociating")
    assert "IamInstanceProfile" not in describe_one(ec2, iid)
    assert ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"] == []
    with pytest.raises(ClientError) as e:
        ec2.disassociate_iam_instance_profile(AssociationId=r["AssociationId"])
    assert error_of(e)[:2] == ("InvalidAssociationID.NotFound", 400)


def test_association_errors_change_nothing(ec2):
    [iid] = launch(ec2)
    with pytest.raises(ClientError) as e:
        ec2.associate_iam_instance_profile(InstanceId="i-0123456789abcdef0",
                                           IamInstanceProfile={"Name": "web"})
    assert error_of(e)[:2] == ("InvalidInstanceID.NotFound", 400)
    with pytest.raises(ClientError) as e:
        ec2.associate_iam_instance_profile(InstanceId=iid, IamInstanceProfile={
            "Name": "web", "Arn": "arn:aws:iam::123456789012:instance-profile/web"})
    assert error_of(e)[:2] == ("InvalidParameterCombination", 400)
    with pytest.raises(ClientError) as e:
        ec2.replace_iam_instance_profile_association(
            AssociationId="iip-assoc-0123456789abcdef0", IamInstanceProfile={"Name": "web"})
    assert error_of(e)[:2] == ("InvalidAssociationID.NotFound", 400)
    assert "IamInstanceProfile" not in describe_one(ec2, iid)
    assert ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"] == []


def test_describe_associations_by_id_state_and_pages(ec2):
    ids = launch(ec2, count=6, IamInstanceProfile={"Name": "web"})
    every = ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"]
    assert sorted(a["InstanceId"] for a in every) == sorted(ids)
    one = every[2]["AssociationId"]
    [a] = ec2.describe_iam_instance_profile_associations(
        AssociationIds=[one])["IamInstanceProfileAssociations"]
    assert a["AssociationId"] == one
    assert ec2.describe_iam_instance_profile_associations(Filters=[
        {"Name": "state", "Values": ["disassociating"]}])["IamInstanceProfileAssociations"] == []
    page = ec2.describe_iam_instance_profile_associations(MaxResults=5)
    rest = ec2.describe_iam_instance_profile_associations(MaxResults=5, NextToken=page["NextToken"])
    assert "NextToken" not in rest
    got = [a["AssociationId"] for a in page["IamInstanceProfileAssociations"] +
           rest["IamInstanceProfileAssociations"]]
    assert sorted(got) == sorted(a["AssociationId"] for a in every)
    ec2.terminate_instances(InstanceIds=[ids[0]])
    assert len(ec2.describe_iam_instance_profile_associations()[
        "IamInstanceProfileAssociations"]) == 5
