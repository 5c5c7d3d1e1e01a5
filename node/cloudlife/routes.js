// The control-plane routes of capacity pools, metrics and alarms, service events and the instance
// metadata service (docs/control-plane.md, docs/imds.md), installed as members of Cloudlife:
//   await server.capacity.set([{ zone: 'us-east-1a', instance_type: 'c5.large', available: 0 }])
//   await server.metrics.put('AWS/EC2', 'CPUUtilization', 80, { dimensions: { AutoScalingGroupName: 'web' } })
//   await server.alarms.put({ name, namespace, metric, threshold, comparison, alarm_actions: [arn] })
//   await server.serviceEvents({ after: 0, wait: 5 })  -> { events: [{ seq, event }], last_seq }
//   await server.imds('i-...').get('instance-id', await server.imds('i-...').token())
// Each resolves to the decoded JSON answer (IMDS: the text) and rejects with an Error carrying
// `status` and `body` for a 4xx/5xx answer, like control().
'use strict';
const { query } = require('./usage');

class Imds {
  constructor(server, instanceId) {
    this.server = server;
    this.instanceId = instanceId;
    this.prefix = `/_cloudlife/imds/${encodeURIComponent(instanceId)}`;
    this.endpoint = server.endpoint + this.prefix;
  }

  async call(method, path, headers) {
    const route = `${this.prefix}/${path.replace(/^\/+/, '')}`;
    const res = await fetch(this.server.endpoint + route, { method, headers });
    const text = await res.text();
    if (!res.ok) {
      const err = new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
      err.status = res.status;
      err.body = text;
      throw err;
    }
    return text;
  }

  token(ttlSeconds = 21600) {
    return this.call('PUT', 'latest/api/token', { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttlSeconds) });
  }

  get(path = '', token) {
    return this.call('GET', 'latest/meta-data/' + path.replace(/^\/+/, ''), token ? { 'x-aws-ec2-metadata-token': token } : {});
  }

  userData(token) {
    return this.call('GET', 'latest/user-data', token ? { 'x-aws-ec2-metadata-token': token } : {});
  }

  async identityDocument(token) {
    const headers = token ? { 'x-aws-ec2-metadata-token': token } : {};
    return JSON.parse(await this.call('GET', 'latest/dynamic/instance-identity/document', headers));
  }
}

function install(Cloudlife) {
  Object.defineProperty(Cloudlife.prototype, 'capacity', {
    get() {
      return {
        set: (pools) => this.control('PUT', '/_cloudlife/capacity', { pools }),
        list: async () => (await this.control('GET', '/_cloudlife/capacity')).pools,
        clear: () => this.control('DELETE', '/_cloudlife/capacity'),
      };
    },
  });
  Object.defineProperty(Cloudlife.prototype, 'metrics', {
    get() {
      return {
        put: (namespace, metric, value, { dimensions = {}, region = 'us-east-1', account } = {}) =>
          this.control('PUT', '/_cloudlife/metrics', { account, region, namespace, metric, dimensions, value }),
        list: async (params = {}) => (await this.control('GET', '/_cloudlife/metrics' + query(params))).metrics,
      };
    },
  });
  Object.defineProperty(Cloudlife.prototype, 'alarms', {
    get() {
      return {
        put: (alarm) => this.control('PUT', '/_cloudlife/alarms', { region: 'us-east-1', ...alarm }),
        list: async (params = {}) => (await this.control('GET', '/_cloudlife/alarms' + query(params))).alarms,
        delete: (name, { region = 'us-east-1', account } = {}) =>
          this.control('DELETE', '/_cloudlife/alarms' + query({ name, region, account })),
      };
    },
  });
  Cloudlife.prototype.serviceEvents = function serviceEvents({ after, wait, source, detailType, limit } = {}) {
    return this.control('GET', '/_cloudlife/service-events' + query({ after, wait, source, detail_type: detailType, limit }));
  };
  Cloudlife.prototype.imds = function imds(instanceId) {
    return new Imds(this, instanceId);
  };
}

module.exports = { install, Imds };
