#!/usr/bin/env python3
"""Generates typed AWS request decoders and streaming response writers from a service model.

Usage: gen_aws_codec.py SERVICE MODEL_JSON MANIFEST_DIR OUT_DIR
  SERVICE      ec2 | autoscaling | elb | elbv2 (the C++ namespace cloudlife::codec::SERVICE)
  MODEL_JSON   third_party/aws-models/<service>/<version>/service-2.json
  MANIFEST_DIR codegen/<service>/ : every *.ops file there lists operation names, one a line
               ('#' starts a comment). Only those operations (and the shapes they reach) are
               generated, so the output stays small.
  OUT_DIR      writes <service>_codec.h and <service>_codec.cc (only when their text changes)

docs/architecture.md ("The AWS codec") describes the C++ API this emits; the wire rules are:
  ec2 protocol   request name = queryName, else the capitalised locationName, else the member
                 name; lists are Name.N. Responses: element = locationName, else member name;
                 list items are the list member's locationName ("item").
  query protocol request name = locationName, else member name; lists Name.member.N; maps
                 Name.entry.N.key / .value. Responses: element = locationName, else member name;
                 list items <member>; the payload sits in <OpResult> (the model's resultWrapper).
Writers put the fixed tags of structures, list items and boolean members as constant runs of
markup (XmlWriter::raw, balanced by construction), so a large answer such as DescribeInstances
costs what the hand-written encoder did.
Standard library only.
"""
import json
import keyword
import os
import re
import sys

CPP_KEYWORDS = {
    "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch", "char", "class",
    "const", "constexpr", "continue", "default", "delete", "do", "double", "else", "enum",
    "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int",
    "long", "mutable", "namespace", "new", "noexcept", "not", "nullptr", "operator", "or",
    "private", "protected", "public", "register", "return", "short", "signed", "sizeof", "static",
    "struct", "switch", "template", "this", "throw", "true", "try", "typedef", "typename", "union",
    "unsigned", "using", "virtual", "void", "volatile", "while", "xor", "finish", "xml", "item",
    "entry", "decode", "doc"}

SCALARS = {"string", "blob", "integer", "long", "boolean", "float", "double", "timestamp"}


def snake(name):
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = s.replace("-", "_").lower()
    if s in CPP_KEYWORDS or keyword.iskeyword(s):
        s += "_"
    return s


