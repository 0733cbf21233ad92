"""dossier: curated topic dossiers from news sources, as a static site."""

__version__ = "0.1.0"
