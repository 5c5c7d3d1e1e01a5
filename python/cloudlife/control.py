"""The control plane of a cloudlife emulator, as typed Python methods (docs/control-plane.md).

Contract: :class:`ControlPlane` turns each control-plane route into a method. A subclass supplies
one transport, :meth:`ControlPlane.request` (method, path, body bytes, headers) -> (status,
headers, body bytes): over HTTP for :class:`cloudlife.Cloudlife` and :class:`cloudlife.Server`,
through the in-process router for :class:`cloudlife.Mock`. JSON routes go through
:meth:`ControlPlane.control`, which answers the decoded JSON and raises
``urllib.error.HTTPError`` (status, and the server's ``{"error": …}`` text as the reason) for a
4xx/5xx answer, whichever the transport, so a test reads the same exception from all three.

Routes and the methods for them:

- health, reset, clock, advance, timing, state, events: on every server.
- ``faults`` (:class:`Faults`): ``/_cloudlife/faults``.
- ``capacity`` (:class:`Capacity`): ``/_cloudlife/capacity`` (capacity pools, issue 12 §1).
- ``metrics`` (:class:`Metrics`): ``/_cloudlife/metrics`` (issue 11 §3).
- ``alarms`` (:class:`Alarms`): ``/_cloudlife/alarms`` (issue 11 §3).
- :meth:`ControlPlane.service_events`: ``/_cloudlife/service-events`` (issue 12 §5).
- :meth:`ControlPlane.imds`: ``/_cloudlife/imds/{instance-id}/…`` (issue 12 §6).

A server built before a route existed answers 404 ``no control-plane route``: the method raises
that HTTPError, it never pretends.
"""
from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

Json = Dict[str, Any]
Headers = List[Tuple[str, str]]


def _http_error(path: str, status: int, headers: Headers, body: bytes) -> urllib.error.HTTPError:
    try:
        reason = json.loads(body).get("error") or body.decode(errors="replace")
    except (ValueError, AttributeError):
        reason = body.decode(errors="replace")
    return urllib.error.HTTPError(path, status, reason, dict(headers), io.BytesIO(body))


class Faults:
    """Fault rules and cloud events: ``GET/POST/DELETE /_cloudlife/faults`` (docs/faults.md)."""

    def __init__(self, server: "ControlPlane") -> None:
        self._server = server

    def add(self, rule: Optional[Mapping[str, Any]] = None, **fields: Any) -> Json:
        """Adds a rule or fires an event (a dict and/or keyword fields, e.g. ``kind="error",
        cloud="ec2", action="RunInstances", code="InsufficientInstanceCapacity", count=1``);
        returns the stored rule with its ``id``, or the event's outcome."""
        body = dict(rule or {})
        body.update(fields)
        return self._server.control("POST", "/_cloudlife/faults", body)

    def list(self) -> List[Json]:
        """Every rule, with its hits and remaining count."""
        return self._server.control("GET", "/_cloudlife/faults")["faults"]

    def delete(self, rule_id: str) -> Json:
        """Removes one rule (404 HTTPError for an unknown id)."""
        return self._server.control("DELETE", "/_cloudlife/faults/" + urllib.parse.quote(str(rule_id)))

    def clear(self) -> Json:
        """Removes every rule."""
        return self._server.control("DELETE", "/_cloudlife/faults")


class Capacity:
    """Capacity pools: ``PUT/GET/DELETE /_cloudlife/capacity``. A pool is ``{"region", "zone",
    "instance_type", "market": "on-demand"|"spot", "available": N}``; an unlisted pool is
    unlimited, a launch beyond a pool answers ``InsufficientInstanceCapacity``."""

    def __init__(self, server: "ControlPlane") -> None:
        self._server = server

    def set(self, pools: Sequence[Mapping[str, Any]]) -> Json:
        """Replaces the whole set of pools (bad input: 400, nothing replaced)."""
        return self._server.control("PUT", "/_cloudlife/capacity", {"pools": [dict(p) for p in pools]})

    def list(self) -> List[Json]:
        """The pools, each with ``available`` and ``remaining`` (what can still launch now)."""
        return self._server.control("GET", "/_cloudlife/capacity")["pools"]

    def clear(self) -> Json:
        """Removes every pool: capacity is unlimited again."""
        return self._server.control("DELETE", "/_cloudlife/capacity")


