"""Usage, billing and leaks (``GET /_cloudlife/usage``, ``/_cloudlife/leaks``, ``/_cloudlife/prices``).

Installed as methods of :class:`cloudlife.Cloudlife`::

    server.leaks()                      # [{"id", "cloud", "type", "reason", "since", ...}]
    server.usage(group_by="tag:team", priced=True)
    server.set_prices({"currency": "USD", "facts": [...]})

See docs/teardown.md.
"""
import urllib.parse


def _query(params):
    pairs = {k: ("true" if v is True else "false" if v is False else v)
             for k, v in params.items() if v is not None}
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


def leaks(self, account=None, region=None, cloud=None):
    """What still accrues cost that nothing uses, each with its reason and since when."""
    query = _query({"account": account, "region": region, "cloud": cloud})
    return self.control("GET", "/_cloudlife/leaks" + query)["leaks"]


def usage(self, **query):
    """The usage report; keywords: account, region, cloud, from_ (or ``**{"from": …}``), to,
    group_by ("resource" | "type" | "tag:KEY"), priced (bool)."""
    if "from_" in query:
        query["from"] = query.pop("from_")
    return self.control("GET", "/_cloudlife/usage" + _query(query))


def prices(self):
    return self.control("GET", "/_cloudlife/prices")


def set_prices(self, document):
    """Replaces the whole price list (your own rates); a malformed list changes nothing."""
    return self.control("PUT", "/_cloudlife/prices", document)


def install(cls):
    for fn in (leaks, usage, prices, set_prices):
        setattr(cls, fn.__name__, fn)
