// dossier: small progressive enhancements; every page works without this file.
// Link previews (hover or focus a link to an article or entity) and the "copy citation" button.
(function () {
  "use strict";
  var script = document.currentScript;
  var siteRoot = new URL(script.getAttribute("data-root") || "./", location.href).href;
  var shards = parseInt(script.getAttribute("data-previews") || "0", 10);
  var previews = {};
  var loads = {};

  // Same hash as dossier/link_previews.py::shard_of.
  function shardOf(key) {
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
    return h % shards;
  }

  window.dossierPreviews = function (entries) {
    for (var key in entries) previews[key] = entries[key];
  };

  function load(key) {
    var n = shardOf(key);
    if (!loads[n]) {
      loads[n] = new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = siteRoot + "previews/" + n + ".js";
        s.onload = s.onerror = resolve;
        document.head.appendChild(s);
      });
    }
    return loads[n];
  }

  var here = location.href.split("#")[0];
  function keyFor(link) {
    if (!link || !link.href || link.closest(".preview, .graph-canvas")) return null;
    var target = link.href.split("#")[0];
    if (target === here || target.indexOf(siteRoot) !== 0) return null;
    var key = decodeURI(target.slice(siteRoot.length)).replace(/index\.html$/, "");
    return /^(articles|entities)\/[^/]+\/$/.test(key) ? key : null;
  }

  var box = document.createElement("div");
  box.className = "preview";
  box.id = "dossier-preview";
  box.setAttribute("role", "tooltip");
  box.hidden = true;
  var current = null;
  var showTimer = 0;
  var hideTimer = 0;

  function place(link) {
    var r = link.getBoundingClientRect();
    box.style.left = "0px";
    box.style.top = "0px";
    var w = box.offsetWidth;
    var h = box.offsetHeight;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - w - 8));
    var top = r.bottom + 6;
    if (top + h > window.innerHeight && r.top - h - 6 > 0) top = r.top - h - 6;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    var key = keyFor(link);
    if (!key || !shards) return;
    load(key).then(function () {
      var p = previews[key];
      if (!p || current !== link) return;
      box.textContent = "";
      var kind = document.createElement("p");
      kind.className = "preview-kind";
      kind.textContent = p.k;
      var title = document.createElement("p");
      title.className = "preview-title";
      title.textContent = p.t;
      var text = document.createElement("p");
      text.className = "preview-summary";
      text.textContent = p.s;
      box.append(kind, title, text);
      if (!box.isConnected) document.body.appendChild(box);
      box.hidden = false;
      place(link);
      link.setAttribute("aria-describedby", box.id);
    });
  }

  function hide() {
    clearTimeout(showTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    box.hidden = true;
  }

  function enter(link, delay) {
    clearTimeout(hideTimer);
    if (current === link) return;
    hide();
    if (!keyFor(link)) return;
    current = link;
    showTimer = setTimeout(function () { show(link); }, delay);
  }

  function leaveSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  document.addEventListener("mouseover", function (e) {
    if (box.contains(e.target)) { clearTimeout(hideTimer); return; }
    var link = e.target.closest && e.target.closest("a[href]");
    if (link) enter(link, 300);
    else if (current) leaveSoon();
  });
  document.addEventListener("focusin", function (e) {
    var link = e.target.closest && e.target.closest("a[href]");
    if (link) enter(link, 0);
  });
  document.addEventListener("focusout", function () { if (current) hide(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });

  // "Copy citation": the button is hidden until this script can make it work.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      var done = function () { if (status) status.textContent = "Copied to the clipboard."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
      } else {
        selectText(source);
        if (document.execCommand("copy")) done();
      }
    });
  });

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
})();
