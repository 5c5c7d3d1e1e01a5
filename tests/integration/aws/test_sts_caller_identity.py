"""sts:GetCallerIdentity, which Ansible's amazon.aws modules call on the same endpoint_url before
they work (module_utils/iam.py, get_aws_account_info: ec2_security_group needs the account ID)
and Terraform's AWS provider calls at start-up. cloudlife has no IAM users: a key of the
--credentials file is a user named after the key (test_sts_credentials.py), any other key its
account's root, as AWS answers for root credentials."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of


def test_get_caller_identity_names_the_account_root(cloudlife):
    ident = cloudlife.client("sts").get_caller_identity()
    assert (ident["Account"], ident["UserId"], ident["Arn"]) == (
        "123456789012", "123456789012", "arn:aws:iam::123456789012:root")


def test_a_twelve_digit_key_is_that_accounts_root_as_in_ec2(cloudlife):
    ident = cloudlife.client("sts", access_key="000000000042").get_caller_identity()
    assert (ident["Account"], ident["UserId"], ident["Arn"]) == (
        "000000000042", "000000000042", "arn:aws:iam::000000000042:root")
    ec2 = cloudlife.client("ec2", access_key="000000000042")
    group = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]
    assert group["OwnerId"] == ident["Account"]


def test_the_region_does_not_change_the_identity(cloudlife):
    ident = cloudlife.client("sts", region="eu-west-1").get_caller_identity()
    assert ident["Arn"] == "arn:aws:iam::123456789012:root"


def test_an_sts_action_cloudlife_lacks_is_not_implemented(cloudlife):
    sts = cloudlife.client("sts")
    with pytest.raises(ClientError) as e:
        sts.get_session_token()
    assert error_of(e) == ("NotImplemented", 501, "cloudlife does not implement sts:GetSessionToken")


def test_an_action_no_sts_model_has_is_invalid(cloudlife):
    sts = cloudlife.client("sts")
    sts.meta.events.register("before-sign.sts.GetCallerIdentity",
                             lambda request, **_: request.data.update({"Action": "MakeCoffee"}))
    with pytest.raises(ClientError) as e:
        sts.get_caller_identity()
    code, status, _ = error_of(e)
    assert (code, status) == ("InvalidAction", 400)


def test_a_fault_rule_can_throttle_sts_alone(cloudlife):
    cloudlife.control("POST", "/_cloudlife/faults", {"kind": "error", "cloud": "sts",
                                                      "action": "GetCallerIdentity", "code": "Throttling"})
    with pytest.raises(ClientError) as e:
        cloudlife.client("sts").get_caller_identity()
    assert error_of(e) == ("Throttling", 400, "Rate exceeded")
    cloudlife.client("ec2").describe_vpcs()  # other clouds unaffected
