"""The cloudlife command line: flags, environment, config file, errors (exit 2), `health`,
`--list-actions`, the access log on stderr (text and JSON) and a clean shutdown on SIGTERM/SIGINT."""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../python"))
from cloudlife import Cloudlife  # noqa: E402

BIN = os.environ["CLOUDLIFE_BIN"]
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDLIFE_")}


def run(*args, env=None, timeout=30):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout,
                          env={**CLEAN_ENV, **(env or {})})


def start(*args, env=None):
    """Starts the server; returns (process, endpoint)."""
    proc = subprocess.Popen([BIN, "--port", "0", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**CLEAN_ENV, **(env or {})})
    line = proc.stdout.readline().strip()
    assert line.startswith("cloudlife listening on http://"), line
    return proc, line[len("cloudlife listening on "):]


def stop(proc, sig=signal.SIGTERM):
    """Signals the server and returns (exit code, rest of stdout, stderr)."""
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=15)
    return proc.returncode, out, err


def recv_until(conn, marker):
    data = b""
    while marker not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return json.loads(resp.read())


def ec2_call(endpoint, body, headers=None):
    req = urllib.request.Request(endpoint + "/", data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          **(headers or {})})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read().decode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_help_lists_every_flag_and_its_environment_variable():
    out = run("--help")
    assert out.returncode == 0
    for flag in ["--bind", "--port", "--clock", "--timing", "--log-level", "--log-format",
                 "--keep-alive-timeout", "--state-dir", "--snapshot-every", "--auth", "--credentials", "--audit-log", "--config",
                 "--list-actions", "--version", "health"]:
        assert flag in out.stdout, flag
    for env in ["CLOUDLIFE_PORT", "CLOUDLIFE_BIND", "CLOUDLIFE_CLOCK", "CLOUDLIFE_TIMING",
                "CLOUDLIFE_LOG_LEVEL", "CLOUDLIFE_LOG_FORMAT", "CLOUDLIFE_KEEP_ALIVE_TIMEOUT",
                "CLOUDLIFE_SNAPSHOT_EVERY"]:
        assert env in out.stdout, env


def test_version():
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.strip().startswith("cloudlife 0.")


@pytest.mark.parametrize("args, needle", [
    (["--port", "70000"], "--port"),
    (["--port", "abc"], "--port"),
    (["--clock", "sideways"], "--clock"),
    (["--timing", "slow"], "--timing"),
    (["--log-level", "loud"], "--log-level"),
    (["--log-format", "xml"], "--log-format"),
    (["--keep-alive-timeout", "0"], "--keep-alive-timeout"),
    (["--auth", "maybe"], "--auth"),
    (["--credentials", "/nonexistent/creds.json"], "--credentials"),
    (["--config", "/nonexistent/cloudlife.toml"], "cloudlife.toml"),
    (["--no-such-flag"], "--no-such-flag"),
])
def test_bad_values_exit_2_naming_the_flag(args, needle):
    out = run(*args)
    assert out.returncode == 2, out
    assert needle in out.stderr + out.stdout


@pytest.mark.parametrize("env, needle", [
    ({"CLOUDLIFE_PORT": "-1"}, "--port"),
    ({"CLOUDLIFE_CLOCK": "sideways"}, "--clock"),
    ({"CLOUDLIFE_CONFIG": "/nonexistent/c.toml"}, "CLOUDLIFE_CONFIG"),
])
def test_bad_environment_values_exit_2(env, needle):
    out = run(env=env)
    assert out.returncode == 2, out
    assert needle in out.stderr + out.stdout


def test_audit_log_appends_one_json_line_per_mutating_call(tmp_path):
    path = tmp_path / "audit.jsonl"
    proc, endpoint = start("--audit-log", str(path))
    try:
        for body in (b"Action=RunInstances&Version=2016-11-15&ImageId=ami-0123456789abcdef0&"
                     b"MinCount=1&MaxCount=1",
                     b"Action=DescribeInstances&Version=2016-11-15",
                     b"Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-0123456789abcdef0"):
            try:
                urllib.request.urlopen(urllib.request.Request(endpoint + "/", data=body), timeout=10)
            except urllib.error.HTTPError:
                pass
    finally:
        stop(proc)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(r["action"], r["result"]) for r in records] == [
        ("RunInstances", "Success"), ("TerminateInstances", "InvalidInstanceID.NotFound")]


