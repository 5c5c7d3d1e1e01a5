"""Launch templates with boto3: create, versions, default version, describe, delete, and
RunInstances from a template."""
import base64

import botocore.exceptions
import pytest

from conftest import describe_one

IMAGE = "ami-0123456789abcdef0"

DATA = {
    "ImageId": IMAGE,
    "InstanceType": "t3.small",
    "KeyName": "deploy",
    "SecurityGroupIds": ["sg-0123456789abcdef0"],
    "UserData": base64.b64encode(b"#!/bin/sh\necho hi\n").decode(),
    "DisableApiTermination": True,
    "DisableApiStop": False,
    "InstanceInitiatedShutdownBehavior": "terminate",
    "Placement": {"AvailabilityZone": "us-east-1b"},
    "BlockDeviceMappings": [{"DeviceName": "/dev/sdb",
                             "Ebs": {"VolumeSize": 12, "VolumeType": "gp3", "DeleteOnTermination": False}}],
    "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "web"}]}],
    "HibernationOptions": {"Configured": False},
}


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def create(ec2, name="web-lt", data=None, **kwargs):
    return ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data or DATA,
                                      **kwargs)["LaunchTemplate"]


def test_create_and_describe_versions_round_trip(ec2):
    lt = create(ec2, VersionDescription="first",
                TagSpecifications=[{"ResourceType": "launch-template", "Tags": [{"Key": "o", "Value": "me"}]}])
    assert lt["LaunchTemplateId"].startswith("lt-") and len(lt["LaunchTemplateId"]) == 20
    assert lt["DefaultVersionNumber"] == 1 and lt["LatestVersionNumber"] == 1
    assert lt["CreatedBy"] == "arn:aws:iam::123456789012:root"
    assert lt["Tags"] == [{"Key": "o", "Value": "me"}]
    [v] = ec2.describe_launch_template_versions(LaunchTemplateId=lt["LaunchTemplateId"])["LaunchTemplateVersions"]
    assert v["VersionNumber"] == 1 and v["DefaultVersion"] is True and v["VersionDescription"] == "first"
    d = v["LaunchTemplateData"]
    assert d["ImageId"] == IMAGE and d["InstanceType"] == "t3.small" and d["KeyName"] == "deploy"
    assert d["SecurityGroupIds"] == ["sg-0123456789abcdef0"]
    assert d["UserData"] == DATA["UserData"]
    assert d["DisableApiTermination"] is True and d["DisableApiStop"] is False
    assert d["InstanceInitiatedShutdownBehavior"] == "terminate"
    assert d["Placement"] == {"AvailabilityZone": "us-east-1b"}
    assert d["BlockDeviceMappings"] == [{"DeviceName": "/dev/sdb", "Ebs": {
        "VolumeSize": 12, "VolumeType": "gp3", "DeleteOnTermination": False}}]
    assert d["TagSpecifications"] == [{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "web"}]}]
    assert d["HibernationOptions"] == {"Configured": False}


def test_create_refusals(ec2):
    create(ec2, name="taken")
    for name, code in [("some illegal name", "InvalidLaunchTemplateName.MalformedException"),
                       ("bad!name", "InvalidLaunchTemplateName.MalformedException"),
                       ("taken", "InvalidLaunchTemplateName.AlreadyExistsException")]:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            create(ec2, name=name)
        assert error_of(e)[0] == code
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_launch_template(LaunchTemplateName="nodata", LaunchTemplateData={})
    assert error_of(e)[0] == "MissingParameter"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(ec2, name="badtags", TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "a", "Value": "b"}]}])
    assert error_of(e)[0] == "InvalidParameterValue"
    names = [t["LaunchTemplateName"] for t in ec2.describe_launch_templates()["LaunchTemplates"]]
    assert names == ["taken"]


