// dossier entity graph: draws the graph embedded in the page (laid out at build time) as SVG,
// names the dots that have room, and adds search, focus on one entity's neighbourhood,
// a minimum strength, pan and zoom. Without JavaScript the page shows the graph as a list.
(function () {
  "use strict";
  var view = document.getElementById("graph-view");
  var svg = document.getElementById("graph-canvas");
  var dataNode = document.getElementById("graph-data");
  if (!view || !svg || !dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  if (!data.nodes.length) return;
  var NS = "http://www.w3.org/2000/svg";
  view.hidden = false;
  var root = view.getAttribute("data-root");
  // A page reached as .../index.html (opened from files, or use_directory_urls: false)
  // links to index.html files too: a folder link from file:// shows a folder listing.
  var pageFile = /\/index\.html$/.test(location.pathname) ? "index.html" : "";
  var search = document.getElementById("graph-search");
  var strengthInput = document.getElementById("graph-strength");
  var strengthValue = document.getElementById("graph-strength-value");
  var overviewButton = document.getElementById("graph-overview");
  var status = document.getElementById("graph-status");

  // A node is [slug, name, type, articles, group, x, y]; a link [i, j, strength, shared].
  var nodes = data.nodes.map(function (n) {
    return { id: n[0], name: n[1], type: n[2], articles: n[3], group: n[4], lx: n[5], ly: n[6] };
  });
  var neighbours = nodes.map(function () { return []; });
  data.links.forEach(function (l) {
    neighbours[l[0]].push(l);
    neighbours[l[1]].push(l);
  });
  neighbours.forEach(function (list) { list.sort(function (a, b) { return b[2] - a[2] || b[3] - a[3]; }); });
  var maxArticles = nodes.reduce(function (m, d) { return Math.max(m, d.articles); }, 1);
  var minStrength = parseFloat(strengthInput.min);
  var threshold = minStrength;
  var focused = -1;
  var FOCUS_NEIGHBOURS = 12;

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }
  var viewport = el("g", { class: "viewport" }, svg);
  var edgeLayer = el("g", { class: "edges" }, viewport);
  var nodeLayer = el("g", { class: "nodes" }, viewport);
  var labelLayer = el("g", { class: "labels" }, viewport);

  // Sizes are given in screen pixels and turned into drawing units, so dots and names are
  // the same size on a phone as on a desktop.
  var W, H, unit;
  function radius(d) { return (4 + 8 * Math.sqrt(d.articles / maxArticles)) * unit; }

  // The positions of one picture: the overview (the build-time layout, turned upright on a
  // narrow screen) or one entity with its neighbours on a ring, strongest at the top.
  function overview() {
    var width = svg.parentNode.getBoundingClientRect().width || 1000;
    var portrait = width < 640;
    var shown = [], pos = {};
    var maxY = 0;
    for (var i = 0; i < data.view; i++) maxY = Math.max(maxY, nodes[i].ly);
    var margin = portrait ? 40 : 70;
    W = (portrait ? maxY : 1000) + 2 * margin;
    H = (portrait ? 1000 : maxY) + 2 * margin;
    var links = data.viewLinks.filter(function (l) { return l[2] >= threshold - 1e-9; });
    var linked = {};
    links.forEach(function (l) { linked[l[0]] = linked[l[1]] = true; });
    for (i = 0; i < data.view; i++) {
      if (threshold > minStrength && !linked[i]) continue;
      shown.push(i);
      var d = nodes[i];
      pos[i] = portrait ? [margin + d.ly, margin + d.lx] : [margin + d.lx, margin + d.ly];
    }
    return { shown: shown, pos: pos, links: links, width: width };
  }
  function neighbourhood(centre) {
    var width = svg.parentNode.getBoundingClientRect().width || 1000;
    var ring = neighbours[centre].filter(function (l) { return l[2] >= threshold - 1e-9; })
      .slice(0, FOCUS_NEIGHBOURS);
    W = width < 640 ? 600 : 1000;
    H = width < 640 ? 700 : 560;
    var pos = {}, shown = [centre];
    pos[centre] = [W / 2, H / 2];
    var r = Math.min(W, H) / 2 - 90;
    ring.forEach(function (l, k) {
      var other = l[0] === centre ? l[1] : l[0];
      var angle = -Math.PI / 2 + 2 * Math.PI * k / ring.length;
      pos[other] = [W / 2 + r * Math.cos(angle), H / 2 + r * Math.sin(angle)];
      shown.push(other);
    });
    return { shown: shown, pos: pos, links: ring, width: width };
  }

  var drawn = []; // [node index, anchor, label] of the current picture
  function draw() {
    var picture = focused >= 0 ? neighbourhood(focused) : overview();
    svg.setAttribute("viewBox", "0 0 " + W.toFixed(0) + " " + H.toFixed(0));
    unit = W / picture.width;
    svg.style.setProperty("--unit", unit);
    edgeLayer.textContent = nodeLayer.textContent = labelLayer.textContent = "";
    resetZoom();
    var pos = picture.pos;
    var maxStrength = picture.links.reduce(function (m, l) { return Math.max(m, l[2]); }, 0.1);
    var edgesOf = {};
    picture.links.forEach(function (l) {
      var a = pos[l[0]], b = pos[l[1]];
      var line = el("line", {
        x1: a[0].toFixed(1), y1: a[1].toFixed(1), x2: b[0].toFixed(1), y2: b[1].toFixed(1),
        "stroke-width": ((0.8 + 3.2 * l[2] / maxStrength) * unit).toFixed(2),
        "data-pair": nodes[l[0]].id + " " + nodes[l[1]].id,
      }, edgeLayer);
      (edgesOf[l[0]] = edgesOf[l[0]] || []).push([l[1], line]);
      (edgesOf[l[1]] = edgesOf[l[1]] || []).push([l[0], line]);
    });
    drawn = picture.shown.map(function (i) {
      var d = nodes[i], p = pos[i];
      var g = el("g", {
        class: "node g-" + d.group + (i === focused ? " centre" : ""), tabindex: "0", role: "button",
        "data-id": d.id,
        "aria-label": d.name + ", " + d.type + ", " + d.articles + " article" + (d.articles === 1 ? "" : "s"),
      }, nodeLayer);
      el("circle", { cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: radius(d).toFixed(1) }, g);
      el("title", {}, g).textContent = d.name + " (" + d.articles + ")";
      var label = el("text", { "data-id": d.id, "font-size": (13 * unit).toFixed(2) }, labelLayer);
      label.textContent = d.name;
      function on() { highlight(i, true); }
      function off() { highlight(i, false); }
      g.addEventListener("mouseenter", on);
      g.addEventListener("mouseleave", off);
      g.addEventListener("focus", on);
      g.addEventListener("blur", off);
      g.addEventListener("click", function () { if (!dragged) focus(i); });
      g.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focus(i); }
      });
      return [i, g, label];
    });
    var byIndex = {};
    drawn.forEach(function (entry) { byIndex[entry[0]] = entry; });
    function highlight(i, on) {
      svg.classList.toggle("hovering", on);
      byIndex[i][1].classList.toggle("hot", on);
      byIndex[i][2].classList.toggle("hot", on);
      (edgesOf[i] || []).forEach(function (pair) {
        byIndex[pair[0]][1].classList.toggle("near", on);
        byIndex[pair[0]][2].classList.toggle("near", on);
        pair[1].classList.toggle("hot", on);
      });
    }
    placeLabels(pos);
  }

  // Name the dots in order of importance where a name covers no other name or dot and stays
  // inside the picture (trying outwards, inwards, above, below); the rest show on hover and focus.
  function placeLabels(pos) {
    var placed = [];
    var pad = 2 * unit;
    var dots = drawn.map(function (entry) {
      var p = pos[entry[0]], r = radius(nodes[entry[0]]) + pad;
      return { i: entry[0], x: p[0] - r, y: p[1] - r, width: 2 * r, height: 2 * r };
    });
    function overlaps(a, b) {
      return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    }
    drawn.forEach(function (entry) {
      var i = entry[0], label = entry[2], p = pos[i], r = radius(nodes[i]) + 3 * unit;
      label.setAttribute("x", p[0]);
      label.setAttribute("y", p[1]);
      var b = label.getBBox();
      var lift = p[1] - (b.y + b.height / 2); // from the text's baseline to its middle
      var right = [p[0] + r, p[1] - b.height / 2], left = [p[0] - r - b.width, p[1] - b.height / 2];
      var spots = [ // outwards first: a name towards the middle would lie on the lines
        p[0] < W / 2 - 1 ? left : right, p[0] < W / 2 - 1 ? right : left,
        [p[0] - b.width / 2, p[1] - r - b.height], [p[0] - b.width / 2, p[1] + r],
      ];
      for (var s = 0; s < spots.length; s++) {
        var box = { x: spots[s][0], y: spots[s][1], width: b.width, height: b.height };
        if (box.x < 0 || box.y < 0 || box.x + box.width > W || box.y + box.height > H) continue;
        if (placed.some(function (q) { return overlaps(box, q); })) continue;
        if (dots.some(function (q) { return q.i !== i && overlaps(box, q); })) continue;
        label.setAttribute("x", box.x.toFixed(1));
        label.setAttribute("y", (box.y + b.height / 2 + lift).toFixed(1));
        placed.push({ x: box.x - pad, y: box.y, width: box.width + 2 * pad, height: box.height });
        label.classList.add("major");
        return;
      }
      label.setAttribute("x", spots[0][0].toFixed(1));
      label.setAttribute("y", (spots[0][1] + b.height / 2 + lift).toFixed(1));
    });
  }

  function focus(i) {
    focused = i;
    var d = nodes[i];
    overviewButton.hidden = false;
    draw();
    var count = drawn.length - 1;
    status.textContent = "";
    status.appendChild(document.createTextNode(
      d.name + ": " + (count ? count + " closest association" + (count === 1 ? "" : "s") + ". " : "no association at this strength. ")));
    var link = document.createElement("a");
    link.href = root + "entities/" + d.id + "/" + pageFile;
    link.textContent = "Open " + d.name + "’s page";
    status.appendChild(link);
  }
  function showOverview() {
    focused = -1;
    overviewButton.hidden = true;
    status.textContent = "";
    draw();
  }
  overviewButton.addEventListener("click", showOverview);
  document.getElementById("graph-tools").addEventListener("submit", function (e) {
    e.preventDefault();
    var wanted = search.value.trim().toLowerCase();
    if (!wanted) { showOverview(); return; }
    var found = -1;
    nodes.some(function (d, i) { if (d.name.toLowerCase() === wanted) { found = i; return true; } return false; });
    if (found < 0) {
      nodes.some(function (d, i) { if (d.name.toLowerCase().indexOf(wanted) >= 0) { found = i; return true; } return false; });
    }
    if (found < 0) { status.textContent = "No entity named “" + search.value.trim() + "” in the graph."; return; }
    focus(found);
  });
  function showStrength() { strengthValue.textContent = "≥ " + threshold.toFixed(2); }
  strengthInput.addEventListener("input", function () {
    threshold = parseFloat(strengthInput.value);
    showStrength();
    if (focused >= 0) focus(focused); else draw();
  });

  // Pan and zoom.
  var scale = 1, tx = 0, ty = 0;
  function apply() {
    viewport.setAttribute("transform", "translate(" + tx + " " + ty + ") scale(" + scale + ")");
  }
  function resetZoom() { scale = 1; tx = 0; ty = 0; apply(); }
  function toSvg(clientX, clientY) {
    var p = svg.createSVGPoint();
    p.x = clientX; p.y = clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoomAt(factor, px, py) {
    var next = Math.max(0.5, Math.min(8, scale * factor));
    tx = px - (px - tx) * (next / scale);
    ty = py - (py - ty) * (next / scale);
    scale = next;
    apply();
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = toSvg(e.clientX, e.clientY);
    zoomAt(Math.exp(-e.deltaY * 0.0015), p.x, p.y);
  }, { passive: false });

  var pointers = {};
  var dragged = false, moved = 0, pinch = 0;
  svg.addEventListener("pointerdown", function (e) {
    pointers[e.pointerId] = toSvg(e.clientX, e.clientY);
    moved = 0;
    pinch = 0;
    dragged = false;
  });
  svg.addEventListener("pointermove", function (e) {
    var before = pointers[e.pointerId];
    if (!before) return;
    var now = toSvg(e.clientX, e.clientY);
    var ids = Object.keys(pointers);
    if (ids.length === 2) {
      var other = pointers[ids[0] == e.pointerId ? ids[1] : ids[0]];
      var dist = Math.hypot(now.x - other.x, now.y - other.y);
      if (pinch) zoomAt(dist / pinch, (now.x + other.x) / 2, (now.y + other.y) / 2);
      pinch = dist;
      moved += 10;
    } else {
      moved += Math.abs(now.x - before.x) + Math.abs(now.y - before.y);
      if (moved > 4 * unit && !svg.hasPointerCapture(e.pointerId)) svg.setPointerCapture(e.pointerId);
      tx += now.x - before.x;
      ty += now.y - before.y;
      apply();
    }
    dragged = moved > 4 * unit;
    pointers[e.pointerId] = now;
  });
  function release(e) { delete pointers[e.pointerId]; pinch = 0; }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);

  view.querySelectorAll("button[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var how = button.getAttribute("data-zoom");
      if (how === "reset") resetZoom();
      else zoomAt(how === "in" ? 1.4 : 1 / 1.4, W / 2, H / 2);
    });
  });

  showStrength();
  draw();
})();
