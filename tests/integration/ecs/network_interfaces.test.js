// Elastic network interfaces and the instance changes that go with the network, through
// @alicloud/ecs20140526: the Terraform alicloud provider's alicloud_ecs_network_interface and
// alicloud_ecs_network_interface_attachment sequences (resource_alicloud_ecs_network_interface.go,
// resource_alicloud_ecs_network_interface_attachment.go, service_alicloud_ecs.go's
// DescribeEcsNetworkInterface: DescribeNetworkInterfaces with NetworkInterfaceId.1, raw field
// names), each instance's primary ENI, the ENI filters and paging, EIPs on ENIs, and the
// instance-update path of resource_alicloud_instance.go (ModifyInstanceSpec while Stopped,
// ModifyPrepayInstanceSpec, ModifyInstanceVpcAttribute). Refusals change nothing.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, styles, Ecs, REGION } = require('./server');

let server;
let ecs;
let raw;  // the provider's RpcPost: raw wire names in, the raw body out
let pop;
let popVpc;
before(async () => {
  server = await startServer();
  ecs = server.ecs();
  raw = styles(server)['ecs20140526 ACS3'];
  pop = server.pop();
  popVpc = server.popVpc();
});
after(() => server.stop());
beforeEach(async () => {
  await server.reset();
  await server.timing('realistic', { 'eni-attaching': 2, 'eni-detaching': 2, pending: 10,
    rebooting: 6, 'vpc-creating': 0, 'vswitch-creating': 0 });
});

const code = (expected) => (e) => { assert.equal(e.code || (e.data && e.data.Code), expected); return true; };

async function waitFor(read, done, timeout = 300) {
  for (let waited = 0; waited <= timeout; waited += 5) {
    const value = await read();
    if (done(value)) return value;
    await server.advance(5);
  }
  throw new Error('timed out waiting');
}

async function network(zone = 'cn-hangzhou-i', cidr = '192.168.1.0/24', vpcId) {
  const v = vpcId || (await popVpc.request('CreateVpc', { RegionId: REGION, CidrBlock: '192.168.0.0/16' })).VpcId;
  const s = (await popVpc.request('CreateVSwitch', { RegionId: REGION, VpcId: v, ZoneId: zone, CidrBlock: cidr })).VSwitchId;
  const g = (await pop.request('CreateSecurityGroup', { RegionId: REGION, VpcId: v })).SecurityGroupId;
  return { vpcId: v, vswitchId: s, sgId: g };
}

async function runInstance(net, extra = {}) {
  const id = (await pop.request('RunInstances', {
    RegionId: REGION, ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd', InstanceType: 'ecs.g7.large',
    ...(net.vswitchId ? { VSwitchId: net.vswitchId } : {}), SecurityGroupId: net.sgId, ...extra })).InstanceIdSets.InstanceIdSet[0];
  await server.advance(10);
  return id;
}

const describeEni = async (id) => (await raw('DescribeNetworkInterfaces', {
  RegionId: REGION, 'NetworkInterfaceId.1': id })).NetworkInterfaceSets.NetworkInterfaceSet;

async function instance(id) {
  return (await pop.request('DescribeInstances', { RegionId: REGION, InstanceIds: JSON.stringify([id]) })).Instances.Instance[0];
}

