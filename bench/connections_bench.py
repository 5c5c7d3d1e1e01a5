#!/usr/bin/env python3
"""Connection figures of the HTTP front end (issue 14, issue 16 item 2): a new client's first
answer (connect + one request, fresh connection) with 0 and with N idle keep-alive connections
open (N = each of --idle, opened cumulatively), the server's RSS at each N (so the memory an idle
connection costs), and how long SIGTERM takes to end the server with the last N still open.

Prints a table, then one machine-readable line `BENCH_JSON {...}`. Asserts no timing: figures
are measured, not tested (the functional checks live in tests/ops/test_http_transport.py).

  bench/connections_bench.py --server build/cloudlife [--idle 16,32,1000] [--samples 50]
"""
import argparse
import json
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time

REQUEST = b"GET /_cloudlife/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def read_answer(sock):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before an answer")
        buf += chunk
    head, body = buf.split(b"\r\n\r\n", 1)
    length = int(next(l.split(b":")[1] for l in head.split(b"\r\n")
                      if l.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return int(head.split(b" ")[1])


def first_answer_ms(port):
    """A new client: connect, send one request, read the answer; milliseconds."""
    t0 = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(REQUEST)
        status = read_answer(s)
    ms = (time.perf_counter() - t0) * 1000
    if status != 200:
        raise RuntimeError(f"health answered {status}")
    return ms


def sample(port, n):
    xs = sorted(first_answer_ms(port) for _ in range(n))
    return {"p50_ms": round(statistics.median(xs), 3),
            "p99_ms": round(xs[min(len(xs) - 1, int(len(xs) * 0.99))], 3),
            "max_ms": round(xs[-1], 3), "samples": n}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_idle(port, n, idle):
    """Opens connections until n of them sit idle in keep-alive (each served one request)."""
    while len(idle) < n:
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(REQUEST)
        read_answer(s)
        idle.append(s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--idle", default="16,32,1000",
                    help="comma-separated numbers of idle keep-alive connections, ascending")
    ap.add_argument("--samples", type=int, default=50)
    o = ap.parse_args()
    levels = sorted({int(n) for n in o.idle.split(",")})
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = levels[-1] + 64
    if hard != resource.RLIM_INFINITY and hard < want:
        sys.exit(f"RLIMIT_NOFILE hard limit {hard} is below the {want} descriptors needed")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, want), hard))

    proc = subprocess.Popen([o.server, "--port", "0", "--log-level", "warn"],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    port = int(line.rsplit(":", 1)[1])
    result = {"ok": False, "idle_connections": levels[-1], "levels": []}
    idle = []
    try:
        result["first_answer_no_idle"] = sample(port, o.samples)
        rss_before = rss_kib(proc.pid)
        result["rss_kib_no_idle"] = rss_before
        t0 = time.perf_counter()
        for n in levels:
            open_idle(port, n, idle)
            opened = time.perf_counter() - t0
            level = {"idle": n, "first_answer": sample(port, o.samples),
                     "rss_kib": rss_kib(proc.pid)}
            result["levels"].append(level)
            t0 = time.perf_counter() - opened  # opening time only, not the sampling
        result["open_idle_s"] = round(time.perf_counter() - t0, 3)
        last = result["levels"][-1]
        result["first_answer_with_idle"] = last["first_answer"]
        result["rss_bytes_per_idle_connection"] = round(
            (last["rss_kib"] - rss_before) * 1024 / levels[-1])
        t0 = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        result["sigterm_to_exit_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        result["exit_code"] = proc.returncode
        result["ok"] = proc.returncode == 0
    finally:
        for s in idle:
            s.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    print(f"{'figure':<62} value")
    a = result["first_answer_no_idle"]
    print(f"{'new client first answer, 0 idle keep-alive conns (p50/p99)':<62} "
          f"{a['p50_ms']:.3f} / {a['p99_ms']:.3f} ms")
    for level in result["levels"]:
        b = level["first_answer"]
        label = f"new client first answer, {level['idle']} idle keep-alive conns (p50/p99)"
        print(f"{label:<62} {b['p50_ms']:.3f} / {b['p99_ms']:.3f} ms")
    print(f"{'server RSS per idle keep-alive connection':<62} "
          f"{result['rss_bytes_per_idle_connection']} bytes "
          f"({result['rss_kib_no_idle']} -> {result['levels'][-1]['rss_kib']} KiB)")
    print(f"{f'SIGTERM to exit with {levels[-1]} idle keep-alive conns':<62} "
          f"{result['sigterm_to_exit_ms']:.1f} ms")
    print("BENCH_JSON " + json.dumps({"connections": result}, sort_keys=True))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
