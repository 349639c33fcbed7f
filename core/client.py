"""Which address a request came from, believing X-Forwarded-For only from our own proxies.

The sign-in lock-out and the CSP report endpoint's rate limit count per client address, so the
address must be one a client cannot choose. A client can write anything into X-Forwarded-For;
only what a trusted proxy (settings.TRUSTED_PROXIES, from C40_TRUSTED_PROXIES) appended is
true.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def parse_trusted_proxies(text, name="C40_TRUSTED_PROXIES"):
    """The networks in a comma-separated list of addresses and CIDRs ("10.0.0.2, 10.1.0.0/16").

    A typo must stop the site at start: skipped silently, it would make the lock-out count the
    load balancer's address for everyone (or trust an address it should not).
    """
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (such as 10.0.0.2 or "
                f"10.0.0.0/16), comma-separated; {entry!r} is neither."
            ) from None
    return tuple(networks)


def parse_address(text):
    """The IP address in `text`, IPv4-mapped IPv6 as plain IPv4; None if it is not one."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def is_trusted_proxy(address, proxies):
    return address is not None and any(address in network for network in proxies)


def client_address(request):
    """The address of the client: the connecting one, unless that is a trusted proxy.

    Behind trusted proxies, X-Forwarded-For is read from the right (each proxy appends the
    address it saw), skipping our own proxies; the first other entry is the client. Anything
    left of it was written by the client and is ignored, so a forged header buys no fresh
    sign-in attempts. An entry that is not an address means the header is broken past that
    point: the last trusted hop is then the best we know.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not is_trusted_proxy(parse_address(remote), proxies):
        return remote
    best = remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            return best
        if not is_trusted_proxy(address, proxies):
            return str(address)
        best = str(address)
    return best
