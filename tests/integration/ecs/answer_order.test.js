// Every answer, in JSON and in XML (Format=XML), lists its members in Alibaba's order: the API
// definition's, kept in src/ecs/data/answer_order.json (scripts/alibaba_answer_order.py). The
// reads the Terraform alicloud provider makes after each create are checked here on populated
// resources, and every member they carry must be one the API definition knows (a misspelt member
// would be silently dropped by the SDKs).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, REGION } = require('./server');

const ORDER = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../src/ecs/data/answer_order.json')));

let server;
before(async () => { server = await startServer(); });
after(() => server.stop());

const VERSIONS = { ecs: '2014-05-26', vpc: '2016-04-28' };
async function call(product, action, params = {}, format = 'JSON') {
  const query = new URLSearchParams({ Action: action, Version: VERSIONS[product], Format: format, ...params });
  const r = await fetch(`${server.url}/?${query}`);
  const text = await r.text();
  assert.equal(r.status, 200, `${action}: ${text}`);
  return text;
}

// Checks every object of a JSON answer against the order table; returns the element names in
// the order an XML answer writes them.
function checkOrder(product, action, body) {
  const table = ORDER[product][action];
  assert.ok(table, `${product} ${action} has an order`);
  const elements = [];
  const walk = (value, at, name) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, at, name);
      return;
    }
    elements.push(name);
    if (value === null || typeof value !== 'object') return;
    const keys = Object.keys(value);
    const order = table[at];
    const listWrapper = keys.length === 1 && Array.isArray(value[keys[0]]);
    if (!listWrapper) {
      assert.ok(order, `${action}: no order for "${at}"`);
      const positions = keys.map((k) => order.indexOf(k));
      keys.forEach((k, i) => assert.ok(positions[i] >= 0, `${action}: "${at}" member ${k} is unknown to the API`));
      const sorted = [...positions].sort((a, b) => a - b);
      assert.deepEqual(positions, sorted, `${action}: "${at}" members out of order: ${keys.join(',')}`);
    }
    for (const k of keys) {
      const child = value[k];
      walk(child, Array.isArray(child) || listWrapper ? at : (at ? `${at}.${k}` : k), k);
    }
  };
  walk(body, '', `${action}Response`);
  return elements;
}

function xmlElements(xml) {
  return [...xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<([A-Za-z0-9]+)>|<([A-Za-z0-9]+)\/>/g)]
    .map((m) => m[1] ?? m[2]);
}

// A read is asked for in both formats; a create (xml: false) once, in JSON.
async function checkAction(product, action, params = {}, { xml: both = true } = {}) {
  const body = JSON.parse(await call(product, action, params));
  const elements = checkOrder(product, action, body);
  if (!both) return body;
  const xml = await call(product, action, params, 'XML');
  assert.deepEqual(xmlElements(xml), elements, `${action}: XML and JSON list the same members in the same order`);
  return body;
}

test('the provider\'s reads answer their members in Alibaba\'s order, in JSON and in XML', async () => {
  const vpc = await checkAction('vpc', 'CreateVpc', { RegionId: REGION, CidrBlock: '10.0.0.0/16', VpcName: 'vpc-order' }, { xml: false });
  const vsw = await checkAction('vpc', 'CreateVSwitch', {
    RegionId: REGION, VpcId: vpc.VpcId, ZoneId: 'cn-hangzhou-h', CidrBlock: '10.0.1.0/24' }, { xml: false });
  const sg = await checkAction('ecs', 'CreateSecurityGroup', { RegionId: REGION, VpcId: vpc.VpcId }, { xml: false });
  await checkAction('ecs', 'AuthorizeSecurityGroup', {
    RegionId: REGION, SecurityGroupId: sg.SecurityGroupId, IpProtocol: 'tcp', PortRange: '22/22', SourceCidrIp: '0.0.0.0/0' }, { xml: false });
  await checkAction('ecs', 'CreateKeyPair', { RegionId: REGION, KeyPairName: 'kp' }, { xml: false });
  const run = await checkAction('ecs', 'RunInstances', {
    RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large', VSwitchId: vsw.VSwitchId,
    SecurityGroupId: sg.SecurityGroupId, KeyPairName: 'kp', 'Tag.1.Key': 'k', 'Tag.1.Value': 'v',
    'DataDisk.1.Size': '40', 'DataDisk.1.Category': 'cloud_essd', UserData: 'ZWNobyBoaQ==' }, { xml: false });
  const id = run.InstanceIdSets.InstanceIdSet[0];
  const disk = await checkAction('ecs', 'CreateDisk', { RegionId: REGION, ZoneId: 'cn-hangzhou-h', Size: '20', DiskCategory: 'cloud_essd' }, { xml: false });
  const eip = await checkAction('vpc', 'AllocateEipAddress', { RegionId: REGION }, { xml: false });
  await checkAction('vpc', 'AssociateEipAddress', { RegionId: REGION, AllocationId: eip.AllocationId, InstanceId: id }, { xml: false });
  const eni = await checkAction('ecs', 'CreateNetworkInterface', {
    RegionId: REGION, VSwitchId: vsw.VSwitchId, SecurityGroupId: sg.SecurityGroupId }, { xml: false });
  await checkAction('ecs', 'CreateSnapshot', { DiskId: disk.DiskId }, { xml: false });

  const reads = [
    ['ecs', 'DescribeInstances', { RegionId: REGION }],
    ['ecs', 'DescribeInstances', { RegionId: REGION, MaxResults: '10' }],
    ['ecs', 'DescribeInstanceAttribute', { InstanceId: id }],
    ['ecs', 'DescribeInstanceStatus', { RegionId: REGION }],
    ['ecs', 'DescribeUserData', { RegionId: REGION, InstanceId: id }],
    ['ecs', 'DescribeInstanceRamRole', { RegionId: REGION, InstanceIds: JSON.stringify([id]) }],
    ['ecs', 'DescribeInstanceMaintenanceAttributes', { RegionId: REGION, 'InstanceId.1': id }],
    ['ecs', 'DescribeInstanceAutoRenewAttribute', { RegionId: REGION, InstanceId: id }],
    ['ecs', 'DescribeDisks', { RegionId: REGION }],
    ['ecs', 'DescribeSnapshots', { RegionId: REGION }],
    ['ecs', 'DescribeSecurityGroups', { RegionId: REGION }],
    ['ecs', 'DescribeSecurityGroupAttribute', { RegionId: REGION, SecurityGroupId: sg.SecurityGroupId }],
    ['ecs', 'DescribeNetworkInterfaces', { RegionId: REGION }],
    ['ecs', 'DescribeKeyPairs', { RegionId: REGION }],
    ['ecs', 'DescribeEipAddresses', { RegionId: REGION }],
    ['ecs', 'ListTagResources', { RegionId: REGION, ResourceType: 'instance', 'ResourceId.1': id }],
    ['ecs', 'DescribeRegions', {}],
    ['ecs', 'DescribeZones', { RegionId: REGION }],
    ['ecs', 'DescribeInstanceTypes', { InstanceTypeFamily: 'ecs.g7' }],
    ['ecs', 'DescribeInstanceTypeFamilies', { RegionId: REGION }],
    ['ecs', 'DescribeAvailableResource', { RegionId: REGION, DestinationResource: 'InstanceType' }],
    ['vpc', 'DescribeVpcs', { RegionId: REGION }],
    ['vpc', 'DescribeVpcAttribute', { RegionId: REGION, VpcId: vpc.VpcId }],
    ['vpc', 'DescribeVSwitches', { RegionId: REGION }],
    ['vpc', 'DescribeVSwitchAttributes', { RegionId: REGION, VSwitchId: vsw.VSwitchId }],
    ['vpc', 'DescribeEipAddresses', { RegionId: REGION }],
  ];
  for (const [product, action, params] of reads) await checkAction(product, action, params);
  assert.ok(eni.NetworkInterfaceId);
});