class Metrics:
    """Metric values that drive scaling policies: ``PUT/GET /_cloudlife/metrics``. A value set
    yields one datapoint per virtual minute until it is set again."""

    def __init__(self, server: "ControlPlane") -> None:
        self._server = server

    def put(self, namespace: str, metric: str, value: float, *,
            dimensions: Optional[Mapping[str, str]] = None, region: str = "us-east-1") -> Json:
        """Sets a metric's current value, e.g. ``put("AWS/EC2", "CPUUtilization", 80,
        dimensions={"AutoScalingGroupName": "web"})``."""
        body = {"region": region, "namespace": namespace, "metric": metric,
                "dimensions": dict(dimensions or {}), "value": value}
        return self._server.control("PUT", "/_cloudlife/metrics", body)

    def list(self) -> List[Json]:
        """Every metric set so far with its current value."""
        return self._server.control("GET", "/_cloudlife/metrics")["metrics"]


class Alarms:
    """Metric alarms that invoke step or simple scaling policies: ``PUT/GET/DELETE
    /_cloudlife/alarms`` (docs/control-plane.md). Target tracking alarms are listed too (their
    ``managed_by`` is the policy's ARN) but only the policy can remove them."""

    def __init__(self, server: "ControlPlane") -> None:
        self._server = server

    def put(self, name: str, namespace: str, metric: str, threshold: float, comparison: str,
            alarm_actions: Sequence[str], *, dimensions: Optional[Mapping[str, str]] = None,
            statistic: Optional[str] = None, evaluation_periods: Optional[int] = None,
            datapoints_to_alarm: Optional[int] = None, region: str = "us-east-1",
            account: Optional[str] = None) -> Json:
        """Creates or replaces an alarm, e.g. ``put("cpu-high", "AWS/EC2", "CPUUtilization", 70,
        "GreaterThanThreshold", [policy_arn], dimensions={"AutoScalingGroupName": "web"})``."""
        body: Json = {"region": region, "name": name, "namespace": namespace, "metric": metric,
                      "threshold": threshold, "comparison": comparison,
                      "alarm_actions": list(alarm_actions), "dimensions": dict(dimensions or {})}
        optional = {"account": account, "statistic": statistic, "evaluation_periods": evaluation_periods,
                    "datapoints_to_alarm": datapoints_to_alarm}
        body.update({k: v for k, v in optional.items() if v is not None})
        return self._server.control("PUT", "/_cloudlife/alarms", body)

    def list(self, *, region: Optional[str] = None, account: Optional[str] = None) -> List[Json]:
        """Every alarm with its state (``OK``, ``ALARM``, ``INSUFFICIENT_DATA``) and reason."""
        return self._server.control("GET", "/_cloudlife/alarms" + _query({"region": region, "account": account}))["alarms"]

    def delete(self, name: str, *, region: str = "us-east-1", account: Optional[str] = None) -> Json:
        """Deletes one alarm made with :meth:`put`."""
        return self._server.control("DELETE", "/_cloudlife/alarms" + _query({"name": name, "region": region,
                                                                                 "account": account}))


class Imds:
    """One instance's metadata service: ``/_cloudlife/imds/{instance-id}/latest/…``.

    ``endpoint`` is what ``AWS_EC2_METADATA_SERVICE_ENDPOINT`` (or curl) takes for that instance
    (HTTP transports only). Text answers; a 4xx/5xx (401 without a token when HttpTokens is
    required, 404 with HttpEndpoint disabled) raises ``urllib.error.HTTPError``."""

    def __init__(self, server: "ControlPlane", instance_id: str) -> None:
        self._server = server
        self.instance_id = instance_id
        self.prefix = "/_cloudlife/imds/" + urllib.parse.quote(instance_id, safe="")

    @property
    def endpoint(self) -> str:
        return self._server.endpoint + self.prefix

    def _call(self, method: str, path: str, headers: Headers) -> str:
        full = f"{self.prefix}/{path.lstrip('/')}"
        status, answer_headers, body = self._server.request(method, full, b"", headers)
        if status >= 400:
            raise _http_error(full, status, answer_headers, body)
        return body.decode()

    def token(self, ttl_seconds: int = 21600) -> str:
        """An IMDSv2 session token (``PUT latest/api/token``; TTL 1–21,600 s)."""
        return self._call("PUT", "latest/api/token",
                          [("X-aws-ec2-metadata-token-ttl-seconds", str(ttl_seconds))])

    def get(self, path: str = "", token: Optional[str] = None) -> str:
        """``GET latest/meta-data/<path>`` (the listing for ""), with the token when given."""
        headers = [("X-aws-ec2-metadata-token", token)] if token else []
        return self._call("GET", "latest/meta-data/" + path.lstrip("/"), headers)

    def user_data(self, token: Optional[str] = None) -> str:
        """``GET latest/user-data``: the instance's user data, decoded as text."""
        headers = [("X-aws-ec2-metadata-token", token)] if token else []
        return self._call("GET", "latest/user-data", headers)

    def identity_document(self, token: Optional[str] = None) -> Json:
        """``GET latest/dynamic/instance-identity/document``, decoded."""
        headers = [("X-aws-ec2-metadata-token", token)] if token else []
        return json.loads(self._call("GET", "latest/dynamic/instance-identity/document", headers))


