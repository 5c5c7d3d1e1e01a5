// Instance types and what each zone sells (src/ecs/data/instance_types.json): DescribeZones,
// DescribeAvailableResource, DescribeInstanceTypes and DescribeInstanceTypeFamilies answer from the
// one data file, and RunInstances / CreateDisk accept exactly what they advertise.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { startServer, Ecs } = require('./server');

const facts = JSON.parse(fs.readFileSync(
  path.resolve(__dirname, '../../../src/ecs/data/instance_types.json'), 'utf8'));
const family = (name) => facts.families.find((f) => f.family === name);

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

test('the families the issue names are in the catalogue, some not on sale in some zones', () => {
  for (const f of ['ecs.g7', 'ecs.c7', 'ecs.r7', 'ecs.g8i', 'ecs.c8i', 'ecs.t6', 'ecs.u1']) {
    assert.ok(family(f), f);
  }
  assert.ok(family('ecs.g8i').not_on_sale_in.includes('cn-hangzhou-b'));
  assert.ok(!family('ecs.g8i').not_on_sale_in.includes('cn-hangzhou-i'));
});

test('DescribeZones lists each zone\'s instance types and disk categories as the SDK reads them', async () => {
  const zones = (await ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' }))).body.zones.zone;
  const b = zones.find((z) => z.zoneId === 'cn-hangzhou-b');
  const i = zones.find((z) => z.zoneId === 'cn-hangzhou-i');
  const k = zones.find((z) => z.zoneId === 'cn-hangzhou-k');
  assert.ok(b.availableResourceCreation.resourceTypes.includes('Instance'));
  assert.ok(b.availableResourceCreation.resourceTypes.includes('VSwitch'));
  assert.ok(b.availableInstanceTypes.instanceTypes.includes('ecs.g7.large'));
  assert.ok(!b.availableInstanceTypes.instanceTypes.includes('ecs.g8i.large'));
  assert.ok(i.availableInstanceTypes.instanceTypes.includes('ecs.g8i.large'));
  assert.ok(b.availableDiskCategories.diskCategories.includes('cloud_essd'));
  assert.ok(b.availableDiskCategories.diskCategories.includes('cloud'));
  assert.ok(!k.availableDiskCategories.diskCategories.includes('cloud'));
});

test('RunInstances refuses a type not on sale in the zone, and an unknown type', async () => {
  await assert.rejects(ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: 'cn-hangzhou', zoneId: 'cn-hangzhou-b', imageId: 'img', instanceType: 'ecs.g8i.large' })), (e) => {
    assert.equal(e.code, 'InvalidResourceType.NotSupported');
    assert.equal(e.statusCode, 403);
    return true;
  });
  await assert.rejects(ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: 'cn-hangzhou', zoneId: 'cn-hangzhou-i', imageId: 'img', instanceType: 'ecs.g7.huge' })), (e) => {
    assert.equal(e.code, 'InvalidInstanceType.ValueNotSupported');
    assert.equal(e.statusCode, 400);
    return true;
  });
  // g8i takes no ultra disk (cloud_efficiency) as its system disk.
  await assert.rejects(pop.request('RunInstances', {
    RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-i', ImageId: 'img', InstanceType: 'ecs.g8i.large',
    'SystemDisk.Category': 'cloud_efficiency' }), (e) => e.code === 'InvalidDiskCategory.NotSupported');
  assert.equal((await server.state()).body.ecs.instances.length, 0);
  // Without a zone, the first zone of the region that sells the type.
  const ok = await pop.request('RunInstances', {
    RegionId: 'cn-hangzhou', ImageId: 'img', InstanceType: 'ecs.g8i.large' });
  const inst = (await pop.request('DescribeInstanceAttribute', { InstanceId: ok.InstanceIdSets.InstanceIdSet[0] }));
  assert.equal(inst.ZoneId, 'cn-hangzhou-f');
  assert.equal(inst.Cpu, 2);
  assert.equal(inst.Memory, 8192);
});

