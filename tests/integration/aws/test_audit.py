"""The audit trail: every mutating call, allowed or refused, in GET /_cloudlife/events (issue 6 §2)."""
import pytest
from botocore.exceptions import ClientError

from conftest import launch


def events(cloudlife, query=""):
    return cloudlife.control("GET", "/_cloudlife/events" + query)["events"]


def test_mutating_calls_are_recorded_reads_are_not(cloudlife, ec2):
    (iid,) = launch(ec2)
    ec2.describe_instances()
    ec2.stop_instances(InstanceIds=[iid])
    recorded = events(cloudlife)
    assert [e["action"] for e in recorded] == ["RunInstances", "StopInstances"]
    run, stop = recorded
    assert iid in run["resource_ids"] and stop["resource_ids"] == [iid]
    assert run["result"] == "Success" and run["http_status"] == 200
    assert run["cloud"] == "ec2" and run["region"] == "us-east-1"
    assert run["account"] == "123456789012" and run["access_key"] == "AKIDEXAMPLEFAKE00001"
    assert run["request_id"] and run["virtual_time"].endswith("Z")
    assert stop["seq"] > run["seq"]


def test_refused_and_dry_run_calls_are_recorded_with_their_code(cloudlife, ec2):
    (iid,) = launch(ec2, DisableApiTermination=True)
    with pytest.raises(ClientError):
        ec2.terminate_instances(InstanceIds=[iid])
    with pytest.raises(ClientError):
        ec2.terminate_instances(InstanceIds=[iid], DryRun=True)
    refused = events(cloudlife, "?action=TerminateInstances")
    assert [(e["result"], e["http_status"]) for e in refused] == [
        ("OperationNotPermitted", 400), ("DryRunOperation", 412)]
    assert events(cloudlife, f"?resource_id={iid}&result=DryRunOperation")[0]["resource_ids"] == [iid]


def test_virtual_time_follows_the_clock_and_filters_combine(cloudlife, ec2):
    launch(ec2)
    cloudlife.advance(3600)
    launch(ec2)
    first, second = events(cloudlife)
    assert first["virtual_time"] < second["virtual_time"]
    assert events(cloudlife, f"?after={first['seq']}") == [second]
    assert events(cloudlife, "?limit=1") == [first]
    assert events(cloudlife, "?cloud=ecs") == []


def test_bad_filters_are_refused(cloudlife):
    import urllib.error
    with pytest.raises(urllib.error.HTTPError) as e:
        events(cloudlife, "?colour=blue")
    assert e.value.code == 400
