// The Terraform alicloud provider's sequences, call by call, through the SDKs
// (aliyun/terraform-provider-alicloud: resource_alicloud_vpc.go, resource_alicloud_vswitch.go,
// resource_alicloud_security_group.go (+ _rule), resource_alicloud_instance.go with
// service_alicloud_ecs.go, resource_alicloud_ecs_disk.go, resource_alicloud_eip_address.go,
// resource_alicloud_eip_association.go): create, the waits on status, the reads after create with
// the fields the provider dereferences, updates, delete (Force, retried on IncorrectInstanceStatus)
// and the NotFound after it. Timing is realistic so the waits really wait.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, Ecs, Vpc, REGION } = require('./server');

let server;
let ecs;
let vpc;
before(async () => {
  server = await startServer();
  ecs = server.ecs();
  vpc = server.vpc();
  await server.timing('realistic', { 'vpc-creating': 3, 'vswitch-creating': 2, pending: 12, 'shutting-down-forced': 2 });
});
after(() => server.stop());

// The provider's BuildStateConf/WaitForState: poll `read` every 5 s of (virtual) time until
// `done(value)`, failing after `timeout` seconds.
async function waitFor(read, done, timeout = 600) {
  for (let waited = 0; waited <= timeout; waited += 5) {
    const value = await read();
    if (done(value)) return value;
    await server.advance(5);
  }
  throw new Error('timed out waiting');
}

const notFound = (code) => (e) => { assert.equal(e.code, code); return true; };

