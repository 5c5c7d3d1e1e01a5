"""Issue 11 §4, the rest of the group: notification configurations (stored, described, and sent as
`aws.sns` / `SNS Notification` service events: docs/autoscaling.md "Notifications"),
DescribeAutoScalingNotificationTypes, DescribeAccountLimits with the limits enforced, and a launch
template reference described as the caller gave it."""
import json
import tempfile
import urllib.parse

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, create_group_with_launch_configuration, describe_group, error_of
from test_service_events import StateDirServer

TOPIC = "arn:aws:sns:us-east-1:123456789012:asg-events"
OTHER = "arn:aws:sns:us-east-1:123456789012:asg-terminations"
TYPES = ["autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
         "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR",
         "autoscaling:TEST_NOTIFICATION"]


def test_notification_types(asg):
    assert asg.describe_auto_scaling_notification_types()["AutoScalingNotificationTypes"] == TYPES


def test_put_describe_delete_notification_configuration(asg):
    """terraform-provider-aws aws_autoscaling_notification: Put per group, Describe by group
    names (paged), Delete per group and topic."""
    create_group_with_launch_configuration(asg, "web", 0, 0, 1)
    create_group_with_launch_configuration(asg, "api", 0, 0, 1)
    for g in ("web", "api"):
        asg.put_notification_configuration(AutoScalingGroupName=g, TopicARN=TOPIC,
                                           NotificationTypes=TYPES[:2])
    asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC,
                                       NotificationTypes=[TYPES[2]])  # replaces the types
    got = asg.describe_notification_configurations(AutoScalingGroupNames=["web"])["NotificationConfigurations"]
    assert got == [{"AutoScalingGroupName": "web", "TopicARN": TOPIC, "NotificationType": TYPES[2]}]
    page = asg.describe_notification_configurations(MaxRecords=2)
    assert len(page["NotificationConfigurations"]) == 2 and page["NextToken"]
    rest = asg.describe_notification_configurations(MaxRecords=2, NextToken=page["NextToken"])
    assert len(rest["NotificationConfigurations"]) == 1 and "NextToken" not in rest
    asg.delete_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC)
    assert asg.describe_notification_configurations(AutoScalingGroupNames=["web"])["NotificationConfigurations"] == []
    with pytest.raises(ClientError) as e:
        asg.delete_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC)
    assert error_of(e)[0] == "ValidationError" and "not found" in error_of(e)[2]


def test_notification_configuration_validation(asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 1)
    for kw in [dict(TopicARN=TOPIC, NotificationTypes=["autoscaling:EC2_INSTANCE_REBOOT"]),
               dict(TopicARN="not-an-arn", NotificationTypes=TYPES[:1])]:
        with pytest.raises(ClientError) as e:
            asg.put_notification_configuration(AutoScalingGroupName="web", **kw)
        assert error_of(e)[0] == "ValidationError"
    with pytest.raises(ClientError) as e:
        asg.put_notification_configuration(AutoScalingGroupName="nope", TopicARN=TOPIC, NotificationTypes=TYPES[:1])
    assert "not found" in error_of(e)[2]
    assert asg.describe_notification_configurations()["NotificationConfigurations"] == []


def test_account_limits_count_and_are_enforced(asg):
    limits = asg.describe_account_limits()
    assert (limits["MaxNumberOfAutoScalingGroups"], limits["MaxNumberOfLaunchConfigurations"]) == (500, 200)
    assert (limits["NumberOfAutoScalingGroups"], limits["NumberOfLaunchConfigurations"]) == (0, 0)
    create_group_with_launch_configuration(asg, "web", 0, 0, 1)
    limits = asg.describe_account_limits()
    assert (limits["NumberOfAutoScalingGroups"], limits["NumberOfLaunchConfigurations"]) == (1, 1)
    for k in range(199):
        asg.create_launch_configuration(LaunchConfigurationName=f"lc{k}", ImageId=IMAGE, InstanceType="t3.micro")
    with pytest.raises(ClientError) as e:
        asg.create_launch_configuration(LaunchConfigurationName="one-too-many", ImageId=IMAGE,
                                        InstanceType="t3.micro")
    assert error_of(e)[0] == "LimitExceeded"
    assert asg.describe_account_limits()["NumberOfLaunchConfigurations"] == 200


