"""Where a feed's redirect may lead: http(s) only, and never inwards from a public address.

The URL of a feed is the user's choice (a feed on their own network is fine); where it
redirects is the server's. So every hop the fetcher follows is checked here: it must
be an http or https URL, and a redirect from a public address may not lead to a
private, loopback or link-local one, nor to a name that does not resolve — otherwise
any feed could make seasonwatch fetch from the user's router or a local service. An
address counts as public only if every address its name resolves to is, looking
inside the IPv6 forms that embed an IPv4 address too.

This is the fetcher's safety policy, kept apart from its HTTP client so it can be read
and tested whole; only ``resolve`` touches the network.
"""

from __future__ import annotations

import asyncio
import ipaddress
from urllib.parse import urljoin, urlsplit

import httpx

from ingest.errors import RedirectError
from ingest.plaintext import safe_line

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


async def next_hop(current: str, response: httpx.Response, origin_public: bool) -> str:
    """The URL a redirect ``response`` to ``current`` leads to; RedirectError if refused."""
    location = str(response.headers.get("location", "")).strip()
    if not location:
        raise RedirectError(f"HTTP {response.status_code} redirect without a Location")
    try:
        target = urljoin(current, location)
        scheme = urlsplit(target).scheme.lower()
    except ValueError as exc:  # e.g. an invalid IPv6 literal in the Location
        raise RedirectError(f"refused a redirect to an invalid URL: {exc}") from exc
    if scheme not in ("http", "https"):
        raise RedirectError(f"refused a redirect to a non-http(s) URL: {safe_line(target)}")
    if origin_public:
        public = await is_public(target)
        if public is None:
            raise RedirectError(
                f"refused a redirect to a host that does not resolve: {safe_line(target)}"
            )
        if not public:
            raise RedirectError(
                f"refused a redirect from a public address to a private one: {safe_line(target)}"
            )
    return target


async def resolve(host: str) -> set[str]:
    """Every address ``host`` resolves to (OSError when it does not).

    Module-level so the test suite can give made-up names public addresses without
    any traffic leaving 127.0.0.1.
    """
    infos = await asyncio.get_running_loop().getaddrinfo(host, None)
    return {str(info[4][0]).split("%")[0] for info in infos}


def _is_global(address: str) -> bool:
    """True for a public address, also looking inside IPv6 forms that embed an IPv4 one."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(inner is not None and not inner.is_global for inner in embedded):
            return False
    return ip.is_global


async def is_public(url: str) -> bool | None:
    """True when every address of the URL's host is public; None when it does not resolve."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return False
    try:
        return _is_global(host)
    except ValueError:
        pass
    try:
        addresses = await resolve(host)
    except (OSError, UnicodeError):
        return None
    try:
        return bool(addresses) and all(_is_global(a) for a in addresses)
    except ValueError:
        return False
