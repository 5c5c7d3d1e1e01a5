// Usage, billing and leaks (docs/teardown.md), installed as methods of Cloudlife:
//   await server.leaks()                  -> [{ id, cloud, type, reason, since, ... }]
//   await server.usage({ group_by: 'tag:team', priced: true })
//   await server.setPrices({ currency: 'USD', facts: [...] })
'use strict';

// '?a=1&b=2' of the defined members of params ('' when none): the control plane's query strings.
function query(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null) qs.set(k, String(v));
  }
  const text = qs.toString();
  return text ? `?${text}` : '';
}

function install(Cloudlife) {
  Cloudlife.prototype.leaks = async function leaks({ account, region, cloud } = {}) {
    return (await this.control('GET', '/_cloudlife/leaks' + query({ account, region, cloud }))).leaks;
  };
  Cloudlife.prototype.usage = function usage(params = {}) {
    return this.control('GET', '/_cloudlife/usage' + query(params));
  };
  Cloudlife.prototype.prices = function prices() {
    return this.control('GET', '/_cloudlife/prices');
  };
  Cloudlife.prototype.setPrices = function setPrices(document) {
    return this.control('PUT', '/_cloudlife/prices', document);
  };
}

module.exports = { install, query };
