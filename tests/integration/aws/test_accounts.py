"""One account rule (issue 9 §1): with --credentials mapping an access key to an account, everything
the key does happens in that account, and every record of the call says so: the instance belongs to
that account only (GET /_cloudlife/state), the audit record names the account and the created IDs,
and the access log line names the same account and IDs."""
import json
import os
import tempfile

import pytest
from botocore.exceptions import ClientError

from conftest import Cloudlife, launch

MAPPED_KEY = "AKIAMAPPEDKEY0000001"
MAPPED_ACCOUNT = "222233334444"
DEFAULT_KEY = "AKIDEXAMPLEFAKE00001"


@pytest.fixture(scope="module")
def cloudlife():
    with tempfile.TemporaryDirectory() as tmp:
        creds = os.path.join(tmp, "credentials.json")
        with open(creds, "w") as f:
            json.dump({"credentials": [
                {"access_key": MAPPED_KEY, "secret_key": "fakeSecretKey", "account": MAPPED_ACCOUNT},
                {"access_key": DEFAULT_KEY, "secret_key": "fakeSecretKey", "account": "123456789012"},
            ]}, f)
        server = Cloudlife("--clock", "frozen", "--credentials", creds, "--log-format", "json",
                           log_level="info")
        yield server
        server.stop()


def access_lines(server, action):
    with open(server.log_path) as f:
        lines = [json.loads(line) for line in f if line.startswith("{")]
    return [l for l in lines if l.get("logger") == "access" and l.get("action") == action]


def test_a_mapped_key_launches_into_its_own_account_and_every_record_says_so(cloudlife):
    mine = cloudlife.client("ec2", access_key=MAPPED_KEY)
    other = cloudlife.client("ec2", access_key=DEFAULT_KEY)
    (iid,) = launch(mine)

    parts = cloudlife.control("GET", "/_cloudlife/state")["ec2"]["partitions"]
    owners = [p["account"] for p in parts for i in p["instances"] if i["instance_id"] == iid]
    assert owners == [MAPPED_ACCOUNT]
    assert other.describe_instances()["Reservations"] == []
    with pytest.raises(ClientError) as e:
        other.stop_instances(InstanceIds=[iid])
    assert e.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"

    (run,) = cloudlife.control("GET", "/_cloudlife/events?action=RunInstances")["events"]
    assert run["account"] == MAPPED_ACCOUNT and run["access_key"] == MAPPED_KEY
    assert iid in run["resource_ids"]

    (logged,) = access_lines(cloudlife, "RunInstances")
    assert logged["account"] == MAPPED_ACCOUNT
    assert logged["cloud"] == "ec2" and logged["region"] == "us-east-1"
    assert logged["request_id"] == run["request_id"]
    assert iid in logged["resources"]
    (stop,) = access_lines(cloudlife, "StopInstances")
    assert stop["account"] == "123456789012" and stop["error"] == "InvalidInstanceID.NotFound"
    assert stop["resources"] == [iid]
