// dossier entity graph: lays out the graph embedded in the page, draws it as SVG links,
// and adds pan (drag), zoom (wheel, pinch, buttons) and neighbour highlighting.
// The layout is a fixed number of force-directed steps from a fixed start, so it is the
// same picture on every visit. Without JavaScript the page shows the graph as a list.
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
  // A phone gets a tall drawing with fewer units per pixel, so labels stay readable.
  var portrait = svg.getBoundingClientRect().width < 640;
  var W = portrait ? 520 : 1000, H = portrait ? 760 : 700;
  var root = view.getAttribute("data-root");
  // A page reached as .../index.html (opened from files, or use_directory_urls: false)
  // links to index.html files too: a folder link from file:// shows a folder listing.
  var pageFile = /\/index\.html$/.test(location.pathname) ? "index.html" : "";
  var nodes = data.nodes;
  var index = {};
  nodes.forEach(function (n, i) { index[n.id] = i; });
  var links = data.links.filter(function (l) { return l.source in index && l.target in index; });

  // Layout: Fruchterman-Reingold from a sunflower spiral (most-mentioned in the middle).
  var n = nodes.length;
  var x = new Float64Array(n), y = new Float64Array(n), dx = new Float64Array(n), dy = new Float64Array(n);
  for (var i = 0; i < n; i++) {
    var r = 18 * Math.sqrt(i + 0.5), a = i * 2.399963;
    x[i] = W / 2 + r * Math.cos(a);
    y[i] = H / 2 + r * Math.sin(a);
  }
  var k = Math.sqrt((W * H) / n) * 0.75;
  var maxWeight = links.reduce(function (m, l) { return Math.max(m, l.weight); }, 1);
  // Pull along an edge is shared among a node's edges, so dense cliques do not collapse.
  var degree = new Float64Array(n);
  links.forEach(function (l) { degree[index[l.source]]++; degree[index[l.target]]++; });
  var temperature = W / 10;
  for (var step = 0; step < 300; step++) {
    dx.fill(0); dy.fill(0);
    for (i = 0; i < n; i++) {
      for (var j = i + 1; j < n; j++) {
        var ex = x[i] - x[j], ey = y[i] - y[j];
        var d2 = ex * ex + ey * ey || 0.01;
        var f = (k * k) / d2;
        dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
      }
    }
    links.forEach(function (l) {
      var s = index[l.source], t = index[l.target];
      var ex = x[s] - x[t], ey = y[s] - y[t];
      var d = Math.sqrt(ex * ex + ey * ey) || 0.01;
      var f = (d / k) * (0.5 + l.weight / maxWeight) * 2 / Math.sqrt(degree[s] + degree[t]);
      dx[s] -= ex * f; dy[s] -= ey * f; dx[t] += ex * f; dy[t] += ey * f;
    });
    for (i = 0; i < n; i++) {
      dx[i] += (W / 2 - x[i]) * 0.05;
      dy[i] += (H / 2 - y[i]) * 0.05;
      var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      var move = Math.min(len, temperature);
      x[i] += (dx[i] / len) * move;
      y[i] += (dy[i] / len) * move;
    }
    temperature = Math.max(1, temperature * 0.985);
  }
  // Turn the longest spread of the layout horizontal, to fill a landscape view.
  var mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
  for (i = 0; i < n; i++) { mx += x[i] / n; my += y[i] / n; }
  for (i = 0; i < n; i++) {
    sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); sxy += (x[i] - mx) * (y[i] - my);
  }
  var angle = -0.5 * Math.atan2(2 * sxy, sxx - syy) + (portrait ? Math.PI / 2 : 0);
  var cos = Math.cos(angle), sin = Math.sin(angle);
  for (i = 0; i < n; i++) {
    var px = x[i] - mx, py = y[i] - my;
    x[i] = px * cos - py * sin;
    y[i] = px * sin + py * cos;
  }
  // Fit into the view box with a margin for labels.
  var minX = Math.min.apply(null, x), maxX = Math.max.apply(null, x);
  var minY = Math.min.apply(null, y), maxY = Math.max.apply(null, y);
  var margin = portrait ? 120 : 220; // room for labels on the right
  var fit = Math.min((W - margin) / (maxX - minX || 1), (H - 60) / (maxY - minY || 1));
  H = Math.max(360, Math.ceil((maxY - minY) * fit + 60)); // no empty bands above and below
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  for (i = 0; i < n; i++) {
    x[i] = 30 + (x[i] - minX) * fit + ((W - margin) - (maxX - minX) * fit) / 2;
    y[i] = 30 + (y[i] - minY) * fit + ((H - 60) - (maxY - minY) * fit) / 2;
  }

  // Drawing.
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
  var maxArticles = nodes.reduce(function (m, d) { return Math.max(m, d.articles); }, 1);
  var edgesOf = nodes.map(function () { return []; });
  links.forEach(function (l) {
    var s = index[l.source], t = index[l.target];
    var line = el("line", {
      x1: x[s].toFixed(1), y1: y[s].toFixed(1), x2: x[t].toFixed(1), y2: y[t].toFixed(1),
      "stroke-width": (0.6 + 2.4 * l.weight / maxWeight).toFixed(2),
    }, edgeLayer);
    edgesOf[s].push([t, line]);
    edgesOf[t].push([s, line]);
  });
  var radii = nodes.map(function (d) { return 3 + 9 * Math.sqrt(d.articles / maxArticles); });
  var labels = [];
  var anchors = nodes.map(function (d, i) {
    var a = el("a", { href: root + d.url + pageFile, class: "node t-" + d.type }, nodeLayer);
    a.setAttribute("aria-label", d.name + ", " + d.type + ", " + d.articles + " articles");
    el("circle", { cx: x[i].toFixed(1), cy: y[i].toFixed(1), r: radii[i].toFixed(1) }, a);
    var label = el("text", { x: (x[i] + radii[i] + 3).toFixed(1), y: (y[i] + 4).toFixed(1) }, labelLayer);
    label.textContent = d.name;
    labels.push(label);
    el("title", {}, a).textContent = d.name + " (" + d.articles + ")";
    a.addEventListener("mouseenter", function () { highlight(i, true); });
    a.addEventListener("mouseleave", function () { highlight(i, false); });
    a.addEventListener("focus", function () { highlight(i, true); });
    a.addEventListener("blur", function () { highlight(i, false); });
    return a;
  });

  function highlight(i, on) {
    svg.classList.toggle("focused", on);
    anchors[i].classList.toggle("hot", on);
    labels[i].classList.toggle("hot", on);
    edgesOf[i].forEach(function (pair) {
      anchors[pair[0]].classList.toggle("near", on);
      labels[pair[0]].classList.toggle("near", on);
      pair[1].classList.toggle("hot", on);
    });
  }

  // Pan and zoom.
  var scale = 1, tx = 0, ty = 0;
  function apply() {
    viewport.setAttribute("transform", "translate(" + tx + " " + ty + ") scale(" + scale + ")");
    svg.classList.toggle("zoomed", scale > 1.6);
  }
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
  var moved = 0;
  var pinch = 0;
  svg.addEventListener("pointerdown", function (e) {
    pointers[e.pointerId] = toSvg(e.clientX, e.clientY);
    moved = 0;
    pinch = 0;
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
      if (moved > 4 && !svg.hasPointerCapture(e.pointerId)) svg.setPointerCapture(e.pointerId);
      tx += now.x - before.x;
      ty += now.y - before.y;
      apply();
    }
    pointers[e.pointerId] = now;
  });
  function release(e) { delete pointers[e.pointerId]; pinch = 0; }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);
  // A drag that ends on a dot must not open its page.
  svg.addEventListener("click", function (e) { if (moved > 4) e.preventDefault(); }, true);

  view.querySelectorAll("button[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var how = button.getAttribute("data-zoom");
      if (how === "reset") { scale = 1; tx = 0; ty = 0; apply(); }
      else zoomAt(how === "in" ? 1.4 : 1 / 1.4, W / 2, H / 2);
    });
  });

  // Name the biggest dots where a label covers no other label or dot (trying right, left, above,
  // below); zooming in shows the rest.
  var placed = [];
  function clear(b, i) {
    return !placed.some(function (p) {
      return b.x < p.x + p.width + 4 && p.x < b.x + b.width + 4 && b.y < p.y + p.height && p.y < b.y + b.height;
    }) && !nodes.some(function (_, j) {
      return j !== i && x[j] + radii[j] > b.x && x[j] - radii[j] < b.x + b.width &&
        y[j] + radii[j] > b.y && y[j] - radii[j] < b.y + b.height;
    });
  }
  labels.forEach(function (label, i) {
    if (placed.length >= 60) return;
    var b = label.getBBox(), r = radii[i];
    var spots = [
      [x[i] + r + 3, b.y, "start"], [x[i] - r - 3 - b.width, b.y, "end"],
      [x[i] - b.width / 2, y[i] - r - 2 - b.height, "middle"], [x[i] - b.width / 2, y[i] + r + 2, "middle"],
    ];
    for (var s = 0; s < spots.length; s++) {
      var box = { x: spots[s][0], y: spots[s][1], width: b.width, height: b.height };
      if (box.x < 0 || box.x + box.width > W || !clear(box, i)) continue;
      label.setAttribute("x", (spots[s][2] === "end" ? box.x + b.width : spots[s][2] === "middle" ? x[i] : box.x).toFixed(1));
      label.setAttribute("y", (box.y + (label.getAttribute("y") - b.y)).toFixed(1));
      label.setAttribute("text-anchor", spots[s][2]);
      placed.push(box);
      label.classList.add("major");
      return;
    }
  });
})();
