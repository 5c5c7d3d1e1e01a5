"""Group metrics collection (issue 16 item 6): Enable/DisableMetricsCollection, the group's
EnabledMetrics, DescribeMetricCollectionTypes — what amazon.aws.autoscaling_group calls on every
update, and Terraform's enabled_metrics / metrics_granularity."""
import pytest
from botocore.exceptions import ClientError

from conftest import create_group_with_launch_configuration, describe_group, error_of

ALL_METRICS = [
    "GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity", "GroupInServiceInstances",
    "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances",
    "GroupInServiceCapacity", "GroupPendingCapacity", "GroupStandbyCapacity", "GroupTerminatingCapacity",
    "GroupTotalCapacity", "WarmPoolDesiredCapacity", "WarmPoolWarmedCapacity", "WarmPoolPendingCapacity",
    "WarmPoolTerminatingCapacity", "WarmPoolTotalCapacity", "GroupAndWarmPoolDesiredCapacity",
    "GroupAndWarmPoolTotalCapacity",
]


def enabled(asg, name="web"):
    return describe_group(asg, name)["EnabledMetrics"]


def test_describe_metric_collection_types_lists_every_metric_and_the_one_granularity(asg):
    resp = asg.describe_metric_collection_types()
    assert [m["Metric"] for m in resp["Metrics"]] == ALL_METRICS
    assert resp["Granularities"] == [{"Granularity": "1Minute"}]


def test_enable_named_metrics_then_more_then_disable_some(asg):
    create_group_with_launch_configuration(asg, "web", 1, 0, 2)
    assert enabled(asg) == []
    asg.enable_metrics_collection(AutoScalingGroupName="web", Granularity="1Minute",
                                  Metrics=["GroupMinSize", "GroupMaxSize"])
    assert enabled(asg) == [{"Metric": "GroupMinSize", "Granularity": "1Minute"},
                            {"Metric": "GroupMaxSize", "Granularity": "1Minute"}]
    # Enabling again is idempotent and adds the new ones.
    asg.enable_metrics_collection(AutoScalingGroupName="web", Granularity="1Minute",
                                  Metrics=["GroupMaxSize", "WarmPoolTotalCapacity"])
    assert [m["Metric"] for m in enabled(asg)] == ["GroupMinSize", "GroupMaxSize", "WarmPoolTotalCapacity"]
    asg.disable_metrics_collection(AutoScalingGroupName="web", Metrics=["GroupMaxSize", "GroupTotalInstances"])
    assert [m["Metric"] for m in enabled(asg)] == ["GroupMinSize", "WarmPoolTotalCapacity"]


def test_no_metric_list_means_all_of_them(asg):
    create_group_with_launch_configuration(asg, "web", 1, 0, 2)
    asg.enable_metrics_collection(AutoScalingGroupName="web", Granularity="1Minute")
    got = enabled(asg)
    assert sorted(m["Metric"] for m in got) == sorted(ALL_METRICS)
    assert {m["Granularity"] for m in got} == {"1Minute"}
    asg.disable_metrics_collection(AutoScalingGroupName="web")
    assert enabled(asg) == []


def test_ansible_update_sequence(asg):
    """amazon.aws.autoscaling_group with metrics_collection: UpdateAutoScalingGroup, then
    EnableMetricsCollection (or DisableMetricsCollection) on every run."""
    create_group_with_launch_configuration(asg, "web", 1, 0, 2)
    for _ in range(2):
        asg.update_auto_scaling_group(AutoScalingGroupName="web", MinSize=0, MaxSize=3, DesiredCapacity=2)
        asg.enable_metrics_collection(AutoScalingGroupName="web", Granularity="1Minute",
                                      Metrics=["GroupTotalInstances", "GroupInServiceInstances"])
    g = describe_group(asg)
    assert g["MaxSize"] == 3 and len(g["EnabledMetrics"]) == 2
    asg.disable_metrics_collection(AutoScalingGroupName="web", Metrics=["GroupTotalInstances",
                                                                         "GroupInServiceInstances"])
    assert enabled(asg) == []


def test_validation_changes_nothing(asg):
    create_group_with_launch_configuration(asg, "web", 1, 0, 2)
    asg.enable_metrics_collection(AutoScalingGroupName="web", Granularity="1Minute", Metrics=["GroupMinSize"])
    with pytest.raises(ClientError) as e:
        asg.enable_metrics_collection(AutoScalingGroupName="web", Granularity="5Minute",
                                      Metrics=["GroupMaxSize"])
    assert error_of(e) == ("ValidationError", 400, "Valid metrics granularity type is: [1Minute].")
    with pytest.raises(ClientError) as e:
        asg.enable_metrics_collection(AutoScalingGroupName="web", Granularity="1Minute",
                                      Metrics=["GroupMaxSize", "CPUUtilization"])
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400) and "CPUUtilization" in message
    with pytest.raises(ClientError) as e:
        asg.disable_metrics_collection(AutoScalingGroupName="web", Metrics=["NoSuchMetric"])
    assert error_of(e)[:2] == ("ValidationError", 400)
    assert [m["Metric"] for m in enabled(asg)] == ["GroupMinSize"]  # all-or-nothing
    for call in (lambda: asg.enable_metrics_collection(AutoScalingGroupName="nope", Granularity="1Minute"),
                 lambda: asg.disable_metrics_collection(AutoScalingGroupName="nope")):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == ("ValidationError", 400, "AutoScalingGroup name not found - AutoScalingGroup nope not found")