test('alicloud_ecs_network_interface + _attachment: create, wait, read, update, attach, detach, delete', async () => {
  const net = await network();
  const sg2 = (await pop.request('CreateSecurityGroup', { RegionId: REGION, VpcId: net.vpcId })).SecurityGroupId;
  // Create: RpcPost CreateNetworkInterface with the provider's fields, then wait for Available.
  const created = await raw('CreateNetworkInterface', {
    RegionId: REGION, VSwitchId: net.vswitchId, 'SecurityGroupIds.1': net.sgId, NetworkInterfaceName: 'tf-eni',
    Description: 'Basic test', PrimaryIpAddress: '192.168.1.20', SecondaryPrivateIpAddressCount: 2,
    'Tag.1.Key': 'Created', 'Tag.1.Value': 'TF' });
  const id = created.NetworkInterfaceId;
  assert.match(id, /^eni-/);
  const [eni] = await waitFor(() => describeEni(id), (l) => l.length === 1 && l[0].Status === 'Available');
  // Read: every field resourceAliCloudEcsNetworkInterfaceRead dereferences.
  assert.equal(eni.Description, 'Basic test');
  assert.match(eni.MacAddress, /^00:16:3e(:[0-9a-f]{2}){3}$/);
  assert.equal(eni.NetworkInterfaceName, 'tf-eni');
  assert.equal(eni.PrivateIpAddress, '192.168.1.20');
  const secondaries = eni.PrivateIpSets.PrivateIpSet.filter((s) => !s.Primary);
  assert.equal(secondaries.length, 2);
  assert.equal(eni.PrivateIpSets.PrivateIpSet.filter((s) => s.Primary)[0].PrivateIpAddress, '192.168.1.20');
  assert.deepEqual(eni.Ipv6Sets.Ipv6Set, []);
  assert.deepEqual(eni.Ipv4PrefixSets.Ipv4PrefixSet, []);
  assert.equal(typeof eni.QueueNumber, 'number');
  assert.equal(eni.ResourceGroupId, '');
  assert.deepEqual(eni.SecurityGroupIds.SecurityGroupId, [net.sgId]);
  assert.equal(eni.VSwitchId, net.vswitchId);
  assert.equal(eni.Type, 'Secondary');
  assert.equal(eni.NetworkInterfaceTrafficMode, 'Standard');
  assert.equal(eni.SourceDestCheck, true);
  const tags = await raw('ListTagResources', { RegionId: REGION, ResourceType: 'eni', 'ResourceId.1': id });
  assert.deepEqual(tags.TagResources.TagResource.map((t) => [t.TagKey, t.TagValue]), [['Created', 'TF']]);

  // Update: ModifyNetworkInterfaceAttribute (name, description, SecurityGroupId.N).
  await raw('ModifyNetworkInterfaceAttribute', {
    RegionId: REGION, NetworkInterfaceId: id, NetworkInterfaceName: 'tf-eni-2', Description: 'changed',
    'SecurityGroupId.1': net.sgId, 'SecurityGroupId.2': sg2 });
  let [read] = await describeEni(id);
  assert.equal(read.NetworkInterfaceName, 'tf-eni-2');
  assert.equal(read.Description, 'changed');
  assert.deepEqual(read.SecurityGroupIds.SecurityGroupId, [net.sgId, sg2]);
  await assert.rejects(raw('ModifyNetworkInterfaceAttribute', {
    RegionId: REGION, NetworkInterfaceId: id, NetworkInterfaceName: 'tf-eni-3', 'SecurityGroupId.1': 'sg-nope' }),
  code('InvalidSecurityGroupId.NotFound'));
  [read] = await describeEni(id);
  assert.equal(read.NetworkInterfaceName, 'tf-eni-2');

  // alicloud_ecs_network_interface_attachment: AttachNetworkInterface, wait InUse.
  const instanceId = await runInstance(net);
  await raw('AttachNetworkInterface', { RegionId: REGION, InstanceId: instanceId, NetworkInterfaceId: id });
  [read] = await describeEni(id);
  assert.equal(read.Status, 'Attaching');
  await assert.rejects(raw('DeleteNetworkInterface', { RegionId: REGION, NetworkInterfaceId: id }),
    code('InvalidOperation.InvalidEniState'));
  [read] = await waitFor(() => describeEni(id), (l) => l[0].Status === 'InUse');
  assert.equal(read.InstanceId, instanceId);
  assert.equal(read.Attachment.InstanceId, instanceId);
  // The attachment's read: DescribeNetworkInterfaces by InstanceId.
  const byInstance = (await raw('DescribeNetworkInterfaces', { RegionId: REGION, InstanceId: instanceId }))
    .NetworkInterfaceSets.NetworkInterfaceSet;
  assert.deepEqual(byInstance.map((e) => e.Type).sort(), ['Primary', 'Secondary']);
  const nics = (await instance(instanceId)).NetworkInterfaces.NetworkInterface;
  assert.deepEqual(nics.map((n) => n.Type), ['Primary', 'Secondary']);
  assert.equal(nics[1].NetworkInterfaceId, id);
  assert.equal(nics[1].PrimaryIpAddress, '192.168.1.20');
  assert.equal(nics[1].MacAddress, read.MacAddress);
  // Attached, it cannot be deleted (the provider retries on InvalidOperation.InvalidEniState).
  await assert.rejects(raw('DeleteNetworkInterface', { RegionId: REGION, NetworkInterfaceId: id }),
    code('InvalidOperation.InvalidEniState'));

  // Destroy the attachment: DetachNetworkInterface, wait Available.
  await raw('DetachNetworkInterface', { RegionId: REGION, InstanceId: instanceId, NetworkInterfaceId: id });
  [read] = await describeEni(id);
  assert.equal(read.Status, 'Detaching');
  [read] = await waitFor(() => describeEni(id), (l) => l[0].Status === 'Available');
  assert.equal(read.InstanceId, '');
  assert.equal((await instance(instanceId)).NetworkInterfaces.NetworkInterface.length, 1);

  // Destroy the ENI: DeleteNetworkInterface, then the read finds nothing; its address is free again.
  await raw('DeleteNetworkInterface', { RegionId: REGION, NetworkInterfaceId: id });
  assert.deepEqual(await describeEni(id), []);
  await assert.rejects(raw('DeleteNetworkInterface', { RegionId: REGION, NetworkInterfaceId: id }),
    code('InvalidEniId.NotFound'));
  const again = await raw('CreateNetworkInterface', {
    RegionId: REGION, VSwitchId: net.vswitchId, SecurityGroupId: net.sgId, PrimaryIpAddress: '192.168.1.20' });
  assert.match(again.NetworkInterfaceId, /^eni-/);
});

