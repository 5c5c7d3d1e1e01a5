"""MetadataOptions of RunInstances and of launch templates: every member is stored and answered in
DescribeInstances' metadataOptions (and the template's data); values are validated; a request's
members override the template's one by one."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, describe_one, error_of, launch

ALL = {"HttpTokens": "optional", "HttpPutResponseHopLimit": 5, "HttpEndpoint": "disabled",
       "HttpProtocolIpv6": "enabled", "InstanceMetadataTags": "enabled"}


def metadata(ec2, iid):
    return describe_one(ec2, iid)["MetadataOptions"]


def test_defaults_when_not_asked(ec2):
    [iid] = launch(ec2)
    assert metadata(ec2, iid) == {"State": "applied", "HttpTokens": "required",
                                  "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled",
                                  "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"}


def test_run_instances_keeps_every_member(ec2):
    [iid] = launch(ec2, MetadataOptions=ALL)
    assert metadata(ec2, iid) == {"State": "applied", **ALL}


def test_a_partial_request_keeps_the_defaults_of_the_rest(ec2):
    [iid] = launch(ec2, MetadataOptions={"HttpEndpoint": "disabled", "InstanceMetadataTags": "enabled"})
    got = metadata(ec2, iid)
    assert (got["HttpEndpoint"], got["InstanceMetadataTags"], got["HttpTokens"]) == (
        "disabled", "enabled", "required")


@pytest.mark.parametrize("options,parameter", [
    ({"HttpTokens": "sometimes"}, "HttpTokens"),
    ({"HttpEndpoint": "on"}, "HttpEndpoint"),
    ({"HttpProtocolIpv6": "yes"}, "HttpProtocolIpv6"),
    ({"InstanceMetadataTags": "true"}, "InstanceMetadataTags"),
    ({"HttpPutResponseHopLimit": 65}, "HttpPutResponseHopLimit"),
    ({"HttpPutResponseHopLimit": 0}, "HttpPutResponseHopLimit"),
])
def test_invalid_values_are_refused_and_nothing_launches(ec2, options, parameter):
    with pytest.raises(ClientError) as e:
        launch(ec2, MetadataOptions=options)
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidParameterValue", 400) and parameter in message
    assert ec2.describe_instances()["Reservations"] == []


def test_launch_template_metadata_options_round_trip_and_launch(ec2):
    ec2.create_launch_template(LaunchTemplateName="imds", LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro", "MetadataOptions": ALL})
    data = ec2.describe_launch_template_versions(LaunchTemplateName="imds")[
        "LaunchTemplateVersions"][0]["LaunchTemplateData"]
    assert data["MetadataOptions"] == {"State": "applied", **ALL}
    [iid] = [i["InstanceId"] for i in ec2.run_instances(
        MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateName": "imds"},
        MetadataOptions={"HttpTokens": "required"})["Instances"]]
    assert metadata(ec2, iid) == {"State": "applied", **ALL, "HttpTokens": "required"}


def test_launch_template_with_invalid_metadata_options_is_refused(ec2):
    with pytest.raises(ClientError) as e:
        ec2.create_launch_template(LaunchTemplateName="bad", LaunchTemplateData={
            "ImageId": IMAGE, "MetadataOptions": {"HttpEndpoint": "maybe"}})
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)
    assert ec2.describe_launch_templates()["LaunchTemplates"] == []
