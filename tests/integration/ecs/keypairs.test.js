// Key pairs as alicloud_ecs_key_pair and alicloud_ecs_key_pair_attachment drive them: CreateKeyPair
// (a real RSA key, checked with node:crypto), ImportKeyPair, DescribeKeyPairs, RunInstances
// KeyPairName, AttachKeyPair / DetachKeyPair, DeleteKeyPairs and the NotFound after it.
'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, Ecs, REGION } = require('./server');

let server;
let ecs;
before(async () => {
  server = await startServer();
  ecs = server.ecs();
});
after(() => server.stop());
beforeEach(() => server.reset());

test('CreateKeyPair returns a usable private key whose public half DescribeKeyPairs fingerprints', async () => {
  const created = (await ecs.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'tf-key' }))).body;
  assert.equal(created.keyPairName, 'tf-key');
  const priv = crypto.createPrivateKey(created.privateKeyBody);
  const ssh = crypto.createPublicKey(priv).export({ format: 'jwk' });
  assert.equal(priv.asymmetricKeyType, 'rsa');
  assert.ok(ssh.n.length > 300);
  const listed = (await ecs.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: REGION, keyPairName: 'tf-*' }))).body;
  assert.equal(listed.totalCount, 1);
  const k = listed.keyPairs.keyPair[0];
  assert.equal(k.keyPairFingerPrint, created.keyPairFingerPrint);
  // The fingerprint is the MD5 of the OpenSSH public key blob.
  const blob = Buffer.from(k.publicKey.split(' ')[1], 'base64');
  assert.equal(crypto.createHash('md5').update(blob).digest('hex'), created.keyPairFingerPrint);
  await assert.rejects(ecs.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'tf-key' })),
    (e) => e.code === 'KeyPair.AlreadyExist');
});

test('ImportKeyPair, RunInstances with KeyPairName, Attach/Detach, DeleteKeyPairs', async () => {
  const { publicKey } = crypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  const body = `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} me@host`;
  const imported = (await ecs.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: REGION, keyPairName: 'laptop', publicKeyBody: body }))).body;
  assert.match(imported.keyPairFingerPrint, /^[0-9a-f]{32}$/);
  await assert.rejects(ecs.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: REGION, keyPairName: 'bad', publicKeyBody: 'ssh-rsa notbase64!' })),
    (e) => e.code === 'InvalidParameter');
  await assert.rejects(ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large', keyPairName: 'nope' })),
    (e) => e.code === 'InvalidKeyPairName.NotFound' && e.statusCode === 404);
  const [a] = (await ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large', keyPairName: 'laptop' }))).body.instanceIdSets.instanceIdSet;
  const [b] = (await ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'img', instanceType: 'ecs.g7.large' }))).body.instanceIdSets.instanceIdSet;
  const byKey = async () => (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, keyPairName: 'laptop' }))).body.instances.instance.map((i) => i.instanceId).sort();
  assert.deepEqual(await byKey(), [a]);
  const attached = (await ecs.attachKeyPair(new Ecs.AttachKeyPairRequest({ regionId: REGION, keyPairName: 'laptop', instanceIds: JSON.stringify([b]) }))).body;
  assert.equal(attached.results.result[0].success, 'true');
  assert.deepEqual(await byKey(), [a, b].sort());
  await ecs.detachKeyPair(new Ecs.DetachKeyPairRequest({ regionId: REGION, keyPairName: 'laptop', instanceIds: JSON.stringify([a]) }));
  assert.deepEqual(await byKey(), [b]);
  await assert.rejects(ecs.deleteKeyPairs(new Ecs.DeleteKeyPairsRequest({ regionId: REGION, keyPairNames: JSON.stringify(['laptop', 'nope']) })),
    (e) => e.code === 'InvalidKeyPairName.NotFound');
  await ecs.deleteKeyPairs(new Ecs.DeleteKeyPairsRequest({ regionId: REGION, keyPairNames: JSON.stringify(['laptop']) }));
  assert.equal((await ecs.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: REGION, keyPairName: 'laptop' }))).body.totalCount, 0);
});