test('every instance launched into a vSwitch has its primary ENI, listed and gone with it', async () => {
  const net = await network();
  const id = await runInstance(net);
  const inst = await instance(id);
  const [nic] = inst.NetworkInterfaces.NetworkInterface;
  assert.equal(nic.Type, 'Primary');
  assert.equal(nic.PrimaryIpAddress, inst.VpcAttributes.PrivateIpAddress.IpAddress[0]);
  const listed = (await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({
    regionId: REGION, instanceId: id, type: 'Primary' }))).body;
  assert.equal(listed.totalCount, 1);
  const primary = listed.networkInterfaceSets.networkInterfaceSet[0];
  assert.equal(primary.networkInterfaceId, nic.NetworkInterfaceId);
  assert.equal(primary.status, 'InUse');
  assert.equal(primary.privateIpAddress, nic.PrimaryIpAddress);
  assert.deepEqual(primary.securityGroupIds.securityGroupId, [net.sgId]);
  // The primary ENI cannot be detached or deleted.
  await assert.rejects(raw('DetachNetworkInterface', { RegionId: REGION, InstanceId: id, NetworkInterfaceId: nic.NetworkInterfaceId }),
    code('InvalidOperation.InvalidEniType'));
  await assert.rejects(raw('DeleteNetworkInterface', { RegionId: REGION, NetworkInterfaceId: nic.NetworkInterfaceId }),
    code('InvalidOperation.InvalidEniType'));
  // A secondary ENI attached to it is detached when the instance is released; the primary goes.
  const eni = (await raw('CreateNetworkInterface', { RegionId: REGION, VSwitchId: net.vswitchId, SecurityGroupId: net.sgId })).NetworkInterfaceId;
  await raw('AttachNetworkInterface', { RegionId: REGION, InstanceId: id, NetworkInterfaceId: eni });
  await server.advance(2);
  await pop.request('DeleteInstance', { InstanceId: id, Force: true });
  assert.deepEqual(await describeEni(nic.NetworkInterfaceId), []);
  const [left] = await describeEni(eni);
  assert.equal(left.Status, 'Available');
  assert.equal(left.InstanceId, '');
});