def _query(params: Mapping[str, Any]) -> str:
    pairs = {k: ("true" if v is True else "false" if v is False else v)
             for k, v in params.items() if v is not None}
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


class ControlPlane:
    """The control-plane methods of a cloudlife emulator (see the module documentation)."""

    endpoint: Optional[str]

    def __init__(self) -> None:
        self.faults = Faults(self)
        self.capacity = Capacity(self)
        self.metrics = Metrics(self)
        self.alarms = Alarms(self)

    # -- transport ---------------------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes = b"", headers: Iterable[Tuple[str, str]] = (),
                timeout: Optional[float] = None) -> Tuple[int, Headers, bytes]:
        """One raw exchange: (status, [(header, value)…], body). Subclasses provide it."""
        raise NotImplementedError

    def control(self, method: str, path: str, body: Any = None, timeout: Optional[float] = 10.0) -> Any:
        """One JSON control-plane call; the decoded answer (None for an empty body). 4xx/5xx:
        ``urllib.error.HTTPError``."""
        data = b"" if body is None else json.dumps(body).encode()
        status, headers, answer = self.request(method, path, data, [("Content-Type", "application/json")],
                                               timeout=timeout)
        if status >= 400:
            raise _http_error(path, status, headers, answer)
        return json.loads(answer or b"null")

    # -- routes on every server --------------------------------------------------------------------

    def health(self) -> Json:
        """``{"status": "ok", "version": …}``."""
        return self.control("GET", "/_cloudlife/health")

    def reset(self) -> Json:
        """Forgets every resource, fault rule and event of every cloud; the clock goes back to
        wall time (its mode and the timing profile stay)."""
        return self.control("POST", "/_cloudlife/reset")

    def advance(self, seconds: float) -> Json:
        """Moves the virtual clock forward by ``seconds`` (≥ 0, fractions allowed), firing every
        due transition in time order; returns the clock (as :meth:`clock`)."""
        return self.control("POST", "/_cloudlife/clock/advance", {"seconds": seconds})

    def clock(self) -> Json:
        """``{"now": ISO-8601, "epoch_ms": int, "mode": "real"|"frozen", "timing": …}``."""
        return self.control("GET", "/_cloudlife/clock")

    def set_clock_mode(self, mode: str) -> Json:
        """Switches the clock to "real" or "frozen", keeping the current virtual time."""
        return self.control("PUT", "/_cloudlife/clock", {"mode": mode})

    def timing(self, profile: str = "instant", overrides: Optional[Mapping[str, float]] = None) -> Json:
        """Switches the timing profile ("instant"/"realistic"); ``overrides`` (phase -> seconds)
        replaces the override set."""
        return self.control("PUT", "/_cloudlife/timing", {"profile": profile, "overrides": dict(overrides or {})})

    def state(self) -> Json:
        """A JSON dump of every resource of every cloud."""
        return self.control("GET", "/_cloudlife/state")

    def events(self, **query: Any) -> List[Json]:
        """The audit trail (``GET /_cloudlife/events``), filtered by cloud, action, account,
        region, result, resource_id, access_key, after, limit."""
        return self.control("GET", "/_cloudlife/events" + _query(query))["events"]

    # -- routes of the Spot / events / IMDS work (issue 12) ------------------------------------------

    def service_events(self, *, after: Optional[int] = None, wait: Optional[float] = None,
                       source: Optional[str] = None, detail_type: Optional[str] = None,
                       limit: Optional[int] = None) -> Json:
        """EventBridge-shaped service events after sequence number ``after``:
        ``{"events": [{"seq": N, "event": {…}}], "last_seq": N}``. ``wait`` long-polls up to that
        many wall seconds for the first event after ``after``."""
        query = _query({"after": after, "wait": wait, "source": source, "detail_type": detail_type,
                        "limit": limit})
        timeout = 10.0 + (wait or 0)
        return self.control("GET", "/_cloudlife/service-events" + query, timeout=timeout)

    def imds(self, instance_id: str) -> Imds:
        """The instance metadata service of one instance (:class:`Imds`)."""
        return Imds(self, instance_id)
