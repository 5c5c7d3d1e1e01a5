#!/usr/bin/env python3
"""Persistence figures (issue 14, "restart with --state-dir after 1,000,000 mutations, journal size
bounded"): how long a server takes to come back with --state-dir after a history of N mutations,
and how big the state directory is then.

Restart time is reported as wall time and as the server's CPU time (user + system, from /proc),
which is what to compare on a loaded machine.

1. With snapshots (the default --snapshot-every): starts the server and makes `--mutations` real
   mutations over HTTP (CreateTags on one VPC, each with a new value: the cheapest mutation that is
   journaled), sent pipelined on one keep-alive connection so a million take about a minute; the
   server snapshots as its journal grows. Then kills it (SIGKILL) and restarts it: "restart after N"
   is process start to the first answer of GET /_cloudlife/health (the state is loaded before the
   server listens). The state directory's size is what a user's disk holds after that history.
2. Without snapshots (--snapshot-every 0), for comparison: `--plain-mutations` over HTTP, then
   `--extend-to` appends copies of the last CreateTags record (each with its own tag value, in the
   journal's record format: `<length> <crc32> <json>`) and restarts: every record is replayed.

After each restart the bench checks that the VPC carries the last tag value (the history really was
restored). Prints a table, then one machine-readable line `BENCH_JSON {...}`. Asserts no timing.

  bench/persistence_bench.py --server build/cloudlife [--mutations 1000000]
                             [--plain-mutations 20000] [--extend-to 1000000]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zlib

TARGET_RESTART_S = 1.0  # issue 14: restart after 1,000,000 mutations


class Server:
    def __init__(self, binary, state_dir, snapshot_every=None):
        self.t0 = time.perf_counter()
        snapshots = [] if snapshot_every is None else ["--snapshot-every", str(snapshot_every)]
        self.proc = subprocess.Popen(
            [binary, "--port", "0", "--state-dir", state_dir, "--fsync", "never",
             "--log-level", "warn", *snapshots],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("cloudlife listening on "):
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.proc.stderr.read()}")
        self.port = int(re.search(r":(\d+)$", line).group(1))
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        self.request("GET", "/_cloudlife/health")
        self.ready_s = time.perf_counter() - self.t0
        self.ready_cpu_s = self.cpu_s()

    def cpu_s(self):
        """The server's CPU time (user + system) so far: robust on a loaded machine."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def request(self, method, path, body=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        self.conn.request(method, path, body, headers)
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{method} {path} {body!r}: {resp.status} {data[:300]!r}")
        return data

    def ec2(self, form):
        return self.request("POST", "/", "Version=2016-11-15&" + form)

    def peak_rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def kill(self):
        self.conn.close()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))


def journal_records(path):
    """Records a restart replays: those of journal.log (kept journals are only a fallback)."""
    with open(os.path.join(path, "journal.log"), "rb") as f:
        return sum(1 for _ in f) - 1  # the header line


def pipelined_create_tags(port, vpc, count, depth=64):
    """`count` CreateTags on one keep-alive connection, `depth` requests in flight; returns the last
    tag value. Every answer must be 200."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def request(i):
        body = (f"Version=2016-11-15&Action=CreateTags&ResourceId.1={vpc}&Tag.1.Key=k"
                f"&Tag.1.Value=v{i}").encode()
        return (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    pending, sent, answered = b"", 0, 0
    try:
        while answered < count:
            if sent < count and sent - answered < depth:  # keep `depth` requests in flight
                batch = min(depth - (sent - answered), count - sent)
                sock.sendall(b"".join(request(sent + k) for k in range(batch)))
                sent += batch
            parsed = 0
            while True:  # every whole answer already received
                head_end = pending.find(b"\r\n\r\n")
                if head_end < 0:
                    break
                head = pending[:head_end]
                length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
                if len(pending) < head_end + 4 + length:
                    break
                if not head.startswith(b"HTTP/1.1 200"):
                    raise RuntimeError(f"CreateTags answered {head[:60]!r}")
                pending = pending[head_end + 4 + length:]
                parsed += 1
            answered += parsed
            if parsed == 0:
                chunk = sock.recv(1 << 20)
                if not chunk:
                    raise RuntimeError("the server closed the connection")
                pending += chunk
    finally:
        sock.close()
    return f"v{count - 1}"


def last_tag_value(server, vpc):
    xml = server.ec2(f"Action=DescribeTags&Filter.1.Name=resource-id&Filter.1.Value.1={vpc}")
    return re.search(rb"<value>(.*?)</value>", xml).group(1).decode()


def restart(binary, state_dir, vpc, expect_value, snapshot_every=None):
    s = Server(binary, state_dir, snapshot_every)
    try:
        got = last_tag_value(s, vpc)
        if got != expect_value:
            raise RuntimeError(f"restored tag value {got!r}, expected {expect_value!r}")
        return {"restart_s": round(s.ready_s, 3), "restart_cpu_s": round(s.ready_cpu_s, 3),
                "peak_rss_mib": round(s.peak_rss_mib(), 1),
                "records": journal_records(state_dir), "state_dir_bytes": dir_bytes(state_dir)}
    finally:
        s.kill()


def extend_journal(state_dir, to_records):
    """Appends copies of the journal's last record (a CreateTags) with new tag values."""
    path = os.path.join(state_dir, "journal.log")
    with open(path, "rb") as f:
        lines = f.read().splitlines()
    last = json.loads(lines[-1].split(b" ", 2)[2])
    if "Action=CreateTags" not in last["b"]:
        raise RuntimeError("the journal does not end with a CreateTags record")
    have = len(lines) - 1
    value = None
    with open(path, "ab") as f:
        for i in range(have, to_records):
            value = f"x{i}"
            last["b"] = re.sub(r"Tag\.1\.Value=[^&]*", "Tag.1.Value=" + value, last["b"])
            body = json.dumps(last, separators=(",", ":")).encode()
            f.write(b"%d %08x %s\n" % (len(body), zlib.crc32(body), body))
    return value


