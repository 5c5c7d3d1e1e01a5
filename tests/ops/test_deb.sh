#!/usr/bin/env bash
# The Debian package (`make package`): build it with CPack, check its metadata and Depends, unpack
# it with dpkg-deb -x into a temporary root and run the binary from there. Installing it into the
# machine with apt-get is tests/ops/test_deb_install.sh (CI only).
# Usage: test_deb.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
work=$(mktemp -d)
SERVER_PID=
trap '[[ -n "$SERVER_PID" ]] && kill -KILL "$SERVER_PID" 2>/dev/null; rm -rf "$work"' EXIT

deb=$(build_deb "$build" "$work")
info=$(dpkg-deb --field "$deb" Package Version Architecture Depends)
echo "$info"
grep -q '^Package: cloudlife$' <<<"$info"
grep -q '^Version: 0\.' <<<"$info"
# No libssl3: the server links OpenSSL's static libcrypto (src/CMakeLists.txt).
for dep in libspdlog1.10 libfmt9 libstdc++6 libc6; do
  grep -q "^Depends:.*\b${dep}\b" <<<"$info" || { echo "Depends lacks $dep" >&2; exit 1; }
done
contents=$(dpkg-deb -c "$deb")
grep -q '\./usr/bin/cloudlife$' <<<"$contents" || { echo "no /usr/bin/cloudlife in the package" >&2; exit 1; }

dpkg-deb -x "$deb" "$work/root"
bin=$work/root/usr/bin/cloudlife
"$bin" --version | grep -q '^cloudlife [0-9]'
[[ -f "$work/root/usr/share/doc/cloudlife/quickstart.md" ]]
health_round_trip "$bin"
echo "deb ok: $(basename "$deb")"
