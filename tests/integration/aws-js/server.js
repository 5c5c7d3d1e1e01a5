// Starts a cloudlife server for one test file and builds AWS SDK for JavaScript v3 clients for it.
// Each test file calls startServer() in before() and server.stop() in after(). The server listens
// on a free loopback port (--port 0) with a frozen virtual clock, so time moves only through
// advance(); the default `instant` timing profile settles every transition on the next read.
'use strict';

const { spawn } = require('node:child_process');
const readline = require('node:readline');
const path = require('node:path');
const { EC2Client } = require('@aws-sdk/client-ec2');
const { AutoScalingClient } = require('@aws-sdk/client-auto-scaling');

const REGION = 'us-east-1';
// Any credentials work: cloudlife parses the signature for region and access key only.
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLEFAKE00001', secretAccessKey: 'fakeSecretKey' };
const IMAGE = 'ami-0123456789abcdef0';

function serverBinary() {
  if (process.env.CLOUDLIFE_BIN) return process.env.CLOUDLIFE_BIN;
  return path.resolve(__dirname, '../../../build/cloudlife');
}

async function startServer(extraArgs = []) {
  const child = spawn(serverBinary(), ['--port', '0', '--clock', 'frozen', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderrTail = '';  // the last few KiB of stderr, quoted if the server fails to start
  child.stderr.on('data', (chunk) => { stderrTail = (stderrTail + chunk).slice(-4096); });
  const lines = readline.createInterface({ input: child.stdout });
  let onExit;
  const firstLine = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('cloudlife did not start within 10 s')), 10000);
    onExit = (code, signal) => reject(
      new Error(`cloudlife exited early (${code ?? signal}): ${stderrTail}`));
    child.once('error', reject);
    child.once('exit', onExit);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  }).catch((err) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw err;
  });
  child.removeListener('exit', onExit);
  const match = /^cloudlife listening on (http:\/\/([^\s:/]+|\[[^\]]+\]):(\d+))/.exec(firstLine);
  if (!match) {
    child.kill('SIGKILL');
    throw new Error(`unexpected first stdout line from cloudlife: ${JSON.stringify(firstLine)}`);
  }
  lines.on('line', () => {});  // keep draining stdout so the server never blocks on it
  return new Server(child, match[1]);
}

class Server {
  constructor(child, url) {
    this.child = child;
    this.url = url;
    this.clients = [];
  }

  // Stops the server by PID: SIGTERM, then SIGKILL if it is still there a moment later (the SDK
  // keeps connections alive, which a graceful stop could wait on). Resolves once it has exited.
  async stop() {
    for (const client of this.clients) client.destroy();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const pid = this.child.pid;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }, 1000);
    await exited;
    clearTimeout(timer);
  }

  async control(method, route, body) {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  reset() { return this.control('POST', '/_cloudlife/reset'); }
  advance(seconds) { return this.control('POST', '/_cloudlife/clock/advance', { seconds }); }
  timing(profile, overrides = {}) {
    return this.control('PUT', '/_cloudlife/timing', { profile, overrides });
  }

  // An SDK client pointed at this server. `wire` collects, for every HTTP exchange the client
  // makes, the operation name, the status code and the raw response headers (lower-cased names).
  client(Client, extra = {}) {
    const client = new Client({
      region: REGION,
      endpoint: this.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      ...extra,
    });
    const wire = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const headers = {};
        for (const [k, v] of Object.entries(result.response.headers || {})) {
          headers[k.toLowerCase()] = v;
        }
        wire.push({ operation: context.commandName, status: result.response.statusCode, headers });
        return result;
      },
      { step: 'deserialize', name: 'cloudlifeWireRecorder', priority: 'low' },
    );
    client.wire = wire;
    this.clients.push(client);
    return client;
  }

  ec2() { return this.client(EC2Client); }
  autoscaling() { return this.client(AutoScalingClient); }
}

// Runs `fn` and returns the error it throws; fails if it does not throw.
async function expectError(fn) {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

module.exports = { startServer, expectError, REGION, IMAGE };