test('DescribeNetworkInterfaces filters and pages as documented', async () => {
  const net = await network();
  const other = await network('cn-hangzhou-j', '192.168.2.0/24', net.vpcId);
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await raw('CreateNetworkInterface', { RegionId: REGION, VSwitchId: i < 3 ? net.vswitchId : other.vswitchId,
      SecurityGroupId: i < 3 ? net.sgId : other.sgId, NetworkInterfaceName: `eni${i}` })).NetworkInterfaceId);
  }
  const list = async (params) => raw('DescribeNetworkInterfaces', { RegionId: REGION, ...params });
  assert.equal((await list({ VSwitchId: other.vswitchId })).TotalCount, 2);
  assert.equal((await list({ VpcId: net.vpcId })).TotalCount, 5);
  assert.equal((await list({ Type: 'Secondary', Status: 'Available' })).TotalCount, 5);
  assert.equal((await list({ Type: 'Primary' })).TotalCount, 0);
  assert.equal((await list({ NetworkInterfaceName: 'eni1' })).NetworkInterfaceSets.NetworkInterfaceSet[0].NetworkInterfaceId, ids[1]);
  assert.equal((await list({ SecurityGroupId: other.sgId })).TotalCount, 2);
  const two = await list({ 'NetworkInterfaceId.1': ids[0], 'NetworkInterfaceId.2': ids[4] });
  assert.deepEqual(two.NetworkInterfaceSets.NetworkInterfaceSet.map((e) => e.NetworkInterfaceId), [ids[0], ids[4]]);
  // PageNumber / PageSize.
  const page2 = await list({ PageNumber: 2, PageSize: 2 });
  assert.equal(page2.TotalCount, 5);
  assert.equal(page2.PageNumber, 2);
  assert.deepEqual(page2.NetworkInterfaceSets.NetworkInterfaceSet.map((e) => e.NetworkInterfaceId), ids.slice(2, 4));
  // MaxResults / NextToken.
  const seen = [];
  let token;
  do {
    const page = await list({ MaxResults: 2, ...(token ? { NextToken: token } : {}) });
    seen.push(...page.NetworkInterfaceSets.NetworkInterfaceSet.map((e) => e.NetworkInterfaceId));
    token = page.NextToken;
  } while (token);
  assert.deepEqual(seen, ids);
  await assert.rejects(list({ Type: 'Bogus' }), code('InvalidParameter'));
});

test('CreateNetworkInterface and AttachNetworkInterface refuse bad input and change nothing', async () => {
  const net = await network();
  const far = await network('cn-hangzhou-j', '192.168.2.0/24', net.vpcId);
  const create = (params) => raw('CreateNetworkInterface', { RegionId: REGION, ...params });
  await assert.rejects(create({ SecurityGroupId: net.sgId }), code('MissingParameter'));
  await assert.rejects(create({ VSwitchId: 'vsw-nope', SecurityGroupId: net.sgId }), code('InvalidVSwitchId.NotFound'));
  await assert.rejects(create({ VSwitchId: net.vswitchId, SecurityGroupId: 'sg-nope' }), code('InvalidSecurityGroupId.NotFound'));
  await assert.rejects(create({ VSwitchId: net.vswitchId, SecurityGroupId: net.sgId, PrimaryIpAddress: '10.0.0.5' }),
    code('InvalidPrivateIpAddress'));
  await assert.rejects(create({ VSwitchId: net.vswitchId, SecurityGroupId: net.sgId, Ipv6AddressCount: 1 }),
    code('InvalidParameter'));
  assert.equal((await raw('DescribeNetworkInterfaces', { RegionId: REGION })).TotalCount, 0);
  const id = await runInstance(net);
  const eni = (await create({ VSwitchId: far.vswitchId, SecurityGroupId: net.sgId })).NetworkInterfaceId;
  await assert.rejects(raw('AttachNetworkInterface', { RegionId: REGION, InstanceId: id, NetworkInterfaceId: eni }),
    code('InvalidOperation.AvailabilityZoneMismatch'));
  await assert.rejects(raw('AttachNetworkInterface', { RegionId: REGION, InstanceId: 'i-nope', NetworkInterfaceId: eni }),
    code('InvalidEcsId.NotFound'));
  await assert.rejects(raw('AttachNetworkInterface', { RegionId: REGION, InstanceId: id, NetworkInterfaceId: 'eni-nope' }),
    code('InvalidEniId.NotFound'));
  assert.equal((await describeEni(eni))[0].Status, 'Available');
  assert.equal((await instance(id)).NetworkInterfaces.NetworkInterface.length, 1);
});

