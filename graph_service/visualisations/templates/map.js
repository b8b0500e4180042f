// Behaviour of every map page. The data comes from the JSON block of the page (not executed);
// tooltips are built with textContent, so a label or note can never become markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  function tip(text) {
    var el = document.createElement("div");
    el.textContent = text;
    return el;
  }
  function withTip(item) {
    var copy = Object.assign({}, item);
    if (item.tooltip) { copy.title = tip(item.tooltip); }
    delete copy.tooltip;
    return copy;
  }
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  // ---- filters: a node shows when it has every chosen value; a line when both ends show
  var active = Object.assign({}, data.filters || {});
  function nodeShown(node) {
    var f = node.f || {};
    return Object.keys(active).every(function (key) {
      var want = active[key];
      if (!want || key === "tie") { return true; }
      var have = f[key];
      return Array.isArray(have) ? have.indexOf(want) >= 0 : have === want;
    });
  }
  var nodes = new vis.DataSet(data.nodes.map(withTip));
  var edges = new vis.DataSet(data.edges.map(withTip));
  var nodeView = new vis.DataView(nodes, { filter: nodeShown });
  var edgeView = new vis.DataView(edges, {
    filter: function (edge) {
      if (active.tie && (edge.f || {}).kind !== active.tie) { return false; }
      return nodeShown(nodes.get(edge.from)) && nodeShown(nodes.get(edge.to));
    }
  });
  var network = new vis.Network(document.getElementById("network"), { nodes: nodeView, edges: edgeView }, data.options);
  function count() { each("[data-count]", function (el) { el.textContent = String(nodeView.length); }); }
  function refresh() { nodeView.refresh(); edgeView.refresh(); count(); }
  window.coalitionMap = {
    network: network, nodes: nodes, edges: edges, data: data,
    visible: function () { return { nodes: nodeView.getIds(), edges: edgeView.getIds() }; }
  };
  count();
  each("[data-filter]", function (el) {
    el.addEventListener("change", function () { active[el.getAttribute("data-filter")] = el.value; refresh(); });
  });

  // ---- size by a metric (every metric travels with the page)
  each("[data-metric]", function (el) {
    el.addEventListener("change", function () {
      nodes.update(data.nodes.filter(function (n) { return n.m; }).map(function (n) {
        return { id: n.id, size: 8 + 28 * (n.m[el.value] || 0) };
      }));
    });
  });

  // ---- search by name: select and show the first match
  each("[data-search]", function (el) {
    el.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      var needle = el.value.trim().toLowerCase();
      var found = nodeView.get({ filter: function (n) { return needle && String(n.label).toLowerCase().indexOf(needle) >= 0; } });
      network.selectNodes(found.map(function (n) { return n.id; }));
      if (found.length) { network.focus(found[0].id, { scale: 1.2, animation: false }); }
    });
  });

  if (data.rings) {  // the family card's concentric rings and the line between own network and professionals
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.strokeStyle = "#d9e2ec";
      ctx.lineWidth = 1;
      data.rings.forEach(function (r) { ctx.beginPath(); ctx.arc(0, 0, r, 0, 2 * Math.PI); ctx.stroke(); });
      var outer = data.rings[data.rings.length - 1];
      ctx.setLineDash([6, 6]);
      ctx.beginPath(); ctx.moveTo(0, -outer); ctx.lineTo(0, outer); ctx.stroke();
      ctx.restore();
    });
  }
  network.once("afterDrawing", function () { document.body.setAttribute("data-ready", "1"); });
  each("[data-print]", function (el) { el.addEventListener("click", function () { window.print(); }); });
  // the print layout gives the map another size: fit the whole network into it
  function fitAll() { network.redraw(); network.fit({ animation: false }); }
  window.addEventListener("beforeprint", fitAll);
  if (window.matchMedia) { window.matchMedia("print").addEventListener("change", fitAll); }
  var toggles = document.querySelectorAll("[data-evidence]");
  Array.prototype.forEach.call(toggles, function (el) {
    el.addEventListener("click", function () {
      var ids = JSON.parse(el.getAttribute("data-evidence")).filter(function (id) { return nodeView.get(id); });
      var pressed = el.getAttribute("aria-pressed") === "true";
      Array.prototype.forEach.call(toggles, function (other) { other.setAttribute("aria-pressed", "false"); });
      if (pressed) { network.unselectAll(); return; }
      el.setAttribute("aria-pressed", "true");
      network.selectNodes(ids);
    });
  });
})();
