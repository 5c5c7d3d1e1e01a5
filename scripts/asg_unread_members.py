#!/usr/bin/env python3
"""Lists the Auto Scaling request members nothing under src/autoscaling reads.

For every operation in codegen/autoscaling/*.ops, walks the generated request struct
(build/generated/codec/autoscaling_codec.h) and its nested structures, and prints each member
whose snake_case name no source file under src/autoscaling (outside elb/) accesses as `.name`
or `->name`. A heuristic: a name read for another struct hides an unread one, so review the
survivors by hand. Usage: scripts/asg_unread_members.py [build-dir]
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
build = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build"
header = (build / "generated/codec/autoscaling_codec.h").read_text()

structs = {}
for m in re.finditer(r"^struct (\w+) \{\n(.*?)^\};", header, re.M | re.S):
    members = []
    for line in m.group(2).splitlines():
        d = re.match(r"\s+(.+?) (\w+);$", line)
        if d and "(" not in line:
            members.append((d.group(2), d.group(1)))
    structs[m.group(1)] = members
aliases = dict(re.findall(r"using (\w+)Request = (\w+);", header))

ops = []
for f in sorted((ROOT / "codegen/autoscaling").glob("*.ops")):
    for line in f.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and line not in ops:
            ops.append(line)

source = ""
for p in sorted((ROOT / "src/autoscaling").rglob("*")):
    if p.suffix in (".cc", ".h") and "elb" not in p.parts:
        source += p.read_text()
read = set(re.findall(r"(?:\.|->)(\w+)\b", source))


def nested(type_text):
    return [t for t in re.findall(r"\w+", type_text) if t in structs]


def walk(struct, path, seen, out):
    for name, type_text in structs[struct]:
        if name not in read:
            out.append(f"{path}.{name}")
        for inner in nested(type_text):
            if inner not in seen:
                walk(inner, f"{path}.{name}", seen | {inner}, out)


for op in ops:
    if op not in aliases:
        continue
    out = []
    walk(aliases[op], op, {aliases[op]}, out)
    for line in out:
        print(line)
