"""cloudlife: start and drive a cloudlife emulator from Python tests.

    from cloudlife import Cloudlife

    with Cloudlife(clock="frozen") as server:
        ec2 = boto3.client("ec2", endpoint_url=server.endpoint, ...)
        server.advance(30)

The pytest plugin (``cloudlife.pytest_plugin``) wraps this in fixtures. Pure Python, no
dependencies beyond the standard library. With the native extension (the wheel ``make wheel``
builds), ``cloudlife.Server()`` runs the server on a thread of this process and
``cloudlife.mock()`` routes boto3 clients to it without a socket (``cloudlife.inprocess``).
"""
from .inprocess import Mock, Server, mock, native_available
from .server import Cloudlife, CloudlifeError, Faults, find_binary
from .usage import install as _install_usage

_install_usage(Cloudlife)  # leaks(), usage(), prices(), set_prices()

__all__ = ["Cloudlife", "CloudlifeError", "Faults", "Mock", "Server", "find_binary", "mock",
           "native_available"]
__version__ = "0.1.0"
