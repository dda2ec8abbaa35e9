/* The peer network drawing of /network, with cytoscape (served from /vendor/ when installed).
   It reads the page's JSON data block (the same document as /network.json), takes the colours
   from the legend swatches (overview.css), and opens a city's page when its node is clicked.
   The page works without it: the links and cities are server-rendered tables. */
(function () {
  "use strict";
  var block = document.getElementById("network-data");
  var box = document.getElementById("network-canvas");
  if (!block || !box || typeof window.cytoscape !== "function") {
    return;
  }
  var data = JSON.parse(block.textContent);

  function coloursOf(attribute) {
    var found = {};
    document.querySelectorAll("[" + attribute + "]").forEach(function (el) {
      found[el.getAttribute(attribute)] = window.getComputedStyle(el).backgroundColor;
    });
    return found;
  }
  var roleColour = coloursOf("data-role");
  var linkColour = coloursOf("data-link-type");

  // Start on a circle so the force layout gives the same picture on every load.
  var count = Math.max(data.nodes.length, 1);
  var elements = data.nodes.map(function (n, i) {
    var angle = (2 * Math.PI * i) / count;
    return {
      group: "nodes",
      data: {
        id: n.id, label: n.label, url: n.url, focus: n.focus ? 1 : 0,
        colour: roleColour[n.role] || roleColour.none || "#7a8591",
        size: 16 + 3 * Math.min(n.links, 10)
      },
      position: { x: 300 * Math.cos(angle), y: 300 * Math.sin(angle) }
    };
  }).concat(data.edges.map(function (e) {
    return {
      group: "edges",
      data: {
        id: e.id, source: e.source, target: e.target, label: e.label,
        colour: linkColour[e.type] || "#6b7280",
        width: e.kind === "shared" ? 1 + e.challenges.length : 2.5
      },
      classes: e.kind + (e.directed ? " directed" : "")
    };
  }));

  var cy = window.cytoscape({
    container: box,
    elements: elements,
    minZoom: 0.3,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": 12, "color": "#1d2329", "text-valign": "bottom", "text-margin-y": 3,
        "text-outline-color": "#ffffff", "text-outline-width": 2, "border-width": 2, "border-color": "#ffffff"
      } },
      { selector: "node[focus = 0]", style: { "background-opacity": 0.45, "color": "#56606b" } },
      { selector: "node:active, node:selected", style: { "border-color": "#f0b400", "border-width": 4 } },
      { selector: "edge", style: {
        "line-color": "data(colour)", "width": "data(width)", "curve-style": "bezier", "opacity": 0.9
      } },
      { selector: "edge.directed", style: { "target-arrow-shape": "triangle", "target-arrow-color": "data(colour)" } },
      { selector: "edge.shared", style: { "line-style": "dashed", "opacity": 0.7 } },
      { selector: "edge.twin", style: { "line-style": "dotted" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true, padding: 30 }
  });

  // A small view should not be blown up: keep cities and labels at a readable size.
  if (cy.zoom() > 1.4) {
    cy.zoom(1.4);
    cy.center();
  }

  cy.on("tap", "node", function (event) {
    var url = event.target.data("url");
    if (url) {
      window.location.assign(url);
    }
  });
  cy.on("mouseover", "node", function () { box.style.cursor = "pointer"; });
  cy.on("mouseout", "node", function () { box.style.cursor = ""; });

  box.setAttribute("data-ready", "true");
  window.nzcNetwork = cy; // for the browser tests and the curious
})();
