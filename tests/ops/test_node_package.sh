#!/usr/bin/env bash
# node/cloudlife as a user installs it (issue 15 §3): `npm pack`, then in fresh directories
# `npm install <tarball>` and `npm install <path>` (no registry needed: no dependencies), and a
# program there requires/imports `cloudlife`, starts the binary it is given, drives it and stops it;
# another starts the one it finds ($CLOUDLIFE_BIN, then `cloudlife` on PATH) with no binary option.
# The types are type-checked by test_node_types.sh.
# Usage: test_node_package.sh CLOUDLIFE_BINARY
set -euo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error

tarball=$(cd "$repo/node/cloudlife" && npm pack --pack-destination "$work" 2>/dev/null | tail -1)
contents=$(tar -tzf "$work/$tarball" | sort | tr '\n' ' ')
[[ "$contents" == "package/README.md package/index.d.ts package/index.js package/package.json package/routes.js package/usage.js " ]] \
  || { echo "npm pack holds: $contents" >&2; exit 1; }
echo "npm pack: $tarball ($contents)"

cat >"$work/check.mjs" <<'JS'
// A user's program: CommonJS require and ESM import of the installed package, types next to it.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as esm from 'cloudlife';
const cloudlife = createRequire(import.meta.url)('cloudlife');
assert.equal(esm.start, cloudlife.start);
const manifest = JSON.parse(fs.readFileSync('node_modules/cloudlife/package.json', 'utf8'));
assert.ok(fs.existsSync(`node_modules/cloudlife/${manifest.types}`), 'types file missing');
assert.equal(manifest.engines.node, '>=18');
const server = await cloudlife.start({ binary: process.env.BIN, clock: 'frozen' });
assert.equal((await server.health()).status, 'ok');
const t0 = (await server.clock()).epoch_ms;
assert.equal((await server.advance(5)).epoch_ms, t0 + 5000);
assert.deepEqual(await server.leaks(), []);  // usage.js ships with the package
assert.deepEqual(await server.capacity.list(), []);  // routes.js too
assert.equal(await server.stop(), 0);
console.log(`installed cloudlife ${manifest.version} started ${server.endpoint} and stopped it`);
JS

cat >"$work/find.mjs" <<'JS'
// No binary option: the package finds one ($CLOUDLIFE_BIN, else `cloudlife` on PATH).
import assert from 'node:assert/strict';
import { start, findBinary } from 'cloudlife';
assert.equal(findBinary(), process.env.EXPECTED);
const server = await start({ clock: 'frozen' });
assert.equal((await server.health()).status, 'ok');
assert.equal(await server.stop(), 0);
console.log(`found ${findBinary()}`);
JS
mkdir "$work/bin" && ln -s "$binary" "$work/bin/cloudlife"

for source in "$work/$tarball" "$repo/node/cloudlife"; do
  dir=$(mktemp -d -p "$work")
  (cd "$dir" && npm init -y >/dev/null && npm install --offline "$source" >/dev/null)
  cp "$work/check.mjs" "$dir/"
  (cd "$dir" && BIN=$binary node check.mjs) || { echo "from npm install $source" >&2; exit 1; }
  cp "$work/find.mjs" "$dir/"
  (cd "$dir" && env -u CLOUDLIFE_BIN PATH="$work/bin:$PATH" EXPECTED="$work/bin/cloudlife" node find.mjs \
     && CLOUDLIFE_BIN=$binary EXPECTED=$binary node find.mjs) || { echo "finding the binary, from $source" >&2; exit 1; }
  echo "npm install $source: ok"
done
