"""Scheduled actions (issue 11 §1) through boto3 on a frozen virtual clock: one-time and recurring
(cron in UTC and in a TimeZone across a daylight-saving change) actions run at exactly their time,
set Min/Max/Desired, leave an activity whose Cause names the scheduled action, stop after EndTime;
validation; paging; terraform-provider-aws aws_autoscaling_schedule's put / read / delete sequence."""
import datetime as dt

import pytest
from botocore.exceptions import ClientError

from conftest import create_group_with_launch_configuration, describe_group, error_of


def now(cloudlife):
    return dt.datetime.fromtimestamp(cloudlife.clock()["epoch_ms"] / 1000, dt.timezone.utc)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def actions(asg, **kw):
    return asg.describe_scheduled_actions(AutoScalingGroupName="web", **kw)["ScheduledUpdateGroupActions"]


def sizes(asg):
    g = describe_group(asg)
    return g["MinSize"], g["MaxSize"], g["DesiredCapacity"], len(g["Instances"])


def test_one_time_action_runs_at_its_start_time_then_goes_away(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 1, 3)
    start = now(cloudlife).replace(microsecond=0) + dt.timedelta(hours=1)
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="peak",
                                          StartTime=start, MinSize=2, MaxSize=6, DesiredCapacity=4)
    [a] = actions(asg)
    assert a["StartTime"] == start and a["Time"] == start
    assert (a["MinSize"], a["MaxSize"], a["DesiredCapacity"]) == (2, 6, 4)
    assert a["ScheduledActionARN"].startswith("arn:aws:autoscaling:us-east-1:")
    assert ":scheduledUpdateGroupAction:" in a["ScheduledActionARN"]
    assert a["ScheduledActionARN"].endswith(":autoScalingGroupName/web:scheduledActionName/peak")
    assert "Recurrence" not in a and "TimeZone" not in a
    cloudlife.advance(3599)
    assert sizes(asg) == (1, 3, 1, 1)
    cloudlife.advance(1)
    assert sizes(asg) == (2, 6, 4, 4)
    assert actions(asg) == []
    causes = [x["Cause"] for x in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]]
    expected = (f"At {iso(start)} a scheduled action update of AutoScalingGroup constraints to min: 2, "
                f"max: 6, desired: 4 changing the desired capacity from 1 to 4.")
    assert sum(c.startswith(expected + "  At ") for c in causes) == 3


def test_recurring_utc_action_runs_every_match_until_end_time(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 5)
    t0 = now(cloudlife)
    end = t0.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=3, minutes=30)
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="hourly",
                                          Recurrence="0 * * * *", EndTime=end, DesiredCapacity=1)
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="half",
                                          Recurrence="30 * * * *", EndTime=end, DesiredCapacity=0)
    first = t0.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    by_name = {a["ScheduledActionName"]: a for a in actions(asg)}
    assert by_name["hourly"]["StartTime"] == first
    assert by_name["hourly"]["Recurrence"] == "0 * * * *" and by_name["hourly"]["EndTime"] == end
    cloudlife.advance((first - t0).total_seconds())
    assert sizes(asg)[2:] == (1, 1)
    assert {a["ScheduledActionName"]: a["StartTime"] for a in actions(asg)}["hourly"] == first + dt.timedelta(hours=1)
    cloudlife.advance(30 * 60)
    assert sizes(asg)[2:] == (0, 0)
    cloudlife.advance(6 * 3600)
    # Runs at first, +1h, +2h (the +3h run is before the end too); none after EndTime.
    starts = [x for x in asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
              if x["Description"].startswith("Launching")]
    assert len(starts) == 3
    assert actions(asg) == []


def test_time_zone_recurrence_follows_daylight_saving(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 5)
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="morning",
                                          Recurrence="0 9 * * *", TimeZone="America/New_York",
                                          DesiredCapacity=1)
    [a] = actions(asg)
    assert a["TimeZone"] == "America/New_York"
    assert a["StartTime"].hour in (13, 14) and a["StartTime"].minute == 0
    # Step to the day before the 2027 spring-forward change, then over it.
    target = dt.datetime(2027, 3, 13, 15, 0, tzinfo=dt.timezone.utc)
    cloudlife.advance((target - now(cloudlife)).total_seconds())
    [a] = actions(asg)
    assert a["StartTime"] == dt.datetime(2027, 3, 14, 13, 0, tzinfo=dt.timezone.utc)  # 09:00 EDT
    assert sizes(asg)[2] == 1


def test_suspended_scheduled_actions_are_skipped(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 5)
    start = now(cloudlife) + dt.timedelta(minutes=10)
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="once",
                                          StartTime=start, DesiredCapacity=2)
    asg.suspend_processes(AutoScalingGroupName="web", ScalingProcesses=["ScheduledActions"])
    cloudlife.advance(900)
    assert sizes(asg)[2] == 0 and actions(asg) == []


def test_min_only_action_raises_desired_into_the_new_bounds(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 1, 0, 5)
    start = now(cloudlife) + dt.timedelta(minutes=5)
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="floor",
                                          StartTime=start, MinSize=3)
    [a] = actions(asg)
    assert "MaxSize" not in a and "DesiredCapacity" not in a
    cloudlife.advance(300)
    assert sizes(asg) == (3, 5, 3, 3)


