"""Where a webhook may go: public addresses only, unless the configuration allows more.

An administrator types the address, so it must not reach what only the server can reach:
the machine itself, the municipality's internal networks, a cloud's metadata service. The
host is resolved and every address it has, IPv4 and IPv6, is checked when the webhook is
saved, and again at each delivery. The delivery then connects to the very address it
checked, so a name that resolves differently a moment later (DNS rebinding) cannot steer
it inside.

WEBHOOK_ALLOWED_NETWORKS lists what is allowed all the same: networks such as 10.20.0.0/16,
single addresses, or host names (exact, whatever they resolve to) of the municipality's own
systems.

requests-hardened does the same pinning, but its policy is fixed (loopback or nothing), it
checks only the first address a name has, and it has no list of allowed networks.
"""

import ipaddress
import socket

import requests
from flask import current_app
from requests.adapters import HTTPAdapter

# Not public, although Python 3.11 calls them global: IETF protocol assignments, 6to4 and
# Teredo, NAT64 (which may translate to an internal IPv4 address) and segment routing.
ALSO_INTERNAL = tuple(
    ipaddress.ip_network(network)
    for network in (
        "192.0.0.0/24",
        "2002::/16",
        "2001::/32",
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "5f00::/16",
    )
)


class AddressRefused(requests.RequestException):
    """The host resolves to an address that webhooks may not reach."""

    def __init__(self, host, address):
        super().__init__(f"{host} resolves to {address}, which webhooks may not reach")
        self.host, self.address = host, address


class HostNotFound(requests.ConnectionError):
    """The host name does not resolve."""


def is_public(address):
    """Whether ``address`` is reachable on the internet: not private, loopback, link-local,
    shared, multicast, reserved or a translation to one of those."""
    address = _plain(address)
    return (
        address.is_global
        and not address.is_multicast
        and not any(address in network for network in ALSO_INTERNAL)
    )


def resolve(host, port=None):
    """Every address of ``host``, after checking each one; raises AddressRefused for an
    address webhooks may not reach, HostNotFound for a name that does not resolve."""
    networks, hosts = _allowed()
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostNotFound(f"{host} could not be resolved") from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in found))
    if host.lower().rstrip(".") in hosts:
        return addresses
    for address in addresses:
        if not is_public(address) and not any(_plain(address) in n for n in networks):
            raise AddressRefused(host, address)
    return addresses


class CheckedAddressAdapter(HTTPAdapter):
    """Sends each request to an address of the URL's host that resolve() has checked.

    The URL's host name stays in the Host header, in TLS's server name and in the
    certificate check; only the connection goes to the checked address.
    """

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        """The pool for the checked address, with the name kept for Host and TLS."""
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        host, port = host_params["host"], host_params["port"]
        address = resolve(host, port or (443 if host_params["scheme"] == "https" else 80))[0]
        name = f"[{host}]" if ":" in host else host
        request.headers["Host"] = name if port is None else f"{name}:{port}"
        if host_params["scheme"] == "https":
            pool_kwargs["assert_hostname"] = host
            pool_kwargs["server_hostname"] = host
        host_params["host"] = str(address) if address.version == 4 else f"[{address}]"
        return host_params, pool_kwargs


def checked_session():
    """A requests session whose every request goes only to checked addresses."""
    session = requests.Session()
    adapter = CheckedAddressAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _plain(address):
    # An IPv4 address written as IPv6 (::ffff:127.0.0.1) is the IPv4 address.
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _allowed():
    networks, hosts = [], set()
    for entry in current_app.config["WEBHOOK_ALLOWED_NETWORKS"]:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.lower().rstrip("."))
    return networks, hosts
