#!/usr/bin/env python3
"""Persistence figures (issue 14, "restart with --state-dir after 1,000,000 mutations"): how long a
server takes to come back with --state-dir after a history of N mutations, and how big the state
directory is then.

Restart time is reported as wall time and as the server's CPU time (user + system, from /proc),
which is what to compare on a loaded machine.

1. Starts the server with --state-dir and makes `--mutations` real mutations over HTTP (CreateTags
   on one VPC, each with a new value: the cheapest mutation that is journaled), then kills it
   (SIGKILL) and restarts it: "restart after N" is process start to the first answer of
   GET /_cloudlife/health (the journal is replayed before the server listens).
2. Making a million mutations over HTTP takes minutes on a loaded machine, so `--extend-to` then
   appends copies of the last CreateTags record (each with its own tag value, in the journal's
   record format: `<length> <crc32> <json>`) up to that many records and restarts again. Every
   appended record is replayed as a real CreateTags, exactly like a recorded one.

After each restart the bench checks that the VPC carries the last tag value (the history really was
replayed). Prints a table, then one machine-readable line `BENCH_JSON {...}`. Asserts no timing.

  bench/persistence_bench.py --server build/cloudlife [--mutations 100000] [--extend-to 1000000]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib

TARGET_RESTART_S = 1.0  # issue 14: restart after 1,000,000 mutations


class Server:
    def __init__(self, binary, state_dir):
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [binary, "--port", "0", "--state-dir", state_dir, "--fsync", "never",
             "--log-level", "warn"],
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
    with open(os.path.join(path, "journal.log"), "rb") as f:
        return sum(1 for _ in f) - 1  # the header line


def last_tag_value(server, vpc):
    xml = server.ec2(f"Action=DescribeTags&Filter.1.Name=resource-id&Filter.1.Value.1={vpc}")
    return re.search(rb"<value>(.*?)</value>", xml).group(1).decode()


def restart(binary, state_dir, vpc, expect_value):
    s = Server(binary, state_dir)
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--mutations", type=int, default=100000,
                    help="mutations made over HTTP (default 100000)")
    ap.add_argument("--extend-to", type=int, default=1000000,
                    help="journal records after extending (default 1000000; 0 skips)")
    o = ap.parse_args()

    out = {"bench": "persistence", "ok": False}
    state_dir = tempfile.mkdtemp(prefix="cloudlife-persistence-bench-")
    try:
        s = Server(o.server, state_dir)
        try:
            vpc = re.search(rb"<vpcId>(.*?)</vpcId>",
                            s.ec2("Action=CreateVpc&CidrBlock=10.0.0.0/16")).group(1).decode()
            t0 = time.perf_counter()
            value = None
            for i in range(o.mutations):
                value = f"v{i}"
                s.ec2(f"Action=CreateTags&ResourceId.1={vpc}&Tag.1.Key=k&Tag.1.Value={value}")
            made_s = time.perf_counter() - t0
        finally:
            s.kill()
        out["mutations_per_s"] = round(o.mutations / made_s, 1) if made_s > 0 else None
        points = [dict(restart(o.server, state_dir, vpc, value), source="http")]
        if o.extend_to > points[0]["records"]:
            value = extend_journal(state_dir, o.extend_to)
            points.append(dict(restart(o.server, state_dir, vpc, value), source="extended"))
        for p in points:
            p["bytes_per_record"] = round(p["state_dir_bytes"] / max(1, p["records"]), 1)
            p["restart_us_per_record"] = round(p["restart_s"] * 1e6 / max(1, p["records"]), 2)
        out["points"] = points
        last = points[-1]
        # Linear in history today: extrapolate the largest measured point to 1,000,000 records.
        out["restart_at_1m_s_extrapolated"] = round(
            last["restart_s"] * 1_000_000 / max(1, last["records"]), 2)
        out["restart_cpu_at_1m_s_extrapolated"] = round(
            last["restart_cpu_s"] * 1_000_000 / max(1, last["records"]), 2)
        out["target_restart_s"] = TARGET_RESTART_S
        out["ok"] = True
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)

    print(f"{'records':>10} {'source':>9} {'restart s':>10} {'CPU s':>7} {'us/record':>10} "
          f"{'state dir MB':>13} {'B/record':>9} {'peak RSS MiB':>13}")
    for p in out["points"]:
        print(f"{p['records']:>10} {p['source']:>9} {p['restart_s']:>10.3f} {p['restart_cpu_s']:>7.2f} "
              f"{p['restart_us_per_record']:>10.2f} {p['state_dir_bytes'] / 1e6:>13.1f} "
              f"{p['bytes_per_record']:>9.1f} {p['peak_rss_mib']:>13.1f}")
    print(f"mutations over HTTP: {out['mutations_per_s']}/s; restart after 1,000,000 records "
          f"(extrapolated from the largest point): {out['restart_at_1m_s_extrapolated']} s, "
          f"{out['restart_cpu_at_1m_s_extrapolated']} s of CPU (target {TARGET_RESTART_S} s)")
    print("\nBENCH_JSON " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
