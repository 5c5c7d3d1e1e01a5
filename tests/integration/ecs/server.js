// Starts a cloudlife server for one test file, and builds the Alibaba Cloud SDK clients for it.
// Each test file calls startServer() in before() and stop() in after(); the server runs on a free
// port with a frozen virtual clock, so tests move time only through advance().
'use strict';

const { spawn } = require('node:child_process');
const readline = require('node:readline');
const path = require('node:path');
const Ecs = require('@alicloud/ecs20140526');
const Vpc = require('@alicloud/vpc20160428');
const RPCClient = require('@alicloud/pop-core');

const ACCESS_KEY_ID = 'LTAI5tFAKEFAKEFAKEFAKE00';
const ACCESS_KEY_SECRET = 'FakeSecretFakeSecretFakeSecret00';
const REGION = 'cn-hangzhou';
// The SDKs give up after 3 s (pop-core's httpx) by default; the sanitizer passes on a loaded
// 2-core CI machine can take longer for a CreateKeyPair (RSA key generation), so the clients wait
// 30 s: a slow answer is not a failure here, a wrong one is.
const SDK_TIMEOUTS = { readTimeout: 30000, connectTimeout: 30000 };

function serverBinary() {
  if (process.env.CLOUDLIFE_BIN) return process.env.CLOUDLIFE_BIN;
  return path.resolve(__dirname, '../../../build/cloudlife');
}

// { logs: true } keeps the server's stderr lines (its logs) in server.logs.
async function startServer(extraArgs = [], { logs = false } = {}) {
  const child = spawn(serverBinary(), ['--port', '0', '--clock', 'frozen', ...extraArgs], {
    stdio: ['ignore', 'pipe', logs ? 'pipe' : 'ignore'],
  });
  const logLines = [];
  if (logs) readline.createInterface({ input: child.stderr }).on('line', (l) => logLines.push(l));
  const lines = readline.createInterface({ input: child.stdout });
  const firstLine = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('cloudlife did not start in 10 s')), 10000);
    child.once('exit', (code) => reject(new Error(`cloudlife exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
  const match = /^cloudlife listening on (http:\/\/([^:\/]+):(\d+))/.exec(firstLine);
  if (!match) throw new Error(`unexpected first line: ${firstLine}`);
  lines.on('line', () => {});  // keep draining stdout
  const server = new Server(child, match[1], match[2], Number(match[3]));
  server.logs = logLines;
  return server;
}

class Server {
  constructor(child, url, host, port) {
    this.child = child;
    this.url = url;
    this.host = host;
    this.port = port;
  }

  // Kills the server by PID. The SDKs keep connections alive, so a graceful stop would wait for
  // them: SIGTERM, then SIGKILL if it is still there a moment later.
  stop() {
    if (this.child.exitCode !== null) return;
    const pid = this.child.pid;
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }, 500);
    this.child.once('exit', () => clearTimeout(timer));
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
  state() { return this.control('GET', '/_cloudlife/state'); }
  async now() {
    const r = await this.control('GET', '/_cloudlife/clock');
    return r.body.epoch_ms;
  }

  // @alicloud/ecs20140526 with its default ACS3-HMAC-SHA256 signature, or { v2: true } for the
  // legacy RPC v1.0 HMAC-SHA1 signature over a POST query.
  // { accessKeyId, accessKeySecret } sign as another key (for --credentials tests).
  ecs({ v2 = false, accessKeyId = ACCESS_KEY_ID, accessKeySecret = ACCESS_KEY_SECRET } = {}) {
    const config = {
      accessKeyId,
      accessKeySecret,
      endpoint: `${this.host}:${this.port}`,
      protocol: 'http',
      regionId: REGION,
      ...SDK_TIMEOUTS,
    };
    if (v2) config.signatureAlgorithm = 'v2';
    return new Ecs.default(config);
  }

  // @alicloud/vpc20160428 (the VPC API, Version=2016-04-28) on the same port: ACS3 by default,
  // { v2: true } for the RPC v1.0 HMAC-SHA1 signature.
  vpc({ v2 = false } = {}) {
    const config = {
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      endpoint: `${this.host}:${this.port}`,
      protocol: 'http',
      regionId: REGION,
      ...SDK_TIMEOUTS,
    };
    if (v2) config.signatureAlgorithm = 'v2';
    return new Vpc.default(config);
  }

  // @alicloud/pop-core for the VPC API: GET query, or POST with { post: true }.
  popVpc({ post = false } = {}) {
    const client = new RPCClient({
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      endpoint: this.url,
      apiVersion: '2016-04-28',
      opts: { timeout: SDK_TIMEOUTS.readTimeout },
    });
    const opts = post ? { method: 'POST' } : {};
    return { request: (action, params = {}) => client.request(action, params, opts) };
  }

  // @alicloud/pop-core: GET query by default, form-encoded POST with { post: true }.
  pop({ post = false, accessKeyId = ACCESS_KEY_ID, accessKeySecret = ACCESS_KEY_SECRET } = {}) {
    const client = new RPCClient({
      accessKeyId,
      accessKeySecret,
      endpoint: this.url,
      apiVersion: '2014-05-26',
      opts: { timeout: SDK_TIMEOUTS.readTimeout },
    });
    const opts = post ? { method: 'POST' } : {};
    return { request: (action, params = {}) => client.request(action, params, opts) };
  }
}

// The four client styles as one calling convention: raw wire parameter names in, body out.
// The SDK-typed styles go through the generic callApi so that the same parameters reach the
// server through each signature and encoding path.
function styles(server, version = '2014-05-26') {
  const { $OpenApiUtil, OpenApiUtil } = require('@alicloud/openapi-core');
  const $dara = require('@darabonba/typescript');
  const viaSdk = (client) => async (action, params = {}) => {
    const query = {};
    for (const [k, v] of Object.entries(params)) query[k] = String(v);
    const apiParams = new $OpenApiUtil.Params({
      action, version, protocol: 'HTTPS', pathname: '/', method: 'POST',
      authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
    });
    const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
    const response = await client.callApi(apiParams, request, new $dara.RuntimeOptions({}));
    return response.body;
  };
  if (version === '2016-04-28') {
    return {
      'vpc20160428 ACS3': viaSdk(server.vpc()),
      'vpc20160428 v2': viaSdk(server.vpc({ v2: true })),
      'pop-core GET': server.popVpc().request,
      'pop-core POST': server.popVpc({ post: true }).request,
    };
  }
  return {
    'ecs20140526 ACS3': viaSdk(server.ecs()),
    'ecs20140526 v2': viaSdk(server.ecs({ v2: true })),
    'pop-core GET': server.pop().request,
    'pop-core POST': server.pop({ post: true }).request,
  };
}

module.exports = { startServer, styles, Ecs, Vpc, REGION, ACCESS_KEY_ID };
