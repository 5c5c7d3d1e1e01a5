// Secondary private IP addresses on ENIs (AssignPrivateIpAddresses / UnassignPrivateIpAddresses)
// and secondary ENIs made by RunInstances' NetworkInterface.N, through @alicloud/ecs20140526 (typed
// requests) and the provider's raw calls: the addresses come from the ENI's vSwitch, show in
// DescribeNetworkInterfaces' PrivateIpSets and DescribeInstances' NetworkInterfaces, go back to the
// vSwitch on unassign and release; refusals change nothing. docs/ecs.md ("Elastic network
// interfaces") states the rules.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, styles, Ecs, REGION } = require('./server');

let server;
let ecs;
let raw;
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
    'vpc-creating': 0, 'vswitch-creating': 0 });
});

const code = (expected) => (e) => {
  assert.equal(e.code || (e.data && e.data.Code), expected, e.message);
  return true;
};

async function network(zone = 'cn-hangzhou-i', cidr = '192.168.1.0/24', vpcId) {
  const v = vpcId || (await popVpc.request('CreateVpc', { RegionId: REGION, CidrBlock: '192.168.0.0/16' })).VpcId;
  const s = (await popVpc.request('CreateVSwitch', { RegionId: REGION, VpcId: v, ZoneId: zone, CidrBlock: cidr })).VSwitchId;
  const g = (await pop.request('CreateSecurityGroup', { RegionId: REGION, VpcId: v })).SecurityGroupId;
  return { vpcId: v, vswitchId: s, sgId: g };
}

const describeEni = async (id) => (await raw('DescribeNetworkInterfaces', {
  RegionId: REGION, 'NetworkInterfaceId.1': id })).NetworkInterfaceSets.NetworkInterfaceSet[0];
const ipsOf = (eni) => eni.PrivateIpSets.PrivateIpSet.map((s) => `${s.PrivateIpAddress}${s.Primary ? '*' : ''}`);
const assign = (eni, fields) => ecs.assignPrivateIpAddresses(new Ecs.AssignPrivateIpAddressesRequest({
  regionId: REGION, networkInterfaceId: eni, ...fields }));
const unassign = (eni, ips) => ecs.unassignPrivateIpAddresses(new Ecs.UnassignPrivateIpAddressesRequest({
  regionId: REGION, networkInterfaceId: eni, privateIpAddress: ips }));
const instance = async (id) => (await pop.request('DescribeInstances', {
  RegionId: REGION, InstanceIds: JSON.stringify([id]) })).Instances.Instance[0];

