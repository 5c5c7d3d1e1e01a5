#!/usr/bin/env python3
"""Service events and instance metadata figures (issue 12 §7): 100,000 events published (every
instance state change is one) and read through the long-poll route by a concurrent reader, and
IMDS requests per second on one keep-alive connection.

Prints a table, then one machine-readable line `BENCH_JSON {...}`. Asserts no timing: figures are
measured, not tested (the functional checks live in tests/integration/aws/test_service_events.py
and test_imds.py).

  bench/service_events_bench.py --server build/cloudlife [--events 100000] [--imds-seconds 5]
"""
import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse


def start(server):
    proc = subprocess.Popen([server, "--port", "0", "--clock", "frozen", "--timing", "instant",
                             "--log-level", "error"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("cloudlife listening on "):
        raise SystemExit("cloudlife did not start: " + line)
    host, port = line.rsplit("/", 1)[1].rsplit(":", 1)
    return proc, host, int(port)


class Conn:
    def __init__(self, host, port):
        self.c = http.client.HTTPConnection(host, port, timeout=120)

    def call(self, method, path, body=None, headers=None):
        self.c.request(method, path, body=body, headers=headers or {})
        r = self.c.getresponse()
        return r.status, r.read()


def run_instances(conn, count):
    body = urllib.parse.urlencode({"Action": "RunInstances", "Version": "2016-11-15",
                                   "ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro",
                                   "MinCount": count, "MaxCount": count})
    status, answer = conn.call("POST", "/", body,
                               {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        raise SystemExit("RunInstances failed: %s %s" % (status, answer[:300]))
    return answer


def events_bench(host, port, total):
    """Launches total/2 instances (pending + running: two events each) while a reader long-polls."""
    reader_conn = Conn(host, port)
    got = {"count": 0, "last": 0, "polls": 0}
    done = threading.Event()

    def reader():
        after = 0
        while got["count"] < total:
            status, body = reader_conn.call(
                "GET", "/_cloudlife/service-events?after=%d&wait=10&limit=10000" % after)
            page = json.loads(body)
            got["polls"] += 1
            if page["events"]:
                after = page["events"][-1]["seq"]
                got["count"] += len(page["events"])
            elif done.is_set():
                break
        got["finished"] = time.perf_counter()

    writer = Conn(host, port)
    t = threading.Thread(target=reader)
    t.start()
    started = time.perf_counter()
    instances = total // 2
    batch = 1000
    for k in range(0, instances, batch):
        run_instances(writer, min(batch, instances - k))
        writer.call("POST", "/_cloudlife/clock/advance", json.dumps({"seconds": 1}),
                    {"Content-Type": "application/json"})
    published = time.perf_counter()
    t.join(timeout=300)
    done.set()
    # Reading the whole log again from the start, in pages of 10,000.
    read_started = time.perf_counter()
    after, read = 0, 0
    while True:
        status, body = writer.call("GET", "/_cloudlife/service-events?after=%d&limit=10000" % after)
        page = json.loads(body)
        if not page["events"]:
            break
        read += len(page["events"])
        after = page["events"][-1]["seq"]
    read_done = time.perf_counter()
    return {
        "events": got["count"],
        "publish_seconds": round(published - started, 3),
        "published_per_s": round(total / (published - started)),
        "long_poll_reader_lag_ms": round((got.get("finished", published) - published) * 1000, 1),
        "long_polls": got["polls"],
        "reread_events": read,
        "reread_per_s": round(read / (read_done - read_started)),
    }


def imds_bench(host, port, seconds):
    conn = Conn(host, port)
    answer = run_instances(conn, 1).decode()
    iid = answer.split("<instanceId>", 1)[1].split("<", 1)[0]
    base = "/_cloudlife/imds/%s/latest/" % iid
    status, token = conn.call("PUT", base + "api/token", "",
                              {"X-aws-ec2-metadata-token-ttl-seconds": "21600"})
    assert status == 200, token
    headers = {"X-aws-ec2-metadata-token": token.decode()}
    n = 0
    end = time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < end:
        status, body = conn.call("GET", base + "meta-data/instance-id", headers=headers)
        assert status == 200 and body.decode() == iid
        n += 1
    elapsed = time.perf_counter() - started
    return {"imds_requests": n, "imds_requests_per_s": round(n / elapsed)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--events", type=int, default=100000)
    ap.add_argument("--imds-seconds", type=float, default=5)
    args = ap.parse_args()
    proc, host, port = start(args.server)
    try:
        figures = events_bench(host, port, args.events)
        figures.update(imds_bench(host, port, args.imds_seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    for k, v in figures.items():
        print("%-28s %s" % (k, v))
    figures["ok"] = figures["events"] == args.events and figures["reread_events"] >= args.events
    print("BENCH_JSON " + json.dumps(figures))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
