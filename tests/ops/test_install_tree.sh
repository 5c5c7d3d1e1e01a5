#!/usr/bin/env bash
# The install tree the Dockerfile copies: `cmake --install` into a staging prefix, then run that
# binary (version, a health round trip, a real EC2 call) and check the docs and Python package.
# Usage: test_install_tree.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
stage=$(mktemp -d)
SERVER_PID=
trap '[[ -n "$SERVER_PID" ]] && kill -KILL "$SERVER_PID" 2>/dev/null; rm -rf "$stage"' EXIT

cmake --install "$build" --prefix "$stage/usr/local" >/dev/null
bin=$stage/usr/local/bin/cloudlife
[[ -x "$bin" ]] || { echo "no bin/cloudlife in the install tree" >&2; exit 1; }
for f in README.md LICENSE quickstart.md control-plane.md coverage.md; do
  [[ -f "$stage/usr/local/share/doc/cloudlife/$f" ]] || { echo "missing doc $f" >&2; exit 1; }
done
[[ -f "$stage/usr/local/share/cloudlife/python/cloudlife/pytest_plugin.py" ]] \
  || { echo "missing python package" >&2; exit 1; }

"$bin" --version | grep -q '^cloudlife [0-9]'
health_round_trip "$bin"

# A real EC2 call against the installed binary, started the way the Dockerfile's CMD does.
start_server "$bin"
answer=$(python3 - "$ENDPOINT" <<'PY'
import sys, urllib.request
body = b"Action=RunInstances&Version=2016-11-15&ImageId=ami-0123456789abcdef0&InstanceType=t3.micro&MinCount=1&MaxCount=1"
req = urllib.request.Request(sys.argv[1] + "/", data=body, method="POST",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
print(urllib.request.urlopen(req, timeout=10).read().decode())
PY
)
stop_server
grep -q '<instanceId>i-' <<<"$answer" || { echo "RunInstances failed: $answer" >&2; exit 1; }
echo "install tree ok"
