// node/cloudlife: leaks() / usage() / prices() (docs/teardown.md), against the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cloudlife = require('../../node/cloudlife');

test('leaks() lists a volume nothing uses; usage() and prices() answer', async () => {
  const server = await cloudlife.start({ clock: 'frozen' });
  try {
    // One EC2 Query call over plain HTTP (authentication is off by default).
    const res = await fetch(server.endpoint + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateVolume&Version=2016-11-15&AvailabilityZone=us-east-1a&Size=2',
    });
    const volumeId = /<volumeId>([^<]+)<\/volumeId>/.exec(await res.text())[1];
    await server.advance(30);
    const leaks = await server.leaks({ cloud: 'ec2' });
    assert.deepEqual(leaks.map((l) => [l.id, l.type]), [[volumeId, 'volume']]);
    assert.match(leaks[0].reason, /never attached/);
    const report = await server.usage({ group_by: 'resource', priced: true });
    assert.equal(report.resources[0].quantity, 60);
    assert.equal(report.resources[0].unit, 'GiB-s');
    assert.equal((await server.prices()).currency, 'USD');
    await assert.rejects(server.setPrices({ facts: 3 }), (e) => e.status === 400);
  } finally {
    await server.stop();
  }
});
