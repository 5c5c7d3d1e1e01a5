// node/cloudlife: capacity, metrics, alarms, serviceEvents() and imds() (docs/control-plane.md,
// docs/imds.md) against the real binary, each observed through an EC2 / Auto Scaling Query call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cloudlife = require('../../node/cloudlife');

const IMAGE = 'ami-0123456789abcdef0';

async function query(server, version, params) {
  const res = await fetch(server.endpoint + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Version: version, ...params }).toString(),
  });
  return { status: res.status, text: await res.text() };
}

const ec2 = (server, params) => query(server, '2016-11-15', params);
const autoscaling = (server, params) => query(server, '2011-01-01', params);

test('capacity: an empty pool refuses RunInstances until it is cleared', async () => {
  const server = await cloudlife.start({ clock: 'frozen' });
  try {
    await server.capacity.set([{ zone: 'us-east-1a', instance_type: 'c5.large', available: 0 }]);
    const pools = await server.capacity.list();
    assert.deepEqual(pools.map((p) => [p.zone, p.instance_type, p.market, p.remaining]),
      [['us-east-1a', 'c5.large', 'on-demand', 0]]);
    const run = { Action: 'RunInstances', ImageId: IMAGE, InstanceType: 'c5.large', MinCount: '1',
      MaxCount: '1', 'Placement.AvailabilityZone': 'us-east-1a' };
    const refused = await ec2(server, run);
    assert.equal(refused.status, 500);
    assert.match(refused.text, /<Code>InsufficientInstanceCapacity<\/Code>/);
    await assert.rejects(server.capacity.set([{ zone: 'eu-west-1a', instance_type: 'c5.large', available: 1 }]),
      (e) => e.status === 400);
    await server.capacity.clear();
    assert.deepEqual(await server.capacity.list(), []);
    assert.equal((await ec2(server, run)).status, 200);
  } finally {
    await server.stop();
  }
});

test('serviceEvents() and imds() follow an instance', async () => {
  const server = await cloudlife.start({ clock: 'frozen' });
  try {
    const run = await ec2(server, { Action: 'RunInstances', ImageId: IMAGE, InstanceType: 't3.micro',
      MinCount: '1', MaxCount: '1', UserData: Buffer.from('hello').toString('base64') });
    const id = /<instanceId>([^<]+)<\/instanceId>/.exec(run.text)[1];
    await server.advance(60);
    const all = await server.serviceEvents({ source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' });
    const states = all.events.filter((e) => e.event.detail['instance-id'] === id).map((e) => e.event.detail.state);
    assert.deepEqual(states, ['pending', 'running']);
    const later = await server.serviceEvents({ after: all.last_seq, wait: 0 });
    assert.deepEqual(later.events, []);
    await assert.rejects(server.serviceEvents({ limit: 0 }), (e) => e.status === 400);

    const imds = server.imds(id);
    assert.equal(imds.endpoint, `${server.endpoint}/_cloudlife/imds/${id}`);
    await assert.rejects(imds.get('instance-id'), (e) => e.status === 401);  // IMDSv2 required
    const token = await imds.token(60);
    assert.equal(await imds.get('instance-id', token), id);
    assert.equal(await imds.userData(token), 'hello');
    assert.equal((await imds.identityDocument(token)).instanceId, id);
    await server.advance(61);  // the token expires in virtual time
    await assert.rejects(imds.get('instance-id', token), (e) => e.status === 401);
  } finally {
    await server.stop();
  }
});

test('metrics and alarms drive a simple scaling policy', async () => {
  const server = await cloudlife.start({ clock: 'frozen' });
  try {
    assert.equal((await autoscaling(server, { Action: 'CreateLaunchConfiguration', LaunchConfigurationName: 'lc',
      ImageId: IMAGE, InstanceType: 't3.micro' })).status, 200);
    assert.equal((await autoscaling(server, { Action: 'CreateAutoScalingGroup', AutoScalingGroupName: 'web',
      LaunchConfigurationName: 'lc', MinSize: '1', MaxSize: '3', DesiredCapacity: '1',
      'AvailabilityZones.member.1': 'us-east-1a' })).status, 200);
    const policy = await autoscaling(server, { Action: 'PutScalingPolicy', AutoScalingGroupName: 'web',
      PolicyName: 'out', PolicyType: 'SimpleScaling', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: '1' });
    const arn = /<PolicyARN>([^<]+)<\/PolicyARN>/.exec(policy.text)[1];

    await server.alarms.put({ name: 'cpu-high', namespace: 'AWS/EC2', metric: 'CPUUtilization',
      dimensions: { AutoScalingGroupName: 'web' }, threshold: 70, comparison: 'GreaterThanThreshold',
      alarm_actions: [arn] });
    await assert.rejects(server.alarms.put({ name: 'bad', namespace: 'AWS/EC2', metric: 'CPUUtilization',
      threshold: 1, comparison: 'GreaterThanThreshold', alarm_actions: ['arn:aws:autoscaling:nowhere'] }),
      (e) => e.status === 400);
    const metric = await server.metrics.put('AWS/EC2', 'CPUUtilization', 90, { dimensions: { AutoScalingGroupName: 'web' } });
    assert.equal(metric.value, 90);
    assert.deepEqual((await server.metrics.list()).map((m) => [m.metric, m.value]), [['CPUUtilization', 90]]);
    await server.advance(180);
    const [alarm] = await server.alarms.list();
    assert.equal(alarm.name, 'cpu-high');
    assert.equal(alarm.state, 'ALARM');
    assert.equal(alarm.managed_by, null);
    const groups = await autoscaling(server, { Action: 'DescribeAutoScalingGroups', 'AutoScalingGroupNames.member.1': 'web' });
    assert.match(groups.text, /<DesiredCapacity>2<\/DesiredCapacity>/);
    await server.alarms.delete('cpu-high');
    assert.deepEqual(await server.alarms.list(), []);
  } finally {
    await server.stop();
  }
});
