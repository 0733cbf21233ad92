"""``dossier ingest``: source articles in whatever shape they arrive, to Markdown with front matter.

Flow: :mod:`sources` (files, folders, URLs via :mod:`fetch`) -> :mod:`decode`
-> :mod:`detect` -> one parser per format (:mod:`wordpress`, :mod:`html_page`,
:mod:`text_page`, :mod:`feed`, :mod:`markdown_file`) -> :mod:`pipeline`
(front matter, entities, topics, duplicates, safe writes via :mod:`article_file`).
Importing this package stays cheap: the heavy libraries load only when used.
"""
