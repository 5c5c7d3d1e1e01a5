"""A cloudlife server process and a client for its control plane (docs/control-plane.md).

Contract: ``Cloudlife(...).start()`` runs the binary (``binary=``, else ``$CLOUDLIFE_BIN``, else
``cloudlife`` on PATH) on a free loopback port, reads the first stdout line
``cloudlife listening on http://HOST:PORT`` and exposes ``endpoint``. ``stop()`` sends SIGTERM to
that PID (SIGKILL after a grace period). With ``endpoint=URL`` it runs nothing: ``start()``
attaches to the server already serving there (a CI service container, a background process),
checks its health and applies ``clock``/``timing`` (and ``--clock``/``--timing`` in ``args``)
through the control plane; ``stop()`` detaches and leaves that server running. The
control-plane methods (advance, reset, faults, capacity, metrics, service_events, imds, …) come
from :class:`cloudlife.control.ControlPlane`, over HTTP: they return the decoded JSON answer and
raise ``urllib.error.HTTPError`` for 4xx/5xx answers, as ``urlopen`` does.
"""
import json
import os
import shutil
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request

from .control import ControlPlane, Faults  # noqa: F401  (Faults: re-exported)

LISTENING_PREFIX = "cloudlife listening on "


class CloudlifeError(RuntimeError):
    """The server could not be found or did not start."""


def find_binary(binary=None):
    """The cloudlife executable: ``binary``, ``$CLOUDLIFE_BIN``, or ``cloudlife`` on PATH."""
    candidate = binary or os.environ.get("CLOUDLIFE_BIN")
    if candidate:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
        found = shutil.which(candidate)
        if found:
            return found
        raise CloudlifeError(f"cloudlife binary not found or not executable: {candidate}")
    found = shutil.which("cloudlife")
    if not found:
        raise CloudlifeError("cloudlife binary not found: set $CLOUDLIFE_BIN or put cloudlife on PATH")
    return found