test('errors list RequestId, HostId, Code, Message, Recommend in that order', async () => {
  for (const format of ['JSON', 'XML']) {
    const r = await fetch(`${server.url}/?Action=DescribeInstanceAttribute&Version=2014-05-26&Format=${format}&InstanceId=i-none`);
    assert.equal(r.status, 404);
    const text = await r.text();
    const names = format === 'JSON' ? Object.keys(JSON.parse(text)) : xmlElements(text).slice(1);
    assert.deepEqual(names, ['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
  }
});

test('an error names its product in HostId and in the Recommend link', async () => {
  for (const [version, product, host] of [['2014-05-26', 'Ecs', 'ecs'], ['2016-04-28', 'Vpc', 'vpc']]) {
    const action = product === 'Ecs' ? 'DescribeInstanceAttribute&InstanceId=i-none' : 'DescribeVpcAttribute&VpcId=vpc-none';
    const r = await fetch(`${server.url}/?Action=${action}&Version=${version}&RegionId=${REGION}`);
    const body = JSON.parse(await r.text());
    assert.equal(body.HostId, `${host}.aliyuncs.com`);
    assert.match(body.Recommend, new RegExp(`^https://api\\.aliyun\\.com/troubleshoot\\?q=[^&]+&product=${product}&requestId=${body.RequestId}$`));
  }
});

test('alicloud_ecs_disk Read: DescribeDisks carries every field the provider sets', async () => {
  const disk = JSON.parse(await call('ecs', 'CreateDisk', {
    RegionId: REGION, ZoneId: 'cn-hangzhou-h', Size: '40', DiskCategory: 'cloud_essd', PerformanceLevel: 'PL1' }));
  const body = JSON.parse(await call('ecs', 'DescribeDisks', { RegionId: REGION, DiskIds: JSON.stringify([disk.DiskId]) }));
  const d = body.Disks.Disk[0];
  // resource_alicloud_ecs_disk.go's Read, field by field.
  for (const f of ['AutoSnapshotPolicyId', 'BurstingEnabled', 'Category', 'CreationTime', 'DeleteAutoSnapshot',
    'DeleteWithInstance', 'Description', 'DiskName', 'EnableAutoSnapshot', 'Encrypted', 'ImageId', 'InstanceId',
    'IOPS', 'KMSKeyId', 'MultiAttach', 'DiskChargeType', 'PerformanceLevel', 'ProvisionedIops', 'RegionId',
    'ResourceGroupId', 'Size', 'SourceSnapshotId', 'SourceDiskId', 'Status', 'StorageClusterId', 'StorageSetId',
    'StorageSetPartitionNumber', 'ZoneId', 'Tags']) {
    assert.ok(f in d, `DescribeDisks has ${f}`);
  }
  assert.equal(d.IOPS, 3800);  // ESSD PL1: min(1800 + 50 x 40 GiB, 50000)
  assert.equal(d.MultiAttach, 'Disabled');
  assert.equal(d.SerialNumber, disk.DiskId.slice(2));
});
