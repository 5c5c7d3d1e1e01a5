"""The pure-Python helper (python/cloudlife) and its pytest plugin, run against the real binary."""
import os
import re
import subprocess
import sys
import textwrap
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


def test_pytest_plugin_fixtures(pytester, monkeypatch):
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
    monkeypatch.setenv("CLOUDLIFE_ENDPOINT", "http://127.0.0.1:9")  # --cloudlife-bin beats it
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


# -- attaching to a running server (CLOUDLIFE_ENDPOINT, issue 16 item 3) ---------------------------

def test_attach_uses_the_running_server_and_leaves_it_running():
    with Cloudlife(BIN) as own:
        attached = Cloudlife(endpoint=own.endpoint + "/", args=["--clock", "frozen", "--timing=realistic"])
        with attached:
            assert attached.endpoint == own.endpoint and attached.port == own.port
            assert attached.pid is None and attached.running()
            clock = own.clock()
            assert (clock["mode"], clock["timing"]) == ("frozen", "realistic")
        assert attached.stop() is None and not attached.running()
        assert own.running() and own.health()["status"] == "ok"


def test_attach_refuses_what_only_a_process_can_take():
    for kwargs in ({"binary": BIN}, {"port": 4570}, {"env": {"X": "1"}}, {"log_level": "debug"},
                   {"args": ["--state-dir", "/tmp/x"]}, {"args": ["--clock"]}):
        with pytest.raises(CloudlifeError, match="attached|needs a value"):
            Cloudlife(endpoint="http://127.0.0.1:9", **kwargs)


def test_attach_to_nothing_is_a_clear_error():
    with pytest.raises(CloudlifeError, match="no cloudlife server answers at http://127.0.0.1:9"):
        Cloudlife(endpoint="http://127.0.0.1:9").start()


ATTACH_TESTS = {
    "conftest": 'pytest_plugins = ["cloudlife.pytest_plugin"]\n',
    "test_first": """
        import os

        def test_attached(cloudlife, cloudlife_endpoint):
            assert cloudlife.pid is None                      # nothing was started
            assert cloudlife_endpoint == os.environ["CLOUDLIFE_ENDPOINT"]
            assert cloudlife.clock()["mode"] == "frozen"      # default cloudlife_args, applied
            cloudlife.faults.add(kind="error", cloud="ec2", code="InternalError")
            cloudlife.timing("realistic")

        def test_fresh(cloudlife_fresh):
            assert cloudlife_fresh.clock()["timing"] == "instant"
    """,
    "test_second": """
        def test_module_starts_empty(cloudlife):
            assert cloudlife.faults.list() == []              # reset as a new server would be
    """,
}


def quickstart_block(heading):
    """The first ```sh block after the line `heading` in docs/quickstart.md."""
    text = open(os.path.join(PYTHON_DIR, "../docs/quickstart.md")).read()
    after = text[text.index(heading):]
    fence = re.search(r"```sh[^\n]*\n", after)  # the info string may carry a no-run marker
    return after[fence.end():after.index("```", fence.end())]


def test_quickstart_background_recipe_attaches_the_plugin(tmp_path):
    """docs/quickstart.md's "Plain background process" recipe, run as written: the plugin attaches
    to the server the recipe started (module scope, so the reset between modules shows)."""
    for name, body in ATTACH_TESTS.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(body))
    (tmp_path / "pytest.ini").write_text("[pytest]\ncloudlife_scope = module\n")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "cloudlife").symlink_to(os.path.abspath(BIN))
    env = {k: v for k, v in os.environ.items() if k not in ("CLOUDLIFE_BIN", "CLOUDLIFE_ENDPOINT")}
    env["PATH"] = f"{bindir}{os.pathsep}{env['PATH']}"
    env["PYTHONPATH"] = PYTHON_DIR
    # `wait $!`, not `wait %1`: bash may already have reaped and forgotten job %1 when the server
    # exits fast after `kill %1` ("no such job", 127); the status of the last `&` job is kept.
    script = quickstart_block("Plain background process") + "wait $!\necho server-exit=$?\n"
    run = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60)
    assert "3 passed" in run.stdout, run.stdout + run.stderr
    assert "server-exit=0" in run.stdout, run.stdout + run.stderr  # SIGTERM: clean shutdown


def test_in_process_api_without_the_extension_says_what_is_missing():
    import cloudlife
    assert not cloudlife.native_available()  # python/ in the tree has no compiled module
    for make in (cloudlife.Server, cloudlife.mock):
        with pytest.raises(CloudlifeError, match="pip install ./python"):
            make()
