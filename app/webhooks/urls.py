"""Which URLs a webhook may go to: http(s), and only to public addresses.

Every address the host resolves to is checked, at registration and again at each delivery (whose
request then goes to the address that was checked), so a name that later resolves to a private or
loopback address (DNS rebinding) reaches nothing inside. WEBHOOK_ALLOW_PRIVATE lifts the rule.
"""

import asyncio
import socket
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address

import httpx

IPAddress = IPv4Address | IPv6Address


class UrlRefused(ValueError):
    """The URL may not receive webhooks; the message is for a person (HTTP 422)."""


@dataclass(frozen=True, slots=True)
class Destination:
    url: httpx.URL
    # The checked address to connect to; None when private addresses are allowed (no check made).
    address: IPAddress | None


def parse_webhook_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise UrlRefused(f"{url!r} is not a URL: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise UrlRefused("A webhook URL starts with http:// or https:// and names a host.")
    if parsed.userinfo:
        raise UrlRefused("A webhook URL may not carry a user name or password.")
    return parsed


def is_public(address: IPAddress) -> bool:
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


async def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UrlRefused(f"The host {host!r} cannot be resolved: {exc}") from None
    # An IPv6 answer may carry a zone ("fe80::1%eth0"); the address is what is judged.
    return list(dict.fromkeys(ip_address(info[4][0].split("%")[0]) for info in infos))


async def check_destination(url: str, *, allow_private: bool) -> Destination:
    """Raise UrlRefused unless the URL may receive webhooks; where to send them if it may."""
    parsed = parse_webhook_url(url)
    if allow_private:
        return Destination(parsed, None)
    addresses = await resolve(parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80))
    private = [address for address in addresses if not is_public(address)]
    if private or not addresses:
        raise UrlRefused(
            f"The host {parsed.host!r} resolves to {private[0] if private else 'no address'}, "
            "a loopback, private or otherwise non-public address: webhooks go only to public "
            "addresses (the deployer may allow private ones with WEBHOOK_ALLOW_PRIVATE=true)."
        )
    return Destination(parsed, addresses[0])