test('alicloud_vpc + alicloud_vswitch + alicloud_security_group + alicloud_instance + disk + EIP, created and destroyed', async () => {
  // alicloud_vpc: CreateVpc (ClientToken), wait for Available with DescribeVpcAttribute.
  const vpcId = (await vpc.createVpc(new Vpc.CreateVpcRequest({
    regionId: REGION, cidrBlock: '172.16.0.0/16', vpcName: 'tf-test', description: 'tf', clientToken: 'tf-vpc-1' }))).body.vpcId;
  const vpcAttr = await waitFor(
    async () => (await vpc.describeVpcAttribute(new Vpc.DescribeVpcAttributeRequest({ regionId: REGION, vpcId }))).body,
    (v) => v.status === 'Available');
  for (const field of ['cidrBlock', 'vpcName', 'description', 'VRouterId', 'resourceGroupId', 'ipv6CidrBlock']) {
    assert.notEqual(vpcAttr[field], undefined, field);
  }
  assert.ok(vpcAttr.routerTableIds || vpcAttr.VSwitchIds || vpcAttr.vSwitchIds);
  // Update: ModifyVpcAttribute (name), read back.
  await vpc.modifyVpcAttribute(new Vpc.ModifyVpcAttributeRequest({ regionId: REGION, vpcId, vpcName: 'tf-test-2' }));
  const routeTable = (await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId }))).body.vpcs.vpc[0];
  assert.equal(routeTable.vpcName, 'tf-test-2');
  assert.match(routeTable.routerTableIds.routerTableIds[0], /^vtb-/);

  // alicloud_vswitch: CreateVSwitch (retried on InvalidCidrBlock.Overlapped …), wait Available.
  const vswId = (await vpc.createVSwitch(new Vpc.CreateVSwitchRequest({
    regionId: REGION, vpcId, zoneId: 'cn-hangzhou-i', cidrBlock: '172.16.0.0/21', vSwitchName: 'tf-sw', clientToken: 'tf-sw-1' }))).body.vSwitchId;
  const sw = await waitFor(
    async () => (await vpc.describeVSwitchAttributes(new Vpc.DescribeVSwitchAttributesRequest({ regionId: REGION, vSwitchId: vswId }))).body,
    (v) => v.status === 'Available');
  assert.equal(sw.cidrBlock, '172.16.0.0/21');
  assert.equal(sw.vpcId, vpcId);
  assert.equal(sw.zoneId, 'cn-hangzhou-i');
  const swTags = (await vpc.listTagResources(new Vpc.ListTagResourcesRequest({ regionId: REGION, resourceType: 'VSWITCH', resourceId: [vswId] }))).body;
  assert.deepEqual(swTags.tagResources.tagResource, []);

  // alicloud_security_group + rules.
  const sgId = (await ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({
    regionId: REGION, vpcId, securityGroupName: 'tf-sg', description: 'tf', securityGroupType: 'normal', clientToken: 'tf-sg-1' }))).body.securityGroupId;
  const sgRead = (await ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupId: sgId }))).body;
  const sg = sgRead.securityGroups.securityGroup[0];
  assert.equal(sg.securityGroupName, 'tf-sg');
  assert.equal(sg.vpcId, vpcId);
  assert.equal(sg.securityGroupType, 'normal');
  await ecs.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
    regionId: REGION, securityGroupId: sgId, ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '0.0.0.0/0',
    nicType: 'intranet', policy: 'accept', priority: 1, description: 'ssh' }));
  await ecs.authorizeSecurityGroupEgress(new Ecs.AuthorizeSecurityGroupEgressRequest({
    regionId: REGION, securityGroupId: sgId, ipProtocol: 'all', portRange: '-1/-1', destCidrIp: '0.0.0.0/0', policy: 'accept' }));
  await assert.rejects(ecs.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
    regionId: REGION, securityGroupId: sgId, ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '0.0.0.0/0', policy: 'accept' })),
  notFound('InvalidPermission.Duplicate'));
  const rules = (await ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({
    regionId: REGION, securityGroupId: sgId, direction: 'ingress' }))).body;
  assert.equal(rules.innerAccessPolicy, 'Accept');
  const ssh = rules.permissions.permission;
  assert.equal(ssh.length, 1);
  assert.deepEqual([ssh[0].ipProtocol.toLowerCase(), ssh[0].portRange, ssh[0].sourceCidrIp, ssh[0].policy.toLowerCase(), ssh[0].priority, ssh[0].description],
    ['tcp', '22/22', '0.0.0.0/0', 'accept', '1', 'ssh']);
  await ecs.modifySecurityGroupRule(new Ecs.ModifySecurityGroupRuleRequest({
    regionId: REGION, securityGroupId: sgId, ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '0.0.0.0/0', policy: 'accept', description: 'ssh in' }));
  const modified = (await ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: sgId }))).body;
  assert.equal(modified.permissions.permission.length, 2);
  assert.equal(modified.permissions.permission.find((p) => p.direction === 'ingress').description, 'ssh in');

  // alicloud_instance: RunInstances, wait for Running via DescribeInstances(InstanceIds).
  const runBody = (await ecs.runInstances(new Ecs.RunInstancesRequest({
    regionId: REGION, imageId: 'aliyun_3_x64_20G_alibase_20240819.vhd', instanceType: 'ecs.g7.large',
    securityGroupIds: [sgId], vSwitchId: vswId, instanceName: 'tf-web', internetMaxBandwidthOut: 0,
    systemDisk: new Ecs.RunInstancesRequestSystemDisk({ category: 'cloud_essd', size: '40' }),
    userData: 'IyEvYmluL3NoCmVjaG8gaGk=',
    tag: [new Ecs.RunInstancesRequestTag({ key: 'Created', value: 'TF' })], clientToken: 'tf-inst-1' }))).body;
  const id = runBody.instanceIdSets.instanceIdSet[0];
  const readInstance = async () => (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: REGION, instanceIds: JSON.stringify([id]) }))).body.instances.instance[0];
  const inst = await waitFor(readInstance, (i) => i.status === 'Running');
  // The fields resourceAliCloudInstanceRead dereferences.
  assert.equal(inst.instanceName, 'tf-web');
  assert.equal(inst.zoneId, 'cn-hangzhou-i');
  assert.equal(inst.vpcAttributes.vSwitchId, vswId);
  assert.equal(inst.vpcAttributes.vpcId, vpcId);
  assert.match(inst.vpcAttributes.privateIpAddress.ipAddress[0], /^172\.16\.[0-7]\.\d+$/);
  assert.deepEqual(inst.securityGroupIds.securityGroupId, [sgId]);
  assert.equal(inst.instanceChargeType, 'PostPaid');
  assert.equal(inst.internetMaxBandwidthOut, 0);
  assert.deepEqual(inst.tags.tag.map((t) => [t.tagKey, t.tagValue]), [['Created', 'TF']]);
  const sysDisk = (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id, diskType: 'system' }))).body.disks.disk[0];
  assert.equal(sysDisk.category, 'cloud_essd');
  assert.equal(sysDisk.size, 40);
  const attr = (await ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }))).body;
  assert.equal(attr.vpcAttributes.vSwitchId, vswId);
  // The other reads resourceAliCloudInstanceRead makes.
  const userData = (await ecs.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: id }))).body;
  assert.equal(userData.instanceId, id);
  assert.equal(userData.userData, 'IyEvYmluL3NoCmVjaG8gaGk=');
  const roles = (await ecs.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))).body;
  assert.deepEqual(roles.instanceRamRoleSets.instanceRamRoleSet, []);
  const maint = (await ecs.describeInstanceMaintenanceAttributes(new Ecs.DescribeInstanceMaintenanceAttributesRequest({ regionId: REGION, instanceId: [id] }))).body;
  assert.equal(maint.maintenanceAttributes.maintenanceAttribute[0].actionOnMaintenance.value, 'AutoRecover');
  const renew = (await ecs.describeInstanceAutoRenewAttribute(new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: id }))).body;
  assert.equal(renew.instanceRenewAttributes.instanceRenewAttribute[0].renewalStatus, 'Normal');
  // Update: name and DeletionProtection (ModifyInstanceAttribute), read back.
  await ecs.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, instanceName: 'tf-web-2', deletionProtection: true }));
  assert.equal((await readInstance()).instanceName, 'tf-web-2');

  // alicloud_ecs_disk + attachment.
  const diskId = (await ecs.createDisk(new Ecs.CreateDiskRequest({ regionId: REGION, zoneId: 'cn-hangzhou-i', diskCategory: 'cloud_essd', size: 20, diskName: 'tf-disk' }))).body.diskId;
  await waitFor(async () => (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, diskIds: JSON.stringify([diskId]) }))).body.disks.disk[0],
    (d) => d.status === 'Available');
  await ecs.attachDisk(new Ecs.AttachDiskRequest({ instanceId: id, diskId }));
  await waitFor(async () => (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, diskIds: JSON.stringify([diskId]) }))).body.disks.disk[0],
    (d) => d.status === 'In_use');

  // alicloud_eip_address + alicloud_eip_association.
  const eip = (await vpc.allocateEipAddress(new Vpc.AllocateEipAddressRequest({ regionId: REGION, bandwidth: '5', internetChargeType: 'PayByTraffic', clientToken: 'tf-eip-1' }))).body;
  const readEip = async () => (await vpc.describeEipAddresses(new Vpc.DescribeEipAddressesRequest({ regionId: REGION, allocationId: eip.allocationId }))).body.eipAddresses.eipAddress[0];
  await waitFor(readEip, (e) => e.status === 'Available');
  await vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest({ regionId: REGION, allocationId: eip.allocationId, instanceId: id, instanceType: 'EcsInstance' }));
  const assoc = await waitFor(readEip, (e) => e.status === 'InUse');
  assert.equal(assoc.instanceId, id);
  assert.equal((await readInstance()).eipAddress.ipAddress, eip.eipAddress);

  // Destroy, in the provider's dependency order.
  await vpc.unassociateEipAddress(new Vpc.UnassociateEipAddressRequest({ regionId: REGION, allocationId: eip.allocationId, instanceId: id, instanceType: 'EcsInstance' }));
  await waitFor(readEip, (e) => e.status === 'Available');
  await vpc.releaseEipAddress(new Vpc.ReleaseEipAddressRequest({ regionId: REGION, allocationId: eip.allocationId }));
  assert.equal(await readEip(), undefined);
  await ecs.detachDisk(new Ecs.DetachDiskRequest({ instanceId: id, diskId }));
  await waitFor(async () => (await ecs.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, diskIds: JSON.stringify([diskId]) }))).body.disks.disk[0],
    (d) => d.status === 'Available');
  await ecs.deleteDisk(new Ecs.DeleteDiskRequest({ diskId }));
  // The instance: protection first, then DeleteInstance Force=true, retried on IncorrectInstanceStatus.
  await assert.rejects(ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })),
    notFound('InvalidOperation.DeletionProtection'));
  await ecs.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: false }));
  await ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
  await waitFor(readInstance, (i) => i === undefined);
  await assert.rejects(ecs.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id })),
    notFound('InvalidInstanceId.NotFound'));
  // Security group: DeleteSecurityGroup retried on DependencyViolation until the instance is gone.
  await ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: sgId }));
  assert.equal((await ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupId: sgId }))).body.totalCount, 0);
  await vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId: vswId }));
  await assert.rejects(vpc.describeVSwitchAttributes(new Vpc.DescribeVSwitchAttributesRequest({ regionId: REGION, vSwitchId: vswId })),
    notFound('InvalidVSwitchId.NotFound'));
  await vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION, vpcId }));
  await assert.rejects(vpc.describeVpcAttribute(new Vpc.DescribeVpcAttributeRequest({ regionId: REGION, vpcId })),
    notFound('InvalidVpcId.NotFound'));
});

