"""cloudlife: start and drive a cloudlife emulator from Python tests.

    from cloudlife import Cloudlife

    with Cloudlife(clock="frozen") as server:
        ec2 = boto3.client("ec2", endpoint_url=server.endpoint, ...)
        server.advance(30)

The pytest plugin (``cloudlife.pytest_plugin``) wraps this in fixtures. Pure Python, no
dependencies beyond the standard library. With the native extension (the wheel ``make wheel``
builds), ``cloudlife.Server()`` runs the server on a thread of this process and
``cloudlife.mock()`` routes boto3 clients to it without a socket (``cloudlife.inprocess``).
All three share the typed control-plane methods of :class:`cloudlife.ControlPlane`
(``advance``, ``reset``, ``faults``, ``capacity``, ``metrics``, ``service_events``, ``imds``, …).
"""
from .control import Capacity, ControlPlane, Faults, Imds, Metrics
from .inprocess import Mock, Server, mock, native_available
from .server import Cloudlife, CloudlifeError, find_binary
from .usage import install as _install_usage

_install_usage(ControlPlane)  # leaks(), usage(), prices(), set_prices() on all three

__all__ = ["Capacity", "Cloudlife", "CloudlifeError", "ControlPlane", "Faults", "Imds", "Metrics",
           "Mock", "Server", "find_binary", "mock", "native_available"]
__version__ = "0.1.0"
