#!/usr/bin/env python3
"""Auto Scaling figures (issue 11 §5): one group of 10,000 instances converging on the virtual
clock, and 1,000 groups (250 in each of four regions: the per-region group limit is 500), each with
a target-tracking policy on a control-plane CPU metric and a recurring scheduled action, run
through one virtual day. Reports wall time and the server's CPU time (utime + stime of the server
process, from /proc) for each part.

Prints a table, then one machine-readable line `BENCH_JSON {...}`. Asserts no timing: figures are
measured, not tested (the behaviour is tested in tests/integration/aws/test_autoscaling_*.py).

  bench/autoscaling_bench.py --server build/cloudlife [--instances 10000] [--groups 1000]
                             [--hours 24]
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]
IMAGE = "ami-0123456789abcdef0"


def start(server):
    proc = subprocess.Popen([server, "--port", "0", "--clock", "frozen", "--timing", "realistic",
                             "--log-level", "error"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("cloudlife listening on "):
        raise SystemExit("cloudlife did not start: " + line)
    host, port = line.rsplit("/", 1)[1].rsplit(":", 1)
    return proc, host, int(port)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Conn:
    def __init__(self, host, port):
        self.c = http.client.HTTPConnection(host, port, timeout=3000)

    def call(self, method, path, body=None, headers=None):
        self.c.request(method, path, body=body, headers=headers or {})
        r = self.c.getresponse()
        return r.status, r.read()

    def asg(self, region, action, **params):
        params.update({"Action": action, "Version": "2011-01-01"})
        auth = ("AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261127/%s/autoscaling/aws4_request, "
                "SignedHeaders=host, Signature=0" % region)
        status, answer = self.call("POST", "/", urllib.parse.urlencode(params), {
            "Content-Type": "application/x-www-form-urlencoded", "Authorization": auth})
        if status != 200:
            raise SystemExit("%s failed: %s %s" % (action, status, answer[:300]))
        return answer

    def control(self, method, path, doc=None):
        status, answer = self.call(method, path, json.dumps(doc) if doc is not None else None,
                                   {"Content-Type": "application/json"})
        if status != 200:
            raise SystemExit("%s %s failed: %s %s" % (method, path, status, answer[:300]))
        return answer

    def advance(self, seconds):
        self.control("POST", "/_cloudlife/clock/advance", {"seconds": seconds})


def in_service(conn, region, names=None):
    """InService members of the region's groups (all of them, 100 groups a page)."""
    total, token = 0, None
    while True:
        params = {"MaxRecords": 100}
        if token:
            params["NextToken"] = token
        if names:
            params.update({"AutoScalingGroupNames.member.%d" % (i + 1): n for i, n in enumerate(names)})
        answer = conn.asg(region, "DescribeAutoScalingGroups", **params)
        total += answer.count(b"<LifecycleState>InService</LifecycleState>")
        start = answer.find(b"<NextToken>")
        if start < 0:
            return total
        token = answer[start + 11:answer.find(b"</NextToken>")].decode()


def big_group(conn, pid, instances):
    region = REGIONS[0]
    conn.asg(region, "CreateLaunchConfiguration", LaunchConfigurationName="big-lc", ImageId=IMAGE,
             InstanceType="t3.micro")
    wall0, cpu0 = time.monotonic(), cpu_seconds(pid)
    conn.asg(region, "CreateAutoScalingGroup", AutoScalingGroupName="big",
             LaunchConfigurationName="big-lc", MinSize=0, MaxSize=instances,
             DesiredCapacity=instances, **{"AvailabilityZones.member.1": "us-east-1a",
                                          "AvailabilityZones.member.2": "us-east-1b",
                                          "AvailabilityZones.member.3": "us-east-1c"})
    steps, ready = 0, 0
    while ready < instances and steps < 600:
        conn.advance(60)
        steps += 1
        ready = in_service(conn, region, ["big"])
    return {"instances": instances, "in_service": ready, "virtual_minutes": steps,
            "wall_s": round(time.monotonic() - wall0, 3),
            "server_cpu_s": round(cpu_seconds(pid) - cpu0, 3)}


