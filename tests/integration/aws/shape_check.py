"""Checks every AWS response a test receives against the service model's output shape.

The SDKs silently drop an element they do not know, so a misspelt element name is a bug no
assertion on the parsed dict can catch. This module walks the raw XML body of each response
(EC2 and Query protocols: ec2, autoscaling, elb, elbv2) against the AWS service model of the
operation (vendored in third_party/aws-models, newer than the client's own botocore):
- every element is a member the model knows, under the name the model serialises it with
  (locationName, the list member name `item` / `member`, flattened lists, map entries);
- every integer, long, float, boolean and timestamp parses as the protocol writes it;
- the envelope is the protocol's: `<OpResponse>` with `requestId` (EC2), `<OpResponse>` with
  `<OpResult>` and `<ResponseMetadata><RequestId>` (Query), and the two error envelopes.

Usage: `violations_of(service_model, operation_name, status, body)` returns a list of strings
(empty when the response conforms). `install()` registers it on every botocore client created
afterwards; `take_violations()` returns and clears what was collected.
"""
import datetime
import json
import os
import xml.etree.ElementTree as ET

import botocore.model
import botocore.session

MODELS = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../third_party/aws-models"))
_collected = []
_models = {}


def service_model(service_name, api_version):
    """The vendored model of `service_name` (None when it is not vendored)."""
    key = (service_name, api_version)
    if key not in _models:
        path = os.path.join(MODELS, service_name, api_version, "service-2.json")
        _models[key] = None
        if os.path.exists(path):
            with open(path) as f:
                _models[key] = botocore.model.ServiceModel(json.load(f), service_name)
    return _models[key]


def _tag(node):
    return node.tag.split("}", 1)[-1]


def _key_name(shape, member_name):
    """The element name botocore looks up for a structure member (parsers._member_key_name)."""
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        name = shape.member.serialization.get("name")
        if name is not None:
            return name
    return shape.serialization.get("name") or member_name


def _check_scalar(shape, node, path, out):
    if len(node):
        out.append(f"{path}: scalar {shape.type_name} has child elements")
        return
    text = node.text or ""
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            int(text)
        elif kind in ("float", "double"):
            float(text)
        elif kind == "boolean":
            if text not in ("true", "false"):
                raise ValueError(text)
        elif kind == "timestamp":
            datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        out.append(f"{path}: {text!r} is not a valid {kind}")
    # Enums are not checked: AWS's own answers use values its models omit (platform "windows").


def _check_list(shape, nodes, path, out, protocol):
    """`nodes` are the wrapper element (not flattened) or the repeated elements (flattened)."""
    member = shape.member
    if shape.serialization.get("flattened"):
        for i, item in enumerate(nodes):
            _check(member, item, f"{path}[{i}]", out, protocol)
        return
    expected = member.serialization.get("name") or ("item" if protocol == "ec2" else "member")
    for wrapper in nodes:
        for i, item in enumerate(wrapper):
            if _tag(item) != expected:
                out.append(f"{path}: list element <{_tag(item)}>, the model expects <{expected}>")
                continue
            _check(member, item, f"{path}[{i}]", out, protocol)


def _check_map(shape, nodes, path, out, protocol):
    key_name = shape.key.serialization.get("name") or "key"
    value_name = shape.value.serialization.get("name") or "value"
    entries = nodes if shape.serialization.get("flattened") else [e for n in nodes for e in n]
    for entry in entries:
        for part in entry:
            if _tag(part) == key_name:
                _check(shape.key, part, f"{path}.{key_name}", out, protocol)
            elif _tag(part) == value_name:
                _check(shape.value, part, f"{path}.{value_name}", out, protocol)
            else:
                out.append(f"{path}: map entry holds unknown <{_tag(part)}>")


def _check_structure(shape, node, path, out, protocol, ignore=()):
    by_name = {}
    for child in node:
        by_name.setdefault(_tag(child), []).append(child)
    known = {}
    for member_name, member in shape.members.items():
        if "location" in member.serialization or member.serialization.get("xmlAttribute"):
            continue
        known[_key_name(member, member_name)] = member
    for name, children in by_name.items():
        if name in ignore:
            continue
        member = known.get(name)
        if member is None:
            out.append(f"{path}: <{name}> is not a member of {shape.name}")
            continue
        child_path = f"{path}.{name}"
        if member.type_name == "list":
            if not member.serialization.get("flattened") and len(children) > 1:
                out.append(f"{child_path}: list wrapper repeated {len(children)} times")
            _check_list(member, children, child_path, out, protocol)
        elif member.type_name == "map":
            _check_map(member, children, child_path, out, protocol)
        else:
            if len(children) > 1:
                out.append(f"{child_path}: element repeated {len(children)} times")
            for child in children:
                _check(member, child, child_path, out, protocol)