test('AssociateEipAddress with InstanceType=NetworkInterface', async () => {
  const net = await network();
  const eni = (await raw('CreateNetworkInterface', { RegionId: REGION, VSwitchId: net.vswitchId, SecurityGroupId: net.sgId })).NetworkInterfaceId;
  const eip = await popVpc.request('AllocateEipAddress', { RegionId: REGION });
  await popVpc.request('AssociateEipAddress', { RegionId: REGION, AllocationId: eip.AllocationId, InstanceId: eni, InstanceType: 'NetworkInterface' });
  const listed = (await popVpc.request('DescribeEipAddresses', { RegionId: REGION, AllocationId: eip.AllocationId })).EipAddresses.EipAddress[0];
  assert.equal(listed.Status, 'InUse');
  assert.equal(listed.InstanceId, eni);
  assert.equal(listed.InstanceType, 'NetworkInterface');
  const [read] = await describeEni(eni);
  assert.equal(read.AssociatedPublicIp.PublicIpAddress, eip.EipAddress);
  await assert.rejects(popVpc.request('AssociateEipAddress', { RegionId: REGION, AllocationId: eip.AllocationId, InstanceId: 'eni-nope', InstanceType: 'NetworkInterface' }),
    code('InvalidEniId.NotFound'));
  await popVpc.request('UnassociateEipAddress', { RegionId: REGION, AllocationId: eip.AllocationId, InstanceId: eni, InstanceType: 'NetworkInterface' });
  assert.equal((await describeEni(eni))[0].AssociatedPublicIp.PublicIpAddress, '');
  assert.equal((await popVpc.request('DescribeEipAddresses', { RegionId: REGION })).EipAddresses.EipAddress[0].Status, 'Available');
});

test('alicloud_instance update: ModifyInstanceSpec only while Stopped, type checked against the catalogue', async () => {
  const net = await network();
  const id = await runInstance(net);
  // Running: the type cannot change (the provider stops the instance first).
  await assert.rejects(ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: id, instanceType: 'ecs.g7.xlarge' })),
    code('IncorrectInstanceStatus'));
  assert.equal((await instance(id)).InstanceType, 'ecs.g7.large');
  await pop.request('StopInstance', { InstanceId: id });
  await waitFor(async () => (await instance(id)).Status, (s) => s === 'Stopped');
  await assert.rejects(ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: id, instanceType: 'ecs.nope.large' })),
    code('InvalidInstanceType.ValueNotSupported'));
  await assert.rejects(raw('ModifyInstanceSpec', { InstanceId: id, InstanceType: 'ecs.g7.xlarge', AllowMigrateAcrossZone: true }),
    code('InvalidParameter'));
  await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: id, instanceType: 'ecs.g7.xlarge' }));
  let inst = await instance(id);
  assert.equal(inst.InstanceType, 'ecs.g7.xlarge');
  assert.equal(inst.Cpu, 4);
  assert.equal(inst.Memory, 16384);
  // Bandwidth changes while Running or Stopped.
  await ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: id, internetMaxBandwidthOut: 10 }));
  inst = await instance(id);
  assert.equal(inst.InternetMaxBandwidthOut, 10);
  await pop.request('StartInstance', { InstanceId: id });
  await waitFor(async () => (await instance(id)).Status, (s) => s === 'Running');
  assert.equal((await instance(id)).InstanceType, 'ecs.g7.xlarge');
  // A subscription instance goes through ModifyPrepayInstanceSpec instead.
  const prepaid = await runInstance(net, { InstanceChargeType: 'PrePaid', Period: 1 });
  await pop.request('StopInstance', { InstanceId: prepaid });
  await waitFor(async () => (await instance(prepaid)).Status, (s) => s === 'Stopped');
  await assert.rejects(ecs.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: prepaid, instanceType: 'ecs.g7.xlarge' })),
    code('ChargeTypeViolation'));
});

test('ModifyPrepayInstanceSpec: upgrade while Running with a reboot, downgrade only while Stopped', async () => {
  const net = await network();
  const id = await runInstance(net, { InstanceChargeType: 'PrePaid', Period: 1 });
  const postpaid = await runInstance(net);
  await assert.rejects(ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: postpaid, instanceType: 'ecs.g7.xlarge' })),
    code('ChargeTypeViolation'));
  await assert.rejects(ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({
    regionId: REGION, instanceId: id, instanceType: 'ecs.g7.large', operatorType: 'sideways' })), code('InvalidParameter'));
  const up = await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({
    regionId: REGION, instanceId: id, instanceType: 'ecs.g7.2xlarge', operatorType: 'upgrade', rebootWhenFinished: true }));
  assert.match(up.body.orderId, /^\d+$/);
  let inst = await instance(id);
  assert.equal(inst.InstanceType, 'ecs.g7.2xlarge');
  assert.equal(inst.Status, 'Stopping');  // the reboot that applies it
  await waitFor(async () => (await instance(id)).Status, (s) => s === 'Running');
  // A downgrade needs a Stopped instance.
  await assert.rejects(ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({
    regionId: REGION, instanceId: id, instanceType: 'ecs.g7.large', operatorType: 'downgrade' })), code('IncorrectInstanceStatus'));
  await pop.request('StopInstance', { InstanceId: id });
  await waitFor(async () => (await instance(id)).Status, (s) => s === 'Stopped');
  await assert.rejects(ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({
    regionId: REGION, instanceId: id, instanceType: 'ecs.g7.large', operatorType: 'upgrade' })), code('InvalidParameter'));
  await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({
    regionId: REGION, instanceId: id, instanceType: 'ecs.g7.large', operatorType: 'downgrade' }));
  inst = await instance(id);
  assert.equal(inst.InstanceType, 'ecs.g7.large');
  assert.equal(inst.Status, 'Stopped');
});

