#!/usr/bin/python3
"""Soak test: many clients, mixed calls across EC2, Auto Scaling and Alibaba ECS, then invariants.

Starts its own cloudlife server on a free loopback port (CLOUDLIFE_BIN or --bin), runs --threads
client threads for --seconds (default 60) issuing a random mix of calls (boto3 for EC2 and Auto
Scaling, raw unsigned pop-core-style GET requests for ECS), then advances the virtual clock and
checks:
  1. no 5xx answer and no broken connection, the server process still alive;
  2. every Auto Scaling group at its desired capacity with InService members only, each a running
     EC2 instance;
  3. no orphaned volumes: every in-use volume's instance exists and lists the volume, and every
     volume an instance lists exists and is attached to it; the same for ECS disks;
  4. the state dump (GET /_cloudlife/state) agrees with the describe calls (instances and their
     states, volumes, groups and their members, ECS instances).
Prints requests served (per cloud and per HTTP status) and each invariant; exits 1 when one fails.
Loopback only; no credentials beyond dummy ones.
"""
import argparse
import collections
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse

import boto3
import botocore.exceptions
from botocore.config import Config

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
AWS_REGIONS = {"us-east-1": ["us-east-1a", "us-east-1b", "us-east-1c"], "us-west-2": ["us-west-2a", "us-west-2b"]}
ECS_REGION, ECS_ZONE = "cn-hangzhou", "cn-hangzhou-i"
IMAGE = "ami-0123456789abcdef0"
ECS_IMAGE = "aliyun_3_x64_20G_alibase_20240819.vhd"
INJECTED = "soak-injected-fault"  # the message of the injected rules (503s allowed)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_status = collections.Counter()
        self.by_cloud = collections.Counter()
        self.by_action = collections.Counter()
        self.failures = []  # (cloud, action, status or exception text)
        self.errors = collections.Counter()  # (cloud:action, status) -> count
        self.injected = 0  # 5xx answers of the injected fault rule

    def record(self, cloud, action, status, detail=""):
        with self.lock:
            self.by_status[status] += 1
            self.by_cloud[cloud] += 1
            self.by_action[f"{cloud}:{action}"] += 1
            if isinstance(status, int) and status >= 400:
                self.errors[(f"{cloud}:{action}", status)] += 1
            if isinstance(status, int) and status >= 500 and INJECTED in detail:
                self.injected += 1
            elif not isinstance(status, int) or status >= 500:
                self.failures.append((cloud, action, status, detail[:300]))