def test_audit_log_that_cannot_be_opened_exits_2():
    out = run("--port", "0", "--audit-log", "/nonexistent/dir/audit.jsonl")
    assert out.returncode == 2
    assert "--audit-log" in out.stderr
    assert "listening" not in out.stdout


def test_auth_verify_needs_credentials_and_credentials_must_parse(tmp_path):
    out = run("--port", "0", "--auth", "verify")
    assert out.returncode == 2 and "--credentials" in out.stderr
    bad = tmp_path / "creds.json"
    bad.write_text('{"credentials": "nope"}')
    out = run("--port", "0", "--credentials", str(bad))
    assert out.returncode == 2 and str(bad) in out.stderr


def test_auth_verify_refuses_unsigned_calls_and_credentials_map_accounts(tmp_path):
    creds = tmp_path / "creds.json"
    creds.write_text(json.dumps({"credentials": [
        {"access_key": "AKIDOPS", "secret_key": "s3cret", "account": "444455556666"}]}))
    proc, endpoint = start("--auth", "verify", "--credentials", str(creds))
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            ec2_call(endpoint, "Action=DescribeInstances&Version=2016-11-15")
        assert refused.value.code in (400, 401, 403)
    finally:
        stop(proc)


def test_allow_host_admits_a_non_loopback_host_name():
    def health_with_host(endpoint, host):
        req = urllib.request.Request(endpoint + "/_cloudlife/health", headers={"Host": host})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status

    proc, endpoint = start()
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            health_with_host(endpoint, "cloudlife.example")
        assert refused.value.code == 403
    finally:
        stop(proc)
    proc, endpoint = start("--allow-host", "cloudlife.example", env={"CLOUDLIFE_ALLOW_HOST": "a.test,b.test"})
    try:
        assert health_with_host(endpoint, "cloudlife.example") == 200
    finally:
        stop(proc)
    proc, endpoint = start(env={"CLOUDLIFE_ALLOW_HOST": "a.test,b.test"})
    try:
        assert health_with_host(endpoint, "b.test") == 200
    finally:
        stop(proc)


def test_state_dir_keeps_instances_across_a_restart(tmp_path):
    proc, endpoint = start("--state-dir", str(tmp_path), "--clock", "frozen")
    try:
        body = ec2_call(endpoint, "Action=RunInstances&Version=2016-11-15&ImageId=ami-0123456789abcdef0"
                                  "&InstanceType=t3.micro&MinCount=1&MaxCount=1")
        instance_id = body.split("<instanceId>")[1].split("<")[0]
    finally:
        assert stop(proc)[0] == 0
    proc, endpoint = start("--state-dir", str(tmp_path), "--clock", "frozen")
    try:
        described = ec2_call(endpoint, f"Action=DescribeInstances&Version=2016-11-15&InstanceId.1={instance_id}")
        assert f"<instanceId>{instance_id}</instanceId>" in described
    finally:
        stop(proc)


def test_environment_sets_flags():
    port = free_port()
    proc, endpoint = start(env={"CLOUDLIFE_CLOCK": "frozen", "CLOUDLIFE_TIMING": "realistic"})
    try:
        clock = get(endpoint + "/_cloudlife/clock")
        assert (clock["mode"], clock["timing"]) == ("frozen", "realistic")
    finally:
        stop(proc)
    # CLOUDLIFE_PORT when --port is absent.
    proc = subprocess.Popen([BIN], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**CLEAN_ENV, "CLOUDLIFE_PORT": str(port)})
    try:
        assert proc.stdout.readline().strip() == f"cloudlife listening on http://127.0.0.1:{port}"
    finally:
        stop(proc)


