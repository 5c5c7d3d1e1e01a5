#!/usr/bin/env python3
"""Builds cloudlife's instance-type catalogue and offering table (src/ec2/data/).

Input: recorded DescribeInstanceTypes / DescribeInstanceTypeOfferings answers of real AWS, as
published in getmoto/moto (Apache-2.0) under moto/ec2/resources/ (instance_types.json and
instance_type_offerings/availability-zone-id/<region>.json), and the vendored EC2 service model.
Output (committed, so the build needs neither):
  src/ec2/data/instance_types.json        one object per type, keys already the wire names
                                          (botocore locationName), lists as JSON arrays
  src/ec2/data/instance_type_offerings.tsv region <TAB> type <TAB> zone-id numbers offering it

Usage: scripts/gen_instance_type_data.py <moto checkout> [families...]
"""
import json
import os
import sys

FAMILIES = ["t2", "t3", "t3a", "t4g", "m5", "m6i", "m6g", "m7i", "m7g", "c5", "c6i", "c6g", "c7i",
            "c7g", "r5", "r6i", "r7g", "i3", "i4i", "d3", "g4dn", "g5", "p4d", "inf2",
            # m1.small is RunInstances' default type; m5d is the instance-store family tests use.
            "m1", "m5d"]
# Members AWS added after the vendored model (the SDKs would drop them): left out.

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
model = json.load(open(os.path.join(root, "third_party/aws-models/ec2/2016-11-15/service-2.json")))
shapes = model["shapes"]


def wire(value, shape_name):
    shape = shapes[shape_name]
    if shape["type"] == "structure":
        out = {}
        for key, v in value.items():
            member = shape["members"].get(key)
            if member is None:
                continue
            out[member.get("locationName", key[0].lower() + key[1:])] = wire(v, member["shape"])
        return out
    if shape["type"] == "list":
        return [wire(v, shape["member"]["shape"]) for v in value]
    return value


def main():
    moto = sys.argv[1]
    families = sys.argv[2:] or FAMILIES
    res = os.path.join(moto, "moto/ec2/resources")
    types = json.load(open(os.path.join(res, "instance_types.json")))
    chosen = sorted(t for t in types if t.split(".")[0] in families)
    out = [wire(types[t], "InstanceTypeInfo") for t in chosen]
    with open(os.path.join(root, "src/ec2/data/instance_types.json"), "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(t, sort_keys=True, separators=(",", ":"))
                                   for t in out) + "\n]\n")
    offer_dir = os.path.join(res, "instance_type_offerings/availability-zone-id")
    rows = []
    for name in sorted(os.listdir(offer_dir)):
        region = name[:-5]
        per_type = {}
        for o in json.load(open(os.path.join(offer_dir, name))):
            if o["InstanceType"] in chosen:
                per_type.setdefault(o["InstanceType"], set()).add(int(o["Location"].rsplit("az", 1)[1]))
        for t in sorted(per_type):
            rows.append(f"{region}\t{t}\t{','.join(str(z) for z in sorted(per_type[t]))}")
    with open(os.path.join(root, "src/ec2/data/instance_type_offerings.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print(len(out), "types,", len(rows), "offering rows")


if __name__ == "__main__":
    main()
