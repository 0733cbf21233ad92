// dossier search page: a small interface over the Pagefind index written at build (pagefind/).
// Shows each result's type, title, date and highlighted excerpt, with filters by page type,
// entity type, topic and source. Without JavaScript the page says so and links elsewhere.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var unavailable = document.getElementById("search-unavailable");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var filtersBox = document.getElementById("search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var FILTERS = [["type", "Kind of page"], ["entity_type", "Entity type"], ["topic", "Topic"], ["source", "Source"], ["speaker", "Quoted speaker"]];
  var PAGE = 20;
  var bundle = new URL(box.getAttribute("data-root") + "pagefind/pagefind.js", location.href).href;
  var pagefind = null;
  var results = [];
  var shown = 0;
  var run = 0;
  var timer = 0;

  unavailable.hidden = true;
  box.hidden = false;
  // On a phone the filters start folded, so the results come first.
  if (window.matchMedia("(max-width: 760px)").matches) {
    document.getElementById("search-filter-panel").open = false;
  }
  input.value = new URLSearchParams(location.search).get("q") || "";

  import(bundle).then(function (pf) {
    pagefind = pf;
    return pf.options({ excerptLength: 28, ranking: { pageLength: 0.3 } }).then(function () { return pf.filters(); });
  }).then(function (available) {
    drawFilters(available || {});
    search();
  }).catch(function () {
    status.textContent = "The search index could not be loaded. Search works when the site is served " +
      "over HTTP (for example with dossier serve) after a build with its search index.";
  });

  function drawFilters(available) {
    FILTERS.forEach(function (pair) {
      var values = available[pair[0]];
      if (!values || !Object.keys(values).length) return;
      var set = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = pair[1];
      set.appendChild(legend);
      Object.keys(values).sort().forEach(function (value) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = pair[0];
        box.value = value;
        label.append(box, " " + value + " ");
        var count = document.createElement("span");
        count.className = "count";
        count.textContent = "(" + values[value] + ")";
        label.appendChild(count);
        set.appendChild(label);
      });
      filtersBox.appendChild(set);
    });
  }

  function chosenFilters() {
    var chosen = {};
    filtersBox.querySelectorAll("input:checked").forEach(function (box) {
      (chosen[box.name] = chosen[box.name] || { any: [] }).any.push(box.value);
    });
    return chosen;
  }

  function search() {
    if (!pagefind) return;
    var query = input.value.trim();
    var filters = chosenFilters();
    var mine = ++run;
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return;
    }
    pagefind.search(query || null, { filters: filters }).then(function (found) {
      if (mine !== run) return;
      results = found.results;
      shown = 0;
      list.textContent = "";
      var n = results.length;
      status.textContent = (n ? n + " result" + (n === 1 ? "" : "s") : "No results") +
        (query ? " for " + (/^".*"$/.test(query) ? query : "“" + query + "”") : "") + ".";
      showMore();
    });
  }

  function showMore() {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = shown >= results.length;
    Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      items.forEach(function (item) { list.appendChild(resultItem(item)); });
    });
  }

  function resultItem(item) {
    var meta = item.meta || {};
    var li = document.createElement("li");
    li.className = "result";
    var head = document.createElement("p");
    head.className = "result-meta";
    var badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = meta.type || "Page";
    head.appendChild(badge);
    var detail = meta.date || meta.info;
    if (detail) head.append(" " + detail);
    var title = document.createElement("h2");
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = meta.title || item.url;
    title.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    excerpt.innerHTML = item.excerpt; // Pagefind escapes page text; only <mark> is markup
    li.append(head, title, excerpt);
    return li;
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
  filtersBox.addEventListener("change", search);
  more.addEventListener("click", showMore);
})();
