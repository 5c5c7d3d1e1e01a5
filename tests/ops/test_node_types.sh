#!/usr/bin/env bash
# The types of node/cloudlife as a TypeScript user meets them (issue 15 §3): `npm pack`, `npm install
# <tarball>` in a fresh directory, then `tsc --strict` on a user's .ts file that uses the API — it
# must compile, and a file that misuses it (a wrong option value, a wrong result type, an unknown
# method) must not, so the declarations are really consulted (never `any`). TypeScript comes from
# tests/ops/node-types (`scripts/install-deps.sh --test` runs npm ci there); without it the test is
# skipped, saying so (exit 77).
# Usage: test_node_types.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tsc=$here/node-types/node_modules/.bin/tsc
if [[ ! -x "$tsc" ]]; then
  echo "SKIPPED: no TypeScript in tests/ops/node-types (run scripts/install-deps.sh --test, or npm ci there)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error

tarball=$(cd "$repo/node/cloudlife" && npm pack --pack-destination "$work" 2>/dev/null | tail -1)
mkdir "$work/user"
cd "$work/user"
npm init -y >/dev/null
npm install --offline "$work/$tarball" >/dev/null
cat >tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "noEmit": true, "module": "nodenext", "moduleResolution": "nodenext",
                       "target": "es2022", "skipLibCheck": false, "types": [] } }
JSON

cat >good.ts <<'TS'
import { start, attach, findBinary, Cloudlife, StartOptions, Clock, Metric, Alarm, ServiceEvents } from 'cloudlife';

const options: StartOptions = { clock: 'frozen', timing: 'realistic', args: ['--log-level', 'warn'] };

export async function scenario(): Promise<number> {
  const server: Cloudlife = await start(options);
  const clock: Clock = await server.advance(30);
  const at: number = clock.epoch_ms;
  const rule = await server.faults.add({ kind: 'error', cloud: 'ec2', action: 'RunInstances',
                                         code: 'InsufficientInstanceCapacity', count: 1 });
  await server.faults.clear();
  await server.reset();
  await server.capacity.set([{ zone: 'us-east-1a', instance_type: 'c5.large', available: 0 }]);
  const remaining: number | undefined = (await server.capacity.list())[0]?.remaining;
  const metric: Metric = await server.metrics.put('AWS/EC2', 'CPUUtilization', 80,
                                                  { dimensions: { AutoScalingGroupName: 'web' } });
  const alarms: Alarm[] = await server.alarms.list({ region: 'us-east-1' });
  const events: ServiceEvents = await server.serviceEvents({ after: 0, wait: 1, detailType: 'x' });
  const detailType: string | undefined = events.events[0]?.event['detail-type'];
  const token: string = await server.imds('i-0123456789abcdef0').token(60);
  const other = await attach(server.endpoint, { clock: 'frozen' });
  await other.stop();
  const code: number | null = await server.stop({ graceMs: 1000 });
  return at + (code ?? 0) + (rule ? 0 : 1) + findBinary('cloudlife').length + (remaining ?? 0) + metric.value +
    alarms.length + events.last_seq + (detailType ?? token).length;
}
TS
"$tsc" -p tsconfig.json --listFilesOnly >/dev/null
"$tsc" -p tsconfig.json
echo "good.ts compiles against the installed package's types ($(node -p "require('cloudlife/package.json').types"))"

bad() {  # a misuse that must not compile
  printf '%s\n' "import { start } from 'cloudlife';" "export async function f() { $1 }" >bad.ts
  mv good.ts good.ts.off
  if "$tsc" -p tsconfig.json >out.txt 2>&1; then
    echo "tsc accepted a misuse: $1" >&2; exit 1
  fi
  grep -q "error TS" out.txt || { cat out.txt >&2; exit 1; }
  mv good.ts.off good.ts
  rm bad.ts
}
bad "await start({ clock: 'sideways' });"
bad "const s = await start(); const t: string = (await s.advance(1)).epoch_ms; return t;"
bad "const s = await start(); await s.teleport();"
bad "const s = await start(); const n: number = await s.imds('i-1').token(); return n;"
bad "const s = await start(); await s.capacity.set([{ zone: 'us-east-1a', available: 1 }]);"
echo "tsc refuses the five misuses (a wrong option value, two wrong result types, an unknown method, a pool without its type)"
