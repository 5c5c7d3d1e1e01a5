#!/usr/bin/env python3
"""Generates the field lists that state snapshots walk (docs/architecture.md, "Snapshots").

Usage: gen_state_reflection.py [--derived Q::Name::member[,...]] OUT.inc ROOT[,ROOT...] HEADER...

Reads the plain structs (`struct Name { ... };`, public data members) of the given headers and,
starting from the ROOT structs (qualified, e.g. cloudlife::ec2::Ec2Partition), writes for every
struct they reach through their members' types one function

    template <class V> void reflect(V& v, ns::Name& x) { reflect(v, static_cast<Base&>(x));
                                                          v("member", x.member); ... }

in the struct's namespace, so a snapshot writer or reader reaches every member by name, found by
argument-dependent lookup. A member added to a struct is therefore in the next snapshot without
anyone writing code for it; a member whose type no writer knows is a compile error, not a silent
omission. A class (private members) is reflected the same way when it declares
`template <class V> friend void reflect(V& v, Name& x);`; other classes need a hand-written
reflect() or value codec.

--derived names members the reflection must skip: what is derived and rebuilt after loading (an
index of pointers such as cloudlife::ecs::EcsPartition::listed), a reference to a collaborator, a
value the constructor sets again, state saved by other means. Each is qualified by its struct
(cloudlife::ecs::EcsModel::engine_); it is left out of that struct's reflect() and its type is not
followed. Several --derived options add up. A --derived name that names
no member of a reached struct is an error (a renamed member must not slip back in unnoticed).

The parser relies on clang-format's layout of the headers: one declaration per statement, members
at the struct's first brace level. It fails loudly on what it cannot read.
"""
import re
import sys

# Base classes that hold no state (the engine-lock witness of partitions).
STATELESS_BASES = {"core::LockedState", "LockedState"}

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def strip_strings(text):
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


class Struct:
    def __init__(self, namespace, local, bases):
        self.namespace = namespace  # cloudlife::ec2
        self.local = local  # Instance, or Outer::Inner for a nested struct
        self.bases = bases  # as written
        self.members = []  # (type text, name)


def split_top_level(body):
    """Splits a struct body into statements at brace depth 0, keeping nested bodies whole."""
    statements, current, depth, paren = [], [], 0, 0
    i = 0
    while i < len(body):
        c = body[i]
        current.append(c)
        if c == "(":
            paren += 1
        elif c == ")":
            paren -= 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and paren == 0:
                text = "".join(current).strip()
                head = text.split("{", 1)[0]
                # A function body or a nested type's body ends the statement (a nested type's
                # trailing ';' is then an empty statement).
                if "(" in head.split("=", 1)[0] or re.match(r"(struct|class|enum|union)\b", head):
                    statements.append(text)
                    current = []
        elif c == ";" and depth == 0 and paren == 0:
            statements.append("".join(current).strip())
            current = []
        i += 1
    rest = "".join(current).strip()
    if rest:
        statements.append(rest)
    return statements


def find_structs(text, namespace, out, outer=""):
    """Finds `struct Name [: bases] { ... };` blocks in text (nested ones too)."""
    pattern = re.compile(
        r"(?<!enum )\b(struct|class)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:final\s*)?(:[^{;]*)?\{")
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if not m:
            return
        start = m.end()
        depth, i = 1, start
        while depth:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
            i += 1
        body = text[start:i - 1]
        name = m.group(2)
        qualified = f"{namespace}::{outer}{name}"
        bases = []
        if m.group(3):
            for base in m.group(3)[1:].split(","):
                base = re.sub(r"\b(public|private|protected|virtual)\b", "", base).strip()
                if base:
                    bases.append(base)
        # A class is reflected only when it befriends its reflect() (its members are private).
        if m.group(1) == "struct" or re.search(r"friend\s+void\s+reflect\s*\(", body):
            struct = Struct(namespace, f"{outer}{name}", bases)
            for statement in split_top_level(body):
                struct.members.extend(parse_member(statement, name) or [])
            out[qualified] = struct
        find_structs(body, namespace, out, f"{outer}{name}::")
        pos = i