def with_snapshots(binary, mutations):
    """Phase 1: a history made online under the default --snapshot-every, then a restart."""
    state_dir = tempfile.mkdtemp(prefix="cloudlife-persistence-bench-")
    try:
        s = Server(binary, state_dir)
        try:
            vpc = re.search(rb"<vpcId>(.*?)</vpcId>",
                            s.ec2("Action=CreateVpc&CidrBlock=10.0.0.0/16")).group(1).decode()
            t0 = time.perf_counter()
            value = pipelined_create_tags(s.port, vpc, mutations)
            made_s = time.perf_counter() - t0
        finally:
            s.kill()
        point = dict(restart(binary, state_dir, vpc, value), source="snapshots",
                     mutations=mutations + 1, files=sorted(os.listdir(state_dir)))
        point["mutations_per_s"] = round(mutations / made_s, 1) if made_s > 0 else None
        return point
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)


def without_snapshots(binary, mutations, extend_to):
    """Phase 2: the same history with snapshots off, replayed whole at the restart."""
    state_dir = tempfile.mkdtemp(prefix="cloudlife-persistence-bench-")
    try:
        s = Server(binary, state_dir, snapshot_every=0)
        try:
            vpc = re.search(rb"<vpcId>(.*?)</vpcId>",
                            s.ec2("Action=CreateVpc&CidrBlock=10.0.0.0/16")).group(1).decode()
            value = None
            for i in range(mutations):
                value = f"v{i}"
                s.ec2(f"Action=CreateTags&ResourceId.1={vpc}&Tag.1.Key=k&Tag.1.Value={value}")
        finally:
            s.kill()
        points = [dict(restart(binary, state_dir, vpc, value, snapshot_every=0), source="http")]
        if extend_to > points[0]["records"]:
            value = extend_journal(state_dir, extend_to)
            points.append(dict(restart(binary, state_dir, vpc, value, snapshot_every=0),
                               source="extended"))
        for p in points:
            p["mutations"] = p["records"]
        return points
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--mutations", type=int, default=1000000,
                    help="mutations made over HTTP with snapshots on (default 1000000)")
    ap.add_argument("--plain-mutations", type=int, default=20000,
                    help="mutations made over HTTP with snapshots off (default 20000)")
    ap.add_argument("--extend-to", type=int, default=1000000,
                    help="journal records after extending, snapshots off (default 1000000; 0 skips)")
    o = ap.parse_args()

    out = {"bench": "persistence", "ok": False}
    snap = with_snapshots(o.server, o.mutations)
    points = [snap] + without_snapshots(o.server, o.plain_mutations, o.extend_to)
    for p in points:
        p["bytes_per_mutation"] = round(p["state_dir_bytes"] / max(1, p["mutations"]), 1)
        p["restart_us_per_record"] = round(p["restart_s"] * 1e6 / max(1, p["records"]), 2)
    out["points"] = points
    out["mutations_per_s"] = snap["mutations_per_s"]
    out["restart_after_mutations"] = snap["mutations"]
    out["restart_s"] = snap["restart_s"]
    out["restart_cpu_s"] = snap["restart_cpu_s"]
    out["state_dir_bytes"] = snap["state_dir_bytes"]
    plain = points[-1]
    # Without snapshots a restart is linear in the history: the largest point, scaled to 1,000,000.
    out["no_snapshots_restart_at_1m_s_extrapolated"] = round(
        plain["restart_s"] * 1_000_000 / max(1, plain["records"]), 2)
    out["target_restart_s"] = TARGET_RESTART_S
    out["ok"] = True

    print(f"{'mutations':>10} {'source':>9} {'replayed':>9} {'restart s':>10} {'CPU s':>7} "
          f"{'state dir MB':>13} {'B/mutation':>11} {'peak RSS MiB':>13}")
    for p in points:
        print(f"{p['mutations']:>10} {p['source']:>9} {p['records']:>9} {p['restart_s']:>10.3f} "
              f"{p['restart_cpu_s']:>7.2f} {p['state_dir_bytes'] / 1e6:>13.1f} "
              f"{p['bytes_per_mutation']:>11.1f} {p['peak_rss_mib']:>13.1f}")
    print(f"with snapshots: {snap['mutations']} mutations over HTTP at {snap['mutations_per_s']}/s, "
          f"restart {snap['restart_s']} s ({snap['restart_cpu_s']} s of CPU; target "
          f"{TARGET_RESTART_S} s), state dir {snap['state_dir_bytes'] / 1e6:.1f} MB "
          f"({', '.join(snap['files'])}); without snapshots a restart after 1,000,000 would take "
          f"{out['no_snapshots_restart_at_1m_s_extrapolated']} s (extrapolated)")
    print("\nBENCH_JSON " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
