// One account rule: with --credentials mapping an Alibaba AccessKeyId to an account, everything the
// key does happens in that account: the instance it launches belongs there (and only there), and
// the audit trail records the launch with the account and the new instance's ID, and so does the
// access log line of the request.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, Ecs, REGION, ACCESS_KEY_ID } = require('./server');

const MAPPED_KEY = 'LTAI5tMAPPEDKEYMAPPEDKEY';
const MAPPED_SECRET = 'MappedSecretMappedSecretMapped00';
const MAPPED_ACCOUNT = '222233334444';

let server;
let dir;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudlife-ecs-accounts-'));
  const file = path.join(dir, 'credentials.json');
  fs.writeFileSync(file, JSON.stringify({ credentials: [
    { access_key: MAPPED_KEY, secret_key: MAPPED_SECRET, account: MAPPED_ACCOUNT },
    { access_key: ACCESS_KEY_ID, secret_key: 'x', account: '123456789012' },
  ] }));
  server = await startServer(['--credentials', file, '--log-level', 'info', '--log-format', 'json'],
    { logs: true });
});
after(() => {
  server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

// The access log lines (JSON) of an action, in order.
const accessLines = async (action) => {
  await new Promise((resolve) => setTimeout(resolve, 100));  // stderr may trail the answer
  return server.logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
    .filter((l) => l.logger === 'access' && l.action === action);
};

const run = (client) => client.runInstances(new Ecs.RunInstancesRequest({
  regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large' }));

for (const v2 of [false, true]) {
  test(`a mapped AccessKeyId launches into its own account (${v2 ? 'RPC v1 signature' : 'ACS3'})`, async () => {
    const mine = server.ecs({ v2, accessKeyId: MAPPED_KEY, accessKeySecret: MAPPED_SECRET });
    const other = server.ecs({ v2 });
    const [id] = (await run(mine)).body.instanceIdSets.instanceIdSet;

    const state = (await server.state()).body;
    const record = state.ecs.instances.find((i) => i.instance_id === id);
    assert.equal(record.account, MAPPED_ACCOUNT);

    // Listed for the key's account, invisible to the default account.
    const listed = await mine.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
    assert.deepEqual(listed.body.instances.instance.map((i) => i.instanceId), [id]);
    const elsewhere = await other.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
    assert.equal(elsewhere.body.totalCount, 0);
    await assert.rejects(other.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id })),
      (e) => e.code === 'InvalidInstanceId.NotFound');

    // The audit record of the launch names the account and the instance it created.
    const events = (await server.control('GET', '/_cloudlife/events?cloud=ecs&action=RunInstances')).body.events;
    assert.equal(events.length, 1);
    assert.equal(events[0].account, MAPPED_ACCOUNT);
    assert.equal(events[0].access_key, MAPPED_KEY);
    assert.deepEqual(events[0].resource_ids, [id]);
    // Found by its ID too, beside the other account's refused StopInstance that named it.
    const byId = (await server.control('GET', `/_cloudlife/events?resource_id=${id}`)).body.events;
    assert.deepEqual(byId.map((e) => [e.action, e.account, e.result]), [
      ['RunInstances', MAPPED_ACCOUNT, 'Success'],
      ['StopInstance', '123456789012', 'InvalidInstanceId.NotFound'],
    ]);

    // The access log line of the launch: the same account, request ID and created instance.
    const logged = (await accessLines('RunInstances')).at(-1);
    assert.equal(logged.account, MAPPED_ACCOUNT);
    assert.equal(logged.cloud, 'ecs');
    assert.equal(logged.request_id, events[0].request_id);
    assert.deepEqual(logged.resources, [id]);
  });
}

test('CreateDisk and AllocateEipAddress record what they created', async () => {
  const mine = server.ecs({ accessKeyId: MAPPED_KEY, accessKeySecret: MAPPED_SECRET });
  const disk = await mine.createDisk(new Ecs.CreateDiskRequest({ regionId: REGION, zoneId: 'cn-hangzhou-i', size: 40 }));
  const eip = await mine.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION }));
  const events = (await server.control('GET', '/_cloudlife/events?cloud=ecs')).body.events;
  const byAction = Object.fromEntries(events.map((e) => [e.action, e]));
  assert.deepEqual(byAction.CreateDisk.resource_ids, [disk.body.diskId]);
  assert.deepEqual(byAction.AllocateEipAddress.resource_ids, [eip.body.allocationId]);
  for (const e of events) assert.equal(e.account, MAPPED_ACCOUNT);
  const state = (await server.state()).body;
  assert.equal(state.ecs.disks.find((d) => d.disk_id === disk.body.diskId).account, MAPPED_ACCOUNT);
  assert.equal(state.ecs.eip_addresses[0].account, MAPPED_ACCOUNT);
});