test('ModifyInstanceVpcAttribute moves a Stopped instance to another vSwitch and VPC', async () => {
  const net = await network();
  const sameVpc = (await popVpc.request('CreateVSwitch', { RegionId: REGION, VpcId: net.vpcId, ZoneId: 'cn-hangzhou-i', CidrBlock: '192.168.5.0/24' })).VSwitchId;
  const other = await network('cn-hangzhou-i', '10.0.1.0/24',
    (await popVpc.request('CreateVpc', { RegionId: REGION, CidrBlock: '10.0.0.0/16' })).VpcId);
  const id = await runInstance(net);
  await assert.rejects(ecs.modifyInstanceVpcAttribute(new Ecs.ModifyInstanceVpcAttributeRequest({ instanceId: id, vSwitchId: sameVpc })),
    code('IncorrectInstanceStatus'));
  await pop.request('StopInstance', { InstanceId: id });
  await waitFor(async () => (await instance(id)).Status, (s) => s === 'Stopped');
  await assert.rejects(ecs.modifyInstanceVpcAttribute(new Ecs.ModifyInstanceVpcAttributeRequest({
    instanceId: id, vSwitchId: sameVpc, privateIpAddress: '10.9.9.9' })), code('InvalidPrivateIpAddress'));
  await ecs.modifyInstanceVpcAttribute(new Ecs.ModifyInstanceVpcAttributeRequest({
    instanceId: id, vSwitchId: sameVpc, privateIpAddress: '192.168.5.50' }));
  let inst = await instance(id);
  assert.equal(inst.VpcAttributes.VSwitchId, sameVpc);
  assert.deepEqual(inst.VpcAttributes.PrivateIpAddress.IpAddress, ['192.168.5.50']);
  assert.equal(inst.NetworkInterfaces.NetworkInterface[0].PrimaryIpAddress, '192.168.5.50');
  // Into another VPC: VpcId and security groups of that VPC are needed.
  await assert.rejects(ecs.modifyInstanceVpcAttribute(new Ecs.ModifyInstanceVpcAttributeRequest({
    instanceId: id, vSwitchId: other.vswitchId })), code('MissingParameter'));
  await assert.rejects(ecs.modifyInstanceVpcAttribute(new Ecs.ModifyInstanceVpcAttributeRequest({
    instanceId: id, vSwitchId: other.vswitchId, vpcId: other.vpcId, securityGroupId: [net.sgId] })), code('InvalidParameter.Mismatch'));
  inst = await instance(id);
  assert.equal(inst.VpcAttributes.VpcId, net.vpcId);
  await ecs.modifyInstanceVpcAttribute(new Ecs.ModifyInstanceVpcAttributeRequest({
    instanceId: id, vSwitchId: other.vswitchId, vpcId: other.vpcId, securityGroupId: [other.sgId] }));
  inst = await instance(id);
  assert.equal(inst.VpcAttributes.VpcId, other.vpcId);
  assert.deepEqual(inst.SecurityGroupIds.SecurityGroupId, [other.sgId]);
  assert.match(inst.VpcAttributes.PrivateIpAddress.IpAddress[0], /^10\.0\.1\./);
  const primary = (await raw('DescribeNetworkInterfaces', { RegionId: REGION, InstanceId: id })).NetworkInterfaceSets.NetworkInterfaceSet[0];
  assert.equal(primary.VpcId, other.vpcId);
  assert.equal(primary.VSwitchId, other.vswitchId);
  // The old vSwitch has its address back: it can be deleted.
  await popVpc.request('DeleteVSwitch', { RegionId: REGION, VSwitchId: sameVpc });
});

