"""Subcommands of the ``dossier`` CLI; see :mod:`dossier.cli`."""