def parse_member(statement, struct_name):
    s = " ".join(statement.split())
    if not s or s == ";":
        return None
    if re.match(r"(public|private|protected)\s*:", s):
        s = re.sub(r"^(public|private|protected)\s*:\s*", "", s)
        if not s:
            return None
    if re.match(r"(using|static|friend|typedef|template|enum|struct|class|union|constexpr|"
                r"inline|virtual|explicit|operator|~)\b", s) or s.startswith("~"):
        return None
    if re.search(r"\boperator\b", s):
        return None
    declarator = re.split(r"=|\{", s, maxsplit=1)[0]
    if "(" in declarator:  # a function, constructor or operator
        return None
    declarator = declarator.rstrip(";").strip()
    # `T a, b;` declares several members of one type: split at commas outside template brackets.
    pieces, depth, current = [], 0, ""
    for c in declarator:
        depth += (c == "<") - (c == ">")
        if c == "," and depth == 0:
            pieces.append(current.strip())
            current = ""
        else:
            current += c
    pieces.append(current.strip())
    first = re.sub(r"\[[^\]]*\]$", "", pieces[0]).strip()  # arrays keep their type text
    m = re.match(r"(.*?)([A-Za-z_][A-Za-z0-9_]*)$", first)
    if not m or not m.group(1).strip():
        raise SystemExit(f"gen_state_reflection: cannot read member '{statement}' of {struct_name}")
    type_text = m.group(1).strip()
    names = [m.group(2)] + pieces[1:]
    if any(not IDENT.fullmatch(n) for n in names):
        raise SystemExit(f"gen_state_reflection: cannot read member '{statement}' of {struct_name}")
    return [(type_text, n) for n in names]


def namespaces_of(text):
    """Yields (namespace, body) for each `namespace a::b {` block at file level."""
    for m in re.finditer(r"\bnamespace\s+([A-Za-z_][A-Za-z0-9_:]*)\s*\{", text):
        start = m.end()
        depth, i = 1, start
        while depth and i < len(text):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
            i += 1
        yield m.group(1), text[start:i - 1]


def resolve(type_name, scope, structs):
    """The qualified struct a (possibly partly qualified) name used in `scope` refers to."""
    parts = scope.split("::")
    for n in range(len(parts), 0, -1):
        candidate = "::".join(parts[:n]) + "::" + type_name
        if candidate in structs:
            return candidate
    return None


def parse_arguments(argv):
    """(out path, roots, headers, derived {struct: {member}}) from the command line."""
    derived = {}
    while argv and argv[0] == "--derived":
        if len(argv) < 2:
            raise SystemExit("gen_state_reflection: --derived needs a list of members")
        for name in filter(None, argv[1].split(",")):
            struct, _, member = name.rpartition("::")
            if not struct or not IDENT.fullmatch(member):
                raise SystemExit(f"gen_state_reflection: --derived '{name}' is not Struct::member")
            derived.setdefault(struct, set()).add(member)
        argv = argv[2:]
    if len(argv) < 3:
        raise SystemExit(__doc__)
    return argv[0], argv[1].split(","), argv[2:], derived


def drop_derived(structs, derived):
    """Takes the --derived members out of their structs; fails on one that names nothing."""
    for q, members in derived.items():
        struct = structs.get(q)
        names = {n for _, n in struct.members} if struct else set()
        missing = sorted(members - names)
        if missing:
            raise SystemExit(f"gen_state_reflection: --derived: {q} has no member {missing[0]}")
        struct.members = [(t, n) for t, n in struct.members if n not in members]


def main():
    out_path, roots, headers, derived = parse_arguments(sys.argv[1:])
    structs, includes = {}, {}
    for header in headers:
        text = strip_strings(strip_comments(open(header, encoding="utf-8").read()))
        for namespace, body in namespaces_of(text):
            before = set(structs)
            find_structs(body, namespace, structs)
            for q in set(structs) - before:
                includes[q] = header
    drop_derived(structs, derived)
    reached, order, pending = set(), [], list(roots)
    while pending:
        q = pending.pop()
        if q in reached:
            continue
        if q not in structs:
            raise SystemExit(f"gen_state_reflection: no struct {q} in the headers given")
        reached.add(q)
        order.append(q)
        struct = structs[q]
        namespace = q  # names used in a struct are looked up in it first, then outwards
        for text in struct.bases + [t for t, _ in struct.members]:
            for ident in re.findall(r"[A-Za-z_][A-Za-z0-9_:]*", text):
                r = resolve(ident, namespace, structs)
                if r and r not in reached:
                    pending.append(r)
    order.sort()
    lines = [
        "// Generated by scripts/gen_state_reflection.py: do not edit.",
        "#pragma once",
        "",
    ]
    for header in sorted({includes[q] for q in order}):
        rel = re.sub(r"^(.*/)?src/", "", header)
        lines.append(f'#include "{rel}"')
    lines.append("")
    for q in order:
        struct = structs[q]
        # Nested structs (A::B) are reflected in the namespace that encloses the outer struct.
        scope = struct.namespace
        lines.append(f"namespace {scope} {{")
        lines.append("template <class V>")
        lines.append(f"void reflect(V& v, {struct.local}& x) {{")
        for base in struct.bases:
            if base in STATELESS_BASES:
                continue
            lines.append(f"  reflect(v, static_cast<{base}&>(x));")
        for _, member in struct.members:
            lines.append(f'  v("{member}", x.{member});')
        if not struct.members and not struct.bases:
            lines.append("  (void)v;")
            lines.append("  (void)x;")
        lines.append("}")
        lines.append(f"}}  // namespace {scope}")
        lines.append("")
    text = "\n".join(lines)
    try:
        if open(out_path, encoding="utf-8").read() == text:
            return
    except OSError:
        pass
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