def test_validation_errors_change_nothing(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 5)
    past = now(cloudlife) - dt.timedelta(minutes=1)
    future = now(cloudlife) + dt.timedelta(hours=1)
    cases = [
        (dict(StartTime=past, DesiredCapacity=1), "Given start time is in the past"),
        (dict(StartTime=future, MinSize=4, MaxSize=2), "Max bound, 2, must be greater than or equal to min bound, 4"),
        (dict(StartTime=future), "At least one of the following parameters must be specified"),
        (dict(Recurrence="61 * * * *", DesiredCapacity=1), "Given recurrence string is invalid"),
        (dict(Recurrence="0 9 * * *", TimeZone="Mars/Base", DesiredCapacity=1), "Invalid time zone"),
        (dict(StartTime=future, EndTime=future - dt.timedelta(minutes=30), Recurrence="* * * * *",
              DesiredCapacity=1), "Start time cannot be after end time"),
    ]
    for kw, message in cases:
        with pytest.raises(ClientError) as e:
            asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="x", **kw)
        code, status, got = error_of(e)
        assert (code, status) == ("ValidationError", 400) and got.startswith(message), (kw, got)
    assert actions(asg) == []
    with pytest.raises(ClientError) as e:
        asg.put_scheduled_update_group_action(AutoScalingGroupName="nope", ScheduledActionName="x",
                                              StartTime=future, DesiredCapacity=1)
    assert error_of(e)[0] == "ValidationError"


def test_batch_put_reports_failures_per_entry_and_batch_delete(cloudlife, asg):
    create_group_with_launch_configuration(asg, "web", 0, 0, 5)
    future = now(cloudlife) + dt.timedelta(hours=1)
    resp = asg.batch_put_scheduled_update_group_action(
        AutoScalingGroupName="web",
        ScheduledUpdateGroupActions=[
            {"ScheduledActionName": "a", "StartTime": future, "DesiredCapacity": 1},
            {"ScheduledActionName": "b", "Recurrence": "bad", "DesiredCapacity": 1},
            {"ScheduledActionName": "c", "Recurrence": "0 0 * * *", "MaxSize": 4},
        ])
    [failed] = resp["FailedScheduledUpdateGroupActions"]
    assert failed["ScheduledActionName"] == "b" and failed["ErrorCode"] == "ValidationError"
    assert sorted(a["ScheduledActionName"] for a in actions(asg)) == ["a", "c"]
    page = asg.describe_scheduled_actions(AutoScalingGroupName="web", MaxRecords=1)
    assert len(page["ScheduledUpdateGroupActions"]) == 1 and page["NextToken"]
    resp = asg.batch_delete_scheduled_action(AutoScalingGroupName="web", ScheduledActionNames=["a", "zzz"])
    assert [f["ScheduledActionName"] for f in resp["FailedScheduledActions"]] == ["zzz"]
    assert [a["ScheduledActionName"] for a in actions(asg)] == ["c"]
    # StartTime / EndTime filters select by next run.
    assert asg.describe_scheduled_actions(AutoScalingGroupName="web",
                                          EndTime=now(cloudlife))["ScheduledUpdateGroupActions"] == []


def test_terraform_aws_autoscaling_schedule_sequence(cloudlife, asg):
    """resourceSchedulePut (sizes -1 left out), resourceScheduleRead (findScheduleByTwoPartKey),
    update by a second Put keeping unspecified values, resourceScheduleDelete (a ValidationError
    containing "not found" means gone), and the group's destroy removing its schedules."""
    create_group_with_launch_configuration(asg, "web", 0, 0, 5)
    start = (now(cloudlife) + dt.timedelta(days=1)).replace(microsecond=0)
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="tf",
                                          StartTime=start, MinSize=0, MaxSize=2)
    read = asg.describe_scheduled_actions(AutoScalingGroupName="web", ScheduledActionNames=["tf"])
    [a] = read["ScheduledUpdateGroupActions"]
    assert (a["MinSize"], a["MaxSize"], "DesiredCapacity" in a) == (0, 2, False)
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="tf",
                                          DesiredCapacity=1)
    [a] = actions(asg, ScheduledActionNames=["tf"])
    assert (a["MinSize"], a["MaxSize"], a["DesiredCapacity"], a["StartTime"]) == (0, 2, 1, start)
    asg.delete_scheduled_action(AutoScalingGroupName="web", ScheduledActionName="tf")
    with pytest.raises(ClientError) as e:
        asg.delete_scheduled_action(AutoScalingGroupName="web", ScheduledActionName="tf")
    assert error_of(e)[0] == "ValidationError" and "not found" in error_of(e)[2]
    asg.put_scheduled_update_group_action(AutoScalingGroupName="web", ScheduledActionName="tf",
                                          StartTime=start, DesiredCapacity=1)
    asg.delete_auto_scaling_group(AutoScalingGroupName="web", ForceDelete=True)
    with pytest.raises(ClientError) as e:
        asg.describe_scheduled_actions(AutoScalingGroupName="web")
    assert error_of(e)[0] == "ValidationError" and "not found" in error_of(e)[2]
    cloudlife.advance(2 * 86400)  # the deleted group's schedule never runs
