"""Render the site graph to files with Jinja2: a mapping of output path to bytes.

Templates see the graph's nodes plus ``site`` and ``root`` (the relative path
back to the site root, so pages work from any sub-path of a host). A project's
own ``templates/`` folder overrides any default template by file name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)
from markupsafe import Markup

from ..content import front_matter
from ..diagnostics import Diagnostics
from ..graph.entity_graph import graph_data, neighbourhood_svg, page_graph, to_json, view_groups
from ..graph.site_graph import (
    MIN_ASSOCIATION,
    ArticleNode,
    EntityMentions,
    EntityNode,
    Node,
    SiteGraph,
)
from ..markdown.body import QUOTED_MENTIONS
from ..parallel import map_in_workers
from ..project import Project, default_theme_dir
from ..quotes.site import speakers
from .charts import Bar, count_chart
from .display import citation, day, iso_date, long_date
from .index_links import with_index_links
from .link_previews import Previews
from .page_keys import (
    QUOTED_ARTICLES,
    PageViews,
    chrome_key,
    entity_graph_key,
    listings_key,
    node_key,
)
from .template_errors import rendering

ENTITY_TYPE_LABELS = {
    "person": "People",
    "organization": "Organisations",
    "place": "Places",
    "other": "Other",
}
TEMPLATE_FOR_KIND = {
    "article": "article.html",
    "entity": "entity.html",
    "topic": "topic.html",
    "page": "page.html",
}


def theme_dirs(project: Project) -> list[Path]:
    """Template folders in lookup order: the project's own first, then the default theme."""
    dirs = [project.templates_dir, default_theme_dir()]
    return [d for d in dict.fromkeys(p.resolve() for p in dirs) if d.is_dir()]


def month_anchor(year: int, month: int) -> str:
    """The id of a month's first entry on a timeline year page or an entity page."""
    return f"m{year}-{month:02}"


def mention_chart(entity: EntityNode) -> Markup:
    """Mentions of one entity by month, each bar a link to that month on the page; an article
    that only lists it in front matter counts once."""
    dated = [
        (a.article.date, max(1, len(a.mentions))) for a in entity.appearances if a.article.date
    ]
    months = {(a.article.date.year, a.article.date.month) for a in entity.dated_appearances}

    def link(bar: Bar) -> str | None:
        if bar.month is None:
            return f"#y{bar.year}"
        return f"#{month_anchor(bar.year, bar.month)}" if (bar.year, bar.month) in months else None

    return count_chart(dated, "mention-chart", f"Mentions of {entity.title} by month", link=link)


def articles_chart(articles: list[ArticleNode], root: str) -> Markup:
    """Articles by month, each bar a link to its month on the timeline's year page."""
    dated = [(a.date, 1) for a in articles if a.date]

    def link(bar: Bar) -> str:
        page = f"{root}timeline/{bar.year}/"
        return page if bar.month is None else f"{page}#{month_anchor(bar.year, bar.month)}"

    return count_chart(dated, "articles-chart", "Articles by month", noun="article", link=link)


def entity_articles(entity: EntityNode) -> dict[str, Any]:
    """An entity's articles for its page: the most recent QUOTED_ARTICLES quoted, the rest by
    year, newest first, and the undated; each entry with the month anchor it carries, if any."""
    seen: set[tuple[int, int]] = set()

    def anchored(ap: EntityMentions) -> tuple[EntityMentions, str | None]:
        date = ap.article.date
        if date is None or (date.year, date.month) in seen:
            return ap, None
        seen.add((date.year, date.month))
        return ap, month_anchor(date.year, date.month)

    quoted = [anchored(ap) for ap in entity.appearances[:QUOTED_ARTICLES]]
    years: dict[int, list] = defaultdict(list)
    undated = []
    for ap in entity.appearances[QUOTED_ARTICLES:]:
        if ap.article.date is None:
            undated.append(ap)
        else:
            years[ap.article.date.year].append(anchored(ap))
    return {
        "quoted": quoted,
        "years": sorted(years.items(), reverse=True),
        "undated": undated,
    }


