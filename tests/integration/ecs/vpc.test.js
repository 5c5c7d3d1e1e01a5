// The VPC API (Version=2016-04-28) on cloudlife's one port: VPCs and vSwitches (Pending, then
// Available over virtual time), EIPs, tags; every wire style and both signature algorithms reach
// it; RunInstances takes a vSwitch's zone and address range and refuses an unknown vSwitch or
// security group.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, styles, Ecs, Vpc, REGION } = require('./server');

let server;
let vpc;
let pop;
let popVpc;
before(async () => {
  server = await startServer();
  vpc = server.vpc();
  pop = server.pop();
  popVpc = server.popVpc();
});
after(() => server.stop());
beforeEach(async () => { await server.reset(); await server.timing('instant'); });

async function network(zone = 'cn-hangzhou-i') {
  const v = (await popVpc.request('CreateVpc', { RegionId: REGION, CidrBlock: '192.168.0.0/16', VpcName: 'main' })).VpcId;
  const s = (await popVpc.request('CreateVSwitch', {
    RegionId: REGION, VpcId: v, ZoneId: zone, CidrBlock: '192.168.1.0/24' })).VSwitchId;
  return { vpcId: v, vswitchId: s };
}

test('every wire style and both signature algorithms reach the VPC API', async () => {
  for (const [name, call] of Object.entries(styles(server, '2016-04-28'))) {
    const created = await call('CreateVpc', { RegionId: REGION, VpcName: `vpc-${name.replace(/\W/g, '')}` });
    assert.match(created.VpcId, /^vpc-/, name);
    const listed = await call('DescribeVpcs', { RegionId: REGION, VpcId: created.VpcId });
    assert.equal(listed.Vpcs.Vpc[0].VpcId, created.VpcId, name);
    assert.equal(listed.Vpcs.Vpc[0].CidrBlock, '172.16.0.0/12', name);
    await assert.rejects(call('DescribeVpcAttribute', { RegionId: REGION, VpcId: 'vpc-nope' }),
      (e) => (e.code === 'InvalidVpcId.NotFound') || (e.data && e.data.Code === 'InvalidVpcId.NotFound'), name);
  }
});

test('VPCs and vSwitches are Pending, then Available over virtual time (realistic timing)', async () => {
  await server.timing('realistic', { 'vpc-creating': 4, 'vswitch-creating': 3 });
  const created = await vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.0.0.0/8', vpcName: 'tf-vpc' }));
  const id = created.body.vpcId;
  
  let attr = (await vpc.describeVpcAttribute(new Vpc.DescribeVpcAttributeRequest({ regionId: REGION, vpcId: id }))).body;
  assert.equal(attr.status, 'Pending');
  await assert.rejects(popVpc.request('CreateVSwitch', { RegionId: REGION, VpcId: id, ZoneId: 'cn-hangzhou-i', CidrBlock: '10.1.0.0/16' }),
    (e) => e.code === 'IncorrectVpcStatus');
  await server.advance(4);
  attr = (await vpc.describeVpcAttribute(new Vpc.DescribeVpcAttributeRequest({ regionId: REGION, vpcId: id }))).body;
  assert.equal(attr.status, 'Available');
  assert.equal(attr.vpcName, 'tf-vpc');
  const sw = (await vpc.createVSwitch(new Vpc.CreateVSwitchRequest({
    regionId: REGION, vpcId: id, zoneId: 'cn-hangzhou-j', cidrBlock: '10.1.0.0/24', vSwitchName: 'tf-sw' }))).body.vSwitchId;
  let s = (await vpc.describeVSwitchAttributes(new Vpc.DescribeVSwitchAttributesRequest({ regionId: REGION, vSwitchId: sw }))).body;
  assert.equal(s.status, 'Pending');
  await server.advance(3);
  s = (await vpc.describeVSwitchAttributes(new Vpc.DescribeVSwitchAttributesRequest({ regionId: REGION, vSwitchId: sw }))).body;
  assert.equal(s.status, 'Available');
  assert.equal(s.zoneId, 'cn-hangzhou-j');
  assert.equal(s.availableIpAddressCount, 252);
  assert.equal(s.vpcId, id);
  const listed = (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vpcId: id }))).body;
  assert.equal(listed.totalCount, 1);
  assert.equal(listed.vSwitches.vSwitch[0].vSwitchName, 'tf-sw');
});

