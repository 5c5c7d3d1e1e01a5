#!/usr/bin/env bash
# ctest integration.ansible: plays playbook.yml (amazon.aws EC2 modules, Debian's `ansible`
# package) against a cloudlife server started here on a free 127.0.0.1 port and stopped by PID.
# Passes only when ansible-playbook exits 0 and its PLAY RECAP shows failed=0 and unreachable=0.
# Without ansible-playbook the test is skipped (exit 77, ctest SKIP_RETURN_CODE) unless CI is set:
# under CI it must run. Usage: run.sh CLOUDLIFE_BIN
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${CLOUDLIFE_BIN:-$here/../../../build/cloudlife}}

if ! command -v ansible-playbook >/dev/null 2>&1; then
  if [[ -n "${CI:-}" && "${CI:-}" != "false" ]]; then
    echo "integration.ansible: ansible-playbook not found and CI is set (scripts/install-deps.sh --test installs Debian's ansible)" >&2
    exit 1
  fi
  echo "integration.ansible: SKIPPED: ansible-playbook not found (scripts/install-deps.sh --test installs Debian's ansible)"
  exit 77
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid"
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The server: --port 0 picks a free port; its first stdout line names the endpoint.
"$bin" --port 0 --log-level warn >"$work/server.out" 2>&1 &
server_pid=$!
endpoint=
for _ in $(seq 1 100); do
  endpoint=$(sed -n 's/^cloudlife listening on //p' "$work/server.out" | head -1)
  [[ -n "$endpoint" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "server exited: $(cat "$work/server.out")" >&2; exit 1; fi
  sleep 0.1
done
[[ -n "$endpoint" ]] || { echo "no listening line within 10 s" >&2; exit 1; }
echo "cloudlife at $endpoint"

# Ansible keeps its temporary files and settings in $work, reads no user or system ansible.cfg,
# and finds amazon.aws where Debian installs it (dist-packages/ansible_collections).
export ANSIBLE_CONFIG="$here/ansible.cfg" ANSIBLE_HOME="$work/ansible-home"
export ANSIBLE_LOCAL_TEMP="$work/ansible-tmp" ANSIBLE_REMOTE_TEMP="$work/ansible-remote-tmp"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 PYTHONDONTWRITEBYTECODE=1
# No real AWS credentials or profile may leak in: the playbook gives dummy ones.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

ansible-playbook -i localhost, -e "cloudlife_endpoint=$endpoint" "$here/playbook.yml" 2>&1 \
  | tee "$work/playbook.log"
code=${PIPESTATUS[0]}

status=0
if [[ $code -ne 0 ]]; then echo "integration.ansible: ansible-playbook exited $code" >&2; status=1; fi
recap=$(sed -n '/^PLAY RECAP/,$p' "$work/playbook.log" | grep '^localhost')
if [[ -z "$recap" ]]; then
  echo "integration.ansible: no PLAY RECAP line for localhost" >&2; status=1
elif ! grep -Eq 'unreachable=0 +failed=0' <<<"$recap"; then
  echo "integration.ansible: recap shows failures: $recap" >&2; status=1
fi
if ! kill -0 "$server_pid" 2>/dev/null; then echo "integration.ansible: the server died" >&2; status=1; fi
if [[ $status -ne 0 ]]; then echo "--- server output"; cat "$work/server.out"; fi
exit $status