test('alicloud_security_group: in use is refused; join / leave; the last group cannot be left', async () => {
  const vpcId = (await vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.0.0.0/16' }))).body.vpcId;
  await server.advance(5);
  const vswId = (await vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: 'cn-hangzhou-h', cidrBlock: '10.0.1.0/24' }))).body.vSwitchId;
  await server.advance(5);
  const a = (await ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId }))).body.securityGroupId;
  const b = (await ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId }))).body.securityGroupId;
  const id = (await ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large', vSwitchId: vswId, securityGroupId: a }))).body.instanceIdSets.instanceIdSet[0];
  await server.advance(20);
  await ecs.joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ securityGroupId: b, instanceId: id }));
  await assert.rejects(ecs.joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ securityGroupId: b, instanceId: id })),
    notFound('InvalidInstanceId.AlreadyExists'));
  await assert.rejects(ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: a })),
    notFound('DependencyViolation'));
  await ecs.leaveSecurityGroup(new Ecs.LeaveSecurityGroupRequest({ securityGroupId: a, instanceId: id }));
  await assert.rejects(ecs.leaveSecurityGroup(new Ecs.LeaveSecurityGroupRequest({ securityGroupId: b, instanceId: id })),
    notFound('InstanceLastSecurityGroup'));
  await ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: a }));
  const groups = (await ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, vpcId }))).body;
  assert.deepEqual(groups.securityGroups.securityGroup.map((g) => [g.securityGroupId, g.ecsCount]), [[b, 1]]);
});

