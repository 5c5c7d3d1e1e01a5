#!/usr/bin/env bash
# Installs what cloudlife needs to build and test on Debian 12 / Ubuntu: apt packages (as root or
# through sudo; otherwise prints the exact command) and the Node packages of the ECS tests (npm ci
# from the committed lockfile). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config python3 libcpp-httplib-dev nlohmann-json3-dev
                libtinyxml2-dev libspdlog-dev libcli11-dev libssl-dev libgtest-dev)
BUILD_PACKAGES+=(pybind11-dev python3-dev)  # the Python extension cloudlife._native (python/native)
BUILD_PACKAGES+=(tzdata)  # scheduled actions read IANA time zones from /usr/share/zoneinfo
TEST_PACKAGES=(python3 python3-boto3 python3-pytest awscli nodejs npm clang libclang-rt-14-dev wrk)
TEST_PACKAGES+=(python3-venv)  # tests/ops/test_python_venv.sh: pip install ./python in a fresh venv
TEST_PACKAGES+=(ansible)  # tests/integration/ansible: ansible-playbook + the amazon.aws collection

want=("${BUILD_PACKAGES[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PACKAGES[@]}"); fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    # Node and npm may come from elsewhere (e.g. NodeSource); accept working binaries.
    if [[ "$pkg" == nodejs ]] && command -v node >/dev/null 2>&1; then continue; fi
    if [[ "$pkg" == npm ]] && command -v npm >/dev/null 2>&1; then continue; fi
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
  # A fresh machine may still be running its own apt (unattended upgrades): wait for the lock.
  wait_lock=(-o DPkg::Lock::Timeout=600)
  if [[ $(id -u) -eq 0 ]]; then
    echo "install-deps: installing ${missing[*]}"
    apt-get "${wait_lock[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${cmd[@]}" "${wait_lock[@]}"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "install-deps: installing ${missing[*]} (sudo)"
    sudo apt-get "${wait_lock[@]}" update -qq
    sudo DEBIAN_FRONTEND=noninteractive "${cmd[@]}" "${wait_lock[@]}"
  else
    echo "install-deps: missing packages. Run as root:" >&2
    echo "  sudo apt-get update && sudo ${cmd[*]}" >&2
    exit 1
  fi
fi

if [[ "${1:-}" == "--test" ]]; then
  for dir in tests/integration/*/ tests/ops/*/; do  # tests/ops/node-types: TypeScript for ops.node_types
    if [[ -f "$dir/package-lock.json" ]]; then
      if [[ ! -d "$dir/node_modules" ]] || [[ "$dir/package-lock.json" -nt "$dir/node_modules" ]]; then
        echo "install-deps: npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
      fi
    fi
  done
fi