test('AssignPrivateIpAddresses / UnassignPrivateIpAddresses on an Available ENI', async () => {
  const net = await network();
  const eni = (await raw('CreateNetworkInterface', { RegionId: REGION, VSwitchId: net.vswitchId,
    SecurityGroupId: net.sgId, PrimaryIpAddress: '192.168.1.20' })).NetworkInterfaceId;
  // Named addresses: the answer lists what was assigned.
  const named = (await assign(eni, { privateIpAddress: ['192.168.1.30', '192.168.1.31'] })).body;
  assert.equal(named.assignedPrivateIpAddressesSet.networkInterfaceId, eni);
  assert.deepEqual(named.assignedPrivateIpAddressesSet.privateIpSet.privateIpAddress,
    ['192.168.1.30', '192.168.1.31']);
  // A count: free addresses of the vSwitch.
  const counted = (await assign(eni, { secondaryPrivateIpAddressCount: 2 })).body;
  const got = counted.assignedPrivateIpAddressesSet.privateIpSet.privateIpAddress;
  assert.equal(got.length, 2);
  for (const ip of got) assert.match(ip, /^192\.168\.1\.\d+$/);
  assert.equal(new Set([...got, '192.168.1.20', '192.168.1.30', '192.168.1.31']).size, 5);
  assert.deepEqual(ipsOf(await describeEni(eni)),
    ['192.168.1.20*', '192.168.1.30', '192.168.1.31', ...got]);
  // The PrivateIpAddress.N filter finds the ENI by a secondary address.
  const found = await raw('DescribeNetworkInterfaces', { RegionId: REGION, 'PrivateIpAddress.1': got[0] });
  assert.deepEqual(found.NetworkInterfaceSets.NetworkInterfaceSet.map((e) => e.NetworkInterfaceId), [eni]);

  // Refusals, each changing nothing.
  const before = ipsOf(await describeEni(eni));
  await assert.rejects(assign(eni, { privateIpAddress: ['192.168.1.40'], secondaryPrivateIpAddressCount: 1 }),
    code('InvalidParameter'));
  await assert.rejects(assign(eni, {}), code('MissingParameter'));
  await assert.rejects(assign(eni, { privateIpAddress: ['192.168.2.40'] }), code('InvalidVSwitchId.IpInvalid'));
  await assert.rejects(assign(eni, { privateIpAddress: ['192.168.1.41', '192.168.1.20'] }),
    code('InvalidIp.IpAssigned'));
  await assert.rejects(assign(eni, { privateIpAddress: ['192.168.1.42', '192.168.1.42'] }),
    code('InvalidIp.IpRepeated'));
  await assert.rejects(assign(eni, { secondaryPrivateIpAddressCount: 46 }),
    code('InvalidOperation.Ipv4CountExceeded'));  // 4 + 46 > 49 on an Available ENI
  await assert.rejects(assign('eni-doesnotexist0000000', { secondaryPrivateIpAddressCount: 1 }),
    code('InvalidEniId.NotFound'));
  await assert.rejects(unassign(eni, ['192.168.1.30', '192.168.1.99']), code('InvalidIp.IpUnassigned'));
  await assert.rejects(unassign(eni, ['192.168.1.20']), code('InvalidIp.IpUnassigned'));
  assert.deepEqual(ipsOf(await describeEni(eni)), before);

  // Unassign gives the addresses back to the vSwitch.
  await unassign(eni, ['192.168.1.30', got[1]]);
  assert.deepEqual(ipsOf(await describeEni(eni)), ['192.168.1.20*', '192.168.1.31', got[0]]);
  const reuse = await raw('CreateNetworkInterface', { RegionId: REGION, VSwitchId: net.vswitchId,
    SecurityGroupId: net.sgId, PrimaryIpAddress: '192.168.1.30' });
  assert.match(reuse.NetworkInterfaceId, /^eni-/);
  // Deleting the ENI frees its secondary addresses too.
  await raw('DeleteNetworkInterface', { RegionId: REGION, NetworkInterfaceId: eni });
  await raw('CreateNetworkInterface', { RegionId: REGION, VSwitchId: net.vswitchId,
    SecurityGroupId: net.sgId, PrimaryIpAddress: '192.168.1.31' });
});