class Cloudlife(ControlPlane):
    """One cloudlife server process.

    ``clock`` ("real"/"frozen"), ``timing`` ("instant"/"realistic") and ``log_level`` map to the
    command-line flags; ``args`` are appended as they are. The server's stderr (its logs) goes to
    ``log_path`` (a temporary file by default), quoted in the error when start-up fails.

    ``endpoint`` attaches to a server that is already running instead of starting one; the
    process options (``binary``, ``bind``, ``port``, ``env``, ``log_path``) and flags other than
    ``--clock``/``--timing`` cannot apply to it and are refused with :class:`CloudlifeError`.
    """

    def __init__(self, binary=None, *, args=(), bind="127.0.0.1", port=0, clock=None,
                 timing=None, log_level="warn", env=None, log_path=None, startup_timeout=15.0,
                 endpoint=None):
        self.attached_to = endpoint.rstrip("/") if endpoint else None
        if self.attached_to:
            process_only = {"binary": binary, "env": env, "log_path": log_path,
                            "bind": bind != "127.0.0.1" or None, "port": port or None,
                            "log_level": log_level != "warn" or None}
            given = sorted(name for name, value in process_only.items() if value)
            if given:
                raise CloudlifeError(f"{', '.join(given)}: no effect on an attached server "
                                     f"({self.attached_to}); drop them or the endpoint")
            clock, timing = _control_plane_settings(args, clock, timing,
                                                   f"the attached server at {self.attached_to}")
            args = ()
        self.binary = binary
        self.args = list(args)
        self.bind = bind
        self.port = port
        self.clock_mode = clock
        self.timing_profile = timing
        self.log_level = log_level
        self.env = env
        self.log_path = log_path
        self.startup_timeout = startup_timeout
        self.proc = None
        self.endpoint = None
        ControlPlane.__init__(self)
        self._log_file = None
        self._own_log = False

    # -- process ---------------------------------------------------------------------------------

    def command(self):
        cmd = [find_binary(self.binary), "--bind", self.bind, "--port", str(self.port)]
        if self.clock_mode:
            cmd += ["--clock", self.clock_mode]
        if self.timing_profile:
            cmd += ["--timing", self.timing_profile]
        if self.log_level:
            cmd += ["--log-level", self.log_level]
        return cmd + self.args

    def start(self):
        if self.proc is not None or (self.attached_to and self.endpoint):
            raise CloudlifeError("cloudlife is already running")
        if self.attached_to:
            return self._attach()
        cmd = self.command()
        if self.log_path:
            self._log_file = open(self.log_path, "ab")
        else:
            self._log_file = tempfile.NamedTemporaryFile(prefix="cloudlife-", suffix=".log", delete=False)
            self.log_path = self._log_file.name
            self._own_log = True
        env = None if self.env is None else {**os.environ, **self.env}
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self._log_file,
                                     stdin=subprocess.DEVNULL, env=env, text=True)
        line = self._first_line()
        if not line.startswith(LISTENING_PREFIX):
            self._kill()
            raise CloudlifeError(f"cloudlife did not start ({' '.join(cmd)}): first line {line!r}; "
                                 f"log: {self._log_tail()!r}")
        self.endpoint = line[len(LISTENING_PREFIX):].strip()
        self.port = int(self.endpoint.rsplit(":", 1)[1])
        return self

    def _attach(self):
        self.endpoint = self.attached_to
        self.port = int(self.endpoint.rsplit(":", 1)[1].split("/")[0])
        try:
            self.health()
        except OSError as err:  # URLError and HTTPError are OSErrors
            self.endpoint = None
            raise CloudlifeError(f"no cloudlife server answers at {self.attached_to}: {err}") from err
        if self.clock_mode:
            self.set_clock_mode(self.clock_mode)
        if self.timing_profile:
            self.timing(self.timing_profile)
        return self

    def _first_line(self):
        result = []
        reader = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.startup_timeout)
        if not result:
            self._kill()
            raise CloudlifeError(f"cloudlife printed nothing within {self.startup_timeout} s; "
                                 f"log: {self._log_tail()!r}")
        return result[0].strip()

    def _log_tail(self, size=2000):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-size:].decode(errors="replace")
        except OSError:
            return ""

    def _kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait()
        self._close()

    def _close(self):
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()
        self.proc = None
        self.endpoint = None
        if self._log_file:
            self._log_file.close()
            self._log_file = None

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def running(self):
        if self.attached_to:
            return self.endpoint is not None
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=10.0):
        """SIGTERM (in-flight requests finish), then SIGKILL after ``timeout``; returns the exit code.
        An attached server is only detached from (it keeps running); returns None."""
        if self.attached_to:
            self.endpoint = None
            return None
        if self.proc is None:
            return None
        proc = self.proc
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        code = proc.returncode
        self._close()
        if self._own_log and self.log_path:
            try:
                os.unlink(self.log_path)
            except OSError:
                pass
            self.log_path = None
            self._own_log = False
        return code

    def __enter__(self):
        return self.start() if not self.running() else self

    def __exit__(self, *exc):
        self.stop()

    # -- transport of the control plane (cloudlife.control) -----------------------------------------

    def request(self, method, path, body=b"", headers=(), timeout=10.0):
        """One HTTP exchange with the server: (status, [(header, value)…], body bytes)."""
        if self.endpoint is None:
            raise CloudlifeError("cloudlife is not running")
        req = urllib.request.Request(self.endpoint + path, data=body or None, method=method,
                                     headers=dict(headers))
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, list(resp.headers.items()), resp.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, list(error.headers.items()), error.read()


def _control_plane_settings(args, clock, timing, what):
    """The clock mode and timing profile an attached server gets: ``clock``/``timing``, or the
    ``--clock``/``--timing`` flags of ``args`` (both spellings, ``--flag VALUE`` and
    ``--flag=VALUE``). Any other flag only means something at start-up: CloudlifeError."""
    settings = {"--clock": clock, "--timing": timing}
    rest = list(args)
    while rest:
        flag = rest.pop(0)
        name, eq, value = flag.partition("=")
        if name not in settings:
            raise CloudlifeError(f"flag {flag!r} cannot be applied to {what} "
                                 f"(only --clock and --timing can)")
        if not eq:
            if not rest:
                raise CloudlifeError(f"flag {flag} needs a value")
            value = rest.pop(0)
        settings[name] = value
    return settings["--clock"], settings["--timing"]