class Server:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "--port", "0", "--bind", "127.0.0.1", "--log-level", "warn"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.proc.kill()
            raise SystemExit(f"soak: the server did not start: {line!r} {self.proc.stderr.read()[:2000]}")
        self.endpoint = line.split("listening on", 1)[1].strip()
        self.host, self.port = urllib.parse.urlparse(self.endpoint).hostname, urllib.parse.urlparse(self.endpoint).port
        # Drain stdout so the server never blocks on a full pipe.
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        self.stderr_tail = collections.deque(maxlen=200)
        self.sanitizer_reports = []
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stderr(self):
        # A sanitized build (make test-asan / test-tsan) reports on stderr and may keep serving.
        for line in self.proc.stderr:
            self.stderr_tail.append(line.rstrip())
            if any(m in line for m in ("ERROR: AddressSanitizer", "WARNING: ThreadSanitizer",
                                       "runtime error:", "ERROR: LeakSanitizer")):
                self.sanitizer_reports.append(line.strip())

    def control(self, method, path, body=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        data = None if body is None else json.dumps(body)
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        text = resp.read()
        conn.close()
        if resp.status >= 300:
            raise RuntimeError(f"{method} {path} -> {resp.status} {text[:300]!r}")
        return json.loads(text)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Worker(threading.Thread):
    def __init__(self, n, server, stats, deadline, shared, seed):
        super().__init__(daemon=True)
        self.n, self.server, self.stats, self.deadline, self.shared = n, server, stats, deadline, shared
        self.rng = random.Random(seed * 1000 + n)
        self.region = list(AWS_REGIONS)[n % len(AWS_REGIONS)]
        self.zones = AWS_REGIONS[self.region]
        cfg = Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=60,
                     max_pool_connections=2)
        session = boto3.session.Session()
        kw = dict(endpoint_url=server.endpoint, region_name=self.region,
                  aws_access_key_id="AKIDEXAMPLEFAKE00001", aws_secret_access_key="fake", config=cfg)
        self.ec2 = session.client("ec2", **kw)
        self.asg = session.client("autoscaling", **kw)
        self.ecs_conn = None
        self.groups = []
        self.error = None

    # --- plumbing ---------------------------------------------------------------------------------
    def aws(self, cloud, client, action, **params):
        try:
            resp = getattr(client, action)(**params)
            self.stats.record(cloud, action, resp["ResponseMetadata"]["HTTPStatusCode"])
            return resp
        except botocore.exceptions.ClientError as e:
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            self.stats.record(cloud, action, status, str(e))
            return None
        except botocore.exceptions.BotoCoreError as e:  # connection refused/reset: server trouble
            self.stats.record(cloud, action, type(e).__name__, str(e))
            return None

    def ecs(self, action, **params):
        query = {"Action": action, "Version": "2014-05-26", "RegionId": ECS_REGION, "Format": "JSON"}
        query.update({k: str(v) for k, v in params.items()})
        path = "/?" + urllib.parse.urlencode(query)
        for attempt in (1, 2):
            try:
                if self.ecs_conn is None:
                    self.ecs_conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60)
                self.ecs_conn.request("GET", path, headers={"x-sdk-client": "soak"})
                resp = self.ecs_conn.getresponse()
                body = resp.read()
                self.stats.record("ecs", action, resp.status, body[:300].decode(errors="replace"))
                return json.loads(body) if resp.status == 200 else None
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                self.ecs_conn = None  # a keep-alive connection the server closed: retry once
                if attempt == 2:
                    self.stats.record("ecs", action, type(e).__name__, str(e))
            except (OSError, http.client.HTTPException) as e:
                self.ecs_conn = None
                self.stats.record("ecs", action, type(e).__name__, str(e))
                return None
        return None

    def pick(self, kind):
        with self.shared["lock"]:
            pool = self.shared[kind][self.region] if kind != "ecs" else self.shared["ecs"]
            return self.rng.choice(pool) if pool else None

    def remember(self, kind, ids):
        with self.shared["lock"]:
            pool = self.shared[kind][self.region] if kind != "ecs" else self.shared["ecs"]
            pool.extend(ids)
            del pool[:-200]  # keep the pools bounded

    # --- EC2 --------------------------------------------------------------------------------------
    def ec2_run(self):
        zone = self.rng.choice(self.zones)
        kw = dict(ImageId=IMAGE, InstanceType=self.rng.choice(["t3.micro", "t3.small", "m5.large"]),
                  MinCount=1, MaxCount=self.rng.randint(1, 3), Placement={"AvailabilityZone": zone},
                  TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "soak", "Value": str(self.n)}]}])
        if self.rng.random() < 0.5:
            kw["BlockDeviceMappings"] = [
                {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "DeleteOnTermination": True}},
                {"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 20, "DeleteOnTermination": self.rng.random() < 0.5}}]
        resp = self.aws("ec2", self.ec2, "run_instances", **kw)
        if resp:
            self.remember("instances", [i["InstanceId"] for i in resp["Instances"]])

    def ec2_state(self):
        iid = self.pick("instances")
        if iid:
            action = self.rng.choice(["stop_instances", "start_instances", "terminate_instances",
                                      "reboot_instances", "stop_instances"])
            self.aws("ec2", self.ec2, action, InstanceIds=[iid])

    def ec2_describe(self):
        if self.rng.random() < 0.5:
            self.aws("ec2", self.ec2, "describe_instances",
                     Filters=[{"Name": "instance-state-name", "Values": ["running", "stopped"]}])
        else:
            iid = self.pick("instances")
            self.aws("ec2", self.ec2, "describe_instances", **({"InstanceIds": [iid]} if iid else {}))

    def ec2_volumes(self):
        choice = self.rng.random()
        if choice < 0.3:
            resp = self.aws("ec2", self.ec2, "create_volume", AvailabilityZone=self.rng.choice(self.zones),
                            Size=self.rng.randint(1, 50))
            if resp:
                self.remember("volumes", [resp["VolumeId"]])
        elif choice < 0.55:
            vol, iid = self.pick("volumes"), self.pick("instances")
            if vol and iid:
                self.aws("ec2", self.ec2, "attach_volume", VolumeId=vol, InstanceId=iid,
                         Device=f"/dev/sd{self.rng.choice('fghijklmnop')}")
        elif choice < 0.75:
            vol = self.pick("volumes")
            if vol:
                self.aws("ec2", self.ec2, "detach_volume", VolumeId=vol, Force=self.rng.random() < 0.3)
        elif choice < 0.85:
            vol = self.pick("volumes")
            if vol:
                self.aws("ec2", self.ec2, "delete_volume", VolumeId=vol)
        else:
            self.aws("ec2", self.ec2, "describe_volumes")

    def ec2_tags(self):
        iid = self.pick("instances")
        if not iid:
            return
        if self.rng.random() < 0.6:
            self.aws("ec2", self.ec2, "create_tags", Resources=[iid],
                     Tags=[{"Key": f"k{self.rng.randint(0, 5)}", "Value": str(self.rng.random())}])
        else:
            self.aws("ec2", self.ec2, "delete_tags", Resources=[iid], Tags=[{"Key": f"k{self.rng.randint(0, 5)}"}])
        if self.rng.random() < 0.3:
            self.aws("ec2", self.ec2, "describe_tags", Filters=[{"Name": "resource-id", "Values": [iid]}])

    # --- Auto Scaling -----------------------------------------------------------------------------
    def asg_op(self):
        choice = self.rng.random()
        if not self.groups or (choice < 0.1 and len(self.groups) < 4):
            name = f"soak-{self.n}-{len(self.groups)}"
            resp = self.aws("autoscaling", self.asg, "create_auto_scaling_group", AutoScalingGroupName=name,
                            LaunchTemplate={"LaunchTemplateName": "soak-lt", "Version": "$Latest"},
                            MinSize=0, MaxSize=6, DesiredCapacity=self.rng.randint(0, 3),
                            AvailabilityZones=self.zones)
            if resp is not None:
                self.groups.append(name)
            return
        name = self.rng.choice(self.groups)
        if choice < 0.35:
            self.aws("autoscaling", self.asg, "set_desired_capacity", AutoScalingGroupName=name,
                     DesiredCapacity=self.rng.randint(0, 6))
            return
        resp = self.aws("autoscaling", self.asg, "describe_auto_scaling_groups", AutoScalingGroupNames=[name])
        members = [i["InstanceId"] for g in (resp or {}).get("AutoScalingGroups", []) for i in g["Instances"]
                   if i["LifecycleState"] == "InService"]
        if not members:
            return
        iid = self.rng.choice(members)
        if choice < 0.65:
            self.aws("autoscaling", self.asg, "terminate_instance_in_auto_scaling_group", InstanceId=iid,
                     ShouldDecrementDesiredCapacity=self.rng.random() < 0.5)
        elif choice < 0.85:
            self.aws("autoscaling", self.asg, "detach_instances", AutoScalingGroupName=name, InstanceIds=[iid],
                     ShouldDecrementDesiredCapacity=self.rng.random() < 0.5)
            self.remember("instances", [iid])  # now an ordinary instance
        else:
            self.aws("autoscaling", self.asg, "describe_scaling_activities", AutoScalingGroupName=name, MaxRecords=5)

    # --- Alibaba ECS ------------------------------------------------------------------------------
    def ecs_op(self):
        choice = self.rng.random()
        if choice < 0.25:
            resp = self.ecs("RunInstances", ImageId=ECS_IMAGE, InstanceType="ecs.g7.large", ZoneId=ECS_ZONE,
                            Amount=self.rng.randint(1, 2), **{"SystemDisk.Category": "cloud_essd",
                                                           "DataDisk.1.Size": 20,
                                                           "DataDisk.1.DeleteWithInstance": self.rng.choice(["true", "false"])})
            if resp:
                self.remember("ecs", resp["InstanceIdSets"]["InstanceIdSet"])
        elif choice < 0.5:
            self.ecs("DescribeInstances", PageSize=50)
        else:
            iid = self.pick("ecs")
            if not iid:
                return
            action = self.rng.choice(["StopInstance", "StartInstance", "RebootInstance", "DeleteInstance",
                                      "DescribeDisks"])
            params = {"InstanceId": iid}
            if action == "DeleteInstance":
                params["Force"] = "true"
            self.ecs(action, **params)

    def run(self):
        ops = [(self.ec2_run, 3), (self.ec2_state, 4), (self.ec2_describe, 3), (self.ec2_volumes, 4),
               (self.ec2_tags, 2), (self.asg_op, 4), (self.ecs_op, 4)]
        funcs, weights = zip(*ops)
        try:
            while time.monotonic() < self.deadline:
                self.rng.choices(funcs, weights)[0]()
        except Exception as e:  # a bug in the soak itself must not pass silently
            self.error = f"{type(e).__name__}: {e}"


# --- invariants -------------------------------------------------------------------------------------
def paginate(client, method, key, **kw):
    out = []
    for page in client.get_paginator(method).paginate(**kw):
        out.extend(page[key])
    return out


def check_invariants(server, stats, workers):
    results = []

    def report(name, problems):
        results.append((name, problems))

    report("workers finished without a soak-side error", [w.error for w in workers if w.error])
    report("no 5xx and no broken connection",
           [f"{c}:{a} -> {s} {d}" for c, a, s, d in stats.failures[:20]] +
           ([f"... {len(stats.failures) - 20} more"] if len(stats.failures) > 20 else []))
    # Settle every transition and reconcile every group: advance the virtual clock in steps.
    for _ in range(3):
        server.control("POST", "/_cloudlife/clock/advance", {"seconds": 600})
    alive = server.proc.poll() is None
    report("server still running", [] if alive else
           [f"exit status {server.proc.returncode}"] + list(server.stderr_tail)[-20:])
    if not alive:
        return results

    cfg = Config(retries={"max_attempts": 1})
    dump = server.control("GET", "/_cloudlife/state")
    asg_problems, vol_problems, dump_problems = [], [], []
    totals = collections.Counter()
    for region in AWS_REGIONS:
        kw = dict(endpoint_url=server.endpoint, region_name=region, aws_access_key_id="AKIDEXAMPLEFAKE00001",
                  aws_secret_access_key="fake", config=cfg)
        ec2, asg = boto3.client("ec2", **kw), boto3.client("autoscaling", **kw)
        instances = {i["InstanceId"]: i for r in paginate(ec2, "describe_instances", "Reservations")
                     for i in r["Instances"]}
        volumes = {v["VolumeId"]: v for v in paginate(ec2, "describe_volumes", "Volumes")}
        groups = paginate(asg, "describe_auto_scaling_groups", "AutoScalingGroups")
        totals["instances"] += len(instances)
        totals["volumes"] += len(volumes)
        totals["groups"] += len(groups)

        for g in groups:
            in_service = [i for i in g["Instances"] if i["LifecycleState"] == "InService"]
            if len(g["Instances"]) != g["DesiredCapacity"] or len(in_service) != g["DesiredCapacity"]:
                asg_problems.append(f"{region}/{g['AutoScalingGroupName']}: desired {g['DesiredCapacity']}, "
                                    f"members {[(i['InstanceId'], i['LifecycleState']) for i in g['Instances']]}")
            for m in g["Instances"]:
                state = instances.get(m["InstanceId"], {}).get("State", {}).get("Name")
                if state != "running":
                    asg_problems.append(f"{region}/{g['AutoScalingGroupName']}: member {m['InstanceId']} is {state}")

        for vid, v in volumes.items():
            for a in v.get("Attachments", []):
                inst = instances.get(a["InstanceId"])
                listed = inst and any(b.get("Ebs", {}).get("VolumeId") == vid for b in inst.get("BlockDeviceMappings", []))
                if not inst or inst["State"]["Name"] == "terminated" or not listed:
                    vol_problems.append(f"{region}/{vid} attached to {a['InstanceId']} "
                                        f"({inst['State']['Name'] if inst else 'missing'}, listed={bool(listed)})")
            if v["State"] == "in-use" and not v.get("Attachments"):
                vol_problems.append(f"{region}/{vid} in-use without an attachment")
        for iid, inst in instances.items():
            if inst["State"]["Name"] == "terminated":
                continue
            for b in inst.get("BlockDeviceMappings", []):
                vid = b.get("Ebs", {}).get("VolumeId")
                v = volumes.get(vid)
                if not v or not any(a["InstanceId"] == iid for a in v.get("Attachments", [])):
                    vol_problems.append(f"{region}/{iid} lists {vid} which is "
                                        f"{'missing' if not v else 'attached elsewhere: ' + str(v.get('Attachments'))}")

        # The dump against the describe calls.
        parts = [p for p in dump["ec2"]["partitions"] if p["region"] == region and p["account"] == "123456789012"]
        dumped_instances = {i["instance_id"]: i["state"] for p in parts for i in p["instances"]}
        described = {iid: i["State"]["Name"] for iid, i in instances.items()}
        if dumped_instances != described:
            diff = sorted(set(dumped_instances.items()) ^ set(described.items()))[:10]
            dump_problems.append(f"{region}: instances differ (dump vs describe) {diff}")
        dumped_volumes = {v["volume_id"]: v["state"] for p in parts for v in p["volumes"]}
        if dumped_volumes != {vid: v["State"] for vid, v in volumes.items()}:
            diff = sorted(set(dumped_volumes.items()) ^ {(vid, v["State"]) for vid, v in volumes.items()})[:10]
            dump_problems.append(f"{region}: volumes differ {diff}")
        dumped_groups = dump.get("autoscaling", {}).get(f"123456789012/{region}", {}).get("groups", {})
        described_groups = {g["AutoScalingGroupName"]: (g["DesiredCapacity"], sorted(i["InstanceId"] for i in g["Instances"]))
                            for g in groups}
        dumped = {name: (g["desired"], sorted(m["instance_id"] for m in g["members"]))
                  for name, g in dumped_groups.items() if not g.get("deleting")}
        if dumped != described_groups:
            dump_problems.append(f"{region}: groups differ dump={dumped} describe={described_groups}")

    # ECS: instances and disks.
    w = Worker(10_000, server, Stats(), 0, {"lock": threading.Lock(), "ecs": []}, 0)
    ecs_instances, page = {}, 1
    while True:
        resp = w.ecs("DescribeInstances", PageSize=100, PageNumber=page)
        batch = (resp or {}).get("Instances", {}).get("Instance", [])
        ecs_instances.update({i["InstanceId"]: i["Status"] for i in batch})
        if len(batch) < 100:
            break
        page += 1
    totals["ecs instances"] = len(ecs_instances)
    dumped_ecs = {i["instance_id"]: i["status"] for i in dump["ecs"]["instances"] if i["region"] == ECS_REGION}
    if dumped_ecs != ecs_instances:
        dump_problems.append(f"ecs: instances differ {sorted(set(dumped_ecs.items()) ^ set(ecs_instances.items()))[:10]}")
    for d in dump["ecs"]["disks"]:
        if d.get("instance_id") and d["status"] == "In_use" and d["instance_id"] not in dumped_ecs:
            vol_problems.append(f"ecs disk {d['disk_id']} In_use on missing instance {d['instance_id']}")
    for i in dump["ecs"]["instances"]:
        for disk in [i["system_disk_id"]] + i["data_disk_ids"]:
            if not any(d["disk_id"] == disk and d.get("instance_id") == i["instance_id"] for d in dump["ecs"]["disks"]):
                vol_problems.append(f"ecs instance {i['instance_id']} lists disk {disk} which is not attached to it")

    report("every Auto Scaling group at desired capacity", asg_problems)
    report("no orphaned volumes or disks", vol_problems)
    report("state dump consistent with describe calls", dump_problems)
    report("server still running after the checks", [] if server.proc.poll() is None else ["exited"])
    report("no sanitizer report from the server", list(server.sanitizer_reports[:10]))
    return results, totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--bin", default=os.environ.get("CLOUDLIFE_BIN", os.path.join(REPO, "build/cloudlife")))
    args = parser.parse_args()

    server = Server(args.bin)
    try:
        # Transitions take real (virtual) time, so calls meet instances mid-transition; the final
        # clock advance settles them.
        server.control("PUT", "/_cloudlife/timing",
                       {"profile": "instant", "overrides": {"pending": 2, "stopping": 3, "shutting-down": 2}})
        # Injected faults: throttling on some launches, and 503s the no-5xx check must tell apart.
        server.control("POST", "/_cloudlife/faults", {"kind": "error", "code": "RequestLimitExceeded",
                                                      "message": INJECTED, "match": {"cloud": "ec2", "action": "RunInstances"},
                                                      "probability": 0.05, "seed": args.seed})
        server.control("POST", "/_cloudlife/faults", {"kind": "error", "code": "ServiceUnavailable",
                                                      "message": INJECTED, "http_status": 503,
                                                      "match": {"cloud": "ecs", "action": "DescribeDisks"},
                                                      "probability": 0.2, "seed": args.seed})
        for region, zones in AWS_REGIONS.items():
            boto3.client("ec2", endpoint_url=server.endpoint, region_name=region, aws_access_key_id="AKIDEXAMPLEFAKE00001",
                         aws_secret_access_key="fake").create_launch_template(
                LaunchTemplateName="soak-lt", LaunchTemplateData={"ImageId": IMAGE, "InstanceType": "t3.micro"})
        stats = Stats()
        shared = {"lock": threading.Lock(), "ecs": [],
                  "instances": {r: [] for r in AWS_REGIONS}, "volumes": {r: [] for r in AWS_REGIONS}}
        start = time.monotonic()
        workers = [Worker(n, server, stats, start + args.seconds, shared, args.seed) for n in range(args.threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(args.seconds + 120)
        elapsed = time.monotonic() - start
        outcome = check_invariants(server, stats, workers)
        results, totals = outcome if isinstance(outcome, tuple) else (outcome, {})
    finally:
        server.stop()

    served = sum(stats.by_status.values())
    print(f"soak: seed {args.seed}, {args.threads} threads, {elapsed:.1f} s, {served} requests served "
          f"({served / elapsed:.0f}/s)")
    print("  per cloud: " + ", ".join(f"{c} {n}" for c, n in sorted(stats.by_cloud.items())))
    print("  per status: " + ", ".join(f"{s} {n}" for s, n in sorted(stats.by_status.items(), key=str)))
    print(f"  injected 5xx: {stats.injected}; errors by call: " +
          ", ".join(f"{a} {s}x{n}" for (a, s), n in stats.errors.most_common(12)))
    print("  final state: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    failed = False
    for name, problems in results:
        print(f"  [{'FAIL' if problems else 'ok'}] {name}")
        for p in problems[:10]:
            print(f"         {p}")
        failed |= bool(problems)
    print("soak: " + ("INVARIANT VIOLATED" if failed else "all invariants hold"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
