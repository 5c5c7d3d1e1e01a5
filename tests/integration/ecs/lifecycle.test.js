// The shared state machine seen through the SDKs: Pending -> Starting -> Running, Stopping ->
// Stopped, CreateInstance left Stopped, release -> gone (InvalidInstanceId.NotFound, 404), and the
// four client styles reaching the same state.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, styles, Ecs, REGION } = require('./server');

let server;
before(async () => { server = await startServer(); });
after(() => server.stop());
beforeEach(async () => {
  await server.reset();
  await server.timing('instant');
});

const launch = { RegionId: REGION, ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd', InstanceType: 'ecs.g7.large' };

async function statusOf(call, id) {
  const body = await call('DescribeInstanceStatus', { RegionId: REGION, 'InstanceId.1': id });
  return body.InstanceStatuses.InstanceStatus.map((s) => s.Status)[0];
}

test('RunInstances goes Pending -> Starting -> Running on the virtual clock', async () => {
  await server.timing('instant', { pending: 20 });
  const ecs = server.ecs();
  const run = await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: launch.ImageId, instanceType: launch.InstanceType }));
  const [id] = run.body.instanceIdSets.instanceIdSet;
  const call = styles(server)['pop-core GET'];
  assert.equal(await statusOf(call, id), 'Pending');
  await server.advance(10);
  assert.equal(await statusOf(call, id), 'Starting');
  await server.advance(10);
  assert.equal(await statusOf(call, id), 'Running');
});

test('StopInstance goes Stopping -> Stopped, StartInstance goes Starting -> Running', async () => {
  await server.timing('instant', { stopping: 15, pending: 10 });
  const ecs = server.ecs();
  const run = await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: launch.ImageId, instanceType: launch.InstanceType }));
  const [id] = run.body.instanceIdSets.instanceIdSet;
  await server.advance(10);
  await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id, stoppedMode: 'KeepCharging' }));
  let attr = await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }));
  assert.equal(attr.body.status, 'Stopping');
  await server.advance(15);
  attr = await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }));
  assert.equal(attr.body.status, 'Stopped');
  assert.equal(attr.body.stoppedMode, 'KeepCharging');
  await ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
  attr = await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }));
  assert.equal(attr.body.status, 'Starting');
  await server.advance(10);
  attr = await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }));
  assert.equal(attr.body.status, 'Running');
});

test('illegal transitions answer IncorrectInstanceStatus (403)', async () => {
  const ecs = server.ecs();
  const run = await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: launch.ImageId, instanceType: launch.InstanceType }));
  const [id] = run.body.instanceIdSets.instanceIdSet;
  await assert.rejects(ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: id })),
    (e) => e.code === 'IncorrectInstanceStatus' && e.statusCode === 403);
  await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
  await assert.rejects(ecs.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: id })),
    (e) => e.code === 'IncorrectInstanceStatus');
});

test('CreateInstance leaves the instance Stopped until StartInstance', async () => {
  const ecs = server.ecs();
  const created = await ecs.createInstance(new Ecs.CreateInstanceRequest({
    regionId: REGION, imageId: launch.ImageId, instanceType: launch.InstanceType, deletionProtection: false }));
  const id = created.body.instanceId;
  assert.match(id, /^i-[0-9a-z]{20}$/);
  const call = styles(server)['ecs20140526 v2'];
  assert.equal(await statusOf(call, id), 'Stopped');
  await ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
  assert.equal(await statusOf(call, id), 'Running');
});

test('a released instance is gone: not listed, and single-instance calls answer 404', async () => {
  const ecs = server.ecs();
  const run = await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: launch.ImageId, instanceType: launch.InstanceType }));
  const [id] = run.body.instanceIdSets.instanceIdSet;
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  const listed = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: REGION, instanceIds: JSON.stringify([id]) }));
  assert.equal(listed.statusCode, 200);
  assert.equal(listed.body.totalCount, 0);
  assert.deepEqual(listed.body.instances.instance, []);
  for (const attempt of [
    () => ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id })),
    () => ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: id })),
    () => ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })),
  ]) {
    await assert.rejects(attempt(), (e) => e.code === 'InvalidInstanceId.NotFound' && e.statusCode === 404);
  }
});

test('every client style reaches the same state', async () => {
  const all = styles(server);
  const ids = {};
  for (const [name, call] of Object.entries(all)) {
    const body = await call('RunInstances', { ...launch, InstanceName: `vm ${name}*(1)!`, 'Tag.1.Key': 'style', 'Tag.1.Value': name });
    assert.ok(body.RequestId);
    assert.equal(body.Code, undefined);
    ids[name] = body.InstanceIdSets.InstanceIdSet[0];
  }
  // Stop one instance per style, each through a different style than the one that made it.
  const names = Object.keys(all);
  for (let i = 0; i < names.length; i++) {
    const other = all[names[(i + 1) % names.length]];
    await other('StopInstance', { InstanceId: ids[names[i]] });
  }
  for (const [, call] of Object.entries(all)) {
    const body = await call('DescribeInstances', { RegionId: REGION, PageSize: 50 });
    assert.equal(body.TotalCount, 4);
    const byName = Object.fromEntries(body.Instances.Instance.map((i) => [i.Tags.Tag[0].TagValue, i]));
    for (const name of names) {
      assert.equal(byName[name].InstanceId, ids[name]);
      assert.equal(byName[name].Status, 'Stopped');
      assert.equal(byName[name].InstanceName, `vm ${name}*(1)!`);
    }
  }
  // Release them all through pop-core POST with DeleteInstances.
  const del = {};
  names.forEach((n, i) => { del[`InstanceId.${i + 1}`] = ids[n]; });
  await all['pop-core POST']('DeleteInstances', { RegionId: REGION, ...del });
  for (const [, call] of Object.entries(all)) {
    const body = await call('DescribeInstances', { RegionId: REGION });
    assert.equal(body.TotalCount, 0);
  }
});

test('StartInstances / StopInstances batch answers InstanceResponses', async () => {
  const ecs = server.ecs();
  const run = await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: launch.ImageId, instanceType: launch.InstanceType, amount: 2 }));
  const ids = run.body.instanceIdSets.instanceIdSet;
  const stopped = await ecs.stopInstances(new Ecs.StopInstancesRequest({
    regionId: REGION, instanceId: ids, stoppedMode: 'StopCharging' }));
  const responses = stopped.body.instanceResponses.instanceResponse;
  assert.equal(responses.length, 2);
  for (const r of responses) {
    assert.equal(r.code, '200');
    assert.equal(r.previousStatus, 'Running');
    assert.equal(r.currentStatus, 'Stopping');
  }
  // SuccessFirst: per-instance results, the unknown ID fails alone.
  const started = await ecs.startInstances(new Ecs.StartInstancesRequest({
    regionId: REGION, instanceId: [ids[0], 'i-doesnotexist0000000'], batchOptimization: 'SuccessFirst' }));
  const codes = started.body.instanceResponses.instanceResponse.map((r) => r.code);
  assert.deepEqual(codes, ['200', 'InvalidInstanceId.NotFound']);
  // AllTogether (default): one failure fails the whole request and changes nothing.
  await assert.rejects(ecs.startInstances(new Ecs.StartInstancesRequest({
    regionId: REGION, instanceId: [ids[1], 'i-doesnotexist0000000'] })),
    (e) => e.code === 'InvalidInstanceId.NotFound');
  const attr = await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: ids[1] }));
  assert.equal(attr.body.status, 'Stopped');
  assert.equal(attr.body.stoppedMode, 'StopCharging');
});