def topic_articles(articles: list[ArticleNode]) -> dict[str, Any]:
    """A topic's articles for its page: the most recent QUOTED_ARTICLES with their summaries,
    the rest by year (newest first) in short lines, and the undated."""
    years: dict[int, list[ArticleNode]] = defaultdict(list)
    undated = []
    for article in articles[QUOTED_ARTICLES:]:
        if article.date is None:
            undated.append(article)
        else:
            years[article.date.year].append(article)
    return {
        "latest": articles[:QUOTED_ARTICLES],
        "years": sorted(years.items(), reverse=True),
        "undated": undated,
    }


@lru_cache(maxsize=4)
def _environment(
    dirs: tuple[Path, ...], files: tuple[str, ...], compiled: Path | None
) -> Environment:
    """One Jinja environment per theme: compiled templates are kept across rebuilds, and
    with a ``compiled`` folder across commands too (Jinja checks each against its source).

    Jinja's ``auto_reload`` recompiles a template whose file changed; ``files`` (every
    template's path) is part of the key so that adding an override makes a new one.
    """
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]),
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.filters["iso_date"] = iso_date
    env.filters["citation"] = citation
    env.filters["day"] = day
    env.globals["entity_type_labels"] = ENTITY_TYPE_LABELS
    env.globals["quoted_articles"] = QUOTED_ARTICLES
    env.globals["quoted_mentions"] = QUOTED_MENTIONS
    env.globals["mention_chart"] = mention_chart
    env.globals["articles_chart"] = articles_chart
    env.globals["neighbourhood_svg"] = neighbourhood_svg
    env.globals["entity_articles"] = entity_articles
    env.globals["topic_articles"] = topic_articles
    env.globals["month_anchor"] = month_anchor
    return env


def make_environment(project: Project, compiled: Path | None = None) -> Environment:
    dirs = tuple(theme_dirs(project))
    files = tuple(str(path) for folder in dirs for path in sorted(folder.rglob("*.*")))
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    return _environment(dirs, files, compiled)


def _timeline(articles: list[ArticleNode]) -> dict[str, list]:
    """Dated articles grouped by year then month, newest first (each month as its number,
    name and articles), and the undated ones apart."""
    years: dict[int, dict[int, list[ArticleNode]]] = defaultdict(lambda: defaultdict(list))
    undated = []
    for article in articles:
        if article.date is None:
            undated.append(article)
        else:
            years[article.date.year][article.date.month].append(article)
    grouped = [
        (
            year,
            [
                (month, dt.date(year, month, 1).strftime("%B"), items)
                for month, items in sorted(months.items(), reverse=True)
            ],
        )
        for year, months in sorted(years.items(), reverse=True)
    ]
    return {"years": grouped, "undated": undated}


def timeline_pages(articles: list[ArticleNode]) -> list[tuple[str, str, dict[str, Any]]]:
    """The timeline as (template, path, context): an index of years and months with their
    counts, and one page per year, so no page grows with the whole dossier."""
    timeline = _timeline(articles)
    years = timeline["years"]
    pages = [("timeline.html", "timeline/index.html", timeline)]
    for i, (year, months) in enumerate(years):
        context = {
            "year": year,
            "months": months,
            "newer": years[i - 1][0] if i > 0 else None,
            "older": years[i + 1][0] if i + 1 < len(years) else None,
        }
        pages.append(("timeline_year.html", f"timeline/{year}/index.html", context))
    return pages


def _own_templates(project: Project) -> bool:
    """Whether the project overrides templates (then any page may read anything)."""
    own = project.templates_dir
    return own.is_dir() and own.resolve() != default_theme_dir().resolve() and any(own.iterdir())


def _absolute(base_url: str, url: str) -> str:
    return base_url + url


@dataclass(frozen=True)
class Route:
    """One page of the site: where it goes, a digest of everything it shows (``key``: the
    same key, the same bytes; None when any change may show, so it is always rendered),
    and how to render it."""

    path: str
    key: Callable[[], str] | None
    render: Callable[[], bytes]


def site_base_url(base_url: str) -> str:
    """The base URL as pages are given it: ending in a slash."""
    return base_url if base_url.endswith("/") else base_url + "/"


