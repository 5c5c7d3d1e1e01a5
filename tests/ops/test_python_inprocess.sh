#!/usr/bin/env bash
# cloudlife.Server and cloudlife.mock (issue 15 §2) as a user gets them: the platform wheel
# `make wheel` builds (the pure package plus the extension CMake built), installed into a fresh
# venv that also sees Debian's boto3 and pytest, then python_inprocess_cases.py there.
# Usage: test_python_inprocess.sh NATIVE_MODULE [PYTHON]
set -euo pipefail
module=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
python=${2:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1

"$repo/scripts/build-wheel.sh" "$module" "$work/dist" "$python"
wheel=$(ls "$work"/dist/cloudlife-*-cp*.whl)
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install -q "$wheel"
cd "$work"
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$here/python_inprocess_cases.py"
