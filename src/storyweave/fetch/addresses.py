"""The SSRF guard: a feed or a redirect must not make storyweave talk to the user's own network
(a router page, a cloud metadata service at 169.254.169.254, a database on localhost).

Checked on resolved addresses, not on names, because any name can resolve to 127.0.0.1, and
numeric oddities ("2130706433", "0x7f.1") resolve there too. The address that passed is the one
the connection goes to (see transport.py), so a second DNS answer cannot swap it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from storyweave.fetch.errors import AddressRefused, RetryLater

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
"""host (IDNA-encoded ASCII), port -> the IP addresses it resolves to, as strings."""

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

# In this order, so an address in several ranges gets the most telling name.
_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("is_unspecified", "the unspecified address"),
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_reserved", "a reserved address"),
    ("is_private", "a private or special-purpose address"),
)


def address_refusal(address: IPAddress) -> str | None:
    """Why storyweave will not connect to `address` ("a loopback address"), or None when it is
    a public one.

    IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, 6to4, NAT64) are judged
    by the IPv4 address inside, since that is where the packets end up.
    """
    inner = _embedded_ipv4(address)
    if inner is not None:
        reason = address_refusal(inner)
        return f"{reason} ({address} carries the IPv4 address {inner})" if reason else None
    for attribute, name in _CATEGORIES:
        if getattr(address, attribute):
            return name
    if not address.is_global:  # e.g. 100.64.0.0/10, carrier-grade NAT
        return "a shared or special-purpose address"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be fetched: public ones, plus the exempted networks, or every one."""

    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()

    def refusal(self, address: IPAddress) -> str | None:
        if self.allow_private:
            return None
        for network in self.allow_networks:
            if address in ipaddress.ip_network(network, strict=False):
                return None
        return address_refusal(address)


@dataclass(frozen=True)
class VettedTarget:
    """A URL cleared for sending: `host` (IDNA ASCII, lower case) and `port` name the origin,
    `address` is the vetted IP the connection must go to."""

    url: httpx.URL
    host: str
    port: int
    address: str

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 literal
        return f"{self.url.scheme}://{host}:{self.port}"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host`, in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def vet_url(url: str, policy: AddressPolicy, resolver: Resolver = system_resolver) -> VettedTarget:
    """Parse `url`, resolve its host once and check every address it resolves to.

    Raises AddressRefused (nothing sent) for a scheme other than http/https, a URL carrying a
    user name or password, or a host resolving to any refused address: a name that answers
    with both a public and a private address is how DNS rebinding starts, so one refused
    answer refuses the URL. Raises RetryLater when the name does not resolve (DNS may recover).
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise AddressRefused(url, f"not a valid URL ({error})") from None
    if parsed.scheme not in ("http", "https"):
        raise AddressRefused(url, "only http and https URLs are fetched")
    if parsed.userinfo:
        raise AddressRefused(url, "the URL carries a user name or password; storyweave sends none")
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise AddressRefused(url, "the URL has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    literal = _ip_or_none(host)
    if literal is not None:
        reason = policy.refusal(literal)
        if reason:
            raise AddressRefused(url, f"{literal} is {reason}; {_ADVICE}")
        return VettedTarget(parsed, host, port, str(literal))
    try:
        answers = [_ip_or_none(answer) for answer in resolver(host, port)]
    except OSError as error:
        raise RetryLater(url, f"cannot resolve {host} ({error})") from None
    addresses = [answer for answer in answers if answer is not None]
    if not addresses:
        raise RetryLater(url, f"cannot resolve {host} (no address)")
    for address in addresses:
        reason = policy.refusal(address)
        if reason:
            raise AddressRefused(url, f"its host {host} resolves to {address}, {reason}; {_ADVICE}")
    return VettedTarget(parsed, host, port, str(addresses[0]))


_ADVICE = (
    "storyweave fetches only public addresses (use --allow-private to fetch from your own network)"
)


def _ip_or_none(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
