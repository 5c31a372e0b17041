"""SSRF guard: never fetch a host that is, or resolves to, a non-public address.

Sources are added by staff (sources file, later a web form); a URL or a redirect must not
make the server fetch its own admin pages, the cloud metadata service (169.254.169.254) or
anything else on the internal network. Two layers:

- ``PrivateAddressMiddleware`` (downloader middleware, runs first): for every request,
  redirects included, the host is checked — an IP literal directly, a name by resolving it —
  and the request is refused with the reason (``host localhost resolves to 127.0.0.1, a
  loopback address``).
- ``GuardedResolver`` (Scrapy's DNS resolver): the address the connection actually uses is
  checked again, so a name that resolves to a public address for the check and to a private
  one for the connection (DNS rebinding) is still refused.

Allowed anyway: everything when the source says ``allow_private = true`` (RADAR_ALLOW_PRIVATE),
and the hosts listed in RADAR_ALLOWED_HOSTS **exactly as written in URLs** — allowing
``127.0.0.1`` does not allow ``localhost`` or any other name that points there.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer, threads
from twisted.internet.error import DNSLookupError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request
    from twisted.internet.base import ReactorBase

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Host -> why the resolver refused it. Twisted turns the resolver's error into a bare "DNS
# lookup failed", so the errback looks the reason up here (one crawl per process).
_REFUSED_BY_RESOLVER: dict[str, str] = {}


def resolver_refusal(host: str | None) -> str | None:
    """Why GuardedResolver refused ``host`` in this process, or None."""
    return _REFUSED_BY_RESOLVER.get(_normal_host(host)) if host else None


class BlockedAddressError(IgnoreRequest):
    """A request refused because its host is, or resolves to, a non-public address."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which non-public hosts a crawl may still fetch."""

    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Any) -> AddressPolicy:
        """RADAR_ALLOW_PRIVATE (the source's allow_private) and RADAR_ALLOWED_HOSTS."""
        hosts = settings.getlist("RADAR_ALLOWED_HOSTS")
        return cls(
            allow_private=settings.getbool("RADAR_ALLOW_PRIVATE"),
            allowed_hosts=frozenset(_normal_host(h) for h in hosts if h.strip()),
        )

    def allows_host(self, host: str) -> bool:
        """True when this host (as written in the URL) may be fetched whatever it resolves to."""
        return self.allow_private or _normal_host(host) in self.allowed_hosts

    def refusal(self, host: str, addresses: list[str]) -> str | None:
        """Why ``host`` with these resolved addresses is refused, or None when it is allowed."""
        if self.allows_host(host):
            return None
        for address in addresses:
            kind = address_kind(address)
            if kind is None:
                continue
            if _is_ip_literal(host):
                return f"host {host} is {kind} address; private addresses are refused"
            return (
                f"host {host} resolves to {address}, {kind} address; private addresses are refused"
            )
        return None


def address_kind(address: str) -> str | None:
    """The kind of a non-public address ("a loopback", "a private"...); None if public."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "an unparseable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        ("is_unspecified", "an unspecified"),
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_private", "a private"),
        ("is_reserved", "a reserved"),
    )
    for attribute, kind in checks:
        if getattr(ip, attribute):
            return kind
    # e.g. 100.64.0.0/10 (carrier-grade NAT): not private, not public either
    return None if ip.is_global else "a non-public"


class PrivateAddressMiddleware:
    """Downloader middleware: refuses requests whose host is or resolves to a non-public address."""

    def __init__(self, crawler: Crawler, policy: AddressPolicy):
        self.crawler = crawler
        self.policy = policy
        self.dns_timeout = crawler.settings.getfloat("DNS_TIMEOUT", 10)
        self._resolved: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        """Off when the source may reach private hosts anyway."""
        policy = AddressPolicy.from_settings(crawler.settings)
        if policy.allow_private:
            raise NotConfigured("the source allows private addresses")
        return cls(crawler, policy)

    async def process_request(self, request: Request) -> None:
        """Raise BlockedAddressError (the request's errback records why) for a refused host."""
        parts = urlparse_cached(request)
        host = parts.hostname
        if not host or self.policy.allows_host(host):
            return
        addresses = [host] if _is_ip_literal(host) else await self._resolve(host)
        reason = self.policy.refusal(host, addresses)
        if reason:
            self.crawler.stats.inc_value("radar/blocked_private")
            raise BlockedAddressError(f"refused: {reason}")

    async def _resolve(self, host: str) -> list[str]:
        if host not in self._resolved:
            lookup = threads.deferToThread(socket.getaddrinfo, host, None, type=socket.SOCK_STREAM)
            from twisted.internet import reactor

            lookup.addTimeout(self.dns_timeout, reactor)
            try:
                infos = await maybe_deferred_to_future(lookup)
            except Exception:
                # Unresolvable: the download itself fails with the DNS error, in words.
                infos = []
            self._resolved[host] = sorted({info[4][0] for info in infos})
        return self._resolved[host]


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to non-public addresses.

    This checks the address the connection will really use, after the middleware's check.
    """

    policy: AddressPolicy = AddressPolicy()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> GuardedResolver:
        """Reads the same settings as the middleware (``crawler`` is the CrawlerProcess)."""
        resolver = super().from_crawler(crawler, reactor)
        resolver.policy = AddressPolicy.from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred[str]:
        """The address of ``name``, or a DNSLookupError saying why it is refused."""
        lookup = super().getHostByName(name, timeout)

        def check(address: str) -> str:
            reason = self.policy.refusal(name, [address])
            if reason:
                _REFUSED_BY_RESOLVER[_normal_host(name)] = reason
                raise DNSLookupError(f"refused: {reason}")
            return address

        return lookup.addCallback(check)


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def _normal_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()
