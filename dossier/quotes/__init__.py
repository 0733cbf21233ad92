"""Who said what: direct quotations attributed to the article's people and organisations.

Run at ingest next to entity extraction; the result is the front matter field
``quotes: [{speaker, text, cue}]``, which a person may correct by hand.
"""