def test_launch_template_version_is_described_as_given(asg, ec2):
    lt = ec2.create_launch_template(LaunchTemplateName="web-lt", LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]
    asg.create_auto_scaling_group(AutoScalingGroupName="web", MinSize=0, MaxSize=2, DesiredCapacity=1,
                                  AvailabilityZones=["us-east-1a"], LaunchTemplate={"LaunchTemplateId": lt})
    ref = describe_group(asg)["LaunchTemplate"]
    assert ref == {"LaunchTemplateId": lt, "LaunchTemplateName": "web-lt"}  # no Version added
    assert describe_group(asg)["Instances"][0]["LaunchTemplate"]["Version"] == "1"


def sns(cloudlife, after=0):
    """The SNS notifications delivered after seq `after`: (topic, subject, message) in order, with
    the envelope checked against what an SNS subscriber receives."""
    q = urllib.parse.urlencode({"after": after, "source": "aws.sns"})
    out = []
    for e in cloudlife.control("GET", "/_cloudlife/service-events?" + q)["events"]:
        ev = e["event"]
        d = ev["detail"]
        assert ev["detail-type"] == "SNS Notification" and ev["resources"] == [d["TopicArn"]]
        assert d["Type"] == "Notification" and d["MessageId"] == ev["id"]
        assert d["Timestamp"].endswith("Z")
        out.append((d["TopicArn"], d["Subject"], json.loads(d["Message"])))
    return out


def last_seq(cloudlife):
    return cloudlife.control("GET", "/_cloudlife/service-events?limit=1")["last_seq"]


def activity_of(asg, description_prefix):
    return next(a for a in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
                if a["Description"].startswith(description_prefix))


def test_put_sends_a_test_notification(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 2)
    arn = describe_group(asg)["AutoScalingGroupARN"]
    asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC,
                                       NotificationTypes=[TYPES[0]])
    [(topic, subject, msg)] = sns(cloudlife)
    assert (topic, subject) == (TOPIC, 'Auto Scaling: test notification for group "web"')
    assert sorted(msg) == ["AccountId", "AutoScalingGroupARN", "AutoScalingGroupName", "Event",
                           "RequestId", "Service", "Time"]
    assert (msg["Event"], msg["Service"], msg["AutoScalingGroupName"], msg["AutoScalingGroupARN"]) == (
        "autoscaling:TEST_NOTIFICATION", "AWS Auto Scaling", "web", arn)
    assert len(msg["RequestId"]) == 36 and msg["AccountId"] == arn.split(":")[4]


def test_launch_and_terminate_send_the_configured_types_per_topic(cloudlife, asg, ec2):
    create_group_with_launch_configuration(asg, "web", 0, 0, 2, zones=["us-east-1a"])
    asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC,
                                       NotificationTypes=[TYPES[0], TYPES[2]])
    asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=OTHER,
                                       NotificationTypes=[TYPES[2]])
    seq = last_seq(cloudlife)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    cloudlife.advance(60)
    [iid] = [i["InstanceId"] for i in describe_group(asg)["Instances"]]
    launch = activity_of(asg, "Launching")
    [(topic, subject, msg)] = sns(cloudlife, seq)  # OTHER is not configured for launches
    assert (topic, subject) == (TOPIC, 'Auto Scaling: launch for group "web"')
    assert sorted(msg) == sorted([
        "Origin", "Destination", "Progress", "AccountId", "Description", "RequestId", "EndTime",
        "AutoScalingGroupARN", "ActivityId", "StartTime", "Service", "Time", "EC2InstanceId",
        "StatusCode", "StatusMessage", "Details", "AutoScalingGroupName", "Cause", "Event"])
    assert (msg["Event"], msg["StatusCode"], msg["EC2InstanceId"], msg["AutoScalingGroupName"]) == (
        "autoscaling:EC2_INSTANCE_LAUNCH", "InProgress", iid, "web")  # sent at 50 %, as AWS does
    assert msg["Progress"] == 50 and launch["StatusCode"] == "Successful"
    assert (msg["ActivityId"], msg["RequestId"], msg["Cause"], msg["Description"]) == (
        launch["ActivityId"], launch["ActivityId"], launch["Cause"], launch["Description"])
    assert (msg["Origin"], msg["Destination"], msg["Service"]) == ("EC2", "AutoScalingGroup", "AWS Auto Scaling")
    assert msg["Details"] == json.loads(launch["Details"])

    seq = last_seq(cloudlife)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    cloudlife.advance(300)
    term = activity_of(asg, "Terminating")
    got = sns(cloudlife, seq)
    assert [(t, s) for t, s, _ in got] == [(TOPIC, 'Auto Scaling: termination for group "web"'),
                                         (OTHER, 'Auto Scaling: termination for group "web"')]
    for _, _, msg in got:
        assert (msg["Event"], msg["StatusCode"], msg["EC2InstanceId"], msg["AutoScalingGroupName"]) == (
            "autoscaling:EC2_INSTANCE_TERMINATE", "InProgress", iid, "web")
        assert (msg["Cause"], msg["ActivityId"]) == (term["Cause"], term["ActivityId"])
        assert (msg["Origin"], msg["Destination"]) == ("AutoScalingGroup", "EC2")


