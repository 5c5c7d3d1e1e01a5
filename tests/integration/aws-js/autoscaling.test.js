// Auto Scaling smoke test with @aws-sdk/client-auto-scaling (AWS SDK for JavaScript v3, awsQuery
// protocol), plus @aws-sdk/client-ec2 to see the group's fleet from the EC2 side.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  CreateLaunchConfigurationCommand,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
  DetachInstancesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  DescribeScalingActivitiesCommand,
  DeleteAutoScalingGroupCommand,
  waitUntilGroupInService,
} = require('@aws-sdk/client-auto-scaling');
const {
  CreateLaunchTemplateCommand,
  DescribeInstancesCommand,
} = require('@aws-sdk/client-ec2');
const { startServer, expectError, IMAGE } = require('./server');

const ZONES = ['us-east-1a', 'us-east-1b'];

describe('Auto Scaling with @aws-sdk/client-auto-scaling', () => {
  let server;
  let asg;
  let ec2;

  before(async () => {
    server = await startServer();
    const reset = await server.reset();
    assert.equal(reset.status, 200);
    asg = server.autoscaling();
    ec2 = server.ec2();
  });

  after(async () => {
    if (server) await server.stop();
  });

  const group = async (name) => {
    const out = await asg.send(new DescribeAutoScalingGroupsCommand({
      AutoScalingGroupNames: [name],
    }));
    assert.equal(out.AutoScalingGroups.length, 1);
    return out.AutoScalingGroups[0];
  };
  const countByZone = (instances) => {
    const counts = {};
    for (const i of instances) counts[i.AvailabilityZone] = (counts[i.AvailabilityZone] || 0) + 1;
    return counts;
  };
  const ec2State = async (id) => {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    return out.Reservations[0].Instances[0];
  };

  describe('a launch-configuration group', () => {
    const name = 'js-smoke-asg';
    let detached;
    let terminated;

    it('CreateLaunchConfiguration and CreateAutoScalingGroup (1..4, desired 2, two zones)', async () => {
      const lc = await asg.send(new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'js-smoke-lc',
        ImageId: IMAGE,
        InstanceType: 't3.micro',
      }));
      assert.equal(lc.$metadata.httpStatusCode, 200);
      const out = await asg.send(new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchConfigurationName: 'js-smoke-lc',
        MinSize: 1,
        MaxSize: 4,
        DesiredCapacity: 2,
        AvailabilityZones: ZONES,
        Tags: [{ Key: 'team', Value: 'js', PropagateAtLaunch: true }],
      }));
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.match(out.$metadata.requestId, /\S/);
    });

    it('DescribeAutoScalingGroups: 2 InService instances, one per zone, after the clock moves', async () => {
      const advanced = await server.advance(60);
      assert.equal(advanced.status, 200);
      const g = await group(name);
      assert.equal(g.AutoScalingGroupName, name);
      assert.match(g.AutoScalingGroupARN, /^arn:aws:autoscaling:us-east-1:\d{12}:autoScalingGroup:[0-9a-f-]+:autoScalingGroupName\/js-smoke-asg$/);
      assert.equal(g.LaunchConfigurationName, 'js-smoke-lc');
      assert.equal(g.MinSize, 1);
      assert.equal(g.MaxSize, 4);
      assert.equal(g.DesiredCapacity, 2);
      assert.deepEqual([...g.AvailabilityZones].sort(), ZONES);
      assert.ok(g.CreatedTime instanceof Date);
      assert.equal(g.Instances.length, 2);
      assert.deepEqual(countByZone(g.Instances), { 'us-east-1a': 1, 'us-east-1b': 1 });
      for (const i of g.Instances) {
        assert.match(i.InstanceId, /^i-[0-9a-f]{17}$/);
        assert.equal(i.LifecycleState, 'InService');
        assert.equal(i.HealthStatus, 'Healthy');
        assert.equal(i.LaunchConfigurationName, 'js-smoke-lc');
        assert.equal(i.ProtectedFromScaleIn, false);
        const instance = await ec2State(i.InstanceId);
        assert.equal(instance.State.Name, 'running');
        assert.equal(instance.Placement.AvailabilityZone, i.AvailabilityZone);
        const tags = Object.fromEntries(instance.Tags.map((t) => [t.Key, t.Value]));
        assert.equal(tags['aws:autoscaling:groupName'], name);
        assert.equal(tags.team, 'js');
      }
    });

    it('waitUntilGroupInService succeeds on its first poll', async () => {
      const polls = () =>
        asg.wire.filter((w) => w.operation === 'DescribeAutoScalingGroupsCommand').length;
      const before = polls();
      const result = await waitUntilGroupInService(
        { client: asg, maxWaitTime: 10, minDelay: 1 },
        { AutoScalingGroupNames: [name] },
      );
      assert.equal(result.state, 'SUCCESS');
      assert.equal(polls() - before, 1);
    });

    it('SetDesiredCapacity 3 adds a third InService instance', async () => {
      await asg.send(new SetDesiredCapacityCommand({
        AutoScalingGroupName: name,
        DesiredCapacity: 3,
        HonorCooldown: false,
      }));
      await server.advance(60);
      const g = await group(name);
      assert.equal(g.DesiredCapacity, 3);
      assert.equal(g.Instances.length, 3);
      assert.ok(g.Instances.every((i) => i.LifecycleState === 'InService'));
      const counts = Object.values(countByZone(g.Instances)).sort();
      assert.deepEqual(counts, [1, 2], 'three instances stay balanced across two zones');
    });

    it('DetachInstances with ShouldDecrementDesiredCapacity shrinks 3 to 2', async () => {
      const before = await group(name);
      detached = before.Instances[0].InstanceId;
      const out = await asg.send(new DetachInstancesCommand({
        AutoScalingGroupName: name,
        InstanceIds: [detached],
        ShouldDecrementDesiredCapacity: true,
      }));
      assert.equal(out.Activities.length, 1);
      const activity = out.Activities[0];
      assert.equal(activity.AutoScalingGroupName, name);
      assert.match(activity.ActivityId, /^[0-9a-f-]{36}$/);
      assert.equal(activity.Description, `Detaching EC2 instance: ${detached}`);
      assert.match(activity.Cause,
        /was detached in response to a user request, shrinking the capacity from 3 to 2\./);
      assert.ok(activity.StartTime instanceof Date);

      await server.advance(60);
      const g = await group(name);
      assert.equal(g.DesiredCapacity, 2);
      assert.equal(g.Instances.length, 2);
      assert.ok(!g.Instances.some((i) => i.InstanceId === detached));
      // A detached instance leaves the group but keeps running in EC2.
      assert.equal((await ec2State(detached)).State.Name, 'running');
    });

    it('TerminateInstanceInAutoScalingGroup terminates a member and the group replaces it', async () => {
      const before = await group(name);
      terminated = before.Instances[0].InstanceId;
      const out = await asg.send(new TerminateInstanceInAutoScalingGroupCommand({
        InstanceId: terminated,
        ShouldDecrementDesiredCapacity: false,
      }));
      assert.equal(out.Activity.AutoScalingGroupName, name);
      assert.equal(out.Activity.Description, `Terminating EC2 instance: ${terminated}`);
      assert.match(out.Activity.Cause, /was taken out of service in response to a user request\./);

      await server.advance(60);
      const g = await group(name);
      assert.equal(g.DesiredCapacity, 2);
      assert.equal(g.Instances.length, 2);
      assert.ok(!g.Instances.some((i) => i.InstanceId === terminated));
      assert.ok(g.Instances.every((i) => i.LifecycleState === 'InService'));
      assert.equal((await ec2State(terminated)).State.Name, 'terminated');
    });

    it('DescribeScalingActivities lists what happened, newest first', async () => {
      const out = await asg.send(new DescribeScalingActivitiesCommand({
        AutoScalingGroupName: name,
      }));
      const activities = out.Activities;
      assert.ok(activities.length > 0, 'activities are listed');
      const descriptions = activities.map((a) => a.Description);
      assert.ok(descriptions.includes(`Detaching EC2 instance: ${detached}`));
      assert.ok(descriptions.includes(`Terminating EC2 instance: ${terminated}`));
      // 2 initial launches + 1 for desired 3 + 1 replacement.
      assert.equal(descriptions.filter((d) => d.startsWith('Launching a new EC2 instance')).length, 4);
      for (const a of activities) {
        assert.equal(a.AutoScalingGroupName, name);
        assert.equal(a.StatusCode, 'Successful');
        assert.equal(a.Progress, 100);
        assert.ok(a.StartTime instanceof Date);
      }
      const starts = activities.map((a) => a.StartTime.getTime());
      assert.deepEqual(starts, [...starts].sort((x, y) => y - x));
    });

    it('an unknown group name is a ValidationError client fault', async () => {
      const err = await expectError(() => asg.send(new SetDesiredCapacityCommand({
        AutoScalingGroupName: 'no-such-group',
        DesiredCapacity: 1,
      })));
      assert.equal(err.name, 'ValidationError');
      assert.equal(err.$fault, 'client');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, /no-such-group/);
      const exchange = asg.wire.at(-1);
      assert.equal(exchange.status, 400);
      assert.equal(err.$metadata.requestId, exchange.headers['x-amzn-requestid']);
    });
  });

  describe('a launch-template group', () => {
    const name = 'js-smoke-lt-asg';

    it('CreateAutoScalingGroup with an EC2 launch template at $Latest', async () => {
      const lt = await ec2.send(new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'js-smoke-lt',
        LaunchTemplateData: { ImageId: IMAGE, InstanceType: 't3.small' },
      }));
      const templateId = lt.LaunchTemplate.LaunchTemplateId;
      assert.match(templateId, /^lt-[0-9a-f]{17}$/);
      await asg.send(new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchTemplate: { LaunchTemplateName: 'js-smoke-lt', Version: '$Latest' },
        MinSize: 1,
        MaxSize: 4,
        DesiredCapacity: 2,
        AvailabilityZones: ZONES,
      }));
      await server.advance(60);
      const result = await waitUntilGroupInService(
        { client: asg, maxWaitTime: 10, minDelay: 1 },
        { AutoScalingGroupNames: [name] },
      );
      assert.equal(result.state, 'SUCCESS');
      const g = await group(name);
      assert.equal(g.LaunchTemplate.LaunchTemplateId, templateId);
      assert.equal(g.LaunchTemplate.LaunchTemplateName, 'js-smoke-lt');
      assert.equal(g.LaunchTemplate.Version, '$Latest');
      assert.equal(g.Instances.length, 2);
      assert.deepEqual(countByZone(g.Instances), { 'us-east-1a': 1, 'us-east-1b': 1 });
      for (const i of g.Instances) {
        assert.equal(i.LifecycleState, 'InService');
        assert.equal(i.LaunchTemplate.LaunchTemplateId, templateId);
        assert.equal(i.LaunchTemplate.Version, '1');
        assert.equal(i.InstanceType, 't3.small');
        assert.equal((await ec2State(i.InstanceId)).InstanceType, 't3.small');
      }
    });

    it('DeleteAutoScalingGroup ForceDelete removes the group and terminates its instances', async () => {
      const ids = (await group(name)).Instances.map((i) => i.InstanceId);
      await asg.send(new DeleteAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        ForceDelete: true,
      }));
      await server.advance(120);
      const out = await asg.send(new DescribeAutoScalingGroupsCommand({
        AutoScalingGroupNames: [name],
      }));
      assert.deepEqual(out.AutoScalingGroups, []);
      for (const id of ids) assert.equal((await ec2State(id)).State.Name, 'terminated');
    });
  });

  describe('with a 30 s pending phase on the frozen clock', () => {
    const name = 'js-smoke-slow-asg';

    before(async () => {
      const t = await server.timing('instant', { pending: 30 });
      assert.equal(t.status, 200);
    });
    after(() => server.timing('instant', {}));

    it('members stay Pending until the clock is advanced past the phase', async () => {
      await asg.send(new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchConfigurationName: 'js-smoke-lc',
        MinSize: 1,
        MaxSize: 4,
        DesiredCapacity: 2,
        AvailabilityZones: ZONES,
      }));
      let g = await group(name);
      assert.equal(g.Instances.length, 2);
      assert.deepEqual(countByZone(g.Instances), { 'us-east-1a': 1, 'us-east-1b': 1 });
      assert.ok(g.Instances.every((i) => i.LifecycleState === 'Pending'), 'Pending before the clock moves');
      for (const i of g.Instances) assert.equal((await ec2State(i.InstanceId)).State.Name, 'pending');

      await server.advance(29);
      g = await group(name);
      assert.ok(g.Instances.every((i) => i.LifecycleState === 'Pending'), 'still Pending at 29 s');

      await server.advance(1);
      g = await group(name);
      assert.ok(g.Instances.every((i) => i.LifecycleState === 'InService'), 'InService at 30 s');
      for (const i of g.Instances) assert.equal((await ec2State(i.InstanceId)).State.Name, 'running');
    });
  });
});
