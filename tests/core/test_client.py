"""Which address a request came from (core/client.py): X-Forwarded-For is believed only as
far as our own proxies wrote it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core.client import client_address, parse_trusted_proxies

PROXIES = "10.0.0.0/24, 10.0.1.5, 2001:db8:ffff::/48"


def address_of(remote, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers))


@pytest.fixture(autouse=True)
def trusted_proxies(settings):
    settings.TRUSTED_PROXIES = parse_trusted_proxies(PROXIES)


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # A client connecting directly: whatever it wrote in the header is ignored.
        ("203.0.113.7", "192.0.2.1", "203.0.113.7"),
        ("203.0.113.7", "10.0.0.9", "203.0.113.7"),
        # Via the balancer: the address it appended, not what the client wrote before it.
        ("10.0.0.2", "198.51.100.66", "198.51.100.66"),
        ("10.0.0.2", "1.2.3.4, 198.51.100.66", "198.51.100.66"),
        # CDN edge, then balancer: our own hops are skipped from the right.
        ("10.0.0.2", "1.2.3.4, 198.51.100.66, 10.0.1.5", "198.51.100.66"),
        ("::ffff:10.0.0.2", "198.51.100.66", "198.51.100.66"),
        ("2001:db8:ffff::2", "2001:db8:1::7", "2001:db8:1::7"),
        # Nothing forwarded, only proxies, or a broken entry: the last trusted hop.
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", " , ", "10.0.0.2"),
        ("10.0.0.2", "10.0.1.5", "10.0.1.5"),
        ("10.0.0.2", "198.51.100.66, not-an-address", "10.0.0.2"),
        ("10.0.0.2", "198.51.100.66, 999.1.1.1, 10.0.1.5", "10.0.1.5"),
    ],
)
def test_the_client_address_is_the_first_untrusted_hop_from_the_right(remote, forwarded, client):
    assert address_of(remote, forwarded) == client


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = ()
    assert address_of("10.0.0.2", "198.51.100.66") == "10.0.0.2"


@pytest.mark.parametrize("entry", ["10.0.0.0/33", "lb.internal", "10.0.0.300", "*"])
def test_an_entry_that_is_no_address_or_network_is_refused(entry):
    with pytest.raises(ImproperlyConfigured, match="C40_TRUSTED_PROXIES"):
        parse_trusted_proxies(f"10.0.0.2,{entry}")