def test_a_failed_launch_sends_launch_error_only_where_configured(cloudlife, asg):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [
        {"region": "us-east-1", "zone": "us-east-1a", "instance_type": "t3.micro",
         "market": "on-demand", "available": 0}]})
    create_group_with_launch_configuration(asg, "web", 0, 0, 2, zones=["us-east-1a"])
    asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC,
                                       NotificationTypes=[TYPES[1]])
    asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=OTHER,
                                       NotificationTypes=[TYPES[0]])
    seq = last_seq(cloudlife)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    cloudlife.advance(1)
    failed = next(a for a in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
                  if a["StatusCode"] == "Failed")
    got = sns(cloudlife, seq)
    assert got and all(t == TOPIC for t, _, _ in got)
    topic, subject, msg = got[0]
    assert subject == 'Auto Scaling: failed launch for group "web"'
    assert (msg["Event"], msg["StatusCode"], msg["EC2InstanceId"], msg["AutoScalingGroupName"]) == (
        "autoscaling:EC2_INSTANCE_LAUNCH_ERROR", "Failed", "", "web")
    assert (msg["StatusMessage"], msg["Cause"], msg["Progress"]) == (failed["StatusMessage"], failed["Cause"], 100)


def test_deleting_the_configuration_or_the_group_stops_notifications(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 2, zones=["us-east-1a"])
    asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC, NotificationTypes=TYPES)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    cloudlife.advance(60)
    assert [m["Event"] for _, _, m in sns(cloudlife)] == [
        "autoscaling:TEST_NOTIFICATION", "autoscaling:EC2_INSTANCE_LAUNCH"]
    asg.delete_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC)
    seq = last_seq(cloudlife)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2)
    cloudlife.advance(60)
    assert len(describe_group(asg)["Instances"]) == 2
    assert sns(cloudlife, seq) == []
    # Configured again, then the group is force-deleted: as on AWS, the terminations of its drain
    # are still announced while the group exists; the configuration goes with the group, so a new
    # group of the same name sends nothing.
    asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC, NotificationTypes=TYPES)
    seq = last_seq(cloudlife)
    asg.delete_auto_scaling_group(AutoScalingGroupName="web", ForceDelete=True)
    cloudlife.advance(300)
    assert [m["Event"] for _, _, m in sns(cloudlife, seq)] == ["autoscaling:EC2_INSTANCE_TERMINATE"] * 2
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"])["AutoScalingGroups"] == []
    seq = last_seq(cloudlife)
    asg.create_auto_scaling_group(AutoScalingGroupName="web", LaunchConfigurationName="web-lc",
                                  MinSize=0, MaxSize=2, DesiredCapacity=1, AvailabilityZones=["us-east-1a"])
    cloudlife.advance(60)
    assert len(describe_group(asg)["Instances"]) == 1
    assert asg.describe_notification_configurations()["NotificationConfigurations"] == []
    assert sns(cloudlife, seq) == []


def test_notifications_are_the_same_after_a_state_dir_restart():
    import boto3
    with tempfile.TemporaryDirectory() as state_dir:
        server = StateDirServer(state_dir)
        try:
            asg = boto3.client("autoscaling", endpoint_url=server.endpoint, region_name="us-east-1",
                               aws_access_key_id="k", aws_secret_access_key="s")
            create_group_with_launch_configuration(asg, "web", 1, 0, 2, zones=["us-east-1a"])
            asg.put_notification_configuration(AutoScalingGroupName="web", TopicARN=TOPIC, NotificationTypes=TYPES)
            server.control("POST", "/_cloudlife/clock/advance", {"seconds": 60})
            asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
            server.control("POST", "/_cloudlife/clock/advance", {"seconds": 300})
            before = server.control("GET", "/_cloudlife/service-events?source=aws.sns")
        finally:
            server.stop()
        server = StateDirServer(state_dir)
        try:
            after = server.control("GET", "/_cloudlife/service-events?source=aws.sns")
        finally:
            server.stop()
    assert [json.loads(e["event"]["detail"]["Message"])["Event"] for e in before["events"]] == [
        "autoscaling:TEST_NOTIFICATION", "autoscaling:EC2_INSTANCE_TERMINATE"]
    assert after == before
