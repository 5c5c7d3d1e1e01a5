"""The aws.autoscaling EventBridge events (GET /_cloudlife/service-events) as the EC2 Auto Scaling
User Guide's event reference shows them: EC2 Instance Launch / Terminate Successful carry StatusCode
"InProgress" and an empty StatusMessage, the Unsuccessful ones StatusCode "Failed" with the message."""
from conftest import create_group_with_launch_configuration, describe_group


def autoscaling_events(cloudlife, detail_type):
    got = cloudlife.service_events(source="aws.autoscaling", detail_type=detail_type)["events"]
    return [e["event"] for e in got]


def test_successful_launch_and_termination_events_say_in_progress(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 0, 2, zones=["us-east-1a"])
    iid = describe_group(asg)["Instances"][0]["InstanceId"]
    [launch] = autoscaling_events(cloudlife, "EC2 Instance Launch Successful")
    d = launch["detail"]
    assert (d["StatusCode"], d["StatusMessage"], d["EC2InstanceId"]) == ("InProgress", "", iid)
    assert d["Description"] == "Launching a new EC2 instance: " + iid
    assert launch["resources"][1].endswith(":instance/" + iid)
    # The activity itself ends Successful.
    act = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"][0]
    assert act["StatusCode"] == "Successful" and act["ActivityId"] == d["ActivityId"]
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    cloudlife.advance(120)
    [term] = autoscaling_events(cloudlife, "EC2 Instance Terminate Successful")
    assert (term["detail"]["StatusCode"], term["detail"]["EC2InstanceId"]) == ("InProgress", iid)


def test_unsuccessful_launch_event_says_failed_with_the_message(cloudlife, asg):
    cloudlife.control("PUT", "/_cloudlife/capacity", {"pools": [{
        "region": "us-east-1", "zone": "us-east-1a", "instance_type": "t3.micro", "market": "on-demand",
        "available": 0}]})
    create_group_with_launch_configuration(asg, "web", 1, 0, 2, zones=["us-east-1a"])
    failed = autoscaling_events(cloudlife, "EC2 Instance Launch Unsuccessful")
    assert failed
    d = failed[0]["detail"]
    assert d["StatusCode"] == "Failed" and "capacity" in d["StatusMessage"]


# --- lifecycle hook notification targets (NotificationTargetARN) -------------------------------

import json  # noqa: E402

import pytest  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

from conftest import error_of  # noqa: E402

TOPIC = "arn:aws:sns:us-east-1:123456789012:hooks"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:hooks"
ROLE = "arn:aws:iam::123456789012:role/hooks"


def sns_messages(cloudlife, topic):
    return [e["event"]["detail"] for e in cloudlife.service_events(source="aws.sns")["events"]
            if e["event"]["detail"]["TopicArn"] == topic]


def test_put_lifecycle_hook_sends_a_test_notification_to_its_topic(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 2, zones=["us-east-1a"])
    asg.put_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="boot",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING",
                           NotificationTargetARN=TOPIC, RoleARN=ROLE)
    [note] = sns_messages(cloudlife, TOPIC)
    assert note["Subject"] == 'Auto Scaling: test notification for group "web"'
    msg = json.loads(note["Message"])
    assert msg["Event"] == "autoscaling:TEST_NOTIFICATION" and msg["AutoScalingGroupName"] == "web"
    assert msg["AutoScalingGroupARN"] == describe_group(asg)["AutoScalingGroupARN"]


def test_a_waiting_instance_notifies_the_hooks_topic_with_its_token(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 2, zones=["us-east-1a"])
    asg.put_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="boot",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING",
                           NotificationTargetARN=TOPIC, RoleARN=ROLE, NotificationMetadata="hello")
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    iid = describe_group(asg)["Instances"][0]["InstanceId"]
    notes = sns_messages(cloudlife, TOPIC)
    assert len(notes) == 2
    note = notes[1]
    assert note["Subject"] == "Auto Scaling:  Lifecycle action 'LAUNCHING' for instance " + iid + " in progress."
    msg = json.loads(note["Message"])
    assert msg["LifecycleHookName"] == "boot" and msg["EC2InstanceId"] == iid
    assert msg["LifecycleTransition"] == "autoscaling:EC2_INSTANCE_LAUNCHING"
    assert (msg["Origin"], msg["Destination"], msg["Service"]) == ("EC2", "AutoScalingGroup", "AWS Auto Scaling")
    assert msg["NotificationMetadata"] == "hello" and msg["AccountId"] == "123456789012"
    # The token in the message completes the action.
    asg.complete_lifecycle_action(AutoScalingGroupName="web", LifecycleHookName="boot",
                                  LifecycleActionToken=msg["LifecycleActionToken"],
                                  LifecycleActionResult="CONTINUE")
    assert describe_group(asg)["Instances"][0]["LifecycleState"] == "InService"


def test_an_sqs_target_receives_the_message_as_a_queue_message(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 0, 2, zones=["us-east-1a"])
    asg.put_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="drain",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING",
                           NotificationTargetARN=QUEUE, RoleARN=ROLE)
    iid = describe_group(asg)["Instances"][0]["InstanceId"]
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    got = [e["event"] for e in cloudlife.service_events(source="aws.sqs")["events"]]
    assert [e["detail-type"] for e in got] == ["SQS Message", "SQS Message"]
    assert all(e["resources"] == [QUEUE] and e["detail"]["QueueArn"] == QUEUE for e in got)
    assert json.loads(got[0]["detail"]["Body"])["Event"] == "autoscaling:TEST_NOTIFICATION"
    body = json.loads(got[1]["detail"]["Body"])
    assert (body["EC2InstanceId"], body["LifecycleTransition"]) == (iid, "autoscaling:EC2_INSTANCE_TERMINATING")
    assert (body["Origin"], body["Destination"]) == ("AutoScalingGroup", "EC2")


def test_a_target_that_is_neither_sns_nor_sqs_is_refused(asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 2, zones=["us-east-1a"])
    with pytest.raises(ClientError) as e:
        asg.put_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="x",
                               LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING",
                               NotificationTargetARN="arn:aws:lambda:us-east-1:123456789012:function:f",
                               RoleARN=ROLE)
    assert error_of(e)[:2] == ("ValidationError", 400)
    assert asg.describe_lifecycle_hooks(AutoScalingGroupName="web")["LifecycleHooks"] == []
