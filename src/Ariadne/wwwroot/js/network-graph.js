/*
 * Ariadne network graph: progressively enhances
 *   <figure class="network" data-network-graph>
 *     <table data-nodes>… <tr data-id="A1" data-label="…" data-score="0.83" data-flagged="1">…</tr> …</table>
 *     <table data-edges>… <tr data-source="A1" data-target="A2" data-amount="1200.00" data-time="2026-01-03T10:00:00Z">…</tr> …</table>
 *   </figure>
 * into an interactive, directed cytoscape graph drawn above the tables: flagged accounts marked, node size by score,
 * edge width by amount. Selecting a node (click or tap on the graph, or Enter/Space on its table row) highlights its
 * edges and its rows in both tables. Buttons reset the zoom and change the layout. The tables stay as they are, for
 * screen readers and for browsers without JavaScript. No inline script or style is needed (CSP script-src 'self').
 * Optional labels on the figure: data-label-reset, data-label-layout, data-label-graph (else English or German by
 * the document's lang).
 */
(function () {
  'use strict';

  var TEXT = {
    en: { reset: 'Reset zoom', layout: 'Change layout', graph: 'Network graph; the same accounts and payments are listed in the tables below.' },
    de: { reset: 'Zoom zurücksetzen', layout: 'Anordnung wechseln', graph: 'Netzwerkgrafik; dieselben Konten und Zahlungen stehen in den Tabellen darunter.' }
  };
  var LAYOUTS = ['cose', 'circle', 'concentric', 'breadthfirst'];
  var SELECTED = 'network-selected';

  function text(figure, key) {
    var own = figure.getAttribute('data-label-' + key);
    if (own) { return own; }
    var lang = (document.documentElement.lang || 'en').slice(0, 2);
    return (TEXT[lang] || TEXT.en)[key];
  }

  function number(value, fallback) {
    var n = parseFloat(value);
    return isFinite(n) ? n : fallback;
  }

  function button(label, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  function enhance(figure) {
    var nodesTable = figure.querySelector('table[data-nodes]');
    var edgesTable = figure.querySelector('table[data-edges]');
    if (!nodesTable || !edgesTable || typeof window.cytoscape !== 'function' || figure.networkGraph) { return; }
    var nodeRows = Array.prototype.slice.call(nodesTable.querySelectorAll('tr[data-id]'));
    var edgeRows = Array.prototype.slice.call(edgesTable.querySelectorAll('tr[data-source][data-target]'));
    var ids = {};
    var elements = [];
    nodeRows.forEach(function (row) {
      var id = row.getAttribute('data-id');
      ids[id] = true;
      elements.push({ group: 'nodes', data: {
        id: id,
        label: row.getAttribute('data-label') || id,
        score: Math.max(0, Math.min(1, number(row.getAttribute('data-score'), 0))),
        flagged: row.getAttribute('data-flagged') === '1' ? 1 : 0
      } });
    });
    var maxAmount = 0;
    edgeRows.forEach(function (row, i) {
      var source = row.getAttribute('data-source');
      var target = row.getAttribute('data-target');
      if (!ids[source] || !ids[target]) { return; }
      var amount = Math.max(0, number(row.getAttribute('data-amount'), 0));
      maxAmount = Math.max(maxAmount, amount);
      elements.push({ group: 'edges', data: { id: 'e' + i, source: source, target: target, amount: amount, time: row.getAttribute('data-time') || '' } });
    });

    // Cytoscape adds an inline <style> (position: relative) unless an element with this id exists; the CSP forbids
    // inline styles and site.css gives the canvas that rule, so a placeholder stands in for it.
    if (!document.getElementById('__________cytoscape_stylesheet')) {
      var placeholder = document.createElement('meta');
      placeholder.id = '__________cytoscape_stylesheet';
      document.head.appendChild(placeholder);
    }
    var controls = document.createElement('div');
    controls.className = 'network-controls';
    var canvas = document.createElement('div');
    canvas.className = 'network-canvas';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', text(figure, 'graph'));
    figure.insertBefore(canvas, figure.firstChild);
    figure.insertBefore(controls, canvas);

    var cy = window.cytoscape({
      container: canvas,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: 'node', style: {
          'label': 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3,
          'width': 'mapData(score, 0, 1, 16, 48)', 'height': 'mapData(score, 0, 1, 16, 48)',
          'background-color': '#4a6fa5', 'border-width': 1, 'border-color': '#1f2d3d'
        } },
        { selector: 'node[flagged = 1]', style: { 'background-color': '#b3261e', 'shape': 'diamond', 'border-width': 3, 'border-color': '#5c0f0b' } },
        { selector: 'edge', style: {
          'width': maxAmount > 0 ? 'mapData(amount, 0, ' + maxAmount + ', 1, 8)' : 1,
          'line-color': '#8a94a6', 'target-arrow-color': '#8a94a6', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8
        } },
        { selector: '.faded', style: { 'opacity': 0.2 } },
        { selector: 'node.highlighted', style: { 'border-width': 4, 'border-color': '#f2a900' } },
        { selector: 'edge.highlighted', style: { 'line-color': '#f2a900', 'target-arrow-color': '#f2a900', 'opacity': 1 } }
      ],
      layout: { name: LAYOUTS[0], animate: false }
    });
    figure.networkGraph = cy;

    function clear() {
      cy.elements().removeClass('highlighted faded');
      nodeRows.concat(edgeRows).forEach(function (row) { row.classList.remove(SELECTED); row.removeAttribute('aria-current'); });
    }

    function select(id) {
      clear();
      var node = cy.getElementById(id);
      if (node.empty()) { return; }
      var edges = node.connectedEdges();
      cy.elements().addClass('faded');
      node.removeClass('faded').addClass('highlighted');
      edges.removeClass('faded').addClass('highlighted');
      edges.connectedNodes().removeClass('faded');
      nodeRows.forEach(function (row) {
        if (row.getAttribute('data-id') === id) { row.classList.add(SELECTED); row.setAttribute('aria-current', 'true'); }
      });
      edgeRows.forEach(function (row) {
        if (row.getAttribute('data-source') === id || row.getAttribute('data-target') === id) { row.classList.add(SELECTED); }
      });
    }

    cy.on('tap', 'node', function (event) { select(event.target.id()); });
    cy.on('tap', function (event) { if (event.target === cy) { clear(); } });
    nodeRows.forEach(function (row) {
      row.tabIndex = 0;
      row.addEventListener('click', function () { select(row.getAttribute('data-id')); });
      row.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(row.getAttribute('data-id')); }
      });
    });

    var layout = 0;
    controls.appendChild(button(text(figure, 'reset'), function () { cy.fit(undefined, 20); }));
    controls.appendChild(button(text(figure, 'layout'), function () {
      layout = (layout + 1) % LAYOUTS.length;
      cy.layout({ name: LAYOUTS[layout], animate: false }).run();
    }));
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('figure[data-network-graph]'), enhance);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