def _check(shape, node, path, out, protocol):
    if shape.type_name == "structure":
        _check_structure(shape, node, path, out, protocol)
    elif shape.type_name == "list":
        _check_list(shape, [node], path, out, protocol)
    elif shape.type_name == "map":
        _check_map(shape, [node], path, out, protocol)
    else:
        _check_scalar(shape, node, path, out)


def _only_children(node, allowed, path, out):
    for child in node:
        if _tag(child) not in allowed:
            out.append(f"{path}: unexpected <{_tag(child)}>")


def _check_error(protocol, root, out):
    if protocol == "ec2":
        if _tag(root) != "Response":
            out.append(f"error envelope <{_tag(root)}>, EC2 writes <Response>")
            return
        _only_children(root, {"Errors", "RequestID"}, "Response", out)
        errors = [c for c in root if _tag(c) == "Errors"]
        errors = [e for w in errors for e in w]
        path = "Response.Errors.Error"
    else:
        if _tag(root) != "ErrorResponse":
            out.append(f"error envelope <{_tag(root)}>, the Query protocol writes <ErrorResponse>")
            return
        _only_children(root, {"Error", "RequestId"}, "ErrorResponse", out)
        errors = [c for c in root if _tag(c) == "Error"]
        path = "ErrorResponse.Error"
    if not errors:
        out.append(f"{path}: missing")
    for error in errors:
        _only_children(error, {"Type", "Code", "Message"}, path, out)
        if not any(_tag(c) == "Code" for c in error):
            out.append(f"{path}: no <Code>")


def violations_of(service_model, operation_name, status, body):
    """The ways `body` (bytes) departs from the model's output for `operation_name`."""
    out = []
    protocol = service_model.protocol
    if protocol not in ("ec2", "query") or not body:
        return out
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        return [f"{operation_name}: body is not well-formed XML ({e})"]
    if status >= 300:
        _check_error(protocol, root, out)
        return [f"{operation_name} (error {status}): {v}" for v in out]
    op = service_model.operation_model(operation_name)
    expected_root = f"{operation_name}Response"
    if _tag(root) != expected_root:
        return [f"{operation_name}: root <{_tag(root)}>, expected <{expected_root}>"]
    shape = op.output_shape
    if protocol == "ec2":
        if not any(_tag(c) == "requestId" for c in root):
            out.append(f"{expected_root}: no <requestId>")
        if shape is not None:
            _check_structure(shape, root, expected_root, out, protocol, ignore=("requestId",))
        else:
            _only_children(root, {"requestId", "return"}, expected_root, out)
    else:
        wrapper = shape.serialization.get("resultWrapper") if shape is not None else None
        allowed = {"ResponseMetadata"} | ({wrapper} if wrapper else set())
        _only_children(root, allowed, expected_root, out)
        metadata = [c for c in root if _tag(c) == "ResponseMetadata"]
        if not metadata or not any(_tag(c) == "RequestId" for c in metadata[0]):
            out.append(f"{expected_root}: no <ResponseMetadata><RequestId>")
        results = [c for c in root if _tag(c) == wrapper] if wrapper else []
        if wrapper and len(results) != 1:
            out.append(f"{expected_root}: expected one <{wrapper}>, found {len(results)}")
        for result in results:
            _check_structure(shape, result, f"{expected_root}.{wrapper}", out, protocol)
    return [f"{operation_name}: {v}" for v in out]


def _register(client):
    own = client.meta.service_model
    model = service_model(own.service_name, own.api_version)
    if model is None:
        return

    def on_response(event_name, response_dict=None, **_):
        if response_dict is None:
            return
        operation = event_name.rsplit(".", 1)[-1]
        _collected.extend(violations_of(model, operation, response_dict["status_code"],
                                        response_dict["body"]))

    client.meta.events.register("response-received", on_response)


def install():
    """Checks the responses of every botocore client created from now on (idempotent)."""
    session_class = botocore.session.Session
    if getattr(session_class.create_client, "_shape_checked", False):
        return
    original = session_class.create_client

    def create_client(self, *args, **kwargs):
        client = original(self, *args, **kwargs)
        _register(client)
        return client

    create_client._shape_checked = True
    session_class.create_client = create_client


def take_violations():
    """The violations collected since the last call (and forgets them)."""
    found = list(_collected)
    _collected.clear()
    return found
