// DescribeInstances filtered by Status and ZoneId starts from cloudlife's zone and status lists
// (src/ecs/instance_index.h) instead of walking the region: these tests pin that the answer is the
// same as a walk would give while statuses change with virtual time alone (Pending -> Starting ->
// Running, a reboot's Stopping -> Starting), through stops, starts and releases, and on pages.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, Ecs, REGION } = require('./server');

let server;
let ecs;
before(async () => {
  server = await startServer();
  ecs = server.ecs();
});
after(() => server.stop());
beforeEach(() => server.reset());

async function run(zoneId, amount = 1) {
  const r = await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, zoneId, imageId: 'img', instanceType: 'ecs.g7.large', amount }));
  return r.body.instanceIdSets.instanceIdSet;
}

async function describe(filter) {
  const r = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, pageSize: 100, ...filter }));
  return { ids: r.body.instances.instance.map((i) => i.instanceId), total: r.body.totalCount, body: r.body };
}

// The IDs every filter must give, computed from the unfiltered listing.
async function expected(pred) {
  const all = (await describe({})).body.instances.instance;
  return all.filter(pred).map((i) => i.instanceId);
}

async function checkStatuses() {
  for (const status of ['Pending', 'Starting', 'Running', 'Stopping', 'Stopped']) {
    const want = await expected((i) => i.status === status);
    const got = await describe({ status });
    assert.deepEqual(got.ids, want, `Status=${status}`);
    assert.equal(got.total, want.length);
  }
}

test('Status follows launches, stops, starts, reboots and releases over virtual time', async () => {
  await server.timing('instant', { pending: 20, stopping: 10, rebooting: 10 });
  const a = await run('cn-hangzhou-h', 3);
  await server.advance(12);  // past the first half of their boot
  const b = await run('cn-hangzhou-i', 2);
  assert.deepEqual((await describe({ status: 'Pending' })).ids, b);
  assert.deepEqual((await describe({ status: 'Starting' })).ids, a);
  await checkStatuses();
  await server.advance(20);
  assert.deepEqual((await describe({ status: 'Running' })).ids, [...a, ...b]);
  assert.equal((await describe({ status: 'Pending' })).total, 0);
  await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: a[1] }));
  await ecs.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: b[0] }));
  assert.deepEqual((await describe({ status: 'Stopping' })).ids, [a[1], b[0]]);
  await checkStatuses();
  await server.advance(6);
  assert.deepEqual((await describe({ status: 'Starting' })).ids, [b[0]]);  // the reboot's second half
  await server.advance(10);
  assert.deepEqual((await describe({ status: 'Stopped' })).ids, [a[1]]);
  assert.deepEqual((await describe({ status: 'Running' })).ids, [a[0], a[2], b[0], b[1]]);
  await ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: a[1] }));
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: a[0], force: true }));
  assert.deepEqual((await describe({ status: 'Starting' })).ids, [a[1]]);
  await checkStatuses();
  await server.advance(30);
  assert.deepEqual((await describe({ status: 'Running' })).ids, [a[1], a[2], b[0], b[1]]);
  await checkStatuses();
});

test('ZoneId, ZoneId with Status, and InstanceIds answer as a walk would, page by page', async () => {
  await server.timing('instant', { pending: 10 });
  const h = await run('cn-hangzhou-h', 5);
  const i = await run('cn-hangzhou-i', 4);
  await server.advance(20);
  const h2 = await run('cn-hangzhou-h', 2);
  assert.deepEqual((await describe({ zoneId: 'cn-hangzhou-h' })).ids, [...h, ...h2]);
  assert.deepEqual((await describe({ zoneId: 'cn-hangzhou-i' })).ids, i);
  assert.deepEqual((await describe({ zoneId: 'cn-hangzhou-h', status: 'Running' })).ids, h);
  assert.deepEqual((await describe({ zoneId: 'cn-hangzhou-h', status: 'Pending' })).ids, h2);
  assert.equal((await describe({ zoneId: 'cn-hangzhou-k' })).total, 0);
  // Pages of 3 over the zone: PageNumber and NextToken walk the same instances.
  const numbered = [];
  for (let page = 1; page <= 3; ++page) {
    const r = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
      regionId: REGION, zoneId: 'cn-hangzhou-h', pageSize: 3, pageNumber: page }));
    assert.equal(r.body.totalCount, 7);
    numbered.push(...r.body.instances.instance.map((x) => x.instanceId));
  }
  assert.deepEqual(numbered, [...h, ...h2]);
  const tokened = [];
  let token;
  do {
    const r = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
      regionId: REGION, status: 'Running', maxResults: 4, nextToken: token }));
    tokened.push(...r.body.instances.instance.map((x) => x.instanceId));
    token = r.body.nextToken;
  } while (token);
  assert.deepEqual(tokened, [...h, ...i]);
  // InstanceIds: the named ones in launch order, unknown and repeated IDs ignored.
  const named = await describe({ instanceIds: JSON.stringify([i[2], 'i-unknown', h[0], i[2]]) });
  assert.deepEqual(named.ids, [h[0], i[2]]);
  const namedRunning = await describe({ instanceIds: JSON.stringify([h2[0], h[1]]), status: 'Running' });
  assert.deepEqual(namedRunning.ids, [h[1]]);
});
