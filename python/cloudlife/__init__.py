"""cloudlife: start and drive a cloudlife emulator from Python tests.

    from cloudlife import Cloudlife

    with Cloudlife(clock="frozen") as server:
        ec2 = boto3.client("ec2", endpoint_url=server.endpoint, ...)
        server.advance(30)

The pytest plugin (``cloudlife.pytest_plugin``) wraps this in fixtures. Pure Python, no
dependencies beyond the standard library.
"""
from .server import Cloudlife, CloudlifeError, Faults, find_binary
from .usage import install as _install_usage

_install_usage(Cloudlife)  # leaks(), usage(), prices(), set_prices()

__all__ = ["Cloudlife", "CloudlifeError", "Faults", "find_binary"]
__version__ = "0.1.0"
