"""DescribeAccountAttributes as Terraform's AWS provider calls it (supported-platforms, default-vpc)."""
import botocore.exceptions
import pytest


def attributes(ec2, **kwargs):
    resp = ec2.describe_account_attributes(**kwargs)
    return {a["AttributeName"]: [v["AttributeValue"] for v in a["AttributeValues"]]
            for a in resp["AccountAttributes"]}


def default_vpc_id(ec2):
    [vpc] = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    return vpc["VpcId"]


def test_all_attributes_without_names(ec2):
    assert attributes(ec2) == {"supported-platforms": ["VPC"], "default-vpc": [default_vpc_id(ec2)]}


def test_named_attributes_only(ec2):
    assert attributes(ec2, AttributeNames=["default-vpc"]) == {"default-vpc": [default_vpc_id(ec2)]}
    assert attributes(ec2, AttributeNames=["supported-platforms"]) == {"supported-platforms": ["VPC"]}


def test_default_vpc_is_none_once_deleted(ec2):
    vpc = default_vpc_id(ec2)
    for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=s["SubnetId"])
    # The default VPC's internet gateway must go first, as on AWS.
    for igw in ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]:
        ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc)
        ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
    ec2.delete_vpc(VpcId=vpc)
    assert attributes(ec2, AttributeNames=["default-vpc"]) == {"default-vpc": ["none"]}


def test_unknown_name_is_invalid_parameter_value(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_account_attributes(AttributeNames=["max-everything"])
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert "max-everything" in e.value.response["Error"]["Message"]


def test_dry_run(ec2):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_account_attributes(DryRun=True)
    assert e.value.response["Error"]["Code"] == "DryRunOperation"
