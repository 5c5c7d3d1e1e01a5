"""Usage, billing and leaks (``GET /_cloudlife/usage``, ``/_cloudlife/leaks``, ``/_cloudlife/prices``).

Installed as methods of :class:`cloudlife.Cloudlife`::

    server.leaks()                      # [{"id", "cloud", "type", "reason", "since", ...}]
    server.usage(group_by="tag:team", priced=True)
    server.set_prices({"currency": "USD", "facts": [...]})

See docs/teardown.md.
"""
from __future__ import annotations

import urllib.parse
from typing import Any, Dict, List, Mapping, Optional


def _query(params: Mapping[str, Any]) -> str:
    pairs = {k: ("true" if v is True else "false" if v is False else v)
             for k, v in params.items() if v is not None}
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


def leaks(self, account: Optional[str] = None, region: Optional[str] = None,
          cloud: Optional[str] = None) -> List[Dict[str, Any]]:
    """What still accrues cost that nothing uses, each with its reason and since when."""
    query = _query({"account": account, "region": region, "cloud": cloud})
    return self.control("GET", "/_cloudlife/leaks" + query)["leaks"]


def usage(self, **query: Any) -> Dict[str, Any]:
    """The usage report; keywords: account, region, cloud, from_ (or ``**{"from": …}``), to,
    group_by ("resource" | "type" | "tag:KEY"), priced (bool)."""
    if "from_" in query:
        query["from"] = query.pop("from_")
    return self.control("GET", "/_cloudlife/usage" + _query(query))


def prices(self) -> Dict[str, Any]:
    """The price list in use: ``{"currency": …, "facts": [{cloud, region, type, sku, amount, per, …}]}``."""
    return self.control("GET", "/_cloudlife/prices")


def set_prices(self, document: Mapping[str, Any]) -> Dict[str, Any]:
    """Replaces the whole price list (your own rates); a malformed list changes nothing."""
    return self.control("PUT", "/_cloudlife/prices", document)


def install(cls: type) -> None:
    for fn in (leaks, usage, prices, set_prices):
        setattr(cls, fn.__name__, fn)