test('secondary addresses on a primary ENI: instance status, the type quota, DescribeInstances, release', async () => {
  const net = await network();
  const id = (await pop.request('RunInstances', { RegionId: REGION, ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
    InstanceType: 'ecs.g7.large', VSwitchId: net.vswitchId, SecurityGroupId: net.sgId })).InstanceIdSets.InstanceIdSet[0];
  const primary = (await instance(id)).NetworkInterfaces.NetworkInterface[0].NetworkInterfaceId;
  // Pending: the instance must be Running or Stopped.
  await assert.rejects(assign(primary, { secondaryPrivateIpAddressCount: 1 }), code('InvalidOperation.InvalidEcsState'));
  await server.advance(10);
  await assign(primary, { privateIpAddress: ['192.168.1.100'] });
  // ecs.g7.large: 6 IPv4 addresses per ENI, so 5 secondary ones.
  await assert.rejects(assign(primary, { secondaryPrivateIpAddressCount: 5 }),
    code('InvalidOperation.Ipv4CountExceeded'));
  await assign(primary, { secondaryPrivateIpAddressCount: 4 });
  const nic = (await instance(id)).NetworkInterfaces.NetworkInterface[0];
  const sets = nic.PrivateIpSets.PrivateIpSet;
  assert.equal(sets.length, 6);
  assert.deepEqual(sets.slice(0, 2).map((s) => [s.PrivateIpAddress, s.Primary]),
    [[nic.PrimaryIpAddress, true], ['192.168.1.100', false]]);
  assert.equal(ipsOf(await describeEni(primary)).length, 6);
  // Release: the primary ENI and all its addresses go back to the vSwitch.
  await pop.request('DeleteInstance', { InstanceId: id, Force: true });
  const vsw = (await popVpc.request('DescribeVSwitches', { RegionId: REGION, VSwitchId: net.vswitchId })).VSwitches.VSwitch[0];
  assert.equal(vsw.AvailableIpAddressCount, 252);
  await raw('CreateNetworkInterface', { RegionId: REGION, VSwitchId: net.vswitchId,
    SecurityGroupId: net.sgId, PrimaryIpAddress: '192.168.1.100' });
});

test('RunInstances NetworkInterface.N: primary and secondary ENIs at launch, shown and released', async () => {
  const net = await network();
  const vsw2 = (await popVpc.request('CreateVSwitch', { RegionId: REGION, VpcId: net.vpcId,
    ZoneId: 'cn-hangzhou-i', CidrBlock: '192.168.2.0/24' })).VSwitchId;
  const sg2 = (await pop.request('CreateSecurityGroup', { RegionId: REGION, VpcId: net.vpcId })).SecurityGroupId;
  const run = (extra) => ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: 'aliyun_3_x64_20G_alibase_20240819.vhd', instanceType: 'ecs.g7.large', ...extra }));
  const launched = (await run({ networkInterface: [
    new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Primary', vSwitchId: net.vswitchId,
      securityGroupId: net.sgId, primaryIpAddress: '192.168.1.50' }),
    new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Secondary', vSwitchId: vsw2,
      securityGroupIds: [sg2], primaryIpAddress: '192.168.2.60', networkInterfaceName: 'data-eni',
      description: 'second NIC', networkInterfaceTrafficMode: 'Standard', secondaryPrivateIpAddressCount: 1 }),
  ] })).body;
  const id = launched.instanceIdSets.instanceIdSet[0];
  await server.advance(10);
  const inst = await instance(id);
  assert.equal(inst.VpcAttributes.VSwitchId, net.vswitchId);
  assert.deepEqual(inst.VpcAttributes.PrivateIpAddress.IpAddress, ['192.168.1.50']);
  assert.deepEqual(inst.SecurityGroupIds.SecurityGroupId, [net.sgId]);
  const nics = inst.NetworkInterfaces.NetworkInterface;
  assert.deepEqual(nics.map((n) => [n.Type, n.PrimaryIpAddress]), [['Primary', '192.168.1.50'], ['Secondary', '192.168.2.60']]);
  assert.equal(nics[1].PrivateIpSets.PrivateIpSet.length, 2);
  const second = await describeEni(nics[1].NetworkInterfaceId);
  assert.equal(second.Type, 'Secondary');
  assert.equal(second.Status, 'InUse');
  assert.equal(second.InstanceId, id);
  assert.equal(second.VSwitchId, vsw2);
  assert.equal(second.NetworkInterfaceName, 'data-eni');
  assert.equal(second.Description, 'second NIC');
  assert.equal(second.NetworkInterfaceTrafficMode, 'Standard');
  assert.equal(second.DeleteOnRelease, true);
  assert.deepEqual(second.SecurityGroupIds.SecurityGroupId, [sg2]);
  assert.equal(second.MacAddress, nics[1].MacAddress);
  // A secondary ENI without VSwitchId / security groups takes the instance's; DeleteOnRelease=false
  // keeps it when the instance goes.
  const kept = (await run({ vSwitchId: net.vswitchId, securityGroupId: net.sgId, amount: 2, networkInterface: [
    new Ecs.RunInstancesRequestNetworkInterface({ networkInterfaceName: 'kept', deleteOnRelease: false }),
  ] })).body.instanceIdSets.instanceIdSet;
  await server.advance(10);
  const keptEnis = [];
  for (const k of kept) {
    const n = (await instance(k)).NetworkInterfaces.NetworkInterface;
    assert.deepEqual(n.map((x) => x.Type), ['Primary', 'Secondary']);
    const e = await describeEni(n[1].NetworkInterfaceId);
    assert.equal(e.VSwitchId, net.vswitchId);
    assert.deepEqual(e.SecurityGroupIds.SecurityGroupId, [net.sgId]);
    assert.equal(e.DeleteOnRelease, false);
    keptEnis.push(e.NetworkInterfaceId);
  }
  assert.notEqual(keptEnis[0], keptEnis[1]);

  // Release: DeleteOnRelease ENIs go with the instance (addresses freed), the others stay Available.
  await pop.request('DeleteInstances', { RegionId: REGION, 'InstanceId.1': id, 'InstanceId.2': kept[0], Force: true });
  const left = (await raw('DescribeNetworkInterfaces', { RegionId: REGION, PageSize: 50 })).NetworkInterfaceSets.NetworkInterfaceSet;
  assert.equal(left.find((e) => e.NetworkInterfaceId === nics[1].NetworkInterfaceId), undefined);
  assert.equal(left.find((e) => e.NetworkInterfaceId === keptEnis[0]).Status, 'Available');
  await raw('CreateNetworkInterface', { RegionId: REGION, VSwitchId: vsw2, SecurityGroupId: sg2, PrimaryIpAddress: '192.168.2.60' });
});

