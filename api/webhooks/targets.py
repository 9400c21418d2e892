"""Where a webhook may point: public http(s) addresses only (no SSRF into our network).

A URL is checked when it is saved and again before every attempt, because a name can
resolve to a public address at creation and to 127.0.0.1 later (DNS rebinding). The sender
connects to the very address it checked, so the name cannot change between check and
connect. `RAPPORT_WEBHOOKS_ALLOW_PRIVATE=1` lifts the rule for development and tests.
"""

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from api.settings import get_settings


class UnsafeTarget(ValueError):
    """The URL is not one Rapport will send to; the message says why (for the 422 or log)."""


def allow_private() -> bool:
    return get_settings().webhooks_allow_private


def check_url_syntax(value: str) -> str:
    """An absolute http(s) URL with a host and no credentials (a pydantic validator)."""
    if any(c.isspace() for c in value):
        raise ValueError("must not contain whitespace")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise ValueError("is not a valid URL") from exc
    if parts.scheme not in ("http", "https"):
        raise ValueError("must be an http or https URL")
    if not parts.hostname:
        raise ValueError("must name a host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not contain credentials; verify the signature instead")
    return value


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # is_global is False for private, loopback, link-local, shared (CGNAT), documentation,
    # reserved and unspecified ranges; multicast is never a receiver either.
    return ip.is_global and not ip.is_multicast


def _literal_ip(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def resolve_public(host: str, port: int) -> str:
    """The address to connect to, if every address `host` resolves to is public."""
    literal = _literal_ip(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise UnsafeTarget(f"host {host!r} does not resolve") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            raise UnsafeTarget(f"host {host!r} does not resolve")
    private = [a for a in addresses if not is_public(a)]
    if private:
        raise UnsafeTarget(
            f"host {host!r} is or resolves to a non-public address ({private[0]}); "
            "webhooks go to public addresses only"
        )
    return addresses[0]


def check_target(url: str) -> None:
    """Raise UnsafeTarget unless `url` may receive webhooks now."""
    if allow_private():
        return
    parts = urlsplit(url)
    resolve_public(parts.hostname or "", parts.port or _default_port(parts.scheme))


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


@dataclass
class Route:
    """How to send to a URL: the URL to connect to, plus the headers and extensions that
    keep the original name for the Host header, TLS SNI and certificate checks."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)


def route(url: str) -> Route:
    """Check `url` now and pin the connection to the checked address."""
    if allow_private():
        return Route(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    address = resolve_public(host, parts.port or _default_port(parts.scheme))
    if _literal_ip(host) is not None:
        return Route(url)
    pinned_host = f"[{address}]" if ":" in address else address
    netloc = pinned_host if parts.port is None else f"{pinned_host}:{parts.port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    ascii_host = host.encode("idna").decode("ascii")
    host_header = ascii_host if parts.port is None else f"{ascii_host}:{parts.port}"
    extensions = {"sni_hostname": ascii_host} if parts.scheme == "https" else {}
    return Route(pinned, {"Host": host_header}, extensions)
