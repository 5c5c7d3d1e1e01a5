"""The calls Ansible's amazon.aws EC2 modules (Debian's `ansible` 7.7.0, amazon.aws 5.5.1) make that
cloudlife answered differently from AWS, each replayed with boto3 as the module makes it. The whole
playbook runs in ctest integration.ansible (tests/integration/ansible/).

- ec2_vpc_net finds its VPC with the legacy DescribeVpcs filter name `cidr-block`
  (plugins/modules/ec2_vpc_net.py, vpc_exists) and reads ClassicLink with DescribeVpcClassicLink
  (get_classic_link_status), which AWS answers with UnsupportedOperation since EC2-Classic retired.
- ec2_vpc_net_info also calls DescribeVpcClassicLinkDnsSupport (describe_classic_links).
- ec2_security_group starts with sts:GetCallerIdentity (module_utils/iam.py, get_aws_account_info)
  on the same endpoint_url.
"""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of

CLASSIC_RETIRED = ("UnsupportedOperation", 400, "The functionality you requested is not available in this region.")


def test_describe_vpcs_takes_the_legacy_cidr_block_names(ec2):
    vpc_id = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    ec2.create_vpc(CidrBlock="10.43.0.0/16")
    for name in ("cidr-block", "cidrBlock", "cidr"):
        found = ec2.describe_vpcs(Filters=[{"Name": name, "Values": ["10.42.0.0/16"]}])["Vpcs"]
        assert [v["VpcId"] for v in found] == [vpc_id], name
    # As ec2_vpc_net asks: Name tag and CIDR together.
    ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "Name", "Value": "cl-ansible"}])
    found = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["cl-ansible"]},
                                       {"Name": "cidr-block", "Values": ["10.42.0.0/16"]}])["Vpcs"]
    assert [v["VpcId"] for v in found] == [vpc_id]
    assert ec2.describe_vpcs(Filters=[{"Name": "cidr-block", "Values": ["10.44.0.0/16"]}])["Vpcs"] == []


def test_classic_link_is_retired(ec2):
    vpc_id = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    with pytest.raises(ClientError) as e:
        ec2.describe_vpc_classic_link(VpcIds=[vpc_id])
    assert error_of(e) == CLASSIC_RETIRED
    with pytest.raises(ClientError) as e:
        ec2.describe_vpc_classic_link()
    assert error_of(e) == CLASSIC_RETIRED
    with pytest.raises(ClientError) as e:
        ec2.describe_vpc_classic_link_dns_support(VpcIds=[vpc_id])
    assert error_of(e) == CLASSIC_RETIRED


def test_classic_link_request_is_decoded_first(ec2):
    # A malformed request gets its parameter error, not the retirement answer.
    ec2.meta.events.register("before-sign.ec2.DescribeVpcClassicLinkDnsSupport",
                             lambda request, **_: request.data.update({"MaxResults": "many"}))
    with pytest.raises(ClientError) as e:
        ec2.describe_vpc_classic_link_dns_support()
    assert error_of(e)[:2] != CLASSIC_RETIRED[:2]
    assert error_of(e)[1] == 400