test('RunInstances NetworkInterface.N refusals create nothing', async () => {
  const net = await network();
  const other = await network('cn-hangzhou-j', '192.168.9.0/24', net.vpcId);
  const otherVpc = await network('cn-hangzhou-i', '192.168.1.0/24');
  const run = (extra) => pop.request('RunInstances', { RegionId: REGION,
    ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd', InstanceType: 'ecs.g7.large', ...extra });
  const primary = { 'NetworkInterface.1.InstanceType': 'Primary', 'NetworkInterface.1.VSwitchId': net.vswitchId,
    'NetworkInterface.1.SecurityGroupId': net.sgId };
  await assert.rejects(run({ ...primary, VSwitchId: net.vswitchId }), code('InvalidParameter.Conflict'));
  await assert.rejects(run({ ...primary, SecurityGroupId: net.sgId }), code('InvalidParameter.Conflict'));
  await assert.rejects(run({ ...primary, PrivateIpAddress: '192.168.1.9', 'NetworkInterface.1.PrimaryIpAddress': '192.168.1.9' }),
    code('InvalidParameter.Conflict'));
  await assert.rejects(run({ 'NetworkInterface.1.InstanceType': 'Primary', 'NetworkInterface.1.SecurityGroupId': net.sgId }),
    code('MissingParameter'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.InstanceType': 'Primary',
    'NetworkInterface.2.VSwitchId': net.vswitchId }), code('InvalidParam.NetworkInterface'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.InstanceType': 'Tertiary' }),
    code('InvalidParam.NetworkInterface'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.VSwitchId': 'vsw-doesnotexist000000' }),
    code('InvalidVSwitchId.NotFound'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.VSwitchId': other.vswitchId }),
    code('InvalidOperation.AvailabilityZoneMismatch'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.VSwitchId': otherVpc.vswitchId }),
    code('InvalidOperation.VpcMismatch'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.SecurityGroupId': otherVpc.sgId }),
    code('InvalidParameter.Mismatch'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.PrimaryIpAddress': '192.168.7.1' }),
    code('InvalidPrivateIpAddress'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.1.PrimaryIpAddress': '192.168.1.9',
    'NetworkInterface.2.PrimaryIpAddress': '192.168.1.9' }), code('InvalidPrivateIpAddress.Duplicated'));
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.NetworkInterfaceTrafficMode': 'Turbo' }),
    code('InvalidParam.NetworkInterface'));
  // ecs.g7.large takes 3 ENIs: a primary and two secondary ones.
  await assert.rejects(run({ ...primary, 'NetworkInterface.2.NetworkInterfaceName': 'aa',
    'NetworkInterface.3.NetworkInterfaceName': 'bb', 'NetworkInterface.4.NetworkInterfaceName': 'cc' }),
  code('EniPerInstanceLimitExceeded'));
  const instances = await pop.request('DescribeInstances', { RegionId: REGION });
  assert.equal(instances.TotalCount, 0);
  const enis = await raw('DescribeNetworkInterfaces', { RegionId: REGION });
  assert.equal(enis.TotalCount, 0);
});

test('alicloud_ecs_network_interface private_ip_addresses / secondary_private_ip_address_count updates, every wire style', async () => {
  // resourceAliCloudEcsNetworkInterfaceUpdate: RpcPost Unassign / AssignPrivateIpAddresses with the
  // removed / added set, or SecondaryPrivateIpAddressCount with the difference; then
  // WaitForPrivateIpsListChanged / ...CountChanged read the non-primary PrivateIpSet entries, and the
  // Read sets private_ip_addresses from them (Primary dereferenced as a bool).
  const net = await network();
  const secondary = (eni) => eni.PrivateIpSets.PrivateIpSet.filter((s) => s.Primary === false).map((s) => s.PrivateIpAddress);
  let host = 100;
  for (const [name, call] of Object.entries(styles(server))) {
    const eni = (await call('CreateNetworkInterface', { RegionId: REGION, VSwitchId: net.vswitchId,
      'SecurityGroupIds.1': net.sgId, 'PrivateIpAddress.1': `192.168.1.${host}`, 'PrivateIpAddress.2': `192.168.1.${host + 1}` })).NetworkInterfaceId;
    assert.deepEqual(secondary(await describeEni(eni)), [`192.168.1.${host}`, `192.168.1.${host + 1}`], name);
    await call('UnassignPrivateIpAddresses', { RegionId: REGION, NetworkInterfaceId: eni, 'PrivateIpAddress.1': `192.168.1.${host}` });
    const added = await call('AssignPrivateIpAddresses', { RegionId: REGION, NetworkInterfaceId: eni,
      'PrivateIpAddress.1': `192.168.1.${host + 2}`, 'PrivateIpAddress.2': `192.168.1.${host + 3}` });
    assert.deepEqual(added.AssignedPrivateIpAddressesSet.PrivateIpSet.PrivateIpAddress, [`192.168.1.${host + 2}`, `192.168.1.${host + 3}`], name);
    assert.deepEqual(secondary(await describeEni(eni)).sort(), [`192.168.1.${host + 1}`, `192.168.1.${host + 2}`, `192.168.1.${host + 3}`], name);
    await call('AssignPrivateIpAddresses', { RegionId: REGION, NetworkInterfaceId: eni, SecondaryPrivateIpAddressCount: 2 });
    const ips = secondary(await describeEni(eni));
    assert.equal(ips.length, 5, name);
    await call('UnassignPrivateIpAddresses', { RegionId: REGION, NetworkInterfaceId: eni,
      'PrivateIpAddress.1': ips[0], 'PrivateIpAddress.2': ips[1] });
    assert.equal(secondary(await describeEni(eni)).length, 3, name);
    host += 10;
  }
});

test('alicloud_instance with network_interface_traffic_mode and network_interfaces: the provider\'s RunInstances map and its Read', async () => {
  // resourceAliCloudInstanceCreate: with network_interface_traffic_mode set, the primary NIC goes in
  // NetworkInterface.1 (InstanceType Primary, SecurityGroupIds, VSwitchId, PrimaryIpAddress,
  // NetworkInterfaceTrafficMode) and each network_interfaces block as a Secondary one; the Read then
  // calls DescribeEcsNetworkInterface per NIC (VSwitchId, NetworkInterfaceTrafficMode,
  // SecurityGroupIds.SecurityGroupId, Attachment as an object) and reads the primary ENI's
  // non-primary PrivateIpSet entries as secondary_private_ips.
  const net = await network();
  const sg2 = (await pop.request('CreateSecurityGroup', { RegionId: REGION, VpcId: net.vpcId })).SecurityGroupId;
  const call = styles(server)['ecs20140526 v2'];
  const id = (await call('RunInstances', { RegionId: REGION, ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
    InstanceType: 'ecs.g7.large', IoOptimized: 'optimized',
    'NetworkInterface.1.InstanceType': 'Primary', 'NetworkInterface.1.SecurityGroupIds.1': net.sgId,
    'NetworkInterface.1.VSwitchId': net.vswitchId, 'NetworkInterface.1.PrimaryIpAddress': '192.168.1.77',
    'NetworkInterface.1.NetworkInterfaceTrafficMode': 'HighPerformance',
    'NetworkInterface.1.SecondaryPrivateIpAddressCount': 2,
    'NetworkInterface.2.InstanceType': 'Secondary', 'NetworkInterface.2.VSwitchId': net.vswitchId,
    'NetworkInterface.2.NetworkInterfaceTrafficMode': 'Standard', 'NetworkInterface.2.SecurityGroupIds.1': sg2,
  })).InstanceIdSets.InstanceIdSet[0];
  await server.advance(10);
  const inst = await instance(id);
  assert.equal(inst.Status, 'Running');
  assert.deepEqual(inst.VpcAttributes.PrivateIpAddress.IpAddress, ['192.168.1.77']);
  const [primary, second] = inst.NetworkInterfaces.NetworkInterface;
  assert.equal(primary.Type, 'Primary');
  assert.equal(primary.PrimaryIpAddress, '192.168.1.77');
  const p = await describeEni(primary.NetworkInterfaceId);
  assert.equal(p.NetworkInterfaceTrafficMode, 'HighPerformance');
  assert.equal(typeof p.Attachment, 'object');
  assert.equal(p.PrivateIpSets.PrivateIpSet.filter((s) => s.Primary === false).length, 2);
  const s = await describeEni(second.NetworkInterfaceId);
  assert.equal(s.VSwitchId, net.vswitchId);
  assert.equal(s.NetworkInterfaceTrafficMode, 'Standard');
  assert.deepEqual(s.SecurityGroupIds.SecurityGroupId, [sg2]);
  assert.equal(s.Attachment.InstanceId, id);
  // Delete (Force) and the NotFound after it: both ENIs and all five addresses are gone.
  await call('DeleteInstance', { InstanceId: id, Force: true });
  assert.equal((await pop.request('DescribeInstances', { RegionId: REGION, InstanceIds: JSON.stringify([id]) })).Instances.Instance.length, 0);
  assert.equal((await raw('DescribeNetworkInterfaces', { RegionId: REGION })).TotalCount, 0);
  const vsw = (await popVpc.request('DescribeVSwitches', { RegionId: REGION, VSwitchId: net.vswitchId })).VSwitches.VSwitch[0];
  assert.equal(vsw.AvailableIpAddressCount, 252);
});

test('RunInstances NetworkInterface.N.NetworkInterfaceId attaches an existing ENI at launch', async () => {
  const net = await network();
  const other = await network('cn-hangzhou-j', '192.168.9.0/24', net.vpcId);
  const otherVpc = await network('cn-hangzhou-i', '192.168.1.0/24');
  const create = async (n) => (await ecs.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({
    regionId: REGION, vSwitchId: n.vswitchId, securityGroupId: n.sgId, networkInterfaceName: 'kept' }))).body.networkInterfaceId;
  const eni = await create(net);
  const run = (extra) => pop.request('RunInstances', { RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large',
    VSwitchId: net.vswitchId, SecurityGroupId: net.sgId, ...extra });
  // Refusals first: nothing is made or attached.
  await assert.rejects(run({ 'NetworkInterface.1.NetworkInterfaceId': eni, Amount: 2 }), code('InvalidParameter'));
  await assert.rejects(pop.request('RunInstances', { RegionId: REGION, ImageId: 'img', InstanceType: 'ecs.g7.large',
    'NetworkInterface.1.NetworkInterfaceId': eni, 'NetworkInterface.1.InstanceType': 'Primary' }),
  code('InvalidParam.NetworkInterface'));
  await assert.rejects(run({ 'NetworkInterface.1.NetworkInterfaceId': eni, 'NetworkInterface.1.NetworkInterfaceName': 'new' }),
    code('InvalidParam.NetworkInterface'));
  await assert.rejects(run({ 'NetworkInterface.1.NetworkInterfaceId': 'eni-doesnotexist0000000' }), code('InvalidEniId.NotFound'));
  await assert.rejects(run({ 'NetworkInterface.1.NetworkInterfaceId': eni, 'NetworkInterface.2.NetworkInterfaceId': eni }),
    code('InvalidParam.NetworkInterface'));
  await assert.rejects(run({ 'NetworkInterface.1.NetworkInterfaceId': await create(other) }),
    code('InvalidOperation.AvailabilityZoneMismatch'));
  await assert.rejects(run({ 'NetworkInterface.1.NetworkInterfaceId': await create(otherVpc) }),
    code('InvalidOperation.VpcMismatch'));
  assert.equal((await pop.request('DescribeInstances', { RegionId: REGION })).TotalCount, 0);
  assert.equal((await describeEni(eni)).Status, 'Available');

  // Attached at launch: InUse at once, listed on the instance after its primary ENI.
  const id = (await run({ 'NetworkInterface.1.NetworkInterfaceId': eni })).InstanceIdSets.InstanceIdSet[0];
  const attached = await describeEni(eni);
  assert.equal(attached.Status, 'InUse');
  assert.equal(attached.InstanceId, id);
  assert.equal(attached.NetworkInterfaceName, 'kept');
  const nics = (await instance(id)).NetworkInterfaces.NetworkInterface;
  assert.deepEqual(nics.map((n) => n.Type), ['Primary', 'Secondary']);
  assert.equal(nics[1].NetworkInterfaceId, eni);
  // An ENI in use cannot be named by another launch.
  await assert.rejects(run({ 'NetworkInterface.1.NetworkInterfaceId': eni }), code('InvalidOperation.InvalidEniState'));
  // Release: without DeleteOnRelease the ENI is detached and stays; with DeleteOnRelease=true it goes.
  await server.advance(10);
  await pop.request('DeleteInstance', { InstanceId: id, Force: true });
  await server.advance(60);
  const kept = await describeEni(eni);
  assert.equal(kept.Status, 'Available');
  assert.equal(kept.InstanceId, '');
  const id2 = (await run({ 'NetworkInterface.1.NetworkInterfaceId': eni, 'NetworkInterface.1.DeleteOnRelease': 'true' }))
    .InstanceIdSets.InstanceIdSet[0];
  await server.advance(10);
  await pop.request('DeleteInstance', { InstanceId: id2, Force: true });
  await server.advance(60);
  await assert.rejects(raw('DescribeNetworkInterfaces', { RegionId: REGION, 'NetworkInterfaceId.1': eni })
    .then((r) => { if (r.NetworkInterfaceSets.NetworkInterfaceSet.length === 0) throw Object.assign(new Error('gone'), { code: 'Gone' }); }),
  code('Gone'));
});
