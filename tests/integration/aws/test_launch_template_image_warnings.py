"""Launch templates take any ImageId text, as EC2 does: the image is checked when something launches
from the template, and a doubtful one is reported in the response's Warning (ValidationWarning:
Errors, each with Code and Message) rather than refused."""
import botocore.exceptions
import pytest

GOOD_IMAGE = "ami-0123456789abcdef0"


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_create_launch_template_accepts_a_malformed_image_id_with_a_warning(ec2):
    resp = ec2.create_launch_template(LaunchTemplateName="moto-style",
                                      LaunchTemplateData={"ImageId": "ami-abc123"})
    assert resp["LaunchTemplate"]["LatestVersionNumber"] == 1
    assert resp["Warning"]["Errors"] == [{
        "Code": "InvalidAMIID.Malformed",
        "Message": 'Invalid id: "ami-abc123" (expecting "ami-...")'}]
    version = ec2.describe_launch_template_versions(
        LaunchTemplateName="moto-style")["LaunchTemplateVersions"][0]
    assert version["LaunchTemplateData"]["ImageId"] == "ami-abc123"


def test_a_well_formed_image_gives_no_warning(ec2):
    resp = ec2.create_launch_template(LaunchTemplateName="clean",
                                      LaunchTemplateData={"ImageId": GOOD_IMAGE})
    assert "Warning" not in resp


def test_create_launch_template_version_warns_too_and_keeps_the_version(ec2):
    ec2.create_launch_template(LaunchTemplateName="versions",
                               LaunchTemplateData={"ImageId": GOOD_IMAGE})
    resp = ec2.create_launch_template_version(LaunchTemplateName="versions",
                                              LaunchTemplateData={"ImageId": "ami-abc123"})
    assert resp["LaunchTemplateVersion"]["VersionNumber"] == 2
    assert [e["Code"] for e in resp["Warning"]["Errors"]] == ["InvalidAMIID.Malformed"]
    clean = ec2.create_launch_template_version(LaunchTemplateName="versions", SourceVersion="1",
                                               LaunchTemplateData={"InstanceType": "t3.micro"})
    assert "Warning" not in clean


def test_launching_from_such_a_template_fails_as_run_instances_does(ec2):
    ec2.create_launch_template(LaunchTemplateName="bad-image",
                               LaunchTemplateData={"ImageId": "ami-abc123"})
    with pytest.raises(botocore.exceptions.ClientError) as direct:
        ec2.run_instances(ImageId="ami-abc123", MinCount=1, MaxCount=1)
    with pytest.raises(botocore.exceptions.ClientError) as from_template:
        ec2.run_instances(LaunchTemplate={"LaunchTemplateName": "bad-image"}, MinCount=1,
                          MaxCount=1)
    assert error_of(from_template) == error_of(direct)
    assert error_of(from_template)[0] == "InvalidAMIID.Malformed"
    assert ec2.describe_instances()["Reservations"] == []
    # A launch that overrides the image goes ahead.
    ec2.run_instances(LaunchTemplate={"LaunchTemplateName": "bad-image"}, ImageId=GOOD_IMAGE,
                      MinCount=1, MaxCount=1)