def test_client_token_and_dry_run(ec2):
    a = create(ec2, ClientToken="t-1")
    b = create(ec2, ClientToken="t-1")
    assert a["LaunchTemplateId"] == b["LaunchTemplateId"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(ec2, name="other", DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    assert len(ec2.describe_launch_templates()["LaunchTemplates"]) == 1


def test_versions_source_version_and_default(ec2):
    ltid = create(ec2)["LaunchTemplateId"]
    v2 = ec2.create_launch_template_version(LaunchTemplateId=ltid, SourceVersion="1",
                                            VersionDescription="bigger",
                                            LaunchTemplateData={"InstanceType": "m5.large"})["LaunchTemplateVersion"]
    assert v2["VersionNumber"] == 2 and v2["DefaultVersion"] is False
    assert v2["LaunchTemplateData"]["InstanceType"] == "m5.large"
    assert v2["LaunchTemplateData"]["ImageId"] == IMAGE  # inherited from version 1
    v3 = ec2.create_launch_template_version(LaunchTemplateName="web-lt",
                                            LaunchTemplateData={"ImageId": IMAGE})["LaunchTemplateVersion"]
    assert v3["VersionNumber"] == 3 and "InstanceType" not in v3["LaunchTemplateData"]

    def numbers(*versions):
        resp = ec2.describe_launch_template_versions(LaunchTemplateId=ltid, Versions=list(versions))
        return [v["VersionNumber"] for v in resp["LaunchTemplateVersions"]]

    assert numbers("$Latest") == [3] and numbers("$Default") == [1] and numbers("2", "3") == [2, 3]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        numbers("9")
    assert error_of(e)[0] == "InvalidLaunchTemplateId.VersionNotFound"

    lt = ec2.modify_launch_template(LaunchTemplateId=ltid, DefaultVersion="2")["LaunchTemplate"]
    assert lt["DefaultVersionNumber"] == 2 and lt["LatestVersionNumber"] == 3
    assert numbers("$Default") == [2]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.modify_launch_template(LaunchTemplateId=ltid, DefaultVersion="666")
    assert error_of(e)[0] == "InvalidLaunchTemplateId.VersionNotFound"

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.create_launch_template_version(LaunchTemplateId=ltid, SourceVersion="7",
                                           LaunchTemplateData={"ImageId": IMAGE})
    assert error_of(e)[0] == "InvalidLaunchTemplateId.VersionNotFound"

    resp = ec2.delete_launch_template_versions(LaunchTemplateId=ltid, Versions=["2", "3"])
    assert [x["VersionNumber"] for x in resp["SuccessfullyDeletedLaunchTemplateVersions"]] == [3]
    [fail] = resp["UnsuccessfullyDeletedLaunchTemplateVersions"]
    assert fail["VersionNumber"] == 2
    assert fail["ResponseError"]["Code"] == "launchTemplateVersionIsDefaultVersion"
    v4 = ec2.create_launch_template_version(LaunchTemplateId=ltid,
                                            LaunchTemplateData={"ImageId": IMAGE})["LaunchTemplateVersion"]
    assert v4["VersionNumber"] == 4  # numbers are never reused


def test_describe_launch_templates_ids_names_filters_pages(ec2):
    ids = [create(ec2, name=f"lt-{i}")["LaunchTemplateId"] for i in range(7)]
    ec2.create_tags(Resources=[ids[0]], Tags=[{"Key": "team", "Value": "blue"}])
    resp = ec2.describe_launch_templates(LaunchTemplateIds=[ids[1]])
    assert [t["LaunchTemplateName"] for t in resp["LaunchTemplates"]] == ["lt-1"]
    resp = ec2.describe_launch_templates(LaunchTemplateNames=["lt-2", "lt-3"])
    assert sorted(t["LaunchTemplateName"] for t in resp["LaunchTemplates"]) == ["lt-2", "lt-3"]
    resp = ec2.describe_launch_templates(Filters=[{"Name": "tag:team", "Values": ["blue"]}])
    assert [t["LaunchTemplateId"] for t in resp["LaunchTemplates"]] == [ids[0]]
    resp = ec2.describe_launch_templates(Filters=[{"Name": "launch-template-name", "Values": ["lt-[56]", "lt-6"]}])
    assert [t["LaunchTemplateName"] for t in resp["LaunchTemplates"]] == ["lt-6"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_launch_templates(LaunchTemplateNames=["nope"])
    assert error_of(e)[0] == "InvalidLaunchTemplateName.NotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_launch_templates(LaunchTemplateIds=["lt-0123456789abcdef0"])
    assert error_of(e)[0] == "InvalidLaunchTemplateId.NotFound"
    pages = list(ec2.get_paginator("describe_launch_templates").paginate(PaginationConfig={"PageSize": 3}))
    assert len(pages) == 3
    assert sorted(t["LaunchTemplateId"] for p in pages for t in p["LaunchTemplates"]) == sorted(ids)


def test_delete_launch_template(ec2):
    ltid = create(ec2)["LaunchTemplateId"]
    lt = ec2.delete_launch_template(LaunchTemplateName="web-lt")["LaunchTemplate"]
    assert lt["LaunchTemplateId"] == ltid
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_launch_template_versions(LaunchTemplateId=ltid)
    assert error_of(e) == ("InvalidLaunchTemplateId.NotFound",
                           f"The specified launch template, with template ID {ltid}, does not exist.")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.delete_launch_template(LaunchTemplateId=ltid)
    assert error_of(e)[0] == "InvalidLaunchTemplateId.NotFound"


def test_run_instances_from_launch_template(ec2):
    # At launch the key pair and the security group must be real ones.
    ec2.create_key_pair(KeyName="deploy", KeyType="ed25519")
    group = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    ltid = create(ec2, data={**DATA, "SecurityGroupIds": [group]})["LaunchTemplateId"]
    ec2.create_launch_template_version(LaunchTemplateId=ltid, SourceVersion="1",
                                       LaunchTemplateData={"InstanceType": "m5.large"})
    resp = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": ltid})
    inst = resp["Instances"][0]
    assert inst["InstanceType"] == "t3.small" and inst["ImageId"] == IMAGE
    assert inst["Placement"]["AvailabilityZone"] == "us-east-1b" and inst["KeyName"] == "deploy"
    tags = {t["Key"]: t["Value"] for t in describe_one(ec2, inst["InstanceId"])["Tags"]}
    assert tags["role"] == "web"
    assert tags["aws:ec2launchtemplate:id"] == ltid and tags["aws:ec2launchtemplate:version"] == "1"
    attr = ec2.describe_instance_attribute(InstanceId=inst["InstanceId"], Attribute="disableApiTermination")
    assert attr["DisableApiTermination"]["Value"] is True
    # The template's extra volume keeps its DeleteOnTermination=false.
    vols = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [inst["InstanceId"]]}])
    by_device = {v["Attachments"][0]["Device"]: v for v in vols["Volumes"]}
    assert by_device["/dev/sdb"]["Size"] == 12
    assert by_device["/dev/sdb"]["Attachments"][0]["DeleteOnTermination"] is False

    latest = ec2.run_instances(MinCount=1, MaxCount=1,
                               LaunchTemplate={"LaunchTemplateName": "web-lt", "Version": "$Latest"})
    assert latest["Instances"][0]["InstanceType"] == "m5.large"
    override = ec2.run_instances(MinCount=1, MaxCount=1, InstanceType="c5.large",
                                 LaunchTemplate={"LaunchTemplateId": ltid, "Version": "2"})
    assert override["Instances"][0]["InstanceType"] == "c5.large"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": ltid, "Version": "9"})
    assert error_of(e)[0] == "InvalidLaunchTemplateId.VersionNotFound"
