// Usage, billing and leaks for Alibaba Cloud ECS (issue 18, docs/teardown.md), through the
// Alibaba SDK and the control plane, on a frozen clock.
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
beforeEach(async () => {
  await server.reset();
  await server.timing('instant');
});

const IMAGE = 'aliyun_3_x64_20G_alibase_20240819.vhd';

async function run(extra = {}) {
  const r = await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: IMAGE, instanceType: 'ecs.g7.large', ...extra }));
  return r.body.instanceIdSets.instanceIdSet;
}

async function leaks() {
  const r = await server.control('GET', '/_cloudlife/leaks?cloud=ecs');
  assert.equal(r.status, 200);
  return r.body.leaks;
}

async function usageOf(id, type) {
  const r = await server.control('GET', '/_cloudlife/usage?cloud=ecs&priced=true');
  assert.equal(r.status, 200);
  const rows = r.body.resources.filter((x) => x.id === id && x.type === type);
  assert.equal(rows.length, 1, JSON.stringify(r.body));
  return rows[0];
}

test('a release leaves the data disk that is not DeleteWithInstance as a leak', async () => {
  const [id] = await run({
    dataDisk: [
      new Ecs.RunInstancesRequestDataDisk({ size: 100, category: 'cloud_essd', deleteWithInstance: true }),
      new Ecs.RunInstancesRequestDataDisk({ size: 50, category: 'cloud_essd', deleteWithInstance: false }),
    ],
  });
  const disks = (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id }))).body.disks.disk;
  const kept = disks.find((d) => d.size === 50);
  await server.advance(120);
  assert.deepEqual(await leaks(), []);

  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  const releasedAt = await server.now();
  await server.advance(30);
  const found = await leaks();
  assert.deepEqual(found.map((l) => [l.id, l.type]), [[kept.diskId, 'disk']]);
  assert.match(found[0].reason, new RegExp(`${id}.*DeleteWithInstance false`));
  assert.equal(found[0].since_epoch_ms, releasedAt);

  // The instance billed 120 s; the kept disk bills 50 GiB from creation, still open.
  const inst = await usageOf(id, 'instance');
  assert.equal(inst.quantity, 120);
  assert.equal(inst.unit, 's');
  assert.equal(inst.amount, null);  // no verified ECS list price: unknown, never zero
  assert.equal(inst.price, 'unknown');
  const disk = await usageOf(kept.diskId, 'disk');
  assert.equal(disk.quantity, 50 * 150);
  assert.equal(disk.intervals[0].end, null);

  await ecs.deleteDisk(new Ecs.DeleteDiskRequest({ diskId: kept.diskId }));
  assert.deepEqual(await leaks(), []);
});

test('an EIP converted from the NAT public IP stays as a leak after the release', async () => {
  const [id] = await run({ internetMaxBandwidthOut: 5 });
  await ecs.convertNatPublicIpToEip(new Ecs.ConvertNatPublicIpToEipRequest({ regionId: REGION, instanceId: id }));
  await server.advance(60);
  assert.deepEqual(await leaks(), []);
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  await server.advance(3600);
  const found = await leaks();
  assert.equal(found.length, 1);
  assert.equal(found[0].type, 'eip');
  assert.match(found[0].reason, new RegExp(`ConvertNatPublicIpToEip.*${id}|${id}.*ConvertNatPublicIpToEip|NAT public IP of instance ${id}`));
  const eip = await usageOf(found[0].id, 'eip');
  assert.equal(eip.unit, 'h');
  assert.ok(Math.abs(eip.quantity - (3660 / 3600)) < 1e-9);
});

test('economical mode stops the compute bill; standard mode keeps it; disks bill throughout', async () => {
  const [eco, std] = await run({ amount: 2 });
  await server.advance(100);
  await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: eco, stoppedMode: 'StopCharging' }));
  await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: std, stoppedMode: 'KeepCharging' }));
  await server.advance(300);
  assert.equal((await usageOf(eco, 'instance')).quantity, 100);
  assert.equal((await usageOf(std, 'instance')).quantity, 400);
  const system = (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: eco }))).body.disks.disk[0];
  assert.equal((await usageOf(system.diskId, 'disk')).quantity, system.size * 400);
});

test('a subscription bills its paid term up front; a switch to pay-as-you-go ends it there', async () => {
  const created = await server.now();
  const [id] = await run({ instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Week' });
  const expired = Date.parse((await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: REGION, instanceIds: JSON.stringify([id]) }))).body.instances.instance[0].expiredTime);
  await server.advance(3600);
  const term = await usageOf(id, 'subscription');
  assert.equal(term.unit, 'h');
  assert.ok(Math.abs(term.quantity - (expired - created) / 3600000) < 1e-9, JSON.stringify(term));
  assert.ok(term.quantity >= 7 * 24);

  await server.advance(23 * 3600);
  await ecs.modifyInstanceChargeType(new Ecs.ModifyInstanceChargeTypeRequest({
    regionId: REGION, instanceIds: JSON.stringify([id]), instanceChargeType: 'PostPaid' }));
  await server.advance(100);
  assert.equal((await usageOf(id, 'subscription')).quantity, 24);
  assert.equal((await usageOf(id, 'instance')).quantity, 100);
});

test('an automatic snapshot kept after its disk is released is a leak', async () => {
  const [id] = await run();
  const system = (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id }))).body.disks.disk[0];
  const snap = await server.control('POST', '/_cloudlife/ecs/auto-snapshot', { disk_id: system.diskId });
  assert.equal(snap.status, 200);
  assert.deepEqual(await leaks(), []);
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  const found = await leaks();
  assert.deepEqual(found.map((l) => [l.id, l.type]), [[snap.body.snapshot_id, 'snapshot']]);
  assert.match(found[0].reason, new RegExp(`automatic snapshot kept after its disk ${system.diskId}`));
});
