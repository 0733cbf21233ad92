"""Subscriptions: the feeds of ``dossier.yml`` and ``dossier pull``, which follows them.

:mod:`settings` reads the ``feeds:`` list, :mod:`http` fetches politely and
only where a feed may point (:mod:`addresses`), :mod:`state` remembers what
was seen, :mod:`rules` keeps what belongs, :mod:`pull` ties them together.
"""
