"""sts:GetCallerIdentity for a key of the --credentials file: an IAM user of its account named
after the key (the same ARN AccessDenied messages name), with a stable AIDA… user ID; it needs no
permission, so a policy that denies everything still lets the key ask who it is."""
import json
import os
import re
import tempfile

import pytest
from botocore.exceptions import ClientError

from conftest import Cloudlife

USER_KEY = "AKIAUSERKEY000000001"
DENIED_KEY = "AKIADENIEDKEY0000001"


@pytest.fixture(scope="module")
def cloudlife():
    with tempfile.TemporaryDirectory() as tmp:
        creds = os.path.join(tmp, "credentials.json")
        with open(creds, "w") as f:
            json.dump({"credentials": [
                {"access_key": USER_KEY, "secret_key": "fakeSecretKey", "account": "222233334444"},
                {"access_key": DENIED_KEY, "secret_key": "fakeSecretKey", "account": "555566667777",
                 "policy": {"deny": ["*"]}},
            ]}, f)
        server = Cloudlife("--clock", "frozen", "--credentials", creds, "--auth", "verify")
        yield server
        server.stop()


def test_a_listed_key_is_an_iam_user_of_its_account(cloudlife):
    ident = cloudlife.client("sts", access_key=USER_KEY).get_caller_identity()
    assert ident["Account"] == "222233334444"
    assert ident["Arn"] == f"arn:aws:iam::222233334444:user/{USER_KEY}"
    assert re.fullmatch(r"AIDA[0-9A-Z]{17}", ident["UserId"])
    assert cloudlife.client("sts", access_key=USER_KEY).get_caller_identity()["UserId"] == ident["UserId"]


def test_get_caller_identity_needs_no_permission(cloudlife):
    ident = cloudlife.client("sts", access_key=DENIED_KEY).get_caller_identity()
    assert ident["Arn"] == f"arn:aws:iam::555566667777:user/{DENIED_KEY}"
    # The same key is refused elsewhere, naming the same user.
    with pytest.raises(ClientError) as e:
        cloudlife.client("ec2", access_key=DENIED_KEY).describe_vpcs()
    assert e.value.response["Error"]["Code"] == "UnauthorizedOperation"
    assert ident["Arn"] in e.value.response["Error"]["Message"]


def test_an_unknown_key_is_refused_under_verify(cloudlife):
    with pytest.raises(ClientError) as e:
        cloudlife.client("sts", access_key="AKIANOSUCHKEY0000001").get_caller_identity()
    resp = e.value.response
    assert (resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidClientTokenId", 403)
