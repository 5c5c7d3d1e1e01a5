#!/usr/bin/python3
"""Regenerates the seed corpora in fuzz/corpus/<target>/ from the captured requests.

Sources: the raw capture notes behind docs/wire.md "Captured requests, test vectors and fuzz
seeds" (full raw AWS HTTP requests, every AWS form body, the Alibaba requests of the three wire
styles; not part of the repository: REFERENCE_DIR names their directory), plus hand-written
control-plane JSON (docs/control-plane.md) and credentials files. File names are the content's
SHA-1, as libFuzzer names its own finds, so regenerating is idempotent.
Usage: fuzz/make_corpus.py [REFERENCE_DIR]
"""
import hashlib
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
REFERENCE = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "reference"
SEPARATOR = "\n--next--\n"


def section(text, start, end):
    a = text.index(start)
    b = text.index(end, a) if end else len(text)
    return text[a:b]


def http_blocks(text):
    return [b.strip("\n") + "\n" for b in re.findall(r"```http\n(.*?)```", text, re.S)]


def crlf(block):
    head, _, body = block.partition("\n\n")
    return head.replace("\n", "\r\n") + "\r\n\r\n" + body.rstrip("\n")


def write(target, items):
    folder = HERE / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    for item in items:
        data = item.encode()
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    return len(set(items))


aws = (REFERENCE / "aws-wire.md").read_text()
ali = (REFERENCE / "alibaba-ecs-protocol.md").read_text()
aws_http = http_blocks(section(aws, "### 5.1", "### 5.2"))
aws_bodies = sorted({l for l in section(aws, "### 5.2", "### 5.3").splitlines() if l.startswith("Action=")})
ali_http = http_blocks(section(ali, "## 3. Captured", "## 4."))
ali_queries = sorted({b.split("\n", 1)[0].split(" ")[1].partition("?")[2] for b in ali_http} - {""})
ali_forms = sorted({b.partition("\n\n")[2].strip() for b in ali_http if "\n\n" in b} - {""})
authorizations = sorted({m for b in aws_http + ali_http for m in re.findall(r"(?im)^authorization: (.*)$", b)})

faults = [
    {"kind": "error", "code": "RequestLimitExceeded", "match": {"cloud": "ec2", "action": "RunInstances"}, "count": 2},
    {"kind": "error", "code": "InsufficientInstanceCapacity", "zone": "us-east-1a", "probability": 0.5, "seed": 7},
    {"kind": "error", "code": "Throttling", "cloud": "autoscaling", "http_status": 400},
    {"kind": "error", "code": "ServiceUnavailable", "cloud": "ecs", "message": "busy", "http_status": 503},
    {"kind": "stuck", "transition": "stopping", "instance_id": "i-0123456789abcdef0"},
    {"kind": "stuck", "transition": "shutting-down", "match": {"region": "us-west-2"}},
    {"kind": "state-code-high-byte", "account": "123456789012", "count": 1},
    {"kind": "error", "code": "ScalingActivityInProgress", "match": {"cloud": "autoscaling", "action": "DeleteAutoScalingGroup"}},
]
events = [
    {"kind": "spot-interruption", "instance_id": "i-0123456789abcdef0", "notice_seconds": 120},
    {"kind": "os-shutdown", "instance_id": "i-0123456789abcdef0", "region": "us-east-1"},
    {"kind": "scheduled-retirement", "instance_id": "i-0123456789abcdef0", "in_seconds": 3600},
    {"kind": "ecs-reclaim", "instance_id": "i-bp1aaaaaaaaaaaaaaaa1", "cause": "overdue"},
]
credentials = [
    {"credentials": [{"access_key": "AKIDEXAMPLEFAKE00001", "secret_key": "secret"}]},
    {"credentials": [
        {"access_key": "AKIDEXAMPLEFAKE00001", "secret_key": "s1", "account": "111122223333",
         "policy": {"allow": ["ec2:*", "autoscaling:Describe*"], "deny": ["ec2:TerminateInstances"]}},
        {"access_key": "LTAI5tFAKEFAKEFAKEFAKE00", "secret_key": "s2", "account": "222233334444",
         "policy": {"deny": ["ecs:DeleteInstance*"]}}]},
    {"credentials": []},
]


def control(method, path, body=None):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:4570\r\nContent-Type: application/json\r\n\r\n"
    return head + ("" if body is None else json.dumps(body))


control_requests = [control("POST", "/_cloudlife/faults", f) for f in faults + events] + [
    control("POST", "/_cloudlife/clock/advance", {"seconds": 90}),
    control("POST", "/_cloudlife/clock/advance", {"seconds": 0.25}),
    control("PUT", "/_cloudlife/clock", {"mode": "frozen"}),
    control("PUT", "/_cloudlife/timing", {"profile": "realistic", "overrides": {"pending": 30, "stopping-forced": 2}}),
    control("GET", "/_cloudlife/timing"),
    control("GET", "/_cloudlife/events?cloud=ec2&action=RunInstances&limit=5&after=1"),
    control("DELETE", "/_cloudlife/faults/fault-1"),
    control("POST", "/_cloudlife/reset"),
    control("POST", "/moto-api/reset"),
    control("GET", "/_cloudlife/state"),
    control("POST", "/_cloudlife/ecs/reclaim", {"instance_id": "i-bp1aaaaaaaaaaaaaaaa1", "cause": "security"}),
]

# Sequences for the router: launch, then act on what exists, with control-plane calls between.
sequences = [
    SEPARATOR.join([aws_bodies[0], "Action=DescribeInstances&Version=2016-11-15",
                    control("POST", "/_cloudlife/clock/advance", {"seconds": 30}),
                    "Action=DescribeVolumes&Version=2016-11-15"]),
    SEPARATOR.join([control("POST", "/_cloudlife/faults", faults[0]), aws_bodies[0]]),
    SEPARATOR.join([b for b in aws_bodies if "Version=2011-01-01" in b][:8]),
    SEPARATOR.join([crlf(b) for b in ali_http[:4]]),
]

counts = {
    "fuzz_aws_query": write("fuzz_aws_query", aws_bodies + ali_queries + ali_forms),
    "fuzz_alibaba_request": write("fuzz_alibaba_request", [crlf(b) for b in ali_http] + ali_queries),
    "fuzz_signatures": write("fuzz_signatures", [crlf(b) for b in aws_http + ali_http] + authorizations),
    "fuzz_router": write("fuzz_router", [crlf(b) for b in aws_http + ali_http] + aws_bodies + control_requests + sequences),
    "fuzz_fault_rules": write("fuzz_fault_rules", [json.dumps(f) for f in faults]),
    "fuzz_credentials": write("fuzz_credentials", [json.dumps(c, indent=1) for c in credentials]),
    "fuzz_control_plane": write("fuzz_control_plane", control_requests + [json.dumps(f) for f in faults + events]),
}
for target, n in counts.items():
    print(f"{target}: {n} seeds")
