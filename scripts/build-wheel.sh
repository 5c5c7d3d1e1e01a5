#!/usr/bin/env bash
# The platform wheel of the Python package (what `make wheel` runs): python/ built by its own
# backend (python/_backend) with the extension cloudlife._native that CMake built.
# Usage: build-wheel.sh NATIVE_MODULE OUT_DIR [PYTHON]   (PYTHON: the one the module was built for)
set -euo pipefail
module=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
python=${3:-/usr/bin/python3}
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
CLOUDLIFE_NATIVE_MODULE=$module PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$python" -m pip wheel -q --no-deps -w "$out" "$repo/python"
ls "$out"/cloudlife-*.whl
