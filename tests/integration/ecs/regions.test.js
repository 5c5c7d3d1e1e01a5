// Regions and zones: the catalogue (src/ecs/data/regions.json) against Alibaba's published list,
// DescribeRegions / DescribeZones as the SDK reads them, every real zone accepted by RunInstances
// and CreateDisk, anything else refused with InvalidZoneId.NotFound, and an unknown RegionId
// refused the same way by every action.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { startServer, Ecs, REGION } = require('./server');

const catalogue = JSON.parse(fs.readFileSync(
  path.resolve(__dirname, '../../../src/ecs/data/regions.json'), 'utf8')).regions;

// Alibaba's "Regions and zones" page (public cloud): region IDs, and the zone letters of the
// regions whose lists the issues quote.
const PUBLISHED_REGIONS = [
  'cn-qingdao', 'cn-beijing', 'cn-zhangjiakou', 'cn-huhehaote', 'cn-wulanchabu', 'cn-hangzhou',
  'cn-shanghai', 'cn-nanjing', 'cn-fuzhou', 'cn-wuhan-lr', 'cn-shenzhen', 'cn-heyuan',
  'cn-guangzhou', 'cn-chengdu', 'cn-hongkong', 'ap-southeast-1', 'ap-southeast-3',
  'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ap-northeast-1', 'ap-northeast-2',
  'us-east-1', 'us-west-1', 'eu-west-1', 'eu-central-1', 'me-east-1', 'me-central-1',
];
const PUBLISHED_ZONES = {
  'cn-hangzhou': 'befghijk',
  'cn-beijing': 'abcdefghijkl',
  'cn-shanghai': 'abcdefgklmn',
  'cn-qingdao': 'bc',
  'cn-hongkong': 'bcd',
  'ap-southeast-1': 'abc',
};

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

test('the catalogue holds every published region and the published zones', () => {
  assert.deepEqual(catalogue.map((r) => r.region_id).sort(), [...PUBLISHED_REGIONS].sort());
  for (const [region, letters] of Object.entries(PUBLISHED_ZONES)) {
    const sep = region.startsWith('cn-') ? '-' : '';
    const zones = catalogue.find((r) => r.region_id === region).zones;
    assert.deepEqual(zones, [...letters].map((l) => `${region}${sep}${l}`), region);
  }
});

test('DescribeRegions lists every region with its LocalName and endpoint', async () => {
  const zh = (await ecs.describeRegions(new Ecs.DescribeRegionsRequest({}))).body.regions.region;
  assert.deepEqual(zh.map((r) => r.regionId), catalogue.map((r) => r.region_id));
  for (const [i, r] of zh.entries()) {
    assert.equal(r.localName, catalogue[i].local_name['zh-CN']);
    assert.equal(r.regionEndpoint, catalogue[i].endpoint);
    assert.equal(r.status, 'available');
  }
  const hz = zh.find((r) => r.regionId === 'cn-hangzhou');
  assert.deepEqual([hz.localName, hz.regionEndpoint], ['华东1（杭州）', 'ecs.aliyuncs.com']);
  const zjk = zh.find((r) => r.regionId === 'cn-zhangjiakou');
  assert.equal(zjk.regionEndpoint, 'ecs.cn-zhangjiakou.aliyuncs.com');

  const en = (await ecs.describeRegions(new Ecs.DescribeRegionsRequest({ acceptLanguage: 'en-US' })))
    .body.regions.region;
  assert.deepEqual(en.map((r) => r.localName), catalogue.map((r) => r.local_name['en-US']));
  assert.equal(en.find((r) => r.regionId === 'cn-hangzhou').localName, 'China (Hangzhou)');
  await assert.rejects(pop.request('DescribeRegions', { AcceptLanguage: 'xx-YY' }),
    (e) => e.code === 'InvalidParameter' && /AcceptLanguage/.test(e.data.Message));
  await assert.rejects(pop.request('DescribeRegions', { ResourceType: 'unicorn' }),
    (e) => e.code === 'InvalidParameter' && /ResourceType/.test(e.data.Message));
});

test('DescribeZones lists each region\'s zones', async () => {
  for (const region of catalogue) {
    const zones = (await ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: region.region_id })))
      .body.zones.zone;
    assert.deepEqual(zones.map((z) => z.zoneId), region.zones, region.region_id);
  }
  const hz = (await ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' }))).body.zones.zone;
  assert.equal(hz[0].localName, '华东 1 可用区 B');
  assert.ok(hz[0].availableInstanceTypes.instanceTypes.length > 0);
  const en = await pop.request('DescribeZones', { RegionId: 'ap-southeast-1', AcceptLanguage: 'en-US', Verbose: false });
  assert.deepEqual({ ...en.Zones.Zone[0] }, { ZoneId: 'ap-southeast-1a', LocalName: 'Singapore Zone A', ZoneType: 'AvailabilityZone' });
});

