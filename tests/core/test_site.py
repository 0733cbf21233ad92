"""What the built site holds: backlinks, groupings, timeline, feed, and links that work from a sub-path."""

import random
from pathlib import Path

from dossier.build import render_project
from dossier.diagnostics import Diagnostics
from dossier.graph.site_graph import related_articles, related_articles_since
from dossier.project import Project
from dossier.publish.link_check import check_links

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "site"


def build():
    return render_project(Project(FIXTURE))


def test_backlinks_name_the_linking_page_with_a_snippet():
    graph = build().graph
    article = next(a for a in graph.articles if a.slug == "harbour-audit")
    assert [(b.title, b.kind) for b in article.backlinks] == [
        ("Port deal signed in Lisbon", "article")
    ]
    assert "the audit" in article.backlinks[0].snippet
    costa = next(e for e in graph.entities if e.slug == "maria-costa")
    assert {b.title for b in costa.backlinks} == {"Harbour audit finds gaps", "About"}


def test_groupings_by_topic_and_entity():
    graph = build().graph
    trade = next(t for t in graph.topics if t.slug == "trade")
    assert [a.slug for a in trade.articles] == ["harbour-audit", "port-deal-signed", "undated-note"]
    courts = next(t for t in graph.topics if t.slug == "courts")
    assert courts.document is None and [a.slug for a in courts.articles] == ["harbour-audit"]
    meridian = next(e for e in graph.entities if e.slug == "meridian-logistics")
    assert [ap.article.slug for ap in meridian.appearances] == [
        "harbour-audit",
        "port-deal-signed",
        "undated-note",
    ]
    assert meridian.type == "organization"


def test_timeline_keeps_undated_apart():
    html = build().files["timeline/index.html"].decode()
    assert '<h2 id="y2024"><a href="../timeline/2024/">2024</a>' in html
    year = build().files["timeline/2024/index.html"].decode()
    assert year.index("May 2024") < year.index("March 2024")
    assert "Notes from the council meeting" not in year
    undated = html.split('id="undated-heading"')[1]
    assert "Notes from the council meeting" in undated
    assert "1970" not in html


def test_every_internal_link_resolves_relative_to_the_page():
    result = build()
    diagnostics = Diagnostics()
    checked = check_links(result.files, diagnostics)
    assert checked > 100
    assert not diagnostics.errors, [str(e) for e in diagnostics.errors]
    for name, data in result.files.items():
        if name.endswith(".html") and name != "404.html":
            assert 'href="/' not in data.decode(), f"{name} has a root-absolute link"


def test_404_links_from_the_base_url_path():
    html = build().files["404.html"].decode()
    assert 'href="/dossiers/harbour/timeline/"' in html


def test_feed_uses_absolute_urls():
    feed = build().files["feed.xml"].decode()
    assert "<id>https://example.org/dossiers/harbour/articles/harbour-audit/</id>" in feed
    assert "<updated>2024-05-20T00:00:00Z</updated>" in feed.split("<entry>")[0]


def test_untrusted_markup_in_content_is_escaped():
    html = build().files["articles/undated-note/index.html"].decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_related_articles_ranked_again_around_a_change_are_those_ranked_afresh():
    """Articles moved (a date edit), entities and topics changed: the same answer as a
    ranking from scratch, on groups small enough to be taken whole and large enough to
    be cut to the window nearest in date."""
    rng = random.Random(7)
    for _ in range(120):
        n = rng.randint(1, 400)
        entities = [f"e{k}" for k in range(rng.randint(2, 12))]
        topics = [f"t{k}" for k in range(rng.randint(1, 4))]
        urls = [f"/articles/a{k}/" for k in range(n)]
        ents = [rng.sample(entities, rng.randint(0, min(4, len(entities)))) for _ in range(n)]
        tops = [rng.sample(topics, rng.randint(0, len(topics))) for _ in range(n)]
        last = (urls, ents, tops, related_articles(ents, tops))
        order = list(range(n))
        for _ in range(rng.randint(0, 3)):
            order.insert(rng.randrange(n), order.pop(rng.randrange(n)))
        new_urls = [urls[k] for k in order]
        new_ents = [list(ents[k]) for k in order]
        new_tops = [list(tops[k]) for k in order]
        for _ in range(rng.randint(0, 2)):
            new_ents[rng.randrange(n)] = rng.sample(entities, rng.randint(0, min(4, len(entities))))
        if rng.random() < 0.3:
            new_tops[rng.randrange(n)] = rng.sample(topics, rng.randint(0, len(topics)))
        since = related_articles_since(last, new_urls, new_ents, new_tops)
        assert since == related_articles(new_ents, new_tops)
