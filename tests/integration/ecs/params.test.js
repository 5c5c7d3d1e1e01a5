// No parameter is accepted and ignored: what the API reference documents either changes the answer
// as it does on Alibaba Cloud, or is refused with InvalidParameter naming it (docs/ecs.md lists
// which). Parameters the API does not document are ignored, as Alibaba ignores them.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, Ecs, REGION } = require('./server');

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

const base = { regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large' };
const run = async (extra = {}) =>
  (await ecs.runInstances(new Ecs.RunInstancesRequest({ ...base, ...extra }))).body.instanceIdSets.instanceIdSet;
const refused = (name) => (e) => {
  assert.equal(e.code, 'InvalidParameter');
  assert.equal(e.statusCode ?? e.entry.response.statusCode, 400);
  assert.match(e.data.Message, new RegExp(`^The specified parameter "${name.replace(/\./g, '\\.')}" is not valid\\.`));
  return true;
};

test('RunInstances refuses what it does not model and creates nothing', async () => {
  await assert.rejects(run({ spotStrategy: 'SpotAsPriceGo' }), refused('SpotStrategy'));
  await assert.rejects(run({ launchTemplateId: 'lt-123' }), refused('LaunchTemplateId'));
  await assert.rejects(run({ dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 40, encrypted: 'true' })] }),
    refused('DataDisk.1.Encrypted'));
  await assert.rejects(pop.request('RunInstances', { RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large',
    'NetworkInterface.1.QueueNumber': '8' }), refused('NetworkInterface.1.QueueNumber'));
  assert.equal((await server.state()).body.ecs.instances.length, 0);
  // Values cloudlife already behaves as, and undocumented names, pass.
  const ids = await pop.request('RunInstances', { RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large',
    SpotStrategy: 'NoSpot', IoOptimized: 'optimized', 'DataDisk.1.Size': 40, 'DataDisk.1.Encrypted': 'false',
    NotAnAlibabaParameter: 'x' });
  assert.equal(ids.InstanceIdSets.InstanceIdSet.length, 1);
});

test('UserData and PrivateIpAddress are kept', async () => {
  const [id] = await run({ userData: 'ZWNobyBoaQ==', privateIpAddress: '172.16.9.9' });
  const state = (await server.state()).body.ecs.instances.find((i) => i.instance_id === id);
  assert.equal(state.user_data, 'ZWNobyBoaQ==');
  const found = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: REGION, privateIpAddresses: JSON.stringify(['172.16.9.9']) }));
  assert.deepEqual(found.body.instances.instance.map((i) => i.instanceId), [id]);
  assert.deepEqual(found.body.instances.instance[0].vpcAttributes.privateIpAddress.ipAddress, ['172.16.9.9']);
  await assert.rejects(run({ privateIpAddress: '172.16.9.9' }), (e) => e.code === 'InvalidPrivateIpAddress.Duplicated');
  await assert.rejects(run({ userData: 'not base64!' }), refused('UserData'));
  const sg = async () => (await ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION }))).body.securityGroupId;
  const [sg1, sg2] = [await sg(), await sg()];
  await assert.rejects(ecs.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({
    instanceId: id, securityGroupIds: [sg1, 'sg-unknown'] })), (e) => e.code === 'InvalidSecurityGroupId.NotFound');
  await ecs.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({
    instanceId: id, userData: 'bmV3', securityGroupIds: [sg1, sg2] }));
  const after = (await server.state()).body.ecs.instances.find((i) => i.instance_id === id);
  assert.equal(after.user_data, 'bmV3');
  const attr = await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }));
  assert.deepEqual(attr.body.securityGroupIds.securityGroupId, [sg1, sg2]);
  await assert.rejects(ecs.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({
    instanceId: id, enableJumboFrame: true })), refused('EnableJumboFrame'));
});

test('AutoRenewPeriod sets the length of each automatic renewal', async () => {
  const [id] = await run({ instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month', autoRenew: true, autoRenewPeriod: 3 });
  const expiry = async () => Date.parse((await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: REGION, instanceIds: JSON.stringify([id]) }))).body.instances.instance[0].expiredTime);
  const first = await expiry();
  await server.advance(Math.ceil((first - await server.now()) / 1000) + 60);
  const second = new Date(await expiry());
  const expected = new Date(first);
  expected.setUTCMonth(expected.getUTCMonth() + 3);
  assert.equal(second.toISOString(), expected.toISOString());
  await assert.rejects(run({ instanceChargeType: 'PrePaid', period: 1, autoRenew: true, autoRenewPeriod: 5 }),
    refused('AutoRenewPeriod'));
});

test('DescribeInstances filters by family, key pair, resource group and network charge type', async () => {
  const ed25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
  await pop.request('ImportKeyPair', { RegionId: REGION, KeyPairName: 'kp-a', PublicKeyBody: ed25519 });
  const [a] = await run({ keyPairName: 'kp-a', resourceGroupId: 'rg-a', internetChargeType: 'PayByBandwidth' });
  const [b] = await run({ instanceType: 'ecs.c7.large' });
  const ids = async (params) => (await pop.request('DescribeInstances', { RegionId: REGION, ...params }))
    .Instances.Instance.map((i) => i.InstanceId);
  assert.deepEqual(await ids({ InstanceTypeFamily: 'ecs.c7' }), [b]);
  assert.deepEqual(await ids({ KeyPairName: 'kp-a' }), [a]);
  assert.deepEqual(await ids({ ResourceGroupId: 'rg-a' }), [a]);
  assert.deepEqual(await ids({ InternetChargeType: 'PayByTraffic' }), [b]);
  await assert.rejects(pop.request('DescribeInstances', { RegionId: REGION, 'Filter.1.Key': 'CreationStartTime', 'Filter.1.Value': '2020-01-01T00:00Z' }),
    refused('Filter.1.Key'));
  await assert.rejects(pop.request('DescribeInstances', { RegionId: REGION, HttpEndpoint: 'enabled' }), refused('HttpEndpoint'));
});

