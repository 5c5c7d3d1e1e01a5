# Shared helpers for the packaging tests: start a cloudlife binary on a free port, probe, stop.
# Usage: source lib.sh; start_server BIN; ... "$BIN" health --endpoint "$ENDPOINT"; stop_server

build_deb() {  # BUILD_DIR WORK: `cpack -G DEB` into WORK/pkg; prints the .deb's path
  local build=$1 work=$2
  (cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1) \
    || { cat "$work/cpack.log" >&2; return 1; }
  ls "$work"/pkg/cloudlife_*.deb
}

start_server() {  # sets SERVER_PID and ENDPOINT
  local bin=$1 out
  out=$(mktemp)
  "$bin" --port 0 --log-level warn >"$out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if grep -q '^cloudlife listening on ' "$out"; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited: $(cat "$out")" >&2; return 1; fi
    sleep 0.1
  done
  ENDPOINT=$(sed -n 's/^cloudlife listening on //p' "$out" | head -1)
  rm -f "$out"
  [[ -n "$ENDPOINT" ]] || { echo "no listening line within 10 s" >&2; return 1; }
}

stop_server() {  # SIGTERM; fails unless the server exits 0 within 10 s
  kill -TERM "$SERVER_PID"
  local code=0
  for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID"; echo "no exit on SIGTERM" >&2; return 1; fi
  wait "$SERVER_PID" || code=$?
  SERVER_PID=
  [[ $code -eq 0 ]] || { echo "server exited $code" >&2; return 1; }
}

health_round_trip() {  # BIN: health ok while running, exit 1 once stopped
  local bin=$1
  start_server "$bin"
  "$bin" health --endpoint "$ENDPOINT"
  local port=${ENDPOINT##*:}
  "$bin" health --port "$port" >/dev/null
  stop_server
  if "$bin" health --port "$port" --timeout 1 2>/dev/null; then
    echo "health succeeded against a stopped server" >&2
    return 1
  fi
  echo "health round trip ok ($ENDPOINT)"
}
