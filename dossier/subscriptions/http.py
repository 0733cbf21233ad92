"""Polite HTTP for ``pull``: httpx, a clear User-Agent, timeouts, a size limit, conditional GETs.

Redirects are followed here, one hop at a time, so that every hop passes
:func:`addresses.check` before anything is sent to it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from .. import __version__
from ..ingest.fetch import MAX_BYTES
from . import addresses
from .settings import Network

USER_AGENT = f"dossier/{__version__} (feed reader; +https://pypi.org/project/dossier/)"
MAX_REDIRECTS = 5
_ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
}


class FetchError(Exception):
    """A request that failed: the message is what a person needs ("HTTP 500 ...", "timed out")."""


@dataclass(frozen=True)
class Response:
    status: int  # 200, or 304 when the feed has not changed
    url: str  # after redirects
    data: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    charset: str = ""


class Client:
    """One connection pool for a whole pull; ``with Client(...) as client``."""

    def __init__(self, timeout: float, allowed: tuple[Network, ...] = ()) -> None:
        self.timeout = timeout
        self.allowed = allowed
        self._http = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,  # a proxy from the environment would hide where requests go
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def get(
        self, url: str, trusted_host: str, kind: str = "page", etag: str = "", modified: str = ""
    ) -> Response:
        """GET ``url``; raise :class:`addresses.Refused` or :class:`FetchError` instead of fetching."""
        headers = {"Accept": _ACCEPT[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        for _ in range(MAX_REDIRECTS + 1):
            addresses.check(url, trusted_host, self.allowed)
            try:
                response = self._request(url, headers)
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {self.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch: {exc}") from None
            if isinstance(response, str):
                url = response
                continue
            return response
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url: str, headers: dict[str, str]) -> Response | str:
        """The response, or the next URL when it is a redirect."""
        deadline = time.monotonic() + 4 * self.timeout  # a server that drips bytes stops too
        with self._http.stream("GET", url, headers=headers) as response:
            location = response.headers.get("Location")
            if response.is_redirect and location:
                return urljoin(url, location)
            if response.status_code == 304:
                return Response(304, url)
            if response.status_code >= 400 or response.status_code < 200:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_BYTES:
                raise FetchError(f"larger than {MAX_BYTES // (1024 * 1024)} MB; not fetched")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchError(f"larger than {MAX_BYTES // (1024 * 1024)} MB; not fetched")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {4 * self.timeout:g} s reading the body")
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "")
            return Response(
                status=response.status_code,
                url=url,
                data=b"".join(chunks),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
                content_type=content_type.split(";", 1)[0].strip().lower(),
                charset=response.charset_encoding or "",
            )