test('CreateDisk refuses a category the zone does not sell', async () => {
  await assert.rejects(pop.request('CreateDisk', {
    RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-k', Size: 20 }), (e) => {
    assert.equal(e.code, 'InvalidDiskCategory.NotSupported');
    return true;
  });
  const d = await pop.request('CreateDisk', {
    RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-k', Size: 20, DiskCategory: 'cloud_essd' });
  assert.match(d.DiskId, /^d-/);
});

test('DescribeAvailableResource answers what RunInstances accepts', async () => {
  const byZone = (await ecs.describeAvailableResource(new Ecs.DescribeAvailableResourceRequest({
    regionId: 'cn-hangzhou', destinationResource: 'Zone', instanceType: 'ecs.g8i.large' }))).body;
  const zones = byZone.availableZones.availableZone.map((z) => z.zoneId);
  assert.ok(!zones.includes('cn-hangzhou-b') && !zones.includes('cn-hangzhou-e'));
  assert.ok(zones.includes('cn-hangzhou-i'));
  const z = byZone.availableZones.availableZone[0];
  assert.equal(z.statusCategory, 'WithStock');
  assert.equal(z.availableResources.availableResource[0].type, 'Zone');
  for (const zone of zones) {
    const run = await pop.request('RunInstances', {
      RegionId: 'cn-hangzhou', ZoneId: zone, ImageId: 'img', InstanceType: 'ecs.g8i.large' });
    assert.equal(run.InstanceIdSets.InstanceIdSet.length, 1);
  }
  const types = (await pop.request('DescribeAvailableResource', {
    RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-b', DestinationResource: 'InstanceType', Cores: 2, Memory: 8 }));
  const values = types.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0]
    .SupportedResources.SupportedResource.map((r) => r.Value);
  assert.ok(values.includes('ecs.g7.large') && !values.includes('ecs.g8i.large') && !values.includes('ecs.c7.large'));
  const disks = (await pop.request('DescribeAvailableResource', {
    RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-i', DestinationResource: 'SystemDisk', InstanceType: 'ecs.g8i.large' }));
  const cats = disks.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0]
    .SupportedResources.SupportedResource;
  assert.deepEqual(cats.map((c) => c.Value).sort(), [...family('ecs.g8i').disk_categories].sort());
  assert.deepEqual([cats[0].Min, cats[0].Max, cats[0].Unit], [20, 2048, 'GiB']);
  await assert.rejects(pop.request('DescribeAvailableResource', { RegionId: 'cn-hangzhou' }),
    (e) => e.code === 'MissingDestinationResource' || e.code === 'MissingParameter');
  await assert.rejects(pop.request('DescribeAvailableResource', {
    RegionId: 'cn-hangzhou', DestinationResource: 'Zone', DedicatedHostId: 'dh-1' }),
  (e) => e.code === 'InvalidParameter');
});

test('DescribeInstanceTypes and DescribeInstanceTypeFamilies list the catalogue', async () => {
  const g7 = (await ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({
    instanceTypeFamily: 'ecs.g7' }))).body.instanceTypes.instanceType;
  assert.deepEqual(g7.map((t) => t.instanceTypeId), family('ecs.g7').types.map((t) => t[0]));
  const large = g7[0];
  assert.equal(large.cpuCoreCount, 2);
  assert.equal(large.memorySize, 8);
  assert.equal(large.instanceTypeFamily, 'ecs.g7');
  assert.ok(large.eniQuantity >= 2);
  const two = (await pop.request('DescribeInstanceTypes', {
    'InstanceTypes.1': 'ecs.t6-c1m1.large', 'InstanceTypes.2': 'ecs.u1-c1m2.large' })).InstanceTypes.InstanceType;
  assert.deepEqual(two.map((t) => [t.InstanceTypeId, t.CpuCoreCount, t.MemorySize]),
    [['ecs.t6-c1m1.large', 2, 2], ['ecs.u1-c1m2.large', 2, 4]]);
  // Pages by MaxResults / NextToken walk every type once.
  const seen = [];
  let token;
  do {
    const page = await pop.request('DescribeInstanceTypes', { MaxResults: 25, ...(token ? { NextToken: token } : {}) });
    seen.push(...page.InstanceTypes.InstanceType.map((t) => t.InstanceTypeId));
    token = page.NextToken;
  } while (token);
  assert.equal(seen.length, facts.families.reduce((n, f) => n + f.types.length, 0));
  const families = (await ecs.describeInstanceTypeFamilies(new Ecs.DescribeInstanceTypeFamiliesRequest({
    regionId: 'cn-hangzhou', generation: 'ecs-8' }))).body.instanceTypeFamilies.instanceTypeFamily;
  assert.deepEqual(families.map((f) => f.instanceTypeFamilyId), ['ecs.g8i', 'ecs.c8i', 'ecs.r8i']);
});
