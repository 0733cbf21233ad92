"""Links in feeds are untrusted: no request toward a private address of another host, at any hop.

The feed is on 127.0.0.1; a second server on 127.0.0.2 stands for a machine in
the network ``pull`` runs in, and must receive no request unless allowed.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from dossier.subscriptions.addresses import Refused, check
from tests.pull.conftest import Server, configure, pull


def _serve(main: Server, other: Server) -> str:
    feed = main.serve("/untrusted.xml", "untrusted.xml")
    main.serve("/news/ferry", "ferry.html", content_type="text/html")
    main.serve("/moved", status=302, headers={"Location": f"{other.base}/secret"})
    other.serve("/secret", "ferry.html", content_type="text/html")
    return feed


def test_links_to_private_addresses_of_other_hosts_are_refused(
    project: Path, servers: tuple[Server, Server]
) -> None:
    main, other = servers
    feed = _serve(main, other)
    configure(project, f"  - {feed}\n")
    result = pull(project)
    assert result.returncode == 0, result.stderr
    assert other.requests == []  # not the link, not the redirect's target
    assert "/news/ferry" in main.paths()  # the feed's own host is fetched like the feed
    assert "/moved" in main.paths()
    refused = [line for line in result.stderr.splitlines() if "refused" in line]
    assert len(refused) == 4, result.stderr
    assert refused[0] == (
        f"{feed}: entry 2: warning: full article not fetched, the feed's text is kept: "
        f"refused {other.base}/secret: 127.0.0.2 is a loopback address (127.0.0.2), and a link "
        "in a feed may not reach a private network (allow_networks in dossier.yml allows one)"
    )
    assert f"refused {other.base}/secret" in refused[1]  # at the redirect's hop
    assert "169.254.169.254 is a link-local or cloud-metadata address" in refused[2]
    assert "localhost is a loopback address" in refused[3]
    assert f"{feed}: 5 new, 0 skipped by rules, 0 already seen, 0 failed" in result.stdout


def test_a_network_allowed_in_the_settings_is_fetched(
    project: Path, servers: tuple[Server, Server]
) -> None:
    main, other = servers
    feed = _serve(main, other)
    configure(project, f"  - {feed}\n", "allow_networks: [127.0.0.2/32]\n")
    result = pull(project)
    assert result.returncode == 0, result.stderr
    assert other.paths() == ["/secret", "/secret"]  # the link, and the redirect's target
    assert result.stderr.count("refused") == 2  # 169.254.169.254 and localhost still


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
        "http://169.254.169.254/latest/", "http://127.0.0.1:8000/", "http://0.0.0.0/",
        "http://[::1]/", "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
    ],
)  # fmt: skip
def test_private_loopback_link_local_and_metadata_addresses(url: str) -> None:
    with pytest.raises(Refused):
        check(url, "news.example", ())


def test_public_addresses_the_feeds_host_and_allowed_networks_pass() -> None:
    check("http://93.184.215.14/story", "news.example", ())
    check("https://[2606:4700::1111]/story", "news.example", ())
    check("http://192.168.1.1/story", "192.168.1.1", ())  # the feed's own host
    check("http://10.1.2.3/", "news.example", (ipaddress.ip_network("10.1.0.0/16"),))
    with pytest.raises(Refused, match="not an http"):
        check("file:///etc/passwd", "news.example", ())