class SiteRenderer:
    def __init__(
        self,
        project: Project,
        graph: SiteGraph,
        base_url: str,
        diagnostics: Diagnostics,
        compiled: Path | None = None,  # a folder to keep compiled templates in
        previews: Previews | None = None,  # the graph's, when already made
        listings: str | None = None,  # the graph's listings key, when known
        entity_graph: str | None = None,  # the graph's entity graph key, when known
    ):
        self.project = project
        self.keyed = not _own_templates(project)  # own templates may read anything
        self.graph = graph
        self.base_url = site_base_url(base_url)
        self.diagnostics = diagnostics
        self.env = make_environment(project, compiled)
        self.env.globals["site"] = self._site_view()
        self.previews = previews or Previews(graph)
        self.env.globals["preview_shards"] = self.previews.shards
        self._chrome: str | None = None
        self._listings = listings
        self._entity_graph = entity_graph
        self._views = PageViews()

    def _site_view(self) -> dict[str, Any]:
        graph = self.graph
        by_type: dict[str, list] = {t: [] for t in ENTITY_TYPE_LABELS}
        for entity in graph.entities:
            by_type.setdefault(entity.type, []).append(entity)
        return {
            "config": graph.config,
            "title": graph.config.title,
            "description": graph.config.description,
            "language": graph.config.language,
            "base_url": self.base_url,
            "articles": graph.articles,
            "entities": graph.entities,
            "entities_by_type": by_type,
            "topics": graph.topics,
            "pages": graph.pages,
        }

    def _html(self, template: str, path: str, **context: Any) -> str:
        depth = path.count("/")
        root = "../" * depth if depth else "./"
        with rendering():  # in a render worker too: the error travels back with its line
            html = self.env.get_template(template).render(root=root, path=path, **context)
        return html if self.graph.config.use_directory_urls else with_index_links(html)

    def _page(self, template: str, path: str, **context: Any) -> bytes:
        return self._html(template, path, **context).encode("utf-8")

    def _node_template(self, node: Node) -> str:
        default = TEMPLATE_FOR_KIND[node.kind]
        wanted = node.meta.get("template")
        if not wanted:
            return default
        try:
            self.env.get_template(str(wanted))
            return str(wanted)
        except TemplateNotFound:
            doc = node.document
            assert doc is not None
            text = (self.project.root / doc.path).read_text(encoding="utf-8", errors="replace")
            line = front_matter.field_line(text, "template")
            self.diagnostics.error(doc.path, f"unknown template '{wanted}'; using {default}", line)
            return default

    def chrome_key(self) -> str:
        """The key of what every page shows (see page_keys.py)."""
        if self._chrome is None:
            self._chrome = chrome_key(
                self.graph, self.base_url, theme_dirs(self.project), self.previews.shards
            )
        return self._chrome

    def site_key(self) -> str:
        """The key of what every page shows and of the listings; "" when pages are not keyed."""
        return self.chrome_key() + self.listings_key() if self.keyed else ""

    def listings_key(self) -> str:
        """The key of what the listing pages show (see page_keys.py)."""
        if self._listings is None:
            self._listings = listings_key(self.graph)
        return self._listings

    def entity_graph_key(self) -> str:
        """The key of what the graph page and graph.json show (see page_keys.py)."""
        if self._entity_graph is None:
            self._entity_graph = entity_graph_key(self.graph)
        return self._entity_graph

    def _site_page(self, path: str, render: Callable[[], str], listings: bool = True) -> Route:
        """A page that shows the chrome and, with ``listings``, lists of articles, entities
        and topics."""
        key = (
            (lambda: self.chrome_key() + (self.listings_key() if listings else "") + path)
            if self.keyed
            else None
        )
        return Route(path, key, lambda: render().encode("utf-8"))

    def _node_page(self, node: Node, template: str) -> Route:
        """A node's page; a template other than its kind's may read the listings too."""
        path = f"{node.url}index.html"
        listings = template != TEMPLATE_FOR_KIND[node.kind]
        key = (
            (
                lambda: (
                    self.chrome_key()
                    + (self.listings_key() if listings else "")
                    + node_key(node, template, self._views)
                )
            )
            if self.keyed
            else None
        )
        return Route(path, key, lambda: self._page(template, path, page=node))

    def node_route(self, node: Node) -> Route:
        """The page of ``node``; reports an unknown template."""
        return self._node_page(node, self._node_template(node))

    def quotes_route(self) -> Route:
        """Quotations are not in the site-wide state: the page is always rendered."""
        return Route("quotes/index.html", None, lambda: self._page(
            "quotes.html", "quotes/index.html", page=None, speakers=speakers(self.graph.articles)
        ))  # fmt: skip

    def routes(self) -> list[Route]:
        """Every page made from the graph, with its key; reports unknown templates."""
        graph = self.graph

        def listing(template: str, path: str, **context: Any) -> Route:
            return self._site_page(path, lambda: self._html(template, path, page=None, **context))

        routes = [listing("home.html", "index.html")]
        routes += [self.node_route(node) for node in graph.all_nodes()]
        timeline = timeline_pages(graph.articles)
        routes += [
            listing("entities.html", "entities/index.html"),
            listing("topics.html", "topics/index.html"),
            self._site_page(
                "search/index.html",
                lambda: self._html("search.html", "search/index.html", page=None),
                listings=False,
            ),
            self.quotes_route(),
            *(listing(template, path, **context) for template, path, context in timeline),
        ]
        # 404.html is served for any missing path, so it links from the site's absolute path.
        root_path = (
            "/" + self.base_url.split("://", 1)[-1].split("/", 1)[-1]
            if "://" in self.base_url
            else "/"
        )
        routes.append(
            self._site_page(
                "404.html",
                lambda: self.env.get_template("404.html").render(
                    root=root_path, path="404.html", page=None
                ),
                listings=False,
            )
        )
        urls = [
            "",
            "entities/",
            "topics/",
            "timeline/",
            "graph/",
            "quotes/",
            *(path.removesuffix("index.html") for _, path, _ in timeline[1:]),
            *(n.url for n in graph.all_nodes()),
        ]

        def graph_key() -> str:  # the graph page and graph.json share one key
            return self.chrome_key() + self.entity_graph_key()

        routes += [
            Route("graph/index.html", graph_key if self.keyed else None, self._graph_page),
            Route(
                "graph.json",
                graph_key if self.keyed else None,
                lambda: (to_json(graph_data(graph)) + "\n").encode(),
            ),
        ]
        routes.append(
            self._site_page(
                "sitemap.xml",
                lambda: self.env.get_template("sitemap.xml").render(
                    urls=[_absolute(self.base_url, u) for u in urls]
                ),
            )
        )
        return routes

    def other_files(self) -> dict[str, bytes]:
        """The files made on every build: link previews, the feed, static files."""
        graph = self.graph
        files: dict[str, bytes] = {}
        files.update(self.previews.files)
        updated = next((a.date for a in graph.articles if a.date), None)
        feed = self.env.get_template("feed.xml").render(
            articles=graph.articles[: graph.config.feed_items],
            updated=(updated or dt.datetime(1970, 1, 1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            absolute=lambda url: _absolute(self.base_url, url),
        )
        files["feed.xml"] = feed.encode("utf-8")
        files.update(self._static_files())
        return files

    def render(self) -> dict[str, bytes]:
        """Every output file, all rendered; an error in a template raises a TemplateError
        with its line."""
        with rendering():
            routes = self.routes()
            pages = map_in_workers(lambda i: routes[i].render(), len(routes))
            return {
                **{r.path: page for r, page in zip(routes, pages, strict=True)},
                **self.other_files(),
            }

    def _graph_page(self) -> bytes:
        """The graph page: its strongest part, laid out (graph.json holds all of it)."""
        data = page_graph(self.graph)
        return self._page(
            "graph.html", "graph/index.html", page=None, graph_json=Markup(to_json(data)),
            shown=data["view"], searchable=[n[1] for n in data["nodes"]],
            groups=view_groups(data, self.graph), group_names=data["groups"],
            min_strength=MIN_ASSOCIATION,
        )  # fmt: skip

    def _static_files(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for theme in reversed(theme_dirs(self.project)):
            static = theme / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
        return files
