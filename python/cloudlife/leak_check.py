"""The opt-in ``cloudlife_no_leaks`` fixture: fails a test whose teardown leaves leaks.

Request it before the fixtures that create and tear down your cloud resources, so it checks after
they have torn down::

    def test_deploy(cloudlife_no_leaks, my_stack):
        ...

Leaks that existed before the test started are not blamed on it.
"""
import pytest


def _describe(leak):
    return f"  {leak['cloud']} {leak['type']} {leak['id']} since {leak['since']}: {leak['reason']}"


@pytest.fixture
def cloudlife_no_leaks(cloudlife):
    before = {(l["cloud"], l["type"], l["id"]) for l in cloudlife.leaks()}
    yield cloudlife
    new = [l for l in cloudlife.leaks() if (l["cloud"], l["type"], l["id"]) not in before]
    if new:
        pytest.fail("teardown left resources that keep costing:\n" +
                    "\n".join(_describe(l) for l in new), pytrace=False)
