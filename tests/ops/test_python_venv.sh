#!/usr/bin/env bash
# `pip install ./python` as README and docs/quickstart.md show it (issues 15 §2 and 16 item 4),
# with no package index (PIP_NO_INDEX=1), taking the extension cloudlife._native from this build
# tree (CLOUDLIFE_BUILD_DIR, python/_backend/cloudlife_build.py; compiling it from the checkout
# instead is ops.python_source_build):
# - in a fresh plain venv it installs, leaves nothing in the tree (no python/build, no
#   *.egg-info), carries the extension and registers the pytest plugin under the module's name;
# - in a venv that also sees Debian's pytest and boto3 (--system-site-packages: boto3 cannot be
#   pip-installed without a package index), python_fixture_cases.py — a user's test file — runs
#   with no cloudlife binary anywhere, so every plugin fixture is served by the extension;
# - then the project's AWS integration tests run once against the installed package, with the
#   plugin named three ways at once (entry point, -p, the conftest's pytest_plugins) — which must
#   not abort with "Plugin already registered".
# Usage: test_python_venv.sh CLOUDLIFE_BINARY [PYTHON]   (PYTHON: Debian's /usr/bin/python3)
set -euo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
python=${2:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
export CLOUDLIFE_BUILD_DIR=$(dirname "$binary")
tree() { (cd "$repo/python" && find . -path '*/__pycache__' -prune -o -print | sort); }

before=$(tree)
"$python" -m venv "$work/plain"
(cd "$repo" && "$work/plain/bin/pip" install -q ./python)
after=$(tree)
[[ "$after" == "$before" ]] || { echo "pip install ./python left files in python/:"; diff <(echo "$before") <(echo "$after"); exit 1; }
"$work/plain/bin/python" - "$work/plain" <<'PY'
import importlib.metadata as md, sys
import importlib.util
import cloudlife
assert importlib.util.find_spec("cloudlife.pytest_plugin")  # needs pytest to import
assert cloudlife.__file__.startswith(sys.argv[1]), cloudlife.__file__
assert cloudlife.native_available() and cloudlife._native.__file__.startswith(sys.argv[1])
with cloudlife.Server() as server:  # the extension works without boto3 or pytest
    assert server.health()["status"] == "ok"
eps = [(e.name, e.value) for e in md.entry_points(group="pytest11") if e.value.startswith("cloudlife")]
assert eps == [("cloudlife.pytest_plugin", "cloudlife.pytest_plugin")], eps
print(f"plain venv: cloudlife {md.version('cloudlife')} from {cloudlife.__file__}, pytest11 {eps}")
PY

"$python" -m venv --system-site-packages "$work/tests"
(cd "$repo" && "$work/tests/bin/pip" install -q ./python)
mkdir "$work/user" && cp "$here/python_fixture_cases.py" "$work/user/test_fixtures.py"
# PATH holds only the venv's bin: a cloudlife installed on this machine (/usr/bin/cloudlife from
# the .deb, say) must not be what the fixtures find.
(cd "$work/user" && env -u CLOUDLIFE_BIN -u CLOUDLIFE_ENDPOINT PATH="$work/tests/bin" \
   "$work/tests/bin/python" -m pytest -q -p no:cacheprovider test_fixtures.py)
echo "the plugin's fixtures work from the venv with no binary (in-process server and mock)"

cd "$repo/tests/integration/aws"
CLOUDLIFE_BIN=$binary CLOUDLIFE_TESTS_USE_INSTALLED=1 \
  "$work/tests/bin/python" -m pytest -q -p no:cacheprovider -p cloudlife.pytest_plugin \
  test_instances_run_describe.py test_instances_terminate.py test_faults.py test_usage.py 2>&1 | tail -5
[[ ${PIPESTATUS[0]} -eq 0 ]]
echo "a cross-section of the AWS integration tests (the whole suite runs as integration.aws.*) passed against the installed package"
