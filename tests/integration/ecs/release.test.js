// Seed 004 (release an instance), every rule through the SDKs: Force, what release takes and what
// it leaves, release protection, all-or-nothing DeleteInstances, system releases that ignore
// protection, scheduled release, subscriptions.
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

async function exists(id) {
  const r = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: REGION, instanceIds: JSON.stringify([id]) }));
  return r.body.instances.instance.length === 1 ? r.body.instances.instance[0] : null;
}

function isoSeconds(ms) { return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); }

test('a Running instance needs Force=true; a Stopped one does not', async () => {
  const [a, b] = await run({ amount: 2 });
  await assert.rejects(ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: a })),
    (e) => e.code === 'IncorrectInstanceStatus' && e.statusCode === 403);
  assert.ok(await exists(a));
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: a, force: true }));
  assert.equal(await exists(a), null);
  await ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: b }));
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: b }));
  assert.equal(await exists(b), null);
});

test('release takes the system disk and DeleteWithInstance disks, keeps the others Available', async () => {
  const [id] = await run({
    systemDisk: new Ecs.RunInstancesRequestSystemDisk({ category: 'cloud_essd', size: '40' }),
    dataDisk: [
      new Ecs.RunInstancesRequestDataDisk({ size: 100, category: 'cloud_essd', deleteWithInstance: true }),
      new Ecs.RunInstancesRequestDataDisk({ size: 50, category: 'cloud_essd', deleteWithInstance: false }),
    ],
  });
  const attached = await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id }));
  assert.equal(attached.body.totalCount, 3);
  // A disk attached later defaults to DeleteWithInstance=false; ModifyDiskAttribute flips it.
  const extra = await ecs.createDisk(new Ecs.CreateDiskRequest({ regionId: REGION, zoneId: attached.body.disks.disk[0].zoneId, size: 20 }));
  await ecs.attachDisk(new Ecs.AttachDiskRequest({ instanceId: id, diskId: extra.body.diskId }));
  const kept = attached.body.disks.disk.find((d) => d.size === 50);
  await ecs.modifyDiskAttribute(new Ecs.ModifyDiskAttributeRequest({ diskId: kept.diskId, deleteWithInstance: false }));
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  const left = await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION }));
  const byId = Object.fromEntries(left.body.disks.disk.map((d) => [d.diskId, d]));
  assert.equal(left.body.totalCount, 2);
  for (const diskId of [kept.diskId, extra.body.diskId]) {
    assert.equal(byId[diskId].status, 'Available');
    assert.equal(byId[diskId].instanceId, '');
  }
});

test('automatic snapshots go with a released disk only when DeleteAutoSnapshot is set', async () => {
  const [id] = await run({ dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 100, deleteWithInstance: true })] });
  const disks = (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id }))).body.disks.disk;
  const sys = disks.find((d) => d.type === 'system');
  const data = disks.find((d) => d.type === 'data');
  for (const d of [sys, data]) {
    const r = await server.control('POST', '/_cloudlife/ecs/auto-snapshot', { disk_id: d.diskId });
    assert.equal(r.status, 200);
  }
  await ecs.createSnapshot(new Ecs.CreateSnapshotRequest({ diskId: data.diskId, snapshotName: 'manual' }));
  await ecs.modifyDiskAttribute(new Ecs.ModifyDiskAttributeRequest({ diskId: data.diskId, deleteAutoSnapshot: true }));
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  const snaps = (await ecs.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: REGION }))).body.snapshots.snapshot;
  const kinds = snaps.map((s) => `${s.sourceDiskId === data.diskId ? 'data' : 'sys'}:${s.snapshotType}`).sort();
  assert.deepEqual(kinds, ['data:user', 'sys:auto']);
});

