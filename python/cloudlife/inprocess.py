"""cloudlife inside the Python process: ``Server`` and ``mock`` (docs/embedding.md).

Contract: both need the native extension ``cloudlife._native``: the module the package carries
(``pip install ./python`` or the wheel ``make wheel`` builds), else the file named by
``$CLOUDLIFE_NATIVE_MODULE`` (e.g. a build tree's ``build/python/cloudlife/_native….so``, for a
checkout used without installing); ``native_available()`` says whether one is loaded.

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
  exit. The mock object has the same control-plane methods (:class:`cloudlife.control.ControlPlane`),
  answered by that router. Its ``endpoint`` (read it, or call ``serve()``) opens an HTTP listener
  on 127.0.0.1 on the same state, for clients that are not botocore in this process (the AWS CLI,
  another SDK, raw HTTP); it closes when the mock ends.
"""
from __future__ import annotations

import functools
import importlib.util
import io
import os
import sys
import threading
import urllib.parse
from typing import Iterable, Optional, Tuple

from .control import ControlPlane, Headers
from .server import Cloudlife, CloudlifeError


def _load_native():
    """The extension the package carries, else $CLOUDLIFE_NATIVE_MODULE's file, else None."""
    try:
        from . import _native as native
        return native, None
    except ImportError as error:
        path = os.environ.get("CLOUDLIFE_NATIVE_MODULE")
        if not path:
            return None, error
    spec = importlib.util.spec_from_file_location(__package__ + "._native", path)
    if spec is None:
        return None, ImportError(f"CLOUDLIFE_NATIVE_MODULE={path}: not an extension module")
    try:
        native = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(native)
    except ImportError as error:
        return None, error
    sys.modules[spec.name] = native
    return native, None


_native, _NATIVE_ERROR = _load_native()


def native_available():
    """True when the native extension ``cloudlife._native`` is importable."""
    return _native is not None


def _require_native(what):
    if _native is None:
        raise CloudlifeError(f"{what} needs the native extension cloudlife._native, which is not "
                             f"installed ({_NATIVE_ERROR}); `pip install ./python` from a checkout builds it "
                             f"(or install the wheel `make wheel` builds; docs/python.md), or use "
                             f"cloudlife.Cloudlife, which runs the binary")


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


class Mock(ControlPlane):
    """One ``cloudlife.mock()``: an in-process router and the clients created while it is active."""

    def __init__(self, *, clock: Optional[str] = None, timing: Optional[str] = None,
                 state: Optional["Mock"] = None) -> None:
        _require_native("cloudlife.mock")
        frozen, realistic = _modes(clock, timing)
        super().__init__()
        self.router = state.router if state is not None else _native.Router(frozen=frozen, realistic=realistic)
        self._settings = {"clock": clock, "timing": timing, "state": state}
        self._saved_env = None
        self._listening = None  # the endpoint serve() opened

    # -- control plane through the router -----------------------------------------------------------

    def request(self, method: str, path: str, body: bytes = b"", headers: Iterable[Tuple[str, str]] = (),
                timeout: Optional[float] = None) -> Tuple[int, Headers, bytes]:
        """One request answered by the in-process router (no socket)."""
        return self.router.handle(method, path, list(headers), bytes(body))

    @property
    def pid(self) -> None:
        return None

    def running(self) -> bool:
        return self in _active

    def start(self) -> "Mock":
        return self.__enter__()

    def stop(self, timeout: Optional[float] = None) -> None:
        if self in _active:
            self.__exit__(None, None, None)

    # -- an HTTP listener on the same state ---------------------------------------------------------

    def serve(self, port: int = 0, bind: str = "127.0.0.1", threads: int = 4) -> str:
        """Opens (once) an HTTP listener on this mock's state and returns its ``http://HOST:PORT``."""
        if self._listening is None:
            try:
                bound = self.router.serve(bind=bind, port=port, threads=threads)
            except RuntimeError as error:
                raise CloudlifeError(str(error)) from error
            self._listening = f"http://{bind}:{bound}"
        return self._listening

    @property
    def endpoint(self) -> str:
        """The URL of the listener on this mock's state (opened on first read, see serve())."""
        return self.serve()

    def _close_listener(self) -> None:
        if self._listening is not None:
            self.router.close()
            self._listening = None

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
        self._close_listener()

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
