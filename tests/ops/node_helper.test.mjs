// node/cloudlife: the Node helper for node:test users, against the real binary ($CLOUDLIFE_BIN).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cloudlife = require('../../node/cloudlife');

test('start, control plane, faults and stop', async () => {
  const server = await cloudlife.start({ clock: 'frozen', timing: 'realistic' });
  try {
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await server.health()).status, 'ok');
    const before = await server.clock();
    assert.deepEqual([before.mode, before.timing], ['frozen', 'realistic']);
    assert.equal((await server.advance(90)).epoch_ms, before.epoch_ms + 90000);
    await server.timing('instant', { pending: 3 });
    assert.equal((await server.clock()).timing, 'instant');
    const rule = await server.faults.add({ kind: 'error', cloud: 'ec2', code: 'InternalError', count: 1 });
    assert.deepEqual((await server.faults.list()).map((r) => r.id), [rule.id]);
    await server.faults.clear();
    assert.deepEqual(await server.faults.list(), []);
    await assert.rejects(server.advance(-1), (e) => e.status === 400);
    await server.reset();
    assert.ok('ec2' in (await server.state()));
  } finally {
    assert.equal(await server.stop(), 0);
  }
  assert.throws(() => process.kill(server.pid, 0));
});

test('a bad flag rejects with the server\'s message', async () => {
  await assert.rejects(cloudlife.start({ clock: 'sideways' }), /--clock/);
});

test('a missing binary is a clear error', () => {
  assert.throws(() => cloudlife.findBinary('/nonexistent/cloudlife'));
});

test('with $CLOUDLIFE_ENDPOINT, start() attaches to that server, resets it, and stop() leaves it running', async () => {
  const own = await cloudlife.start();
  try {
    await own.faults.add({ kind: 'error', cloud: 'ec2', code: 'InternalError' });
    process.env.CLOUDLIFE_ENDPOINT = own.endpoint + '/';
    const attached = await cloudlife.start({ args: ['--clock', 'frozen'], timing: 'realistic' });
    assert.equal(attached.pid, null);
    assert.equal(attached.endpoint, own.endpoint);
    assert.equal(attached.port, own.port);
    assert.deepEqual(await own.faults.list(), []); // reset: an empty cloud, as a new server
    const clock = await own.clock();
    assert.deepEqual([clock.mode, clock.timing], ['frozen', 'realistic']);
    assert.equal(await attached.stop(), null);
    assert.equal((await own.health()).status, 'ok');
    // An explicit binary beats the environment; the endpoint option beats both.
    const second = await cloudlife.start({ binary: process.env.CLOUDLIFE_BIN });
    assert.notEqual(second.pid, null);
    assert.equal(await second.stop(), 0);
    delete process.env.CLOUDLIFE_ENDPOINT;
    assert.equal((await cloudlife.start({ endpoint: own.endpoint })).pid, null);
  } finally {
    delete process.env.CLOUDLIFE_ENDPOINT;
    await own.stop();
  }
});

test('attaching refuses what only a new process can take, and an endpoint with no server', async () => {
  await assert.rejects(cloudlife.start({ endpoint: 'http://127.0.0.1:9', args: ['--state-dir', '/tmp/x'] }),
    /cannot be applied to the attached server/);
  await assert.rejects(cloudlife.start({ endpoint: 'http://127.0.0.1:9', port: 4570 }), /port: no effect/);
  await assert.rejects(cloudlife.start({ endpoint: 'http://127.0.0.1:9' }),
    /no cloudlife server answers at http:\/\/127\.0\.0\.1:9/);
});
