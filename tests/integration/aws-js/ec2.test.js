// EC2 smoke test with @aws-sdk/client-ec2 (AWS SDK for JavaScript v3, ec2Query protocol):
// run, describe, wait, terminate and a modelled error, against one cloudlife server.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  RunInstancesCommand,
  DescribeInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
} = require('@aws-sdk/client-ec2');
const { startServer, expectError, IMAGE } = require('./server');

describe('EC2 with @aws-sdk/client-ec2', () => {
  let server;
  let ec2;
  let ids = [];

  before(async () => {
    server = await startServer();
    const reset = await server.reset();
    assert.equal(reset.status, 200);
    assert.equal(reset.body.status, 'ok');
    ec2 = server.ec2();
  });

  after(async () => {
    if (server) await server.stop();
  });

  const instancesOf = (reservations) => reservations.flatMap((r) => r.Instances);

  it('RunInstances launches 2 pending instances in us-east-1a', async () => {
    const out = await ec2.send(new RunInstancesCommand({
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: 2,
      MaxCount: 2,
      Placement: { AvailabilityZone: 'us-east-1a' },
    }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(out.$metadata.requestId, ec2.wire.at(-1).headers['x-amzn-requestid']);
    assert.match(out.ReservationId, /^r-[0-9a-f]{17}$/);
    assert.equal(out.Instances.length, 2);
    ids = out.Instances.map((i) => i.InstanceId);
    assert.equal(new Set(ids).size, 2);
    for (const instance of out.Instances) {
      assert.match(instance.InstanceId, /^i-[0-9a-f]{17}$/);
      assert.equal(instance.ImageId, IMAGE);
      assert.equal(instance.InstanceType, 't3.micro');
      assert.equal(instance.Placement.AvailabilityZone, 'us-east-1a');
      assert.deepEqual(instance.State, { Code: 0, Name: 'pending' });
      assert.ok(instance.LaunchTime instanceof Date, 'LaunchTime parses as a Date');
    }
    assert.deepEqual(out.Instances.map((i) => i.AmiLaunchIndex).sort(), [0, 1]);
  });

  it('DescribeInstances by ID shows them running on the next read', async () => {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const instances = instancesOf(out.Reservations);
    assert.deepEqual(instances.map((i) => i.InstanceId).sort(), [...ids].sort());
    for (const instance of instances) {
      assert.deepEqual(instance.State, { Code: 16, Name: 'running' });
      assert.equal(instance.Placement.AvailabilityZone, 'us-east-1a');
      assert.match(instance.PrivateIpAddress, /^\d+\.\d+\.\d+\.\d+$/);
    }
  });

  it('waitUntilInstanceRunning succeeds on its first poll', async () => {
    const polls = () => ec2.wire.filter((w) => w.operation === 'DescribeInstancesCommand').length;
    const before = polls();
    const started = Date.now();
    const result = await waitUntilInstanceRunning(
      { client: ec2, maxWaitTime: 10, minDelay: 1 },
      { InstanceIds: ids },
    );
    assert.equal(result.state, 'SUCCESS');
    assert.equal(polls() - before, 1, 'exactly one DescribeInstances poll');
    assert.ok(Date.now() - started < 1000, 'no delay before success');
  });

  it('TerminateInstances answers shutting-down, previously running', async () => {
    const out = await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    assert.equal(out.TerminatingInstances.length, 2);
    assert.deepEqual(out.TerminatingInstances.map((t) => t.InstanceId).sort(), [...ids].sort());
    for (const change of out.TerminatingInstances) {
      assert.deepEqual(change.CurrentState, { Code: 32, Name: 'shutting-down' });
      assert.deepEqual(change.PreviousState, { Code: 16, Name: 'running' });
    }
    const after = instancesOf((await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids })))
      .Reservations);
    for (const instance of after) assert.deepEqual(instance.State, { Code: 48, Name: 'terminated' });
  });

  it('an unknown instance ID is InvalidInstanceID.NotFound, HTTP 400, with the request ID', async () => {
    const missing = 'i-0123456789abcdef0';
    const err = await expectError(() =>
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [missing] })));
    assert.equal(err.name, 'InvalidInstanceID.NotFound');
    assert.equal(err.Code, 'InvalidInstanceID.NotFound');
    assert.equal(err.$fault, 'client');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$metadata.attempts, 1);
    assert.equal(err.message, `The instance ID '${missing}' does not exist`);
    const exchange = ec2.wire.at(-1);
    assert.equal(exchange.status, 400);
    const headerId = exchange.headers['x-amzn-requestid'];
    assert.ok(headerId, 'x-amzn-RequestId header present');
    assert.equal(err.$metadata.requestId, headerId);
  });
});
