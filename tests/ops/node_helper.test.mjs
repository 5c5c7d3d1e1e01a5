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