test('RunInstances and CreateDisk accept every real zone', async () => {
  for (const region of catalogue) {
    for (const zone of region.zones) {
      const run = await pop.request('RunInstances', {
        RegionId: region.region_id, ZoneId: zone, ImageId: 'img', InstanceType: 'ecs.g7.large' });
      assert.equal(run.InstanceIdSets.InstanceIdSet.length, 1, zone);
      const disk = await pop.request('CreateDisk', { RegionId: region.region_id, ZoneId: zone, Size: 20, DiskCategory: 'cloud_essd' });
      assert.match(disk.DiskId, /^d-/, zone);
    }
  }
  const hz = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', zoneId: 'cn-hangzhou-b' }));
  assert.equal(hz.body.totalCount, 1);
});

test('a zone that is not in the region is refused with InvalidZoneId.NotFound', async () => {
  for (const [region, zone] of [['cn-hangzhou', 'cn-hangzhou-a'], ['cn-hangzhou', 'cn-beijing-a'],
    ['ap-southeast-1', 'ap-southeast-1d'], ['cn-beijing', 'cn-beijing-m']]) {
    await assert.rejects(ecs.runInstances(new Ecs.RunInstancesRequest({
      regionId: region, zoneId: zone, imageId: 'img', instanceType: 'ecs.g7.large' })), (e) => {
      assert.equal(e.code, 'InvalidZoneId.NotFound');
      assert.equal(e.statusCode, 404);
      assert.equal(e.data.Message, 'The specified zone does not exist.');
      return true;
    });
    await assert.rejects(ecs.createDisk(new Ecs.CreateDiskRequest({ regionId: region, zoneId: zone, size: 20 })),
      (e) => e.code === 'InvalidZoneId.NotFound' && e.statusCode === 404);
  }
  const state = (await server.state()).body.ecs;
  assert.equal(state.instances.length + state.disks.length, 0);
});

// Every action the server implements; each must refuse an unknown RegionId before anything else.
const ACTIONS = [
  'RunInstances', 'CreateInstance', 'DescribeInstances', 'DescribeInstanceStatus',
  'DescribeInstanceAttribute', 'StartInstance', 'StartInstances', 'StopInstance', 'StopInstances',
  'RebootInstance', 'RebootInstances', 'DeleteInstance', 'DeleteInstances',
  'ModifyInstanceAttribute', 'ModifyInstanceAutoReleaseTime', 'ModifyInstanceChargeType',
  'RenewInstance', 'DescribeDisks', 'CreateDisk', 'AttachDisk', 'DetachDisk', 'DeleteDisk',
  'ModifyDiskAttribute', 'CreateSnapshot', 'DescribeSnapshots', 'DeleteSnapshot',
  'AllocatePublicIpAddress', 'ConvertNatPublicIpToEip', 'AllocateEipAddress',
  'AssociateEipAddress', 'UnassociateEipAddress', 'ReleaseEipAddress', 'DescribeEipAddresses',
  'DescribeRegions', 'DescribeZones',
];

test('every action answers InvalidRegionId.NotFound (404) for an unknown RegionId', async () => {
  const [id] = (await pop.request('RunInstances', { RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large' }))
    .InstanceIdSets.InstanceIdSet;
  for (const action of ACTIONS) {
    for (const params of [{ RegionId: 'xx-nowhere-1' }, { RegionId: 'xx-nowhere-1', InstanceId: id }]) {
      await assert.rejects(pop.request(action, params), (e) => {
        assert.equal(e.code, 'InvalidRegionId.NotFound', action);
        assert.equal(e.data.Message, 'The specified RegionId does not exist.', action);
        assert.equal(e.entry.response.statusCode, 404, action);
        return true;
      });
    }
  }
  // The SDK's typed calls get the same, and nothing was changed by any of them.
  await assert.rejects(ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: 'xx-nowhere-1' })),
    (e) => e.code === 'InvalidRegionId.NotFound' && e.statusCode === 404);
  await assert.rejects(ecs.describeEipAddresses(new Ecs.DescribeEipAddressesRequest({ regionId: 'xx-nowhere-1' })),
    (e) => e.code === 'InvalidRegionId.NotFound' && e.statusCode === 404);
  const d = await pop.request('DescribeInstances', { RegionId: REGION });
  assert.equal(d.Instances.Instance[0].Status, 'Running');
});
