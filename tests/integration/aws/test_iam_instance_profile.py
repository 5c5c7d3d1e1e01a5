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
