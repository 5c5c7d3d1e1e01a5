"""Issue 11 §4, the rest of the group: notification configurations (stored and described;
cloudlife sends no SNS messages), DescribeAutoScalingNotificationTypes, DescribeAccountLimits with
the limits enforced, and a launch template reference described as the caller gave it."""
import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, create_group_with_launch_configuration, describe_group, error_of

TOPIC = "arn:aws:sns:us-east-1:123456789012:asg-events"
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