test('alicloud_instance (PrePaid): DescribeInstanceAutoRenewAttribute / ModifyInstanceAutoRenewAttribute', async () => {
  const id = (await ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'img', instanceType: 'ecs.c7.large',
    instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' }))).body.instanceIdSets.instanceIdSet[0];
  const read = async () => (await ecs.describeInstanceAutoRenewAttribute(new Ecs.DescribeInstanceAutoRenewAttributeRequest({
    regionId: REGION, instanceId: id }))).body.instanceRenewAttributes.instanceRenewAttribute[0];
  assert.equal((await read()).autoRenewEnabled, false);
  await ecs.modifyInstanceAutoRenewAttribute(new Ecs.ModifyInstanceAutoRenewAttributeRequest({
    regionId: REGION, instanceId: id, autoRenew: true, duration: 3, periodUnit: 'Month' }));
  const after = await read();
  assert.deepEqual([after.autoRenewEnabled, after.duration, after.periodUnit, after.renewalStatus], [true, 3, 'Month', 'AutoRenewal']);
  const postpaid = (await ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'img', instanceType: 'ecs.c7.large' }))).body.instanceIdSets.instanceIdSet[0];
  await assert.rejects(ecs.modifyInstanceAutoRenewAttribute(new Ecs.ModifyInstanceAutoRenewAttributeRequest({
    regionId: REGION, instanceId: postpaid, autoRenew: true })), notFound('ChargeTypeViolation'));
  await assert.rejects(ecs.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: 'i-nope' })),
    notFound('InvalidInstanceId.NotFound'));
});
