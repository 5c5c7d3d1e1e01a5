// Wire behaviour: pagination both ways, error bodies as each SDK surfaces them, unknown action,
// wrong version, DryRun, ClientToken idempotency, regions and zones.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, styles, Ecs, REGION } = require('./server');

let server;
let ecs;
let pop;
before(async () => {
  server = await startServer();
  ecs = server.ecs();
  pop = server.pop();
});
after(() => server.stop());
beforeEach(() => server.reset());

async function runN(n) {
  const r = await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large', amount: n }));
  return r.body.instanceIdSets.instanceIdSet;
}

test('PageNumber/PageSize pagination', async () => {
  const ids = await runN(25);
  const seen = [];
  for (let page = 1; page <= 3; page++) {
    const r = await pop.request('DescribeInstances', { RegionId: REGION, PageNumber: page, PageSize: 10 });
    assert.equal(r.TotalCount, 25);
    assert.equal(r.PageNumber, page);
    assert.equal(r.PageSize, 10);
    seen.push(...r.Instances.Instance.map((i) => i.InstanceId));
  }
  assert.deepEqual(seen, ids);
  await assert.rejects(pop.request('DescribeInstances', { RegionId: REGION, PageSize: 101 }),
    (e) => e.code === 'InvalidParameter');
});

test('MaxResults/NextToken pagination', async () => {
  const ids = await runN(25);
  const seen = [];
  let token;
  let pages = 0;
  do {
    const r = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
      regionId: REGION, maxResults: 10, nextToken: token }));
    seen.push(...r.body.instances.instance.map((i) => i.instanceId));
    token = r.body.nextToken;
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(seen, ids);
});

test('error bodies carry RequestId, HostId, Code, Message, Recommend in every SDK', async () => {
  const id = 'i-doesnotexist0000000';
  // ecs20140526 (ACS3 and v2): ClientError with statusCode and the whole body in data.
  for (const client of [server.ecs(), server.ecs({ v2: true })]) {
    await assert.rejects(client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id })), (e) => {
      assert.equal(e.name, 'ClientError');
      assert.equal(e.code, 'InvalidInstanceId.NotFound');
      assert.equal(e.statusCode, 404);
      assert.match(e.message, /^InvalidInstanceId\.NotFound: code: 404, The specified InstanceId does not exist\. request id: [0-9A-F-]{36}$/);
      for (const k of ['Code', 'HostId', 'Message', 'Recommend', 'RequestId']) assert.ok(e.data[k], k);
      assert.equal(e.requestId, e.data.RequestId);
      return true;
    });
  }
  // pop-core GET and POST: <Code>Error decided by the body.
  for (const client of [server.pop(), server.pop({ post: true })]) {
    await assert.rejects(client.request('DeleteInstance', { InstanceId: id }), (e) => {
      assert.equal(e.name, 'InvalidInstanceId.NotFoundError');
      assert.equal(e.code, 'InvalidInstanceId.NotFound');
      assert.match(e.message, /^The specified InstanceId does not exist\., URL: http/);
      assert.equal(e.data.HostId, 'ecs.aliyuncs.com');
      assert.match(e.data.Recommend, /q=InvalidInstanceId\.NotFound&product=Ecs&requestId=/);
      return true;
    });
  }
});

test('unknown action, wrong version, missing parameters', async () => {
  await assert.rejects(pop.request('DescribeUnicorns', {}),
    (e) => e.code === 'InvalidAction.NotFound' && e.entry.response.statusCode === 404);
  const r = await fetch(`${server.url}/?Action=DescribeRegions&x=1`, {
    method: 'POST', headers: { 'x-acs-action': 'DescribeRegions', 'x-acs-version': '2016-11-15' } });
  assert.equal(r.status, 400);
  const body = await r.json();
  assert.equal(body.Code, 'InvalidParameter');
  assert.ok(body.RequestId);
  await assert.rejects(pop.request('DescribeInstances', {}),
    (e) => e.code === 'MissingParameter.RegionId' && /RegionId/.test(e.data.Message));
  await assert.rejects(ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: 'not json' })),
    (e) => e.code === 'InvalidInstanceIds.Malformed' && e.statusCode === 400);
});

test('DryRun validates without acting', async () => {
  await assert.rejects(ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large', dryRun: true })),
    (e) => e.code === 'DryRunOperation' && e.statusCode === 400);
  const [id] = await runN(1);
  await assert.rejects(ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id, dryRun: true })),
    (e) => e.code === 'DryRunOperation');
  const d = await pop.request('DescribeInstances', { RegionId: REGION });
  assert.equal(d.TotalCount, 1);
  assert.equal(d.Instances.Instance[0].Status, 'Running');
  // A refusal wins over DryRun.
  await assert.rejects(ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, dryRun: true })),
    (e) => e.code === 'IncorrectInstanceStatus');
});

test('ClientToken makes RunInstances idempotent', async () => {
  const params = { regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large', amount: 2, clientToken: 'tok-0001' };
  const first = await ecs.runInstances(new Ecs.RunInstancesRequest(params));
  const again = await ecs.runInstances(new Ecs.RunInstancesRequest(params));
  assert.deepEqual(again.body.instanceIdSets.instanceIdSet, first.body.instanceIdSets.instanceIdSet);
  assert.notEqual(again.body.requestId, first.body.requestId);
  const d = await pop.request('DescribeInstances', { RegionId: REGION });
  assert.equal(d.TotalCount, 2);
  await assert.rejects(ecs.runInstances(new Ecs.RunInstancesRequest({ ...params, amount: 3 })),
    (e) => e.code === 'IdempotentParameterMismatch' && e.statusCode === 400);
});

test('success bodies never carry a top-level Code, lists are arrays even with one element', async () => {
  for (const [, call] of Object.entries(styles(server))) {
    const run = await call('RunInstances', { RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large', 'Tag.1.Key': 'k', 'Tag.1.Value': 'v' });
    assert.equal(run.Code, undefined);
    assert.ok(Array.isArray(run.InstanceIdSets.InstanceIdSet));
  }
  const d = await pop.request('DescribeInstances', { RegionId: REGION, PageSize: 1 });
  const inst = d.Instances.Instance[0];
  assert.ok(Array.isArray(inst.Tags.Tag));
  assert.ok(Array.isArray(inst.SecurityGroupIds.SecurityGroupId));
  assert.ok(Array.isArray(inst.OperationLocks.LockReason));
  assert.equal(typeof inst.Cpu, 'number');
  assert.equal(typeof inst.DeletionProtection, 'boolean');
  assert.match(inst.CreationTime, /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
});

test('DescribeRegions and DescribeZones', async () => {
  const regions = await ecs.describeRegions(new Ecs.DescribeRegionsRequest({}));
  assert.ok(regions.body.regions.region.some((r) => r.regionId === REGION));
  const zones = await ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: REGION }));
  assert.ok(zones.body.zones.zone.some((z) => z.zoneId === 'cn-hangzhou-i'));
});