test('CreateVSwitch refuses a block outside the VPC, an overlap, a bad mask and an unknown zone', async () => {
  const { vpcId } = await network();
  const refused = async (params, code) => assert.rejects(popVpc.request('CreateVSwitch', {
    RegionId: REGION, VpcId: vpcId, ZoneId: 'cn-hangzhou-i', ...params }), (e) => {
    assert.equal(e.code, code, JSON.stringify(params));
    return true;
  });
  await refused({ CidrBlock: '10.0.0.0/24' }, 'InvalidParameter');
  await refused({ CidrBlock: '192.168.1.128/25' }, 'InvalidCidrBlock.Overlapped');
  await refused({ CidrBlock: '192.168.8.0/30' }, 'InvalidCirdrBlock.MaskLength');
  await refused({ CidrBlock: '192.168.8.0/24', ZoneId: 'cn-hangzhou-a' }, 'InvalidZoneId.NotFound');
  await refused({ CidrBlock: '192.168.8.1/24' }, 'InvalidCidrBlock.Malformed');
  await assert.rejects(popVpc.request('CreateVpc', { RegionId: REGION, CidrBlock: '8.8.0.0/16' }),
    (e) => e.code === 'InvalidCidrBlock.Malformed');
});

test('RunInstances with a VSwitchId takes its zone, VPC and addresses; unknown IDs are refused', async () => {
  const { vpcId, vswitchId } = await network('cn-hangzhou-j');
  const sg = (await pop.request('CreateSecurityGroup', { RegionId: REGION, VpcId: vpcId })).SecurityGroupId;
  const run = await pop.request('RunInstances', {
    RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large', VSwitchId: vswitchId, SecurityGroupId: sg, Amount: 2 });
  const ids = run.InstanceIdSets.InstanceIdSet;
  const inst = (await pop.request('DescribeInstances', { RegionId: REGION, InstanceIds: JSON.stringify(ids) })).Instances.Instance;
  for (const i of inst) {
    assert.equal(i.ZoneId, 'cn-hangzhou-j');
    assert.equal(i.VpcAttributes.VpcId, vpcId);
    assert.equal(i.VpcAttributes.VSwitchId, vswitchId);
    assert.match(i.VpcAttributes.PrivateIpAddress.IpAddress[0], /^192\.168\.1\.\d+$/);
    assert.deepEqual(i.SecurityGroupIds.SecurityGroupId, [sg]);
  }
  const fixed = await pop.request('RunInstances', {
    RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large', VSwitchId: vswitchId, SecurityGroupId: sg, PrivateIpAddress: '192.168.1.200' });
  const one = await pop.request('DescribeInstanceAttribute', { InstanceId: fixed.InstanceIdSets.InstanceIdSet[0] });
  assert.deepEqual(one.VpcAttributes.PrivateIpAddress.IpAddress, ['192.168.1.200']);
  const sw = await popVpc.request('DescribeVSwitchAttributes', { RegionId: REGION, VSwitchId: vswitchId });
  assert.equal(sw.AvailableIpAddressCount, 249);
  const refused = async (params, code) => assert.rejects(pop.request('RunInstances', {
    RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large', ...params }), (e) => {
    assert.equal(e.code, code, JSON.stringify(params));
    return true;
  });
  const ecs = server.ecs();
  await assert.rejects(ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'img',
    instanceType: 'ecs.g7.large', vSwitchId: 'vsw-nope', securityGroupId: sg })),
  (e) => e.code === 'InvalidVSwitchId.NotFound' && e.statusCode === 403);
  await assert.rejects(ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'img',
    instanceType: 'ecs.g7.large', vSwitchId: vswitchId, securityGroupId: 'sg-nope' })),
  (e) => e.code === 'InvalidSecurityGroupId.NotFound' && e.statusCode === 404);
  await refused({ VSwitchId: vswitchId, SecurityGroupId: sg, PrivateIpAddress: '192.168.1.200' }, 'InvalidPrivateIpAddress.Duplicated');
  await refused({ VSwitchId: vswitchId, SecurityGroupId: sg, PrivateIpAddress: '192.168.2.5' }, 'InvalidPrivateIpAddress');
  await refused({ VSwitchId: vswitchId, SecurityGroupId: sg, ZoneId: 'cn-hangzhou-i' }, 'InvalidParameter.Conflict');
  await refused({ SecurityGroupId: sg }, 'InvalidVSwitchId.Necessary');
  const other = (await popVpc.request('CreateVpc', { RegionId: REGION })).VpcId;
  const otherSg = (await pop.request('CreateSecurityGroup', { RegionId: REGION, VpcId: other })).SecurityGroupId;
  await refused({ VSwitchId: vswitchId, SecurityGroupId: otherSg }, 'InvalidParameter.Mismatch');
  assert.equal((await server.state()).body.ecs.instances.length, 3);
  // Deleting what is in use is refused; after the release the address goes back.
  await assert.rejects(popVpc.request('DeleteVSwitch', { RegionId: REGION, VSwitchId: vswitchId }),
    (e) => e.code === 'DependencyViolation');
  await assert.rejects(popVpc.request('DeleteVpc', { RegionId: REGION, VpcId: vpcId }),
    (e) => e.code === 'DependencyViolation.VSwitch');
  await pop.request('DeleteInstances', { RegionId: REGION, 'InstanceId.1': ids[0], 'InstanceId.2': ids[1],
    'InstanceId.3': fixed.InstanceIdSets.InstanceIdSet[0], Force: true });
  assert.equal((await popVpc.request('DescribeVSwitchAttributes', { RegionId: REGION, VSwitchId: vswitchId })).AvailableIpAddressCount, 252);
  await popVpc.request('DeleteVSwitch', { RegionId: REGION, VSwitchId: vswitchId });
  await assert.rejects(popVpc.request('DeleteVpc', { RegionId: REGION, VpcId: vpcId }),
    (e) => e.code === 'DependencyViolation.SecurityGroup');
  await pop.request('DeleteSecurityGroup', { RegionId: REGION, SecurityGroupId: sg });
  await popVpc.request('DeleteVpc', { RegionId: REGION, VpcId: vpcId });
  await assert.rejects(popVpc.request('DescribeVpcAttribute', { RegionId: REGION, VpcId: vpcId }),
    (e) => e.code === 'InvalidVpcId.NotFound');
});