def cstr(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Gen:
    def __init__(self, service, model, ops):
        self.service = service
        self.model = model
        self.shapes = model["shapes"]
        self.protocol = model["metadata"]["protocol"]
        self.ec2 = self.protocol == "ec2"
        if self.protocol not in ("ec2", "query"):
            sys.exit(f"gen_aws_codec: protocol {self.protocol} is not supported")
        xmlns = model["metadata"].get("xmlNamespace", "")
        self.xmlns = xmlns if xmlns.endswith("/") else xmlns + "/"
        self.ops = []
        for op in ops:
            if op not in model["operations"]:
                sys.exit(f"gen_aws_codec: {service} has no operation {op} (check codegen/{service}/)")
            self.ops.append(op)
        self.in_structs = []   # input structures, dependency order
        self.out_shapes = []   # output structures / lists / maps, dependency order
        seen_in, seen_out = set(), set()
        for op in self.ops:
            o = model["operations"][op]
            if "input" in o:
                self.walk(o["input"]["shape"], seen_in, self.in_structs, [], structs_only=True)
            if "output" in o:
                self.walk(o["output"]["shape"], seen_out, self.out_shapes, [], structs_only=False)

    def walk(self, name, seen, order, stack, structs_only):
        shape = self.shapes[name]
        t = shape["type"]
        if t in SCALARS:
            return
        if name in stack:
            sys.exit(f"gen_aws_codec: recursive shape {' -> '.join(stack + [name])} is not supported")
        if name in seen:
            return
        seen.add(name)
        stack = stack + [name]
        if t == "structure":
            for m in shape["members"].values():
                self.walk(m["shape"], seen, order, stack, structs_only)
        elif t == "list":
            self.walk(shape["member"]["shape"], seen, order, stack, structs_only)
        elif t == "map":
            self.walk(shape["key"]["shape"], seen, order, stack, structs_only)
            self.walk(shape["value"]["shape"], seen, order, stack, structs_only)
        if t == "structure" or not structs_only:
            order.append(name)

    # ---- C++ types of decoded values ----
    def value_type(self, name):
        shape = self.shapes[name]
        t = shape["type"]
        if t in ("string", "blob"):
            return "std::string"
        if t in ("integer", "long"):
            return "std::int64_t"
        if t == "boolean":
            return "bool"
        if t in ("float", "double"):
            return "double"
        if t == "timestamp":
            return "core::TimeMs"
        if t == "structure":
            return name
        if t == "list":
            return f"std::vector<{self.value_type(shape['member']['shape'])}>"
        if t == "map":
            return (f"std::map<{self.value_type(shape['key']['shape'])}, "
                    f"{self.value_type(shape['value']['shape'])}>")
        sys.exit(f"gen_aws_codec: shape type {t} not supported")

    def member_type(self, struct, mname):
        m = struct["members"][mname]
        t = self.value_type(m["shape"])
        kind = self.shapes[m["shape"]]["type"]
        if kind in ("list", "map") or mname in struct.get("required", []):
            return t
        return f"std::optional<{t}>"

    def request_name(self, member, mname):
        if self.ec2:
            if "queryName" in member:
                return member["queryName"]
            if "locationName" in member:
                return member["locationName"][0].upper() + member["locationName"][1:]
            return mname
        return member.get("locationName", mname)

    def element_name(self, member, mname):
        return member.get("locationName", mname)

    # ---- header ----
    def header(self):
        o = []
        w = o.append
        w(f"// Generated by scripts/gen_aws_codec.py from the {self.service} service model and")
        w(f"// codegen/{self.service}/*.ops. Do not edit: add the operation to a manifest instead.")
        w("// The API is described in docs/architecture.md (\"The AWS codec\").")
        w("#pragma once")
        w("")
        for inc in ["<cstdint>", "<map>", "<optional>", "<string>", "<string_view>", "<vector>", "",
                    '"core/time.h"', '"protocol/aws_codec.h"', '"protocol/http_message.h"',
                    '"protocol/query_params.h"', '"protocol/xml_writer.h"']:
            w(f"#include {inc}" if inc else "")
        w("")
        w(f"namespace cloudlife::codec::{self.service} {{")
        w("")
        w("// ---- Requests: one struct per input shape, decoded from the Query parameters ----")
        for name in self.in_structs:
            s = self.shapes[name]
            w(f"struct {name} {{")
            for mname in s["members"]:
                w(f"  {self.member_type(s, mname)} {snake(mname)};")
            w("  // Decodes the request (or the structure under `params`' prefix). Throws")
            w("  // protocol::ParamError for a value of the wrong type and the cloud's missing-parameter")
            w("  // error for an absent required member.")
            w(f"  static {name} decode(const protocol::QueryParams& params);")
            w("};")
            w("")
        aliases = []
        for op in self.ops:
            spec = self.model["operations"][op]
            if ("input" in spec and spec["input"]["shape"] != op + "Request"
                    and op + "Request" not in self.shapes):
                aliases.append(f"using {op}Request = {spec['input']['shape']};")
        if aliases:
            w("// Every operation's request under the name <Operation>Request.")
            o.extend(aliases)
            w("")
        w("// ---- Responses: one streaming writer per output shape ----")
        for name in self.out_shapes:
            w(f"class {name}Writer;")
        w("")
        for name in self.out_shapes:
            self.writer_class(name, w)
        w("// ---- One response document per operation ----")
        for op in self.ops:
            self.response_class(op, w)
        w(f"}}  // namespace cloudlife::codec::{self.service}")
        return "\n".join(o) + "\n"

    def scalar_method(self, cls, method, elem, kind, w):
        if kind in ("string", "blob"):
            w(f"  {cls}& {method}(protocol::Text v) {{ xml_.leaf({cstr(elem)}, v.v); return *this; }}")
        elif kind in ("integer", "long"):
            w(f"  {cls}& {method}(protocol::Int v) {{ xml_.leaf({cstr(elem)}, v.v); return *this; }}")
        elif kind == "boolean":
            # Both spellings are constant: one run of markup, as a hand-written encoder would.
            t, f = cstr(f"<{elem}>true</{elem}>"), cstr(f"<{elem}>false</{elem}>")
            w(f"  {cls}& {method}(protocol::Bool v) {{ xml_.raw(v.v ? {t} : {f}); return *this; }}")
        elif kind in ("float", "double"):
            w(f"  {cls}& {method}(protocol::Double v) {{ protocol::write_double(xml_, {cstr(elem)}, v); return *this; }}")
        elif kind == "timestamp":
            w(f"  {cls}& {method}(protocol::Timestamp v) {{ protocol::write_timestamp(xml_, {cstr(elem)}, v); return *this; }}")

    def scalar_arg(self, kind):
        return {"string": "protocol::Text", "blob": "protocol::Text", "integer": "protocol::Int",
                "long": "protocol::Int", "boolean": "protocol::Bool", "float": "protocol::Double",
                "double": "protocol::Double", "timestamp": "protocol::Timestamp"}[kind]

    def writer_class(self, name, w):
        shape = self.shapes[name]
        t = shape["type"]
        cls = f"{name}Writer"
        w(f"class {cls} {{")
        w(" public:")
        w(f"  explicit {cls}(protocol::XmlWriter& xml) : xml_(xml) {{}}")
        if t == "structure":
            for mname, m in shape["members"].items():
                elem = self.element_name(m, mname)
                method = snake(mname)
                target = self.shapes[m["shape"]]
                kind = target["type"]
                if kind in SCALARS:
                    self.scalar_method(cls, method, elem, kind, w)
                    continue
                sub = f"{m['shape']}Writer"
                w(f"  // <{elem}>: f({sub}&) writes its content.")
                w(f"  template <class F>")
                w(f"    requires std::invocable<F&, {sub}&>")
                w(f"  {cls}& {method}(F&& f) {{")
                w(f"    xml_.raw({cstr('<' + elem + '>')});")
                w(f"    {sub} inner(xml_);")
                w(f"    f(inner);")
                w(f"    xml_.raw({cstr('</' + elem + '>')});")
                w(f"    return *this;")
                w(f"  }}")
                if kind == "list":
                    elem_shape = target["member"]["shape"]
                    ek = self.shapes[elem_shape]["type"]
                    if ek in SCALARS:
                        w(f"  // <{elem}> with one item per element of `range`.")
                        w(f"  template <std::ranges::range R>")
                        w(f"    requires(!std::invocable<R&, {sub}&>)")
                        w(f"  {cls}& {method}(const R& range) {{")
                        w(f"    xml_.raw({cstr('<' + elem + '>')});")
                        w(f"    {sub} inner(xml_);")
                        w(f"    for (const auto& v : range) inner.item(v);")
                        w(f"    xml_.raw({cstr('</' + elem + '>')});")
                        w(f"    return *this;")
                        w(f"  }}")
                    elif ek == "structure":
                        w(f"  // <{elem}> with one item per element e of `range`, written by f({elem_shape}Writer&, e).")
                        w(f"  template <std::ranges::range R, class F>")
                        w(f"  {cls}& {method}(const R& range, F&& f) {{")
                        w(f"    xml_.raw({cstr('<' + elem + '>')});")
                        w(f"    {sub} inner(xml_);")
                        w(f"    for (const auto& e : range) inner.item([&]({elem_shape}Writer& x) {{ f(x, e); }});")
                        w(f"    xml_.raw({cstr('</' + elem + '>')});")
                        w(f"    return *this;")
                        w(f"  }}")
        elif t == "list":
            member = shape["member"]
            item = member.get("locationName", "item" if self.ec2 else "member")
            es = member["shape"]
            ek = self.shapes[es]["type"]
            if ek in SCALARS:
                self.scalar_method(cls, "item", item, ek, w)
            else:
                sub = f"{es}Writer"
                w(f"  template <class F>")
                w(f"    requires std::invocable<F&, {sub}&>")
                w(f"  {cls}& item(F&& f) {{")
                w(f"    xml_.raw({cstr('<' + item + '>')});")
                w(f"    {sub} inner(xml_);")
                w(f"    f(inner);")
                w(f"    xml_.raw({cstr('</' + item + '>')});")
                w(f"    return *this;")
                w(f"  }}")
        elif t == "map":
            key = shape["key"].get("locationName", "key")
            val = shape["value"].get("locationName", "value")
            kk = self.shapes[shape["key"]["shape"]]["type"]
            vk = self.shapes[shape["value"]["shape"]]["type"]
            if kk not in SCALARS or vk not in SCALARS:
                sys.exit(f"gen_aws_codec: map {name} of non-scalars is not supported")
            w(f"  {cls}& entry({self.scalar_arg(kk)} k, {self.scalar_arg(vk)} v) {{")
            w(f"    xml_.open(\"entry\");")
            w(f"    {cls}::leaf(xml_, {cstr(key)}, k);")
            w(f"    {cls}::leaf(xml_, {cstr(val)}, v);")
            w(f"    xml_.close();")
            w(f"    return *this;")
            w(f"  }}")
            w("")
            w(" private:")
            w("  static void leaf(protocol::XmlWriter& x, std::string_view n, protocol::Text v) { x.leaf(n, v.v); }")
            w("  static void leaf(protocol::XmlWriter& x, std::string_view n, protocol::Int v) { x.leaf(n, v.v); }")
            w("  static void leaf(protocol::XmlWriter& x, std::string_view n, protocol::Bool v) { x.leaf(n, v.v); }")
        w("")
        w(" protected:")
        w("  protocol::XmlWriter& xml_;")
        w("};")
        w("")

    def response_class(self, op, w):
        o = self.model["operations"][op]
        out = o.get("output", {}).get("shape")
        cls = f"{op}Response"
        # Only request structs take a shape's bare name (writers are <Shape>Writer), so an output
        # shape named <Operation>Response (STS's GetCallerIdentityResponse) does not clash.
        if cls in self.in_structs:
            sys.exit(f"gen_aws_codec: {cls} clashes with a request struct's name")
        base = f", public {out}Writer" if out else ""
        w(f"// The {op} response: construct, write the members, then finish().")
        w(f"class {cls} : private protocol::ResponseDocument{base} {{")
        w(" public:")
        if self.ec2:
            begin = f"protocol::begin_ec2_response({cstr(op)}, request_id)"
            finish = "protocol::finish_ec2_response(doc_, request_id_)"
            if not out:  # EC2 answers an operation without output with <return>true</return>
                finish = "protocol::finish_ec2_response(doc_.leaf(\"return\", true), request_id_)"
        else:
            wrapper = o.get("output", {}).get("resultWrapper", "") if out else ""
            begin = (f"protocol::begin_aws_query_response({cstr(op)}, {cstr(wrapper)}, "
                     f"{cstr(self.xmlns)})")
            finish = (f"protocol::finish_aws_query_response(doc_, request_id_, "
                      f"{'true' if wrapper else 'false'})")
        init = f"protocol::ResponseDocument({begin})"
        if out:
            init += f", {out}Writer(doc_)"
        w(f"  explicit {cls}(std::string_view request_id)")
        w(f"      : {init}, request_id_(request_id) {{}}")
        w(f"  static constexpr std::string_view kAction = {cstr(op)};")
        w(f"  // The document so far (e.g. to reserve() room for a large answer).")
        w(f"  protocol::XmlWriter& document() {{ return doc_; }}")
        w(f"  protocol::HttpResponse finish() {{ return {finish}; }}")
        w("")
        w(" private:")
        w("  std::string_view request_id_;")
        w("};")
        w("")

    # ---- source: the decoders ----
    def source(self):
        o = []
        w = o.append
        w(f"// Generated by scripts/gen_aws_codec.py from the {self.service} service model. Do not edit.")
        w(f'#include "{self.service}_codec.h"')
        w("")
        w('#include "protocol/aws_errors.h"')
        w("")
        w(f"namespace cloudlife::codec::{self.service} {{")
        w("namespace {")
        w("")
        w("using protocol::QueryParams;")
        w("")
        w("[[noreturn, maybe_unused]] void missing(const QueryParams& p, const std::string& key) {")
        if self.ec2:
            w("  protocol::throw_ec2_missing_parameter(p.full_name(key));")
        else:
            w("  protocol::throw_query_missing_parameter(p.full_name(key));")
        w("}")
        w("")
        # per list/map shape reached by inputs: a reader
        readers = []
        seen = set()
        for name in self.in_structs:
            for m in self.shapes[name]["members"].values():
                self.collect_readers(m["shape"], readers, seen)
        for name in readers:
            self.reader(name, w)
        w("}  // namespace")
        w("")
        for name in self.in_structs:
            s = self.shapes[name]
            w(f"{name} {name}::decode(const QueryParams& p) {{")
            w(f"  {name} out;")
            if not s["members"]:
                w("  (void)p;")
            required = s.get("required", [])
            for mname, m in s["members"].items():
                key = self.request_name(m, mname)
                field = f"out.{snake(mname)}"
                kind = self.shapes[m["shape"]]["type"]
                req = mname in required
                if kind in ("list", "map"):
                    if not req:
                        w(f"  read_{m['shape']}(p, {cstr(key)}, {field});")
                    elif self.ec2:
                        # EC2 answers an empty required list as missing, naming it the way its
                        # responses do: ResourceId.N -> "resourceIdSet", Tag.N -> "tagSet".
                        label = key[0].lower() + key[1:] + "Set"
                        w(f"  if (!read_{m['shape']}(p, {cstr(key)}, {field}) || {field}.empty()) "
                          f"missing(p, {cstr(label)});")
                    else:
                        w(f"  if (!read_{m['shape']}(p, {cstr(key)}, {field})) missing(p, {cstr(key)});")
                elif req:
                    empty = f" || {field}.empty()" if kind in ("string", "blob") else ""
                    w(f"  if (!{self.read_call(m['shape'], cstr(key), field)}{empty}) missing(p, {cstr(key)});")
                else:
                    vt = self.value_type(m["shape"])
                    w(f"  if ({vt} v{{}}; {self.read_call(m['shape'], cstr(key), 'v')}) {field} = std::move(v);")
            w("  return out;")
            w("}")
            w("")
        w(f"}}  // namespace cloudlife::codec::{self.service}")
        return "\n".join(o) + "\n"

    def collect_readers(self, name, out, seen):
        shape = self.shapes[name]
        t = shape["type"]
        if t not in ("list", "map") or name in seen:
            return
        seen.add(name)
        if t == "list":
            self.collect_readers(shape["member"]["shape"], out, seen)
        else:
            self.collect_readers(shape["value"]["shape"], out, seen)
        out.append(name)

    def read_call(self, shape_name, key, target):
        kind = self.shapes[shape_name]["type"]
        fn = {"string": "protocol::read_string", "blob": "protocol::read_string",
              "integer": "protocol::read_integer", "long": "protocol::read_integer",
              "boolean": "protocol::read_boolean", "float": "protocol::read_double",
              "double": "protocol::read_double", "timestamp": "protocol::read_timestamp"}.get(kind)
        if fn:
            return f"{fn}(p, {key}, {target})"
        if kind == "structure":
            return f"protocol::read_structure(p, {key}, {target})"
        return f"read_{shape_name}(p, {key}, {target})"

    def reader(self, name, w):
        shape = self.shapes[name]
        vt = self.value_type(name)
        w(f"// {name}: true when the request names it.")
        w(f"bool read_{name}(const QueryParams& p, const std::string& key, {vt}& out) {{")
        if shape["type"] == "list":
            member = shape["member"]
            if self.ec2:
                w("  const std::string& prefix = key;")
            else:
                w(f"  const std::string prefix = key + \".{member.get('locationName', 'member')}\";")
            w("  const std::vector<int> indices = p.indices(prefix);")
            w("  for (int i : indices) {")
            w("    std::string item = prefix + '.' + std::to_string(i);")
            et = self.value_type(member["shape"])
            w(f"    {et} v;")
            w(f"    if ({self.read_call(member['shape'], 'item', 'v')}) out.push_back(std::move(v));")
            w("  }")
            # an empty query list is sent as "Name=" (botocore): it is present and empty.
            w("  return !indices.empty() || p.has(key);")
        else:
            kname = shape["key"].get("locationName", "key")
            vname = shape["value"].get("locationName", "value")
            prefix = "key" if self.ec2 else "key + \".entry\""
            w(f"  const std::string prefix = {prefix};")
            w("  const std::vector<int> indices = p.indices(prefix);")
            w("  for (int i : indices) {")
            w("    const std::string entry = prefix + '.' + std::to_string(i) + '.';")
            kt = self.value_type(shape["key"]["shape"])
            vt2 = self.value_type(shape["value"]["shape"])
            w(f"    {kt} k;")
            w(f"    {vt2} v{{}};")
            w(f"    if (!{self.read_call(shape['key']['shape'], 'entry + ' + cstr(kname), 'k')}) missing(p, entry + {cstr(kname)});")
            w(f"    {self.read_call(shape['value']['shape'], 'entry + ' + cstr(vname), 'v')};")
            w("    out[std::move(k)] = std::move(v);")
            w("  }")
            w("  return !indices.empty() || p.has(key);")
        w("}")
        w("")


def write_if_changed(path, text):
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return
    with open(path, "w") as f:
        f.write(text)


def read_manifest(manifest_dir):
    ops = []
    for fname in sorted(os.listdir(manifest_dir)):
        if not fname.endswith(".ops"):
            continue
        with open(os.path.join(manifest_dir, fname)) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line and line not in ops:
                    ops.append(line)
    return sorted(ops)


def main(service, model_path, manifest_dir, out_dir):
    with open(model_path) as f:
        model = json.load(f)
    gen = Gen(service, model, read_manifest(manifest_dir))
    os.makedirs(out_dir, exist_ok=True)
    write_if_changed(os.path.join(out_dir, f"{service}_codec.h"), gen.header())
    write_if_changed(os.path.join(out_dir, f"{service}_codec.cc"), gen.source())


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