test('CreateDisk takes DiskCategory; DescribeDisks filters on what a disk is', async () => {
  const { diskId } = (await ecs.createDisk(new Ecs.CreateDiskRequest({
    regionId: REGION, zoneId: 'cn-hangzhou-i', size: 30, diskCategory: 'cloud_ssd', diskName: 'logs' }))).body;
  const [id] = await run();
  const disks = async (params) => (await pop.request('DescribeDisks', { RegionId: REGION, ...params }))
    .Disks.Disk.map((d) => d.DiskId);
  const all = await disks({});
  assert.equal(all.length, 2);
  const mine = (await pop.request('DescribeDisks', { RegionId: REGION, DiskIds: JSON.stringify([diskId]) })).Disks.Disk[0];
  assert.equal(mine.Category, 'cloud_ssd');
  const plain = await pop.request('CreateDisk', { RegionId: REGION, ZoneId: 'cn-hangzhou-i', Size: 20 });
  const plainDisk = (await pop.request('DescribeDisks', { RegionId: REGION, DiskIds: JSON.stringify([plain.DiskId]) })).Disks.Disk[0];
  assert.equal(plainDisk.Category, 'cloud');
  await pop.request('DeleteDisk', { DiskId: plain.DiskId });
  assert.deepEqual(await disks({ DiskName: 'logs' }), [diskId]);
  assert.deepEqual(await disks({ Portable: false }), all.filter((d) => d !== diskId));
  assert.deepEqual(await disks({ DiskChargeType: 'PostPaid', DiskName: 'logs' }), [diskId]);
  assert.deepEqual(await disks({ DiskChargeType: 'PrePaid' }), []);
  await ecs.modifyDiskAttribute(new Ecs.ModifyDiskAttributeRequest({ diskId, enableAutoSnapshot: true }));
  assert.deepEqual(await disks({ EnableAutoSnapshot: true }), [diskId]);
  const snap = await pop.request('CreateSnapshot', { DiskId: diskId });
  const fromSnap = await pop.request('CreateDisk', { RegionId: REGION, ZoneId: 'cn-hangzhou-i', SnapshotId: snap.SnapshotId });
  assert.deepEqual(await disks({ SnapshotId: snap.SnapshotId }), [fromSnap.DiskId]);
  await assert.rejects(ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, dryRun: true })),
    (e) => e.code === 'DryRunOperation');
  await assert.rejects(ecs.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: REGION, dryRun: true })),
    (e) => e.code === 'DryRunOperation');
  await assert.rejects(pop.request('DescribeDisks', { RegionId: REGION, Encrypted: 'true' }), refused('Encrypted'));
  await assert.rejects(pop.request('AttachDisk', { InstanceId: id, DiskId: diskId, Device: '/dev/xvdz' }), refused('Device'));
  await assert.rejects(pop.request('CreateSnapshot', { DiskId: diskId, 'Tag.1.Key': 'k' }), refused('Tag.1.Key'));
  await assert.rejects(pop.request('RenewInstance', { InstanceId: id, Period: 1, ExpectedRenewDay: 5 }), refused('ExpectedRenewDay'));
});

test('Format=XML answers XML as Alibaba writes it, success and error, for ECS and the VPC API', async () => {
  const r = await fetch(`${server.url}/?Action=DescribeRegions&Version=2014-05-26&Format=XML&AcceptLanguage=en-US`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/xml/);
  const xml = await r.text();
  // Members in Alibaba's order (src/ecs/data/answer_order.json; answer_order.test.js checks it).
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<DescribeRegionsResponse><RequestId>[0-9A-F-]{36}<\/RequestId><Regions>/);
  assert.match(xml, /<Regions><Region><Status>available<\/Status><RegionEndpoint>ecs\.aliyuncs\.com<\/RegionEndpoint><LocalName>China \(Qingdao\)<\/LocalName><RegionId>cn-qingdao<\/RegionId>/);
  assert.equal((xml.match(/<Region>/g) || []).length, 28);
  assert.match(xml, /<\/Regions><\/DescribeRegionsResponse>$/);
  const created = await (await fetch(`${server.url}/?Action=CreateVpc&Version=2016-04-28&Format=xml&RegionId=${REGION}&VpcName=x1`)).text();
  const vpcId = /<VpcId>(vpc-[0-9a-f]+)<\/VpcId>/.exec(created)[1];
  const listed = await (await fetch(`${server.url}/?Action=DescribeVpcs&Version=2016-04-28&Format=XML&RegionId=${REGION}`)).text();
  assert.match(listed, new RegExp(`<Vpcs><Vpc>(?:(?!</Vpc>).)*<VpcId>${vpcId}</VpcId>`));
  assert.match(listed, /<TotalCount>1<\/TotalCount>/);
  const missing = await fetch(`${server.url}/?Action=DescribeInstanceAttribute&Version=2014-05-26&Format=XML&InstanceId=i-nope`);
  assert.equal(missing.status, 404);
  const error = await missing.text();
  assert.match(error, /<Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>ecs\.aliyuncs\.com<\/HostId><Code>InvalidInstanceId\.NotFound<\/Code><Message>The specified InstanceId does not exist\.<\/Message><Recommend>/);
  assert.match(error, /<\/Recommend><\/Error>$/);
  const bad = await fetch(`${server.url}/?Action=DescribeRegions&Version=2014-05-26&Format=YAML`);
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).Code, 'InvalidParameter');
});
