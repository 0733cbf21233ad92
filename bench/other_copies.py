"""The ingest development corpus as other tools copy a page, for ``score.py --corpus``.

    python3 bench/other_copies.py ../shared/eval/corpus.tar.xz lynx /tmp/lynx.tar.xz
    python3 ../shared/eval/score.py --corpus /tmp/lynx.tar.xz --set text --cmd '...'

TOOL is ``lynx`` (``lynx -dump``: lines wrapped at 100 columns, links numbered and
listed under "References"), ``lynx-nolist``, ``w3m`` (``w3m -dump``) or ``html2text``
(Markdown). Each saved HTML page of the corpus is decoded as dossier decodes it and
given to the tool; its output replaces the page's browser copy in ``text/``. The text
copies of the corpus were made by the browser; a user's may come from any of these.
"""

from __future__ import annotations

import argparse
import subprocess
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dossier.ingest import decode

COMMANDS = {
    "lynx": ["lynx", "-dump", "-width=100", "-assume_charset=utf-8", "-display_charset=utf-8", "-stdin"],
    "lynx-nolist": ["lynx", "-dump", "-nolist", "-width=100", "-assume_charset=utf-8",
                    "-display_charset=utf-8", "-stdin"],
    "w3m": ["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "100"],
}  # fmt: skip


def copy_of(html: str, tool: str) -> str:
    if tool == "html2text":
        import html2text  # only this tool needs it

        return html2text.html2text(html)
    data = html.encode("utf-8", "replace")
    done = subprocess.run(COMMANDS[tool], input=data, capture_output=True, timeout=60)
    return done.stdout.decode("utf-8", "replace")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path, help="the development corpus, corpus.tar.xz")
    parser.add_argument("tool", choices=[*COMMANDS, "html2text"])
    parser.add_argument("out", type=Path, help="the new corpus archive to write")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with tarfile.open(args.corpus, "r:xz") as archive:
            archive.extractall(root, filter="data")
        pages = sorted((root / "html").glob("*.html"))

        def convert(page: Path) -> None:
            html = decode.decode(page.read_bytes())[0]
            (root / "text" / f"{page.stem}.txt").write_text(copy_of(html, args.tool), encoding="utf-8")

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(convert, pages))
        with tarfile.open(args.out, "w:xz") as archive:
            for entry in sorted(root.iterdir()):
                archive.add(entry, arcname=entry.name)
    print(f"{len(pages)} pages copied by {args.tool} into {args.out}")


if __name__ == "__main__":
    main()
