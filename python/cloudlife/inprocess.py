"""cloudlife inside the Python process: ``Server`` and ``mock`` (docs/embedding.md).

Contract: both need the native extension ``cloudlife._native`` (a platform wheel from ``make
wheel``; ``native_available()`` says whether it is importable).

- ``Server(clock=, timing=, port=0, bind="127.0.0.1")`` runs the cloudlife HTTP server on a
  thread of this process (the same C++ core as the binary), on a free port by default; it is a
  context manager and has every control-plane helper of :class:`cloudlife.Cloudlife`
  (``advance``, ``reset``, ``faults``, ``timing``, ``clock``, ``state``, ``events``). ``pid`` is
  None (there is no child process).
- ``mock(clock=, timing=)`` — a context manager and a decorator in the spirit of moto's
  ``mock_aws`` — routes every botocore/boto3 client created inside it to an in-process router
  (a ``before-send`` handler hands botocore's prepared request to the router the server uses; no
  socket is opened). Each use starts from an empty cloud; pass ``state=`` an earlier mock to keep
  its state. While active, ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` default to test values
  (so clients can sign) and ``AWS_DEFAULT_REGION`` to us-east-1; the environment is restored on
  exit. The mock object has the same control-plane helpers, answered by that router.
"""
import functools
import json
import io
import os
import threading
import urllib.error
import urllib.parse

from .server import Cloudlife, CloudlifeError

try:
    from . import _native
except ImportError as error:  # pure-Python install: Server/mock explain what is missing
    _native = None
    _NATIVE_ERROR = error


def native_available():
    """True when the native extension ``cloudlife._native`` is importable."""
    return _native is not None


def _require_native(what):
    if _native is None:
        raise CloudlifeError(f"{what} needs the native extension cloudlife._native, which is not "
                             f"installed ({_NATIVE_ERROR}); install the wheel `make wheel` builds, "
                             f"or use cloudlife.Cloudlife, which runs the binary")


def _modes(clock, timing):
    if clock not in (None, "real", "frozen"):
        raise CloudlifeError(f"clock must be 'real' or 'frozen', got {clock!r}")
    if timing not in (None, "instant", "realistic"):
        raise CloudlifeError(f"timing must be 'instant' or 'realistic', got {timing!r}")
    return clock == "frozen", timing == "realistic"


class Server(Cloudlife):
    """The cloudlife HTTP server on a thread of this process (see the module documentation)."""

    def __init__(self, *, port=0, bind="127.0.0.1", clock=None, timing=None, threads=8):
        _require_native("cloudlife.Server")
        frozen, realistic = _modes(clock, timing)
        super().__init__(bind=bind, port=port, clock=clock, timing=timing)
        self._emulator = _native.Emulator(bind=bind, port=port, frozen=frozen, realistic=realistic,
                                          threads=threads)

    def start(self):
        if self._emulator.running():
            raise CloudlifeError("cloudlife is already running")
        try:
            self._emulator.start()
        except RuntimeError as error:
            raise CloudlifeError(str(error)) from error
        self.endpoint = self._emulator.endpoint
        self.port = self._emulator.port
        return self

    def running(self):
        return self._emulator.running()

    @property
    def pid(self):
        return None

    def stop(self, timeout=None):
        """Stops serving (in-flight requests finish) and joins the thread; returns None."""
        self._emulator.stop()
        self.endpoint = None
        return None


class _RawResponse(io.BytesIO):
    """The raw body botocore's AWSResponse reads (``stream()``)."""

    def stream(self, **kwargs):
        chunk = self.read()
        while chunk:
            yield chunk
            chunk = self.read()


_lock = threading.Lock()
_active = []           # the mocks entered and not yet left, innermost last
_original_create_client = None

_TEST_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
             "AWS_DEFAULT_REGION": "us-east-1"}


class Mock(Cloudlife):
    """One ``cloudlife.mock()``: an in-process router and the clients created while it is active."""

    def __init__(self, *, clock=None, timing=None, state=None):
        _require_native("cloudlife.mock")
        frozen, realistic = _modes(clock, timing)
        super().__init__()
        self.endpoint = "in-process"
        self.router = state.router if state is not None else _native.Router(frozen=frozen, realistic=realistic)
        self._settings = {"clock": clock, "timing": timing, "state": state}
        self._saved_env = None

    # -- control plane through the router -----------------------------------------------------------

    def control(self, method, path, body=None, timeout=None):
        data = b"" if body is None else json.dumps(body).encode()
        status, headers, answer = self.router.handle(method, path, [("Content-Type", "application/json")], data)
        if status >= 400:
            raise urllib.error.HTTPError(path, status, answer.decode(errors="replace"), dict(headers), None)
        return json.loads(answer or b"null")

    def running(self):
        return self in _active

    def start(self):
        return self.__enter__()

    def stop(self, timeout=None):
        if self in _active:
            self.__exit__(None, None, None)

    # -- botocore ---------------------------------------------------------------------------------

    def before_send(self, request, **kwargs):
        """botocore ``before-send``: answers the prepared request from the router."""
        from botocore.awsrequest import AWSResponse
        from botocore.compat import HTTPHeaders
        url = urllib.parse.urlsplit(request.url)
        target = url.path or "/"
        if url.query:
            target += "?" + url.query
        body = request.body
        if body is None:
            body = b""
        elif hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        headers = [(name, value.decode() if isinstance(value, bytes) else str(value))
                   for name, value in request.headers.items()]
        status, answer_headers, answer = self.router.handle(request.method, target, headers, bytes(body))
        return AWSResponse(request.url, status, HTTPHeaders.from_pairs(answer_headers), _RawResponse(answer))

    def __enter__(self):
        global _original_create_client
        import botocore.session
        with _lock:
            if not _active:
                _original_create_client = botocore.session.Session.create_client

                @functools.wraps(_original_create_client)
                def create_client(session, *args, **kwargs):
                    client = _original_create_client(session, *args, **kwargs)
                    with _lock:
                        owner = _active[-1] if _active else None
                    if owner is not None:
                        client.meta.events.register("before-send", owner.before_send)
                    return client

                botocore.session.Session.create_client = create_client
            _active.append(self)
            self._saved_env = {name: os.environ.get(name) for name in _TEST_ENV}
            for name, value in _TEST_ENV.items():
                os.environ.setdefault(name, value)
        return self

    def __exit__(self, *exc):
        import botocore.session
        with _lock:
            _active.remove(self)
            for name, value in (self._saved_env or {}).items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            if not _active and _original_create_client is not None:
                botocore.session.Session.create_client = _original_create_client

    def __call__(self, func):
        """As a decorator: every call of ``func`` runs inside a fresh mock with these settings."""
        return _decorate(func, self._settings)


def _decorate(func, settings):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with Mock(**settings):
            return func(*args, **kwargs)
    return wrapper


def mock(func=None, *, clock=None, timing=None, state=None):
    """``with cloudlife.mock(): ...``, ``@cloudlife.mock()`` or ``@cloudlife.mock`` (see the module doc)."""
    if func is not None:
        _require_native("cloudlife.mock")
        return _decorate(func, {})
    return Mock(clock=clock, timing=timing, state=state)
