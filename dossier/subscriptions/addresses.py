"""Where a link found in a feed may lead: never into a private network the user did not allow.

``pull`` may run unattended (a scheduled job that publishes the dossier), so a
feed must not make it request an address inside the network it runs in: a
router's admin page, a cloud's metadata service (169.254.169.254), a local
database's HTTP port. A link on the feed's own host is fetched like the feed
(the user chose that host); any other host must resolve to public addresses
only, unless ``allow_networks`` in ``dossier.yml`` names the network.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from .settings import Network

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

PRIVATE: tuple[tuple[Network, str], ...] = tuple(
    (ipaddress.ip_network(network), kind)
    for network, kind in (
        ("127.0.0.0/8", "loopback"),
        ("::1/128", "loopback"),
        ("0.0.0.0/8", "unspecified"),
        ("::/128", "unspecified"),
        ("10.0.0.0/8", "private"),
        ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"),
        ("100.64.0.0/10", "shared (carrier-grade NAT)"),
        ("fc00::/7", "private"),
        ("169.254.0.0/16", "link-local or cloud-metadata"),
        ("fe80::/10", "link-local"),
    )
)


class Refused(Exception):
    """A link that must not be fetched; the message says why, for a line of the report."""


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def check(url: str, trusted_host: str, allowed: tuple[Network, ...]) -> None:
    """Raise :class:`Refused` unless ``url`` may be requested; nothing is sent to find out.

    ``trusted_host`` is the host of the feed the link came from.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise Refused(f"refused {url}: not an http(s) link")
    host = parts.hostname.lower()
    if host == trusted_host:
        return
    for address in _addresses(host, parts.port or (443 if parts.scheme == "https" else 80)):
        kind = _private_kind(address)
        if kind and not any(address in network for network in allowed):
            raise Refused(
                f"refused {url}: {host} is a {kind} address ({address}), and a link in a feed "
                "may not reach a private network (allow_networks in dossier.yml allows one)"
            )


def _addresses(host: str, port: int) -> list[Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Refused(f"refused {host}: cannot resolve the name ({exc})") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def _private_kind(address: Address) -> str:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return next((kind for network, kind in PRIVATE if address in network), "")
