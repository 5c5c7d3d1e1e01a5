"""Every fenced code block of README.md and docs/*.md runs as written against a real server, so the
docs cannot drift from the product (issue 16 item 10).

Conventions (also in docs/user-guide.md, "Code in these docs"):
- ```sh / ```bash blocks run under `bash -euo pipefail`, ```python blocks under /usr/bin/python3
  (Debian's boto3, botocore, requests), each in a fresh temporary directory after a reset of the
  server (frozen clock, instant timing).
- The server answers where the docs say it does: `127.0.0.1:4570` and `localhost:4570` in a block
  are replaced by the test server's address; `path/to/cloudlife` by the repository. `cloudlife` is
  on PATH, $CLOUDLIFE_BIN names it, and python blocks start with ENDPOINT = the server's URL.
- A block that cannot run here says so in its info string: ```LANG no-run: REASON. Blocks in other
  languages (js, cpp, yaml, json, toml) must carry the marker too: nothing is skipped silently.
"""
import glob
import json
import os
import re
import subprocess
import sys
import urllib.request

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
BIN = os.environ["CLOUDLIFE_BIN"]
RUNNABLE = {"sh": ["bash", "-euo", "pipefail"], "bash": ["bash", "-euo", "pipefail"],
            "python": ["/usr/bin/python3"]}
NO_RUN = re.compile(r"\bno-run\b:?\s*(.*)")


def doc_files():
    return [os.path.join(REPO, "README.md")] + sorted(glob.glob(os.path.join(REPO, "docs/*.md")))


def blocks():
    """(relative path, line of the opening fence, info string, code) for every fenced block."""
    found = []
    for path in doc_files():
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            m = re.match(r"^(```+)(.*)$", lines[i])
            if not m:
                i += 1
                continue
            fence, info, start = m.group(1), m.group(2).strip(), i + 1
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith(fence):
                body.append(lines[i])
                i += 1
            i += 1
            found.append((os.path.relpath(path, REPO), start, info, "\n".join(body) + "\n"))
    return found


def language(info):
    return info.split()[0] if info else ""


def no_run_reason(info):
    m = NO_RUN.search(info)
    return m.group(1).strip() if m else None


def runnable():
    return [b for b in blocks() if language(b[2]) in RUNNABLE and no_run_reason(b[2]) is None]


def test_every_block_runs_or_says_why_not():
    unmarked = [f"{p}:{line} ```{info}" for p, line, info, _ in blocks()
                if language(info) not in RUNNABLE and no_run_reason(info) is None]
    assert not unmarked, ("blocks in a language this test cannot run must be marked "
                          "'no-run: REASON' in their info string:\n" + "\n".join(unmarked))
    reasonless = [f"{p}:{line}" for p, line, info, _ in blocks() if no_run_reason(info) == ""]
    assert not reasonless, "a no-run marker needs its reason: " + ", ".join(reasonless)
    assert len(runnable()) >= 8  # the docs keep showing runnable examples


@pytest.fixture(scope="module")
def server():
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDLIFE_")}
    proc = subprocess.Popen([BIN, "--port", "0", "--clock", "frozen", "--log-level", "warn"],
                            stdout=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline().strip()
    assert line.startswith("cloudlife listening on "), line
    yield line[len("cloudlife listening on "):]
    proc.terminate()
    proc.wait(timeout=10)


def control(endpoint, method, path, body=None):
    req = urllib.request.Request(endpoint + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


@pytest.mark.parametrize("path,line,info,code", runnable(),
                         ids=[f"{b[0]}:{b[1]}" for b in runnable()])
def test_snippet_runs(server, tmp_path, path, line, info, code):
    control(server, "POST", "/_cloudlife/reset")
    control(server, "PUT", "/_cloudlife/timing", {"profile": "instant", "overrides": {}})
    host_port = server[len("http://"):]
    code = (code.replace("127.0.0.1:4570", host_port).replace("localhost:4570", host_port)
            .replace("path/to/cloudlife", REPO))
    lang = language(info)
    if lang == "python":
        code = f"ENDPOINT = {server!r}\n" + code
    script = tmp_path / ("snippet.py" if lang == "python" else "snippet.sh")
    script.write_text(code)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CLOUDLIFE_", "AWS_", "PYTEST_"))}
    env.update(PATH=os.path.dirname(BIN) + os.pathsep + env.get("PATH", ""), CLOUDLIFE_BIN=BIN,
               CLOUDLIFE_PORT=host_port.rsplit(":", 1)[1], ENDPOINT=server,
               HOME=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    # A test file for recipes that run pytest: it checks the endpoint the recipe exported.
    (tmp_path / "test_recipe_endpoint.py").write_text(
        "import json, os, urllib.request\n"
        "def test_endpoint_answers():\n"
        "    url = os.environ['CLOUDLIFE_ENDPOINT'] + '/_cloudlife/health'\n"
        "    assert json.load(urllib.request.urlopen(url))['status'] == 'ok'\n")
    result = subprocess.run([*RUNNABLE[lang], str(script)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (
        f"{path}:{line} ```{info} failed ({result.returncode})\n--- code\n{code}"
        f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}")
    check_printed_comments(code, result.stdout, f"{path}:{line}")


def check_printed_comments(code, stdout, where):
    """A `# value` comment line right after a print(...) line is the output the docs promise."""
    lines = code.split("\n")
    printed = [lines[i + 1].strip()[2:] for i in range(len(lines) - 1)
               if lines[i].lstrip().startswith("print(") and lines[i + 1].strip().startswith("# ")]
    out = stdout.strip().split("\n")
    for expected in printed:
        assert expected in out, f"{where}: the docs show {expected!r}; the run printed {out!r}"


if __name__ == "__main__":
    for b in blocks():
        print(f"{b[0]}:{b[1]} ```{b[2]}")
    sys.exit(0)
