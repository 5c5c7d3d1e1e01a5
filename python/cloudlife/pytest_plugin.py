"""pytest fixtures for cloudlife.

Enable with ``pytest_plugins = ["cloudlife.pytest_plugin"]`` in a conftest.py, ``-p
cloudlife.pytest_plugin``, or automatically once the package is installed (entry point
``pytest11`` named ``cloudlife.pytest_plugin``, so the three ways never register it twice).

Which server: ``--cloudlife-endpoint URL``, else ``--cloudlife-bin PATH``, else
``$CLOUDLIFE_ENDPOINT``, else ``$CLOUDLIFE_BIN``, else — when the package carries its native
extension (``pip install ./python`` builds it) — :class:`cloudlife.Server` on a thread of the
test process, else ``cloudlife`` on PATH (the command line beats the environment; an endpoint
beats a binary). With an endpoint nothing is started: the fixture attaches to that server (a CI
service container, a background process), resets it so each session or module starts from an
empty cloud as with a server of its own, and applies the ``--clock``/``--timing`` flags of
``cloudlife_args`` through the control plane. The in-process server takes ``--clock`` and
``--timing`` from ``cloudlife_args`` too; other flags need a binary.

Fixtures:
- ``cloudlife_args`` (session): extra command-line flags; default ``["--clock", "frozen"]``.
  Override it in your conftest.py to change them.
- ``cloudlife``: the running server (:class:`cloudlife.Cloudlife`, or :class:`cloudlife.Server`
  in process), one per session, or one per module with ``cloudlife_scope = module`` in the ini
  file or ``--cloudlife-scope=module``.
- ``cloudlife_endpoint``: its ``http://HOST:PORT``.
- ``cloudlife_fresh``: the server after a reset, with the instant profile (per test).
- ``cloudlife_faults``: its :class:`cloudlife.Faults`; every rule is cleared after the test.
- ``cloudlife_mock``: a fresh ``cloudlife.mock()`` around the test (needs the extension): every
  boto3 client the test creates goes to it, no socket; the fixture is the :class:`cloudlife.Mock`.
- ``cloudlife_no_leaks`` (opt-in): fails a test whose teardown leaves leaks (docs/teardown.md).
"""
import os

import pytest

from .leak_check import cloudlife_no_leaks  # noqa: F401  (registers the fixture)
from .inprocess import Server, mock, native_available
from .server import Cloudlife, _control_plane_settings


def pytest_addoption(parser):
    group = parser.getgroup("cloudlife")
    group.addoption("--cloudlife-bin", default=None,
                    help="cloudlife binary (default: $CLOUDLIFE_BIN, then PATH)")
    group.addoption("--cloudlife-endpoint", default=None,
                    help="attach to the cloudlife server at this URL instead of starting one "
                         "(default: $CLOUDLIFE_ENDPOINT)")
    group.addoption("--cloudlife-scope", default=None, choices=("session", "module"),
                    help="one server per session (default) or per module")
    parser.addini("cloudlife_scope", "one cloudlife server per 'session' or 'module'", default="session")


def _scope(fixture_name, config):
    return config.getoption("--cloudlife-scope") or config.getini("cloudlife_scope") or "session"


def endpoint_to_attach(config):
    """The URL of a running server to attach to, or None to start a binary (see the module doc)."""
    explicit = config.getoption("--cloudlife-endpoint")
    if explicit:
        return explicit
    if config.getoption("--cloudlife-bin"):
        return None
    return os.environ.get("CLOUDLIFE_ENDPOINT") or None


def _in_process(config):
    """True when no binary is named and the native extension is there (see the module doc)."""
    named = config.getoption("--cloudlife-bin") or os.environ.get("CLOUDLIFE_BIN")
    return not named and native_available()


@pytest.fixture(scope="session")
def cloudlife_args():
    return ["--clock", "frozen"]


@pytest.fixture(scope=_scope)
def cloudlife(request, cloudlife_args):
    endpoint = endpoint_to_attach(request.config)
    if endpoint:
        server = Cloudlife(endpoint=endpoint, args=cloudlife_args)
        server.start()
        server.reset()
    elif _in_process(request.config):
        clock, timing = _control_plane_settings(cloudlife_args, None, None, "the in-process server")
        server = Server(clock=clock, timing=timing)
        server.start()
    else:
        server = Cloudlife(request.config.getoption("--cloudlife-bin"), args=cloudlife_args)
        server.start()
    yield server
    server.stop()


@pytest.fixture
def cloudlife_endpoint(cloudlife):
    return cloudlife.endpoint


@pytest.fixture
def cloudlife_fresh(cloudlife):
    cloudlife.reset()
    cloudlife.timing("instant")
    return cloudlife


@pytest.fixture
def cloudlife_faults(cloudlife):
    yield cloudlife.faults
    cloudlife.faults.clear()


@pytest.fixture
def cloudlife_mock():
    with mock() as cloud:
        yield cloud
