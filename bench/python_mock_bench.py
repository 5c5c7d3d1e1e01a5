#!/usr/bin/env python3
"""boto3 calls per second through cloudlife.mock() next to HTTP, and next to moto's mock_aws,
in one run of one interpreter (issue 15 §2). Every variant runs the same boto3 code with the
same client settings; only where the request goes differs:

- ``cloudlife.mock()``: botocore's before-send hands the request to the in-process router;
- ``cloudlife.Server()``: HTTP to a server on a thread of this process (same extension);
- ``binary over HTTP``: HTTP to the cloudlife binary in its own process (``--server``);
- ``moto mock_aws``: moto's in-process mock, when moto is importable (it is not packaged in
  Debian 12; the bench says so and goes on without it).

Workloads, each for ``--seconds``: DescribeInstances by ID among ``--instances`` running
instances; DescribeInstances of all of them; a RunInstances + TerminateInstances pair. Most of
each call is botocore's own work (serialising, signing, parsing), the same in every variant, so
the ratio between variants is smaller than the ratio between the servers.

Prints a table, then one line ``BENCH_JSON {...}``. Asserts no timing.

  python3 bench/python_mock_bench.py --server build/cloudlife [--seconds 3] [--instances 50]

The extension comes from an installed cloudlife package or ``$CLOUDLIFE_NATIVE_MODULE``
(``make bench`` points it at the build tree's module); the package from python/ otherwise.
"""
import argparse
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

import cloudlife  # noqa: E402

IMAGE = "ami-0123456789abcdef0"  # a cloudlife catalogue image (moto accepts any well-formed ID)
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def client(endpoint=None):
    extra = {"endpoint_url": endpoint} if endpoint else {}
    return boto3.client("ec2", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}),
                        **CREDENTIALS, **extra)


def rate(seconds, call):
    """Calls per second of call() over about ``seconds`` wall seconds (after one warm-up call)."""
    call()
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        call()
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            return round(count / (now - start), 1)


def workloads(ec2, seconds, instances):
    ids = [i["InstanceId"] for i in ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=instances,
                                                      MaxCount=instances)["Instances"]]
    picked = iter(range(1 << 62))

    def by_id():
        ec2.describe_instances(InstanceIds=[ids[next(picked) % len(ids)]])

    def run_terminate():
        iid = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        ec2.terminate_instances(InstanceIds=[iid])

    return {"describe_by_id": rate(seconds, by_id),
            "describe_all": rate(seconds, ec2.describe_instances),
            "run_terminate_pairs": rate(seconds, run_terminate)}


def variants(args):
    """(name, run) for each variant available here, or (name, reason) when it is not."""
    out = []
    if cloudlife.native_available():
        def with_mock():
            with cloudlife.mock(clock="frozen"):
                return workloads(client(), args.seconds, args.instances)

        def with_server():
            with cloudlife.Server(clock="frozen") as server:
                return workloads(client(server.endpoint), args.seconds, args.instances)
        out += [("cloudlife.mock()", with_mock), ("cloudlife.Server() over HTTP", with_server)]
    else:
        out += [("cloudlife.mock()", "cloudlife._native not loadable (set CLOUDLIFE_NATIVE_MODULE)"),
                ("cloudlife.Server() over HTTP", "cloudlife._native not loadable")]
    if args.server:
        def with_binary():
            with cloudlife.Cloudlife(args.server, args=["--clock", "frozen"]) as server:
                return workloads(client(server.endpoint), args.seconds, args.instances)
        out.append(("binary over HTTP", with_binary))
    else:
        out.append(("binary over HTTP", "no --server given"))
    try:
        import moto
    except ImportError as error:
        out.append(("moto mock_aws", f"moto is not importable by {sys.executable} ({error})"))
    else:
        def with_moto():
            env = {name: os.environ.get(name) for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
            os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
            try:
                with moto.mock_aws():
                    return workloads(client(), args.seconds, args.instances)
            finally:
                for name, value in env.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
        out.append((f"moto {moto.__version__} mock_aws", with_moto))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", help="the cloudlife binary, for the binary-over-HTTP variant")
    parser.add_argument("--seconds", type=float, default=3.0, help="wall seconds per workload")
    parser.add_argument("--instances", type=int, default=50, help="running instances to describe")
    args = parser.parse_args()

    results, skipped = {}, {}
    for name, run in variants(args):
        if isinstance(run, str):
            skipped[name] = run
            continue
        results[name] = run()
    columns = ["describe_by_id", "describe_all", "run_terminate_pairs"]
    print(f"boto3 {boto3.__version__}, Python {platform.python_version()} ({sys.executable}), "
          f"{args.instances} instances, {args.seconds:g} s per workload; calls (pairs) per second:")
    print(f"{'variant':34}" + "".join(f"{c:>22}" for c in columns))
    for name, figures in results.items():
        print(f"{name:34}" + "".join(f"{figures[c]:>22}" for c in columns))
    for name, reason in skipped.items():
        print(f"{name:34}  not measured: {reason}")
    print("BENCH_JSON " + json.dumps({"python_mock": {"results": results, "skipped": skipped,
                                                      "boto3": boto3.__version__,
                                                      "python": platform.python_version(),
                                                      "instances": args.instances,
                                                      "seconds": args.seconds}}, sort_keys=True))


if __name__ == "__main__":
    main()
