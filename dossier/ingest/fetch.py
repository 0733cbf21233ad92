"""Fetch a source over HTTP(S): a timeout, a size limit, and errors a person can act on."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from email.message import Message

from .. import __version__
from .model import Source, SourceError

MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
_HEADERS = {
    "User-Agent": f"dossier/{__version__} (+ingest; a static dossier generator)",
    "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/json;q=0.9,*/*;q=0.5",
}


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Source:
    """GET ``url``; raise SourceError("HTTP 404 Not Found", "timed out after 20 s", ...) on failure."""
    request = urllib.request.Request(url, headers=_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            headers: Message = response.headers
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise SourceError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise SourceError(f"timed out after {timeout:g} s") from None
        raise SourceError(f"cannot fetch: {reason}") from None
    except TimeoutError:
        raise SourceError(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise SourceError(f"cannot fetch: {exc}") from None
    if len(data) > max_bytes:
        raise SourceError(f"larger than {max_bytes // (1024 * 1024)} MB; not fetched")
    return Source(
        name=url,
        origin=url,
        data=data,
        url=final_url,
        content_type=headers.get_content_type() if headers.get("Content-Type") else "",
        charset=headers.get_content_charset() or "",
    )
