"""Links that name ``index.html`` instead of a folder, for a site opened from files.

A browser shows a folder listing, not the folder's ``index.html``, when a page opened
from disk (``file://``) links to ``../entities/``. With ``use_directory_urls: false``
in ``dossier.yml`` (the setting MkDocs users know) every relative link to a folder
in a page becomes a link to its ``index.html``; links to other hosts, absolute paths
and fragments are left alone.
"""

from __future__ import annotations

import re

# href and action values: the only attributes that navigate (src loads a file, never a folder).
_ATTRIBUTE = re.compile(r'(\s(?:href|action)=")([^"]*)"')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def index_link(url: str) -> str:
    """``url`` with ``index.html`` added when it is a relative link to a folder."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    if path in (".", ".."):
        path += "/"
    if not path.endswith("/"):
        return url
    return f"{path}index.html{rest}"


def with_index_links(page: str) -> str:
    """Every relative link to a folder in the HTML ``page`` made a link to its index.html."""
    return _ATTRIBUTE.sub(lambda m: f'{m[1]}{index_link(m[2])}"', page)
