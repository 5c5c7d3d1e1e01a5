"""The pure-Python helper (python/cloudlife) and its pytest plugin, run against the real binary."""
import os
import subprocess
import sys
import urllib.error

import pytest

PYTHON_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../python"))
sys.path.insert(0, PYTHON_DIR)
from cloudlife import Cloudlife, CloudlifeError, find_binary  # noqa: E402

pytest_plugins = ["pytester"]
BIN = os.environ["CLOUDLIFE_BIN"]


def test_find_binary_order(monkeypatch, tmp_path):
    assert find_binary(BIN) == os.path.abspath(BIN)
    monkeypatch.setenv("CLOUDLIFE_BIN", BIN)
    assert find_binary() == os.path.abspath(BIN)
    monkeypatch.delenv("CLOUDLIFE_BIN")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CloudlifeError, match="CLOUDLIFE_BIN"):
        find_binary()
    (tmp_path / "cloudlife").symlink_to(os.path.abspath(BIN))
    assert find_binary() == str(tmp_path / "cloudlife")


def test_start_failure_quotes_the_servers_error():
    with pytest.raises(CloudlifeError, match="--clock"):
        Cloudlife(BIN, clock="sideways").start()


def test_control_plane_helpers_and_faults():
    server = Cloudlife(BIN, clock="frozen")
    server.start()
    try:
        assert server.endpoint == f"http://127.0.0.1:{server.port}"
        assert server.timing("realistic", {"pending": 7})["overrides"] == {"pending": 7}
        assert server.clock()["timing"] == "realistic"
        t0 = server.clock()["epoch_ms"]
        assert server.advance(60)["epoch_ms"] == t0 + 60000
        rule = server.faults.add(kind="error", cloud="ec2", action="RunInstances",
                                 code="InsufficientInstanceCapacity", count=1)
        assert [r["id"] for r in server.faults.list()] == [rule["id"]]
        server.faults.delete(rule["id"])
        assert server.faults.list() == []
        server.faults.add({"kind": "error", "cloud": "ec2", "code": "InternalError"})
        server.faults.clear()
        assert server.faults.list() == []
        with pytest.raises(urllib.error.HTTPError) as bad:
            server.advance(-1)
        assert bad.value.code == 400
        assert "ec2" in server.state()
        assert server.events() == []
        server.reset()
        assert server.clock()["mode"] == "frozen"
        pid = server.pid
        assert server.stop() == 0
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        assert server.stop() is None
    finally:
        server.stop()


def test_pytest_plugin_fixtures(pytester):
    pytester.makepyfile(test_inner="""
        import json, urllib.request

        def test_endpoint(cloudlife, cloudlife_endpoint):
            assert cloudlife_endpoint == cloudlife.endpoint
            with urllib.request.urlopen(cloudlife_endpoint + "/_cloudlife/health") as r:
                assert json.loads(r.read())["status"] == "ok"
            assert cloudlife.clock()["mode"] == "frozen"  # default cloudlife_args
            cloudlife.timing("realistic")

        def test_fresh_resets_timing(cloudlife_fresh):
            assert cloudlife_fresh.clock()["timing"] == "instant"

        def test_faults_are_cleared_after_the_test(cloudlife_faults):
            cloudlife_faults.add(kind="error", cloud="ec2", code="InternalError")

        def test_no_rules_left(cloudlife, cloudlife_faults):
            assert cloudlife_faults.list() == []
            global PID
            PID = cloudlife.pid

        def test_same_server_for_the_session(cloudlife):
            assert cloudlife.pid == PID
    """)
    result = pytester.runpytest_subprocess("-p", "cloudlife.pytest_plugin", "-p", "no:cacheprovider",
                                           f"--cloudlife-bin={BIN}")
    result.assert_outcomes(passed=5)


def test_pytest_plugin_args_override_and_module_scope(pytester):
    pytester.makeconftest("""
        import pytest

        @pytest.fixture(scope="session")
        def cloudlife_args():
            return ["--timing", "realistic"]
    """)
    pytester.makepyfile(test_a="""
        def test_a(cloudlife):
            clock = cloudlife.clock()
            assert (clock["mode"], clock["timing"]) == ("real", "realistic")
            open("pid_a", "w").write(str(cloudlife.pid))
    """, test_b="""
        def test_b(cloudlife):
            assert open("pid_a").read() != str(cloudlife.pid)
    """)
    result = pytester.runpytest_subprocess("-p", "cloudlife.pytest_plugin", "-p", "no:cacheprovider",
                                           "--cloudlife-scope=module")
    result.assert_outcomes(passed=2)


@pytest.fixture
def pytester(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", PYTHON_DIR + os.pathsep + os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("CLOUDLIFE_BIN", os.path.abspath(BIN))
    return pytester


def test_package_has_no_dependencies_outside_the_standard_library():
    code = ("import sys; sys.modules['boto3'] = None; sys.modules['botocore'] = None; "
            "import cloudlife, cloudlife.server, cloudlife.pytest_plugin")
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": PYTHON_DIR})