def many_groups(conn, pid, groups, hours):
    per_region = [groups // len(REGIONS) + (1 if i < groups % len(REGIONS) else 0)
                  for i in range(len(REGIONS))]
    setup0 = time.monotonic()
    for region, count in zip(REGIONS, per_region):
        conn.asg(region, "CreateLaunchConfiguration", LaunchConfigurationName="lc", ImageId=IMAGE,
                 InstanceType="t3.micro")
        for i in range(count):
            name = "g-%04d" % i
            conn.asg(region, "CreateAutoScalingGroup", AutoScalingGroupName=name,
                     LaunchConfigurationName="lc", MinSize=1, MaxSize=4, DesiredCapacity=1,
                     **{"AvailabilityZones.member.1": region + "a"})
            conn.asg(region, "PutScalingPolicy", AutoScalingGroupName=name, PolicyName="cpu50",
                     PolicyType="TargetTrackingScaling",
                     **{"TargetTrackingConfiguration.PredefinedMetricSpecification."
                        "PredefinedMetricType": "ASGAverageCPUUtilization",
                        "TargetTrackingConfiguration.TargetValue": "50"})
            conn.asg(region, "PutScheduledUpdateGroupAction", AutoScalingGroupName=name,
                     ScheduledActionName="every-4h", Recurrence="0 */4 * * *", DesiredCapacity=1)
            # Busy groups scale out; the scheduled action brings them back every 4 hours.
            conn.control("PUT", "/_cloudlife/metrics", {
                "region": region, "namespace": "AWS/EC2", "metric": "CPUUtilization",
                "dimensions": {"AutoScalingGroupName": name}, "value": 80 if i % 2 == 0 else 20})
    setup_s = time.monotonic() - setup0
    wall0, cpu0 = time.monotonic(), cpu_seconds(pid)
    for _ in range(hours):
        conn.advance(3600)
    wall = time.monotonic() - wall0
    cpu = cpu_seconds(pid) - cpu0
    members = sum(in_service(conn, region) for region in REGIONS)
    return {"groups": groups, "virtual_hours": hours, "setup_wall_s": round(setup_s, 3),
            "wall_s": round(wall, 3), "server_cpu_s": round(cpu, 3), "in_service_at_end": members}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--instances", type=int, default=10000)
    ap.add_argument("--groups", type=int, default=1000)
    ap.add_argument("--hours", type=int, default=24)
    ap.add_argument("--parts", default="converge,day", help="converge, day or both")
    args = ap.parse_args()
    figures = {"bench": "autoscaling", "ok": False}
    parts = args.parts.split(",")
    for part, run in (("converge", lambda c, pid: big_group(c, pid, args.instances)),
                      ("day", lambda c, pid: many_groups(c, pid, args.groups, args.hours))):
        if part not in parts:
            continue
        proc, host, port = start(args.server)  # one server per part: each measured alone
        try:
            figures[part] = run(Conn(host, port), proc.pid)
        finally:
            proc.kill()  # a server still busy advancing the clock would not stop on SIGTERM soon
            proc.wait(timeout=30)
    conv, day = figures.get("converge"), figures.get("day")
    figures["ok"] = ((not conv or conv["in_service"] == conv["instances"]) and
                     (not day or day["in_service_at_end"] >= day["groups"]))
    print("%-52s %12s %14s" % ("Auto Scaling", "wall s", "server CPU s"))
    if conv:
        print("%-52s %12.3f %14.3f" % ("one group converging to %d InService (%d virtual min)"
                                       % (conv["instances"], conv["virtual_minutes"]),
                                       conv["wall_s"], conv["server_cpu_s"]))
    if day:
        print("%-52s %12.3f %14.3f" % ("%d groups, target tracking + schedule, %d virtual h"
                                       % (day["groups"], day["virtual_hours"]),
                                       day["wall_s"], day["server_cpu_s"]))
        print("(setting up the %d groups took %.3f s wall; %d members InService at the end)"
              % (day["groups"], day["setup_wall_s"], day["in_service_at_end"]))
    print("BENCH_JSON " + json.dumps(figures))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