def test_config_file_sets_flags_and_command_line_wins(tmp_path):
    config = tmp_path / "cloudlife.toml"
    config.write_text('clock = "frozen"\ntiming = "realistic"\nlog-format = "json"\n')
    proc, endpoint = start("--config", str(config), "--timing", "instant")
    try:
        clock = get(endpoint + "/_cloudlife/clock")
        assert (clock["mode"], clock["timing"]) == ("frozen", "instant")
    finally:
        _, _, err = stop(proc)
    assert err.splitlines()[0].startswith("{"), err  # log-format json from the file
    # The same through CLOUDLIFE_CONFIG.
    proc, endpoint = start(env={"CLOUDLIFE_CONFIG": str(config)})
    try:
        assert get(endpoint + "/_cloudlife/clock")["timing"] == "realistic"
    finally:
        stop(proc)


def test_config_file_with_unknown_key_exits_2(tmp_path):
    config = tmp_path / "bad.ini"
    config.write_text("[default]\nportt = 5\n")
    out = run("--config", str(config))
    assert out.returncode == 2
    assert "portt" in out.stderr + out.stdout


def test_health_subcommand_exit_codes():
    proc, endpoint = start()
    port = endpoint.rsplit(":", 1)[1]
    try:
        ok = run("health", "--endpoint", endpoint)
        assert ok.returncode == 0, ok
        assert "ok" in ok.stdout
        assert run("health", "--port", port).returncode == 0
        assert run("--port", port, "health").returncode == 0
        assert run("health", env={"CLOUDLIFE_PORT": port}).returncode == 0
        assert run("health", "--port", port, "--endpoint", endpoint).returncode == 2
    finally:
        stop(proc)
    down = run("health", "--port", port, "--timeout", "1")
    assert down.returncode == 1
    assert "unreachable" in down.stderr


def test_health_fails_against_something_that_is_not_cloudlife():
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class NotCloudlife(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"status":"starting"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), NotCloudlife)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        out = run("health", "--port", str(server.server_address[1]))
        assert out.returncode == 1
        assert "starting" in out.stderr
    finally:
        server.shutdown()


def test_list_actions_comes_from_the_registry():
    text = run("--list-actions")
    assert text.returncode == 0
    summary = [line for line in text.stdout.splitlines() if line.startswith("# ")]
    lines = [line for line in text.stdout.splitlines() if not line.startswith("# ")]
    assert any(line.startswith("# ec2: ") and "of the service model implemented" in line
               for line in summary)
    assert "ec2\tRunInstances" in lines
    assert "ec2\tDescribeInstances" in lines
    assert all(len(line.split("\t")) == 2 for line in lines)
    ec2 = [line.split("\t")[1] for line in lines if line.startswith("ec2\t")]
    assert ec2 == sorted(ec2) and len(ec2) == len(set(ec2))
    # Every listed EC2 action is routed (no InvalidAction), and an unlisted one is refused.
    proc, endpoint = start()
    try:
        for action in ec2:
            try:
                ec2_call(endpoint, f"Action={action}&Version=2016-11-15")
            except urllib.error.HTTPError as e:
                assert b"InvalidAction" not in e.read(), action
        with pytest.raises(urllib.error.HTTPError) as refused:
            ec2_call(endpoint, "Action=NotARealAction&Version=2016-11-15")
        assert b"InvalidAction" in refused.value.read()
        # An action the EC2 model has and cloudlife lacks: 501 NotImplemented naming it.
        with pytest.raises(urllib.error.HTTPError) as missing:
            ec2_call(endpoint, "Action=CreateVpnGateway&Version=2016-11-15&Type=ipsec.1")
        assert missing.value.code == 501
        body = missing.value.read()
        assert b"<Code>NotImplemented</Code>" in body
        assert b"cloudlife does not implement ec2:CreateVpnGateway" in body
    finally:
        stop(proc)
    markdown = run("--list-actions", "--format", "markdown")
    assert markdown.returncode == 0
    assert markdown.stdout.startswith("# Coverage")
    assert "- `RunInstances`" in markdown.stdout
    assert run("--list-actions", "--format", "yaml").returncode == 2


