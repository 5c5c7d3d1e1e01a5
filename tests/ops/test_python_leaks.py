"""cloudlife.leaks() / usage() and the opt-in cloudlife_no_leaks fixture (docs/teardown.md)."""
import os
import sys

import pytest

PYTHON_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../python"))
sys.path.insert(0, PYTHON_DIR)
from cloudlife import Cloudlife  # noqa: E402

pytest_plugins = ["pytester"]
BIN = os.environ["CLOUDLIFE_BIN"]

EC2 = """
import boto3
from botocore.config import Config

def ec2(server):
    return boto3.client("ec2", endpoint_url=server.endpoint, region_name="us-east-1",
                        aws_access_key_id="k", aws_secret_access_key="s",
                        config=Config(retries={"max_attempts": 1}))
"""


def test_leaks_and_usage_helpers():
    import boto3
    from botocore.config import Config
    with Cloudlife(BIN, clock="frozen") as server:
        ec2 = boto3.client("ec2", endpoint_url=server.endpoint, region_name="us-east-1",
                           aws_access_key_id="k", aws_secret_access_key="s",
                           config=Config(retries={"max_attempts": 1}))
        vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=4)["VolumeId"]
        server.advance(10)
        assert [l["id"] for l in server.leaks()] == [vol]
        assert server.leaks(region="eu-west-1") == []
        report = server.usage(group_by="resource", priced=True, **{"from": 0})
        assert report["totals"][0]["group"] == vol and report["totals"][0]["quantity"] == 40
        assert server.prices()["currency"] == "USD"
        assert server.set_prices({"currency": "EUR", "facts": []})["facts"] == []


def test_the_no_leaks_fixture_fails_a_test_whose_teardown_leaks(pytester):
    pytester.makeconftest(EC2.replace("def ec2", "def make_ec2") + """
import pytest

@pytest.fixture
def stack(cloudlife_fresh):
    client = make_ec2(cloudlife_fresh)
    vol = client.create_volume(AvailabilityZone="us-east-1a", Size=1)["VolumeId"]
    yield vol
    if not vol.endswith("LEAKY"):
        client.delete_volume(VolumeId=vol)
""")
    pytester.makepyfile(test_inner="""
        def test_clean(cloudlife_no_leaks, stack):
            assert stack.startswith("vol-")

        def test_leaky(cloudlife_no_leaks, cloudlife_fresh):
            from conftest import make_ec2
            make_ec2(cloudlife_fresh).create_volume(AvailabilityZone="us-east-1a", Size=1)

        def test_without_the_fixture_nothing_is_checked(cloudlife_fresh):
            from conftest import make_ec2
            make_ec2(cloudlife_fresh).create_volume(AvailabilityZone="us-east-1a", Size=1)
    """)
    result = pytester.runpytest_subprocess("-p", "cloudlife.pytest_plugin", "-p", "no:cacheprovider",
                                           f"--cloudlife-bin={BIN}")
    result.assert_outcomes(passed=3, errors=1)  # test_leaky passes, its teardown errors
    result.stdout.fnmatch_lines(["*teardown left resources that keep costing*",
                                 "*ec2 volume vol-* since *never attached*"])


@pytest.fixture
def pytester(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", PYTHON_DIR + os.pathsep + os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("CLOUDLIFE_BIN", os.path.abspath(BIN))
    return pytester