test('the default VPC and vSwitches: IsDefault true, and RunInstances without VSwitchId goes into them', async () => {
  await server.timing('realistic', { 'vpc-creating': 2, 'vswitch-creating': 2, pending: 10 });
  const vpcClient = server.vpc();
  const { Vpc } = require('./server');
  // No default VPC yet: a launch without VSwitchId has no VPC, as before.
  const sg0 = (await pop.request('CreateSecurityGroup', { RegionId: REGION })).SecurityGroupId;
  const classic = await runInstance({ vswitchId: undefined, sgId: sg0 }, { ZoneId: 'cn-hangzhou-i' });
  assert.equal((await instance(classic)).VpcAttributes.VpcId, '');
  await assert.rejects(popVpc.request('CreateDefaultVSwitch', { RegionId: REGION, ZoneId: 'cn-hangzhou-i' }),
    code('OperationFailed.DefaultVpcNotExist'));
  const created = (await vpcClient.createDefaultVpc(new Vpc.CreateDefaultVpcRequest({ regionId: REGION }))).body;
  assert.match(created.vpcId, /^vpc-/);
  assert.match(created.VRouterId || created.vRouterId, /^vrt-/);
  await assert.rejects(popVpc.request('CreateDefaultVpc', { RegionId: REGION }), code('OperationFailed.DefaultVpcExist'));
  await server.advance(2);
  const own = (await popVpc.request('CreateVpc', { RegionId: REGION, CidrBlock: '10.0.0.0/16' })).VpcId;
  const defaults = (await popVpc.request('DescribeVpcs', { RegionId: REGION, IsDefault: true })).Vpcs.Vpc;
  assert.deepEqual(defaults.map((v) => [v.VpcId, v.IsDefault, v.CidrBlock]), [[created.vpcId, true, '172.16.0.0/12']]);
  const others = (await popVpc.request('DescribeVpcs', { RegionId: REGION, IsDefault: false })).Vpcs.Vpc;
  assert.deepEqual(others.map((v) => v.VpcId), [own]);
  const swI = (await vpcClient.createDefaultVSwitch(new Vpc.CreateDefaultVSwitchRequest({ regionId: REGION, zoneId: 'cn-hangzhou-i' }))).body.vSwitchId;
  const swJ = (await popVpc.request('CreateDefaultVSwitch', { RegionId: REGION, ZoneId: 'cn-hangzhou-j' })).VSwitchId;
  await assert.rejects(popVpc.request('CreateDefaultVSwitch', { RegionId: REGION, ZoneId: 'cn-hangzhou-i' }),
    code('OperationFailed.DefaultVSwitchExist'));
  await server.advance(2);
  const sws = (await popVpc.request('DescribeVSwitches', { RegionId: REGION, IsDefault: true })).VSwitches.VSwitch;
  assert.deepEqual(sws.map((s) => [s.VSwitchId, s.ZoneId, s.CidrBlock, s.IsDefault, s.Status]).sort((a, b) => a[1].localeCompare(b[1])),
    [[swI, 'cn-hangzhou-i', '172.16.0.0/20', true, 'Available'], [swJ, 'cn-hangzhou-j', '172.16.16.0/20', true, 'Available']]);
  // RunInstances without VSwitchId: the default vSwitch of the zone, and its VPC's groups.
  const sg = (await pop.request('CreateSecurityGroup', { RegionId: REGION, VpcId: created.vpcId })).SecurityGroupId;
  const id = await runInstance({ vswitchId: undefined, sgId: sg }, { ZoneId: 'cn-hangzhou-j' });
  const inst = await instance(id);
  assert.equal(inst.VpcAttributes.VSwitchId, swJ);
  assert.equal(inst.VpcAttributes.VpcId, created.vpcId);
  assert.match(inst.VpcAttributes.PrivateIpAddress.IpAddress[0], /^172\.16\.1[6-9]\./);
  assert.equal(inst.NetworkInterfaces.NetworkInterface[0].Type, 'Primary');
  // A security group outside the default VPC does not fit the default vSwitch.
  await assert.rejects(pop.request('RunInstances', { RegionId: REGION, ImageId: 'aliyun_3_x64', InstanceType: 'ecs.g7.large',
    ZoneId: 'cn-hangzhou-i', SecurityGroupId: sg0 }), code('InvalidParameter.Mismatch'));
});
