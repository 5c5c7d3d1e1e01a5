"""The AWS suite through ``cloudlife.mock()`` instead of a server process (issue 15 §2).

With ``CLOUDLIFE_TESTS_MOCK=1`` the conftest's ``cloudlife`` fixture is a :class:`MockCloudlife`:
one ``cloudlife.mock(clock="frozen")`` per module, entered for the module's whole run, so every
boto3 client a test creates goes through botocore's ``before-send`` to the in-process router —
no socket, no endpoint_url (clients use AWS's own host names, as with moto) — and reset, clock,
timing and faults go through that same router. A test that reads ``cloudlife.endpoint`` (raw
HTTP, the AWS CLI) gets the mock's HTTP listener on the same state (``Mock.serve``).

The extension comes from the installed package or ``$CLOUDLIFE_NATIVE_MODULE`` (the ctest entry
integration.aws_mock points it at the build tree's module).

``NEEDS_A_PROCESS``: the test files and tests (``file::test``) skipped in this mode, each with
the reason: they run server processes of their own, which the module's active mock would also
capture.
"""
import os

import boto3
import pytest
from botocore.config import Config

ON = os.environ.get("CLOUDLIFE_TESTS_MOCK") == "1"

NEEDS_A_PROCESS = {
    "test_persistence.py": "starts, kill -9s and restarts its own server processes on a "
                           "--state-dir: nothing of that exists in a mock",
    "test_journal_format_v1.py": "restores a checked-in journal into server processes of its "
                                 "own on a --state-dir",
    "test_usage.py::test_a_persisted_server_reports_the_same_usage_after_a_restart":
        "restarts a server process on a --state-dir",
    "test_service_events.py::test_events_survive_a_restart_with_a_state_dir":
        "restarts a server process on a --state-dir",
    "test_autoscaling_notifications.py::test_notifications_are_the_same_after_a_state_dir_restart":
        "restarts a server process on a --state-dir",
    "test_accounts.py": "starts a server process with --credentials and reads its access log "
                        "(stderr): a mock has neither",
    "test_sts_credentials.py": "starts a server process with --credentials and --auth verify",
}


def skip_reason(item):
    """Why the test ``item`` is skipped in mock mode, or None."""
    if not ON:
        return None
    name = os.path.basename(str(item.fspath))
    return NEEDS_A_PROCESS.get(name) or NEEDS_A_PROCESS.get(f"{name}::{item.name}")


def make_cloudlife_class():
    import cloudlife

    if not cloudlife.native_available():
        raise RuntimeError("CLOUDLIFE_TESTS_MOCK=1 needs cloudlife._native: install the package "
                           "(pip install ./python) or set CLOUDLIFE_NATIVE_MODULE to the built module")

    class MockCloudlife(cloudlife.Mock):
        """cloudlife.mock() plus the conftest's client() (no endpoint_url: botocore's own)."""

        def __init__(self, *extra_args):
            assert list(extra_args) in ([], ["--clock", "frozen"]), extra_args
            super().__init__(clock="frozen" if extra_args else None)
            self.start()

        def client(self, service, region="us-east-1", access_key="AKIDEXAMPLEFAKE00001", **config):
            return boto3.client(
                service, region_name=region,
                aws_access_key_id=access_key, aws_secret_access_key="fakeSecretKey",
                config=Config(retries={"max_attempts": config.pop("max_attempts", 1)}, **config))

    return MockCloudlife


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        reason = skip_reason(item)
        if reason:
            item.add_marker(pytest.mark.skip(reason="cloudlife.mock() mode: " + reason))
