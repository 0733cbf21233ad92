"""People, organisations and places: extraction at ingest, resolution and mention matching."""