test('the static public IP is reclaimed; EIPs (also converted ones) stay and are Available', async () => {
  const [a, b] = await run({ amount: 2, internetMaxBandwidthOut: 5 });
  const before = await exists(a);
  const ip = before.publicIpAddress.ipAddress[0];
  assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
  await ecs.convertNatPublicIpToEip(new Ecs.ConvertNatPublicIpToEipRequest({ regionId: REGION, instanceId: a }));
  const converted = await exists(a);
  assert.deepEqual(converted.publicIpAddress.ipAddress, []);
  assert.equal(converted.eipAddress.ipAddress, ip);
  const bIp = (await exists(b)).publicIpAddress.ipAddress[0];
  await pop.request('DeleteInstances', { RegionId: REGION, 'InstanceId.1': a, 'InstanceId.2': b, Force: true });
  const eips = await pop.request('DescribeEipAddresses', { RegionId: REGION });
  assert.equal(eips.TotalCount, 1);
  const eip = eips.EipAddresses.EipAddress[0];
  assert.equal(eip.IpAddress, ip);
  assert.equal(eip.Status, 'Available');
  assert.equal(eip.InstanceId, '');
  // b's static IP did not become an EIP: it is simply gone.
  assert.ok(!eips.EipAddresses.EipAddress.some((e) => e.IpAddress === bIp));
});

test('release protection blocks DeleteInstance and DeleteInstances, and DescribeInstances shows it', async () => {
  const [id] = await run({ deletionProtection: true });
  assert.equal((await exists(id)).deletionProtection, true);
  await assert.rejects(ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })),
    (e) => e.code === 'InvalidOperation.DeletionProtection' && e.statusCode === 403);
  await assert.rejects(pop.request('DeleteInstances', { RegionId: REGION, 'InstanceId.1': id, Force: true }),
    (e) => e.code === 'InvalidOperation.DeletionProtection' && !!e.data.HostId && !!e.data.Recommend);
  await ecs.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: false }));
  assert.equal((await exists(id)).deletionProtection, false);
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  assert.equal(await exists(id), null);
});

test('DeleteInstances is all-or-nothing: one refusal releases none', async () => {
  const [a, b] = await run({ amount: 2 });
  const [p] = await run({ deletionProtection: true });
  await assert.rejects(ecs.deleteInstances(new Ecs.DeleteInstancesRequest({
    regionId: REGION, instanceId: [a, p, b], force: true })),
    (e) => e.code === 'InvalidOperation.DeletionProtection');
  for (const id of [a, b, p]) assert.ok(await exists(id));
  await assert.rejects(ecs.deleteInstances(new Ecs.DeleteInstancesRequest({
    regionId: REGION, instanceId: [a, 'i-doesnotexist0000000'], force: true })),
    (e) => e.code === 'InvalidInstanceId.NotFound');
  assert.ok(await exists(a));
  await assert.rejects(ecs.deleteInstances(new Ecs.DeleteInstancesRequest({
    regionId: REGION, instanceId: [a, b], force: true, dryRun: true })),
    (e) => e.code === 'DryRunOperation' && e.statusCode === 400);
  assert.ok(await exists(a));
  await ecs.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [a, b], force: true }));
  assert.equal(await exists(a), null);
  assert.equal(await exists(b), null);
  assert.ok(await exists(p));
});

test('overdue and security reclaims ignore release protection', async () => {
  const [a, b] = await run({ amount: 2, deletionProtection: true });
  for (const [id, reason] of [[a, 'overdue'], [b, 'security']]) {
    const r = await server.control('POST', '/_cloudlife/ecs/reclaim', { instance_id: id, reason });
    assert.equal(r.status, 200);
    assert.equal(r.body.released, true);
    assert.equal(await exists(id), null);
  }
  const again = await server.control('POST', '/_cloudlife/ecs/reclaim', { instance_id: a, reason: 'overdue' });
  assert.equal(again.status, 404);
  const bad = await server.control('POST', '/_cloudlife/ecs/reclaim', { instance_id: a, reason: 'boredom' });
  assert.equal(bad.status, 400);
});