def test_stdout_first_line_and_text_access_log_on_stderr():
    proc, endpoint = start("--clock", "frozen")
    try:
        ec2_call(endpoint, "Action=RunInstances&Version=2016-11-15&ImageId=ami-0123456789abcdef0"
                           "&InstanceType=t3.micro&MinCount=1&MaxCount=1",
                 {"Authorization": "AWS4-HMAC-SHA256 Credential=210987654321/20260101/eu-west-1/"
                                   "ec2/aws4_request, SignedHeaders=host, Signature=00"})
        get(endpoint + "/_cloudlife/health")
    finally:
        code, out, err = stop(proc)
    assert code == 0
    assert out == ""  # nothing but the first line on stdout
    access = [line for line in err.splitlines() if " access " in line]
    assert len(access) == 2, err
    run_line = access[0]
    for part in ["cloud=ec2", "account=210987654321", "region=eu-west-1", 'action="RunInstances"',
                 "status=200", "latency_us=", "resources=i-", "request_id="]:
        assert part in run_line, (part, run_line)
    assert "cloud=control" in access[1]


def test_json_access_log_is_one_object_per_line():
    proc, endpoint = start("--log-format", "json")
    try:
        with pytest.raises(urllib.error.HTTPError):
            ec2_call(endpoint, "Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-0000000000000000f")
    finally:
        _, _, err = stop(proc)
    objects = [json.loads(line) for line in err.splitlines()]  # every line parses
    assert all({"time", "level"} <= set(o) for o in objects)
    access = [o for o in objects if o.get("logger") == "access"]
    assert len(access) == 1
    entry = access[0]
    assert entry["cloud"] == "ec2" and entry["action"] == "TerminateInstances"
    assert entry["status"] == 400 and entry["error"] == "InvalidInstanceID.NotFound"
    assert entry["account"] == "123456789012" and entry["region"] == "us-east-1"
    assert entry["resources"] == ["i-0000000000000000f"] and entry["request_id"]
    assert any(o.get("msg", "").startswith("cloudlife stopped") for o in objects)


def test_log_level_warn_silences_the_access_log():
    proc, endpoint = start("--log-level", "warn")
    try:
        get(endpoint + "/_cloudlife/health")
    finally:
        _, _, err = stop(proc)
    assert err == ""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_lets_an_in_flight_request_finish(sig):
    proc, endpoint = start("--clock", "frozen", "--log-level", "warn")
    host, port = endpoint[len("http://"):].rsplit(":", 1)
    body = ("Action=RunInstances&Version=2016-11-15&ImageId=ami-0123456789abcdef0"
            "&InstanceType=t3.micro&MinCount=2&MaxCount=2").encode()
    head = (f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded"
            f"\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        # A first full request proves the connection is accepted and owned by a worker.
        conn.sendall(f"GET /_cloudlife/health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        assert b'"ok"' in recv_until(conn, b'"ok"')
        # The second request is half sent when the signal arrives...
        conn.sendall(head + body[:20])
        time.sleep(0.3)
        proc.send_signal(sig)
        time.sleep(0.3)
        assert proc.poll() is None  # still serving the in-flight request
        conn.sendall(body[20:])
        answer = recv_until(conn, b"</RunInstancesResponse>")
    # ...and is answered in full before the server exits cleanly.
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert answer.count(b"<instanceId>") == 2
    assert proc.wait(timeout=15) == 0
    # New connections are refused once it has stopped.
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=2).close()


def test_python_helper_round_trip():
    with Cloudlife(BIN, clock="frozen", timing="realistic") as server:
        assert server.health()["status"] == "ok"
        assert server.clock()["mode"] == "frozen"
        before = server.clock()["epoch_ms"]
        assert server.advance(2.5)["epoch_ms"] == before + 2500
        pid = server.pid
    assert server.proc is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_port_in_use_is_an_error_not_a_shared_socket():
    proc, endpoint = start("--log-level", "warn")
    port = endpoint.rsplit(":", 1)[1]
    try:
        second = run("--port", port, timeout=10)
        assert second.returncode == 1
        assert f"cannot listen on 127.0.0.1:{port}" in second.stderr
    finally:
        stop(proc)