test('EIPs through the VPC API: allocate, associate, modify, unassociate, release; ConvertNatPublicIpToEip lists there', async () => {
  const alloc = (await vpc.allocateEipAddress(new Vpc.AllocateEipAddressRequest({ regionId: REGION, name: 'web-eip', bandwidth: '10' }))).body;
  assert.match(alloc.allocationId, /^eip-/);
  const run = await pop.request('RunInstances', { RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large', InternetMaxBandwidthOut: 5, Amount: 2 });
  const [a, b] = run.InstanceIdSets.InstanceIdSet;
  await assert.rejects(vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest({ regionId: REGION, allocationId: alloc.allocationId, instanceId: a })),
    (e) => e.code === 'InvalidAssociation.Duplicated');
  await pop.request('ConvertNatPublicIpToEip', { RegionId: REGION, InstanceId: a });
  const c = await pop.request('RunInstances', { RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large' });
  const cId = c.InstanceIdSets.InstanceIdSet[0];
  await vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest({ regionId: REGION, allocationId: alloc.allocationId, instanceId: cId }));
  await vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId: alloc.allocationId, bandwidth: '20', description: 'front door' }));
  const listed = (await vpc.describeEipAddresses(new Vpc.DescribeEipAddressesRequest({ regionId: REGION }))).body;
  assert.equal(listed.totalCount, 2);
  const mine = listed.eipAddresses.eipAddress.find((e) => e.allocationId === alloc.allocationId);
  assert.equal(mine.status, 'InUse');
  assert.equal(mine.instanceId, cId);
  assert.equal(mine.instanceType, 'EcsInstance');
  assert.equal(mine.bandwidth, '20');
  assert.equal(mine.name, 'web-eip');
  assert.equal(mine.description, 'front door');
  assert.equal(mine.internetChargeType, 'PayByBandwidth');
  const converted = listed.eipAddresses.eipAddress.find((e) => e.instanceId === a);
  assert.ok(converted, 'the converted NAT IP is an EIP of the VPC API');
  await assert.rejects(vpc.releaseEipAddress(new Vpc.ReleaseEipAddressRequest({ regionId: REGION, allocationId: alloc.allocationId })),
    (e) => e.code === 'IncorrectEipStatus');
  await vpc.unassociateEipAddress(new Vpc.UnassociateEipAddressRequest({ regionId: REGION, allocationId: alloc.allocationId, instanceId: cId }));
  await vpc.releaseEipAddress(new Vpc.ReleaseEipAddressRequest({ regionId: REGION, allocationId: alloc.allocationId }));
  await assert.rejects(popVpc.request('DescribeEipAddresses', { RegionId: REGION, AllocationId: alloc.allocationId })
    .then((r) => { if (r.TotalCount === 0) throw Object.assign(new Error('gone'), { code: 'gone' }); }), (e) => e.code === 'gone');
  // InstanceType=NetworkInterface names an ENI (network_interfaces.test.js): an instance ID is none.
  const spare = await popVpc.request('AllocateEipAddress', { RegionId: REGION });
  await assert.rejects(popVpc.request('AssociateEipAddress', { RegionId: REGION, AllocationId: spare.AllocationId, InstanceId: b, InstanceType: 'NetworkInterface' }),
    (e) => e.code === 'InvalidEniId.NotFound');
});

