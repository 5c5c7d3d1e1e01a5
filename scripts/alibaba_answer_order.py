#!/usr/bin/env python3
"""Extracts the member order of Alibaba's ECS and VPC answers into src/ecs/data/answer_order.json.

The order is the API definition's (the one the API reference's response tables and response
examples follow). Alibaba's Java SDK (aliyun/aliyun-openapi-java-sdk) is generated from that
definition and reads every member of an answer in definition order, one
`_ctx.xxxValue("<Action>Response.A[i].B")` call per member, so its unmarshallers are a
machine-readable copy of it. Members the Java SDK does not know yet but the newer TypeScript SDKs
(@alicloud/ecs20140526, @alicloud/vpc20160428, whose models list members by name only) do are
appended after them, in name order. Usage:

  scripts/alibaba_answer_order.py <java-sdk checkout> [node_modules] > src/ecs/data/answer_order.json

Only the actions cloudlife serves are written (the names are read from src/ecs/api/*.cc). The
output maps product -> action -> member path (list items dropped: "Disks.OperationLocks") -> the
member names in order; "" is the answer's top level.
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRODUCTS = {
    "ecs": ("aliyun-java-sdk-ecs/src/main/java/com/aliyuncs/ecs/transform/v20140526",
            ["ecs_actions.cc", "security_group_actions.cc", "instance_reads.cc",
             "key_pair_actions.cc", "eip_association_actions.cc",
             "network_interface_actions.cc"]),
    "vpc": ("aliyun-java-sdk-vpc/src/main/java/com/aliyuncs/vpc/transform/v20160428",
            ["vpc_actions.cc", "eip_association_actions.cc"]),
}
CALL = re.compile(r'_?ctx\.\w+\("((?:[^"]|"\s*\+\s*\w+\s*\+\s*")*)"\)')
INDEX = re.compile(r'\["\s*\+\s*\w+\s*\+\s*"\]')


def served_actions(files):
    names = set()
    for name in files:
        text = (ROOT / "src/ecs/api" / name).read_text()
        names.update(re.findall(r'\{"([A-Z]\w+)",\s*\w+\}', text))
        names.update(re.findall(r'actions(?:\.emplace\(|\[)"([A-Z]\w+)"', text))
    return names


def member_order(source, action):
    tree = {}
    for raw in CALL.findall(source):
        path = INDEX.sub("", raw).split(".")
        if path[0] != action + "Response":
            continue
        path = path[1:]
        if path and path[-1] == "Length":
            path = path[:-1]
        for depth in range(len(path)):
            parent = ".".join(path[:depth])
            siblings = tree.setdefault(parent, [])
            if path[depth] not in siblings:
                siblings.append(path[depth])
    return tree


TS_PACKAGES = {"ecs": "@alicloud/ecs20140526", "vpc": "@alicloud/vpc20160428"}
TS_TREE = r"""
const [pkg, action] = process.argv.slice(1);
const C = require(pkg + '/dist/client.js')[action + 'ResponseBody'];
function tree(M, path, out) {
  const names = M.names(), types = M.types(), fields = Object.keys(names);
  for (const f of fields) {
    const t = types[f], w = names[f];
    const list = t && typeof t === 'object' && t.type === 'array';
    if (!(list && fields.length === 1)) (out[path] ??= []).push(w);
    if (typeof t === 'function') tree(t, path ? path + '.' + w : w, out);
    else if (list && typeof t.itemType === 'function') tree(t.itemType, path, out);
  }
  return out;
}
console.log(JSON.stringify(C ? tree(C, '', {}) : {}));
"""


def typescript_order(node_modules, product, action):
    run = subprocess.run(["node", "-e", TS_TREE, TS_PACKAGES[product], action], check=True,
                         capture_output=True, text=True, cwd=node_modules)
    return json.loads(run.stdout)


def merge(tree, newer):
    for path, names in newer.items():
        known = tree.setdefault(path, [])
        known.extend(n for n in names if n not in known)
    return tree


def main(sdk, node_modules=None):
    sdk = pathlib.Path(sdk)
    out = {}
    for product, (folder, files) in PRODUCTS.items():
        out[product] = {}
        for action in sorted(served_actions(files)):
            java = sdk / folder / f"{action}ResponseUnmarshaller.java"
            if not java.exists():
                continue
            tree = member_order(java.read_text(), action)
            if node_modules:
                tree = merge(tree, typescript_order(node_modules, product, action))
            out[product][action] = tree
    lines = ["{"]
    for pi, (product, actions) in enumerate(out.items()):
        lines.append(f'  "{product}": {{')
        items = list(actions.items())
        for ai, (action, tree) in enumerate(items):
            comma = "," if ai + 1 < len(items) else ""
            lines.append(f'    "{action}": {json.dumps(tree, separators=(",", ":"))}{comma}')
        lines.append("  }" + ("," if pi + 1 < len(out) else ""))
    lines.append("}")
    print("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:3])