test('scheduled release: bounds, minute truncation, cancel, and it fires even when protected', async () => {
  const [id] = await run({ deletionProtection: true });
  const now = await server.now();
  for (const bad of [isoSeconds(now + 29 * 60e3), isoSeconds(now + 4 * 365 * 86400e3), '2030-01-01 00:00:00']) {
    await assert.rejects(ecs.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({
      regionId: REGION, instanceId: id, autoReleaseTime: bad })),
      (e) => e.code === 'InvalidAutoReleaseTime.Malformed' && e.statusCode === 400);
  }
  const at = now + 60 * 60e3 + 42e3;  // one hour and 42 seconds ahead
  await ecs.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({
    regionId: REGION, instanceId: id, autoReleaseTime: isoSeconds(at) }));
  const shown = (await exists(id)).autoReleaseTime;
  assert.equal(shown, new Date(at - (at % 60e3)).toISOString().slice(0, 16) + 'Z');
  // Cancel (parameter omitted), advance past it: still there.
  await ecs.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({ regionId: REGION, instanceId: id }));
  assert.equal((await exists(id)).autoReleaseTime, '');
  await server.advance(2 * 3600);
  assert.ok(await exists(id));
  // Set again (pop-core GET this time) and let the clock reach it.
  const now2 = await server.now();
  const target = now2 + 3600e3;
  await pop.request('ModifyInstanceAutoReleaseTime', { InstanceId: id, AutoReleaseTime: isoSeconds(target) });
  const releaseAt = target - (target % 60e3);  // truncated to the minute
  const wait = Math.ceil((releaseAt - now2) / 1000);
  await server.advance(wait - 1);
  assert.ok(await exists(id));
  await server.advance(1);
  assert.equal(await exists(id), null);
});

test('RunInstances can set AutoReleaseTime directly', async () => {
  const now = await server.now();
  const [id] = await run({ autoReleaseTime: isoSeconds(now + 2 * 3600e3) });
  await server.advance(2 * 3600);
  assert.equal(await exists(id), null);
});

test('subscription: unexpired refused, switch to PostPaid then release', async () => {
  const [id] = await run({ instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
  const inst = await exists(id);
  assert.equal(inst.instanceChargeType, 'PrePaid');
  assert.notEqual(inst.expiredTime, '2099-12-31T15:59Z');
  for (const attempt of [
    () => ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })),
    () => ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true, terminateSubscription: true })),
    () => ecs.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: id, autoReleaseTime: '2027-06-01T00:00:00Z' })),
  ]) {
    await assert.rejects(attempt(), (e) => e.code === 'ChargeTypeViolation' && e.statusCode === 403);
  }
  await ecs.modifyInstanceChargeType(new Ecs.ModifyInstanceChargeTypeRequest({
    regionId: REGION, instanceIds: JSON.stringify([id]), instanceChargeType: 'PostPaid' }));
  const switched = await exists(id);
  assert.equal(switched.instanceChargeType, 'PostPaid');
  assert.equal(switched.expiredTime, '2099-12-31T15:59Z');
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  assert.equal(await exists(id), null);
});

test('subscription expiry: stopped with a financial lock, TerminateSubscription releases it', async () => {
  const [id] = await run({ instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Week' });
  await server.advance(8 * 86400);
  const expired = await exists(id);
  assert.equal(expired.status, 'Stopped');
  assert.deepEqual(expired.operationLocks.lockReason.map((l) => l.lockReason), ['financial']);
  await assert.rejects(ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: id })),
    (e) => e.code === 'InstanceExpiredOrInArrears');
  await assert.rejects(ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id })),
    (e) => e.code === 'ChargeTypeViolation');
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, terminateSubscription: true }));
  assert.equal(await exists(id), null);
});

test('an expired subscription is reclaimed automatically 15 days later; renewal prevents it', async () => {
  const [gone, renewed] = await run({ amount: 2, instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Week' });
  const expiry = Date.parse((await exists(gone)).expiredTime);
  await server.advance(Math.ceil((expiry - (await server.now())) / 1000) + 60);
  await ecs.renewInstance(new Ecs.RenewInstanceRequest({ instanceId: renewed, period: 1, periodUnit: 'Month' }));
  assert.deepEqual((await exists(renewed)).operationLocks.lockReason, []);
  await server.advance(15 * 86400 - 120);
  assert.ok(await exists(gone));
  await server.advance(120);
  assert.equal(await exists(gone), null);
  assert.ok(await exists(renewed));
});
