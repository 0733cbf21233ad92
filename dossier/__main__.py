"""``python -m dossier``: the same command as the installed ``dossier`` script."""

from .cli import console_main

console_main()