test('tags on VPCs and vSwitches: TagResources, ListTagResources, UnTagResources', async () => {
  const { vpcId, vswitchId } = await network();
  await vpc.tagResources(new Vpc.TagResourcesRequest({ regionId: REGION, resourceType: 'VPC', resourceId: [vpcId],
    tag: [new Vpc.TagResourcesRequestTag({ key: 'env', value: 'test' })] }));
  await popVpc.request('TagResources', { RegionId: REGION, ResourceType: 'VSWITCH', 'ResourceId.1': vswitchId, 'Tag.1.Key': 'tier', 'Tag.1.Value': 'web' });
  const listed = (await vpc.listTagResources(new Vpc.ListTagResourcesRequest({ regionId: REGION, resourceType: 'VSWITCH', resourceId: [vswitchId] }))).body;
  assert.deepEqual(listed.tagResources.tagResource.map((t) => [t.resourceId, t.tagKey, t.tagValue]), [[vswitchId, 'tier', 'web']]);
  const byTag = await popVpc.request('DescribeVpcs', { RegionId: REGION, 'Tag.1.Key': 'env' });
  assert.deepEqual(byTag.Vpcs.Vpc.map((v) => v.VpcId), [vpcId]);
  assert.deepEqual(byTag.Vpcs.Vpc[0].Tags.Tag.map((t) => ({ ...t })), [{ Key: 'env', Value: 'test' }]);
  await popVpc.request('UnTagResources', { RegionId: REGION, ResourceType: 'VPC', 'ResourceId.1': vpcId, 'TagKey.1': 'env' });
  assert.equal((await popVpc.request('DescribeVpcs', { RegionId: REGION, 'Tag.1.Key': 'env' })).TotalCount, 0);
  await assert.rejects(popVpc.request('TagResources', { RegionId: REGION, ResourceType: 'VPC', 'ResourceId.1': 'vpc-nope', 'Tag.1.Key': 'a' }),
    (e) => e.code === 'InvalidResourceId.NotFound');
});
