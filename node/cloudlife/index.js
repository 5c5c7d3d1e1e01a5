'use strict';
// cloudlife for Node tests: start the binary on a free port, drive the control plane, stop by PID.
// Contract: start() spawns the binary (opts.binary, else $CLOUDLIFE_BIN, else `cloudlife` on PATH)
// with --port 0, resolves once the first stdout line `cloudlife listening on http://HOST:PORT`
// arrives (rejects with the server's stderr otherwise) and returns a Cloudlife whose `endpoint` is
// set. Control-plane helpers resolve to the decoded JSON answer and reject with an Error carrying
// `status` and `body` for 4xx/5xx answers. stop() sends SIGTERM (SIGKILL after `graceMs`) and
// resolves to the exit code. With opts.endpoint, or $CLOUDLIFE_ENDPOINT when no opts.binary is
// given, nothing is spawned: start() attaches to the server serving there (a CI service
// container, a background process), checks its health, resets it (an empty cloud, as a new
// server would be) and applies clock/timing through the control plane; flags only a new process
// can take are refused. stop() then only detaches (the server keeps running) and resolves to null.
// No dependencies (Node >= 18: global fetch).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const LISTENING = 'cloudlife listening on ';

function findBinary(binary) {
  const candidate = binary || process.env.CLOUDLIFE_BIN;
  if (candidate) {
    if (candidate.includes(path.sep)) {
      fs.accessSync(candidate, fs.constants.X_OK);
      return path.resolve(candidate);
    }
  }
  const name = candidate || 'cloudlife';
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const full = path.join(dir, name);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch (_) { /* next */ }
  }
  throw new Error(`cloudlife binary not found (${name}): set $CLOUDLIFE_BIN or put cloudlife on PATH`);
}

class Cloudlife {
  constructor(proc, endpoint) {
    this.proc = proc; // null when attached to a server this helper did not start
    this.endpoint = endpoint;
    this.port = Number(new URL(endpoint).port);
    this.pid = proc ? proc.pid : null;
    this.faults = {
      add: (rule) => this.control('POST', '/_cloudlife/faults', rule),
      list: async () => (await this.control('GET', '/_cloudlife/faults')).faults,
      delete: (id) => this.control('DELETE', `/_cloudlife/faults/${encodeURIComponent(id)}`),
      clear: () => this.control('DELETE', '/_cloudlife/faults'),
    };
  }

  async control(method, route, body) {
    const res = await fetch(this.endpoint + route, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      const err = new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
      err.status = res.status;
      err.body = text;
      throw err;
    }
    return text ? JSON.parse(text) : null;
  }

  health() { return this.control('GET', '/_cloudlife/health'); }
  reset() { return this.control('POST', '/_cloudlife/reset'); }
  advance(seconds) { return this.control('POST', '/_cloudlife/clock/advance', { seconds }); }
  clock() { return this.control('GET', '/_cloudlife/clock'); }
  timing(profile = 'instant', overrides = {}) {
    return this.control('PUT', '/_cloudlife/timing', { profile, overrides });
  }
  state() { return this.control('GET', '/_cloudlife/state'); }
  async events(query = {}) {
    const qs = new URLSearchParams(query).toString();
    return (await this.control('GET', '/_cloudlife/events' + (qs ? `?${qs}` : ''))).events;
  }

  stop({ graceMs = 10000 } = {}) {
    const proc = this.proc;
    if (proc === null) return Promise.resolve(null);
    if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
    return new Promise((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
      proc.kill('SIGTERM');
    });
  }
}

// The clock mode and timing profile for an attached server: opts.clock/opts.timing or the
// --clock/--timing flags of opts.args (`--flag value` or `--flag=value`); anything else is an
// Error, since only a new process could honour it.
function controlPlaneSettings(opts, endpoint) {
  const processOnly = ['binary', 'bind', 'port', 'env', 'logLevel'].filter((k) => opts[k] !== undefined);
  if (processOnly.length) {
    throw new Error(`${processOnly.join(', ')}: no effect on the attached server at ${endpoint}`);
  }
  const settings = { '--clock': opts.clock, '--timing': opts.timing };
  const rest = [...(opts.args || [])];
  while (rest.length) {
    const flag = rest.shift();
    const eq = flag.indexOf('=');
    const name = eq < 0 ? flag : flag.slice(0, eq);
    if (!(name in settings)) {
      throw new Error(`flag ${flag} cannot be applied to the attached server at ${endpoint} (only --clock and --timing can)`);
    }
    if (eq < 0 && !rest.length) throw new Error(`flag ${flag} needs a value`);
    settings[name] = eq < 0 ? rest.shift() : flag.slice(eq + 1);
  }
  return { clock: settings['--clock'], timing: settings['--timing'] };
}

async function attach(endpoint, opts = {}) {
  const url = endpoint.replace(/\/+$/, '');
  const { clock, timing } = controlPlaneSettings(opts, url);
  const server = new Cloudlife(null, url);
  try {
    await server.health();
  } catch (e) {
    throw new Error(`no cloudlife server answers at ${url}: ${e.cause ? e.cause.message : e.message}`);
  }
  await server.reset();
  if (clock) await server.control('PUT', '/_cloudlife/clock', { mode: clock });
  if (timing) await server.timing(timing);
  return server;
}

// opts: { binary, args: [], clock: 'frozen', timing: 'realistic', logLevel: 'warn', env: {},
//         startupTimeoutMs: 15000, endpoint }
function start(opts = {}) {
  const endpoint = opts.endpoint || (opts.binary ? undefined : process.env.CLOUDLIFE_ENDPOINT);
  if (endpoint) {
    const { endpoint: _, ...rest } = opts;
    return attach(endpoint, rest);
  }
  const args = ['--bind', opts.bind || '127.0.0.1', '--port', String(opts.port ?? 0)];
  if (opts.clock) args.push('--clock', opts.clock);
  if (opts.timing) args.push('--timing', opts.timing);
  args.push('--log-level', opts.logLevel || 'warn', ...(opts.args || []));
  const proc = spawn(findBinary(opts.binary), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(opts.env || {}) },
  });
  let stderr = '';
  proc.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (why) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`cloudlife did not start (${why}): ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail('timeout'), opts.startupTimeoutMs || 15000);
    proc.once('error', (e) => fail(e.message));
    proc.once('exit', (code) => fail(`exit code ${code}`));
    proc.stdout.on('data', (chunk) => {
      stdout += chunk;
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      const line = stdout.slice(0, nl).trim();
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      proc.removeAllListeners('error');
      proc.stdout.removeAllListeners('data');
      proc.stdout.resume();
      if (!line.startsWith(LISTENING)) {
        proc.kill('SIGKILL');
        reject(new Error(`unexpected first line from cloudlife: ${line}`));
        return;
      }
      resolve(new Cloudlife(proc, line.slice(LISTENING.length)));
    });
  });
}

require('./usage').install(Cloudlife);  // leaks(), usage(), prices(), setPrices()
require('./routes').install(Cloudlife);  // capacity, metrics, alarms, serviceEvents(), imds()

module.exports = { start, attach, findBinary, Cloudlife };
