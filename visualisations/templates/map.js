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
  var nodes = new vis.DataSet(data.nodes.map(withTip));
  var edges = new vis.DataSet(data.edges.map(withTip));
  var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);
  window.coalitionMap = { network: network, nodes: nodes, edges: edges, data: data };
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
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  var toggles = document.querySelectorAll("[data-evidence]");
  Array.prototype.forEach.call(toggles, function (el) {
    el.addEventListener("click", function () {
      var ids = JSON.parse(el.getAttribute("data-evidence")).filter(function (id) { return nodes.get(id); });
      var pressed = el.getAttribute("aria-pressed") === "true";
      Array.prototype.forEach.call(toggles, function (other) { other.setAttribute("aria-pressed", "false"); });
      if (pressed) { network.unselectAll(); return; }
      el.setAttribute("aria-pressed", "true");
      network.selectNodes(ids);
    });
  });
})();
