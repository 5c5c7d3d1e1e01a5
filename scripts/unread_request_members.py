#!/usr/bin/env python3
"""Lists the request members of every registered EC2 action that no EC2 source reads.

Usage: unread_request_members.py [REPO_ROOT]   (default: the repository holding this script)

For each action registered in src/ec2/api/*.cc (`table["Name"] = handler;`, any table name), walks the action's
input shape in the vendored service model (third_party/aws-models/ec2/.../service-2.json) as the
generated codec does (scripts/gen_aws_codec.py: member names in snake_case, wire names from
queryName / locationName), and reports each member that the sources under src/ec2/api neither read
(`.member` or `->member` of the decoded struct) nor name by wire name in a string literal (the
`refuse_unimplemented(params, {"Placement.GroupName", ...})` style refusals, or the last part of
the wire name as `"GroupName"` in a refusal path).

A member reported here is accepted and ignored: honour it, or refuse it with Unsupported and list
it in docs/supported.md ("Parameters refused rather than ignored"). The check is by name, so it can
miss a member whose snake_case name is also read elsewhere (`.name`, `.value`); it never reports
one that is read. Exit status 1 when a member is reported. Standard library only.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_aws_codec import snake  # noqa: E402  (the codec's own member naming)

# Members every action reads through shared code, or whose reading is structural.
ALWAYS_READ = {"dry_run"}

# Members whose every value gives the same answer here, each with the reason (the comment at the
# handler says the same): reading them would change nothing.
SAME_ANSWER = {
    ("DescribeAvailabilityZones", "AllAvailabilityZones"):
        "every zone cloudlife serves is opt-in-not-required (no Local or Wavelength Zones)",
    ("DetachNetworkInterface", "Force"):
        "a detach is immediate and never hangs, so a forced detach is a plain one",
}


def wire_name(member_name, member):
    if "queryName" in member:
        return member["queryName"]
    if "locationName" in member:
        loc = member["locationName"]
        return loc[0].upper() + loc[1:]
    return member_name


def registered_actions(root):
    actions = set()
    api = os.path.join(root, "src", "ec2", "api")
    for fname in os.listdir(api):
        if fname.endswith(".cc"):
            with open(os.path.join(api, fname)) as f:
                actions.update(re.findall(r"\b\w+\[\"([A-Z][A-Za-z0-9]+)\"\]\s*=\s*[a-z_]+;", f.read()))
    return sorted(actions)


def source_files(root):
    """{path relative to src/: text} of every EC2 front-end source: the codec's request structs
    exist only there (the model layer never includes the codec)."""
    files = {}
    src = os.path.join(root, "src")
    for d, _, names in os.walk(os.path.join(src, "ec2", "api")):
        for fname in names:
            if fname.endswith((".cc", ".h")):
                path = os.path.join(d, fname)
                with open(path) as f:
                    files[os.path.relpath(path, src)] = f.read()
    return files


class Checker:
    """Follows each member from the files that hold its parent: a top-level member from the files
    that name the request type (and what they include), a nested one from the files among those
    that read its parent."""

    def __init__(self, model, files):
        self.shapes = model["shapes"]
        self.files = files
        self.includes = {
            name: [inc for inc in re.findall(r'#include "([^"]+)"', text) if inc in files]
            for name, text in files.items()}

    def closure(self, names):
        out, todo = set(), list(names)
        while todo:
            n = todo.pop()
            if n not in out:
                out.add(n)
                todo.extend(self.includes.get(n, []))
                if n.endswith(".h") and n[:-2] + ".cc" in self.files:
                    todo.append(n[:-2] + ".cc")  # a header's implementation
        return out

    def accesses(self, names, cpp, struct):
        """Files among `names` that read member `cpp` of codec struct `struct`, and whether every
        read only tests presence. In a file that declares variables of the struct's type
        (`const wire::UserIdGroupPair& g`), only reads through those variables count (or through a
        member access chain), so `req.vpc_id` does not stand for `g.vpc_id`. `struct` is None for
        the request's own members (handlers hold the request in `auto`)."""
        # A decoded member is read, never called: `.name(` is a response writer's method.
        tail = re.escape(cpp) + r"\b(?!\s*\()(\.has_value\(\)|\.empty\(\))?"
        anywhere = re.compile(r"(?:\.|->)" + tail)
        typed_var = re.compile(r"\b" + re.escape(struct or "") + r"\s*[&*]?\s+(\w+)\s*[:=;,)]")
        readers, presence_only = set(), True
        typed_files = {n for n in names if struct and typed_var.search(self.files[n])}
        if typed_files:  # others may read it only generically (a template over the codec types)
            names = typed_files | {n for n in names if "template <" in self.files[n]}
        for n in names:
            text = self.files[n]
            variables = set(typed_var.findall(text)) if struct else set()
            if variables:
                via = "|".join(re.escape(v) for v in sorted(variables))
                pattern = re.compile(r"(?:\b(?:" + via + r")\s*(?:\.|->)|(?:\)|\w)\s*->)" + tail)
            else:
                pattern = anywhere
            hits = pattern.findall(text)
            if hits:
                readers.add(n)
                presence_only = presence_only and all(
                    m.group(1) or self.tested_only(text, m) for m in pattern.finditer(text))
        return readers, presence_only

    @staticmethod
    def tested_only(text, match):
        """`if (req.x)`, `if (!req.x)`, `req.x &&`, `req.x ||`: a presence test."""
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start:match.start()]
        after = text[match.end():match.end() + 4].lstrip()
        return re.search(r"if \(!?\w*$", before) is not None and after.startswith(")") or \
            after.startswith(("&&", "||"))

    def literals(self, names):
        out = set()
        for n in names:
            for lit in re.findall(r'"([A-Za-z0-9.*]+)"', self.files[n]):
                out.add(lit)
                while lit.endswith(".*"):  # "Ipv6Address.*" names Ipv6Address and all below
                    lit = lit[:-2]
                    out.add(lit)
        return out

    def in_message(self, names, word):
        """`word` inside an error message of one of the files (a refusal that names it)."""
        pattern = re.compile(r'"[^"\n]*\b' + re.escape(word) + r'\b[^"\n]*"')
        return any(pattern.search(self.files[n]) for n in names)

    def named(self, names, path):
        """(named at all, refused as a whole by a wire pattern "Path.*")."""
        starred = ".".join(path)
        literals = self.literals(names)
        tails = {lit.rsplit(".", 1)[-1] for lit in literals}
        return starred in literals or path[-1] in tails, starred + ".*" in literals

    def unread(self, shape_name, path, names, stack, root_names):
        shape = self.shapes[shape_name]
        if shape["type"] == "list":
            return self.unread(shape["member"]["shape"], path + ["*"], names, stack, root_names)
        if shape["type"] != "structure" or shape_name in stack:
            return []
        out = []
        for name, member in shape["members"].items():
            cpp = snake(name)
            here = path + [wire_name(name, member)]
            if cpp in ALWAYS_READ:
                continue
            readers, presence_only = self.accesses(names, cpp, shape_name if stack else None)
            is_named, whole = self.named(names | root_names, here)
            if whole:
                continue  # refused by its wire name before decoding, with all it holds
            if not readers:
                if not is_named:
                    out.append(".".join(here))
                continue
            if presence_only and (is_named or self.in_message(readers, here[-1])):
                continue  # only tested for presence, and refused by name when present
            out.extend(self.unread(member["shape"], here, self.closure(readers),
                                   stack + [shape_name], root_names))
        return out

    def refused_whole(self, action):
        """The handler decodes the request and refuses the action itself (`(void)...decode`)."""
        pattern = re.compile(r"\(void\)\s*[\w:]*\b" + re.escape(action) + r"Request::decode")
        return any(pattern.search(text) for text in self.files.values())

    def start_files(self, action, input_shape):
        names = [n for n, text in self.files.items()
                 if re.search(r"\b(" + re.escape(input_shape) + "|" + re.escape(action) +
                              r"Request)\b", text)]
        return self.closure(names)


def main(root):
    model_dir = os.path.join(root, "third_party", "aws-models", "ec2")
    version = sorted(os.listdir(model_dir))[-1]
    with open(os.path.join(model_dir, version, "service-2.json")) as f:
        model = json.load(f)
    checker = Checker(model, source_files(root))
    found = 0
    for action in registered_actions(root):
        op = model["operations"].get(action)
        if not op or "input" not in op:
            continue
        shape = op["input"]["shape"]
        if checker.refused_whole(action):
            continue
        start = checker.start_files(action, shape)
        for path in checker.unread(shape, [], start, [], start):
            if (action, path) in SAME_ANSWER:
                continue
            print(f"{action}\t{path}")
            found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else
                  os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
