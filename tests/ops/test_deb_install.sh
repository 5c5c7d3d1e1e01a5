#!/usr/bin/env bash
# The Debian package installed the way a user installs it (issue 15 §4): `apt-get install
# ./cloudlife_*.deb` (apt resolves the declared Depends), `cloudlife health` against the installed
# /usr/bin/cloudlife, `pip install /usr/share/cloudlife/python` into a fresh venv, then
# `apt-get remove` takes every file of the package away again.
# It changes the machine's packages, so it runs only with CI=true as root (CI=true make test);
# elsewhere it exits 77 (ctest SKIP_RETURN_CODE) saying so. A cloudlife package that was installed
# before is never touched: the test is skipped instead.
# Usage: test_deb_install.sh BUILD_DIR [PYTHON]
set -euo pipefail
build=$1
python=${2:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

if [[ "${CI:-}" != true || $(id -u) -ne 0 ]]; then
  echo "SKIPPED: installs a package into this machine; runs only with CI=true as root (CI=true make test)"
  exit 77
fi
if dpkg-query -W -f='${Status}' cloudlife 2>/dev/null | grep -q 'install ok installed'; then
  echo "SKIPPED: a cloudlife package is already installed here; not touching it"
  exit 77
fi

# The machine's own apt (unattended upgrades on a fresh CI machine) may hold the dpkg lock: wait.
wait_lock=(-o DPkg::Lock::Timeout=600)
work=$(mktemp -d)
SERVER_PID=
installed=
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill -KILL "$SERVER_PID" 2>/dev/null
  [[ -n "$installed" ]] && DEBIAN_FRONTEND=noninteractive apt-get "${wait_lock[@]}" remove -y -qq cloudlife >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
deb=$(build_deb "$build" "$work")
cd "$work/pkg"

DEBIAN_FRONTEND=noninteractive apt-get "${wait_lock[@]}" install -y -qq "./$(basename "$deb")" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; exit 1; }
installed=yes
echo "installed: $(dpkg-query -W -f='${Package} ${Version} ${Status}' cloudlife)"
[[ "$(command -v cloudlife)" == /usr/bin/cloudlife ]] || { echo "cloudlife is not /usr/bin/cloudlife" >&2; exit 1; }
files=$(dpkg -L cloudlife)
health_round_trip /usr/bin/cloudlife

"$python" -m venv "$work/venv"
PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$work/venv/bin/pip" install -q /usr/share/cloudlife/python
"$work/venv/bin/python" -c 'import cloudlife; print("pip install /usr/share/cloudlife/python:", cloudlife.__file__)'

DEBIAN_FRONTEND=noninteractive apt-get "${wait_lock[@]}" remove -y -qq cloudlife >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; exit 1; }
installed=
status=$(dpkg-query -W -f='${Status}' cloudlife 2>/dev/null || true)
[[ -z "$status" || "$status" == *not-installed* ]] || { echo "after apt-get remove: $status" >&2; exit 1; }
left=$(while read -r f; do [[ -f "$f" ]] && echo "$f"; done <<<"$files" || true)
[[ -z "$left" ]] || { echo "apt-get remove left: $left" >&2; exit 1; }
! command -v cloudlife >/dev/null || { echo "cloudlife still on PATH" >&2; exit 1; }
echo "deb install ok: apt-get install, cloudlife health, apt-get remove left no file behind"
