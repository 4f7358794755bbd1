/* kgraph view: draws the graph embedded in this page with Cytoscape.js + fCoSE.
 *
 * Every string that comes from the data reaches the page through textContent, an
 * Option's text or Cytoscape's canvas labels; nothing is ever parsed as markup.
 */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('kgraph-data').textContent);
  var META = DATA.meta || {};

  // ---------------------------------------------------------------- small helpers

  function $(id) { return document.getElementById(id); }

  /* An element with a class and text (as text, never markup), and children. */
  function el(tag, cls, text, children) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  /* Case-, accent- and punctuation-insensitive form, as kgraph's Python fold(). */
  function fold(text) {
    return String(text).normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
      .toLowerCase().replace(/&/g, ' and ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  }

  function safeColor(c) {
    return /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(String(c)) ? String(c) : '#999999';
  }

  function darker(hex) {
    var h = hex.slice(1);
    if (h.length === 3) { h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2]; }
    var out = '#';
    for (var i = 0; i < 3; i++) {
      var v = Math.round(parseInt(h.substr(i * 2, 2), 16) * 0.7);
      out += ('0' + v.toString(16)).slice(-2);
    }
    return out;
  }

  /* Only web links are made clickable. */
  function safeUrl(url) {
    try {
      var u = new URL(String(url));
      return (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : null;
    } catch (e) { return null; }
  }

  function datesText(item) {
    if (item.date) { return String(item.date); }
    if (item.start && item.end) { return item.start + ' \u2013 ' + item.end; }
    if (item.start) { return 'from ' + item.start; }
    if (item.end) { return 'until ' + item.end; }
    return '';
  }

  function valueText(v) {
    if (Array.isArray(v)) { return v.map(valueText).join(', '); }
    if (v !== null && typeof v === 'object') { return JSON.stringify(v); }
    return String(v);
  }

  /* A quote with its **emphasis** shown as <strong>, built from text nodes. */
  function quoteNode(quote) {
    var bq = el('blockquote');
    String(quote).split('**').forEach(function (part, i) {
      if (!part) { return; }
      bq.appendChild(i % 2 ? el('strong', null, part) : document.createTextNode(part));
    });
    return bq;
  }

  /* Seeded Math.random for the layout, so the same data gives the same picture. */
  function withSeed(seed, fn) {
    var saved = Math.random;
    var s = seed >>> 0;
    Math.random = function () {
      s = (s + 0x6D2B79F5) >>> 0;
      var t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    try { return fn(); } finally { Math.random = saved; }
  }

  // ---------------------------------------------------------------- the data

  var TYPES = {};
  var SHAPES = ['ellipse', 'round-rectangle', 'diamond', 'triangle', 'hexagon', 'star', 'vee',
    'round-pentagon', 'barrel', 'rhomboid', 'octagon', 'tag'];
  (DATA.entity_types || []).forEach(function (t) {
    t.color = safeColor(t.color);
    t.shape = SHAPES.indexOf(t.shape) >= 0 ? t.shape : 'ellipse';
    TYPES[t.name] = t;
  });
  var RELS = {};
  (DATA.relation_types || []).forEach(function (r) { RELS[r.name] = r; });
  var SOURCES = DATA.sources || {};
  var NODES = {};
  (DATA.nodes || []).forEach(function (n) { NODES[n.id] = n; });
  var EDGES = DATA.edges || [];

  function typeOf(n) {
    return TYPES[n.type] || { name: n.type, label: n.type, plural: n.type, color: '#999999', shape: 'ellipse' };
  }

  /* The type's shape in its colour, as a small picture for the legend and the card. */
  var SVGNS = 'http://www.w3.org/2000/svg';
  var SHAPE_POINTS = {
    'diamond': '6,0.5 11.5,6 6,11.5 0.5,6', 'triangle': '6,0.8 11.5,11 0.5,11',
    'hexagon': '3,0.8 9,0.8 11.6,6 9,11.2 3,11.2 0.4,6',
    'star': '6,0.3 7.5,4.3 11.7,4.4 8.4,7 9.6,11.4 6,8.9 2.4,11.4 3.6,7 0.3,4.4 4.5,4.3',
    'vee': '0.5,0.8 6,4.5 11.5,0.8 6,11.5', 'round-pentagon': '6,0.5 11.5,4.5 9.4,11.3 2.6,11.3 0.5,4.5',
    'rhomboid': '3,1 11.5,1 9,11 0.5,11', 'octagon': '3.5,0.5 8.5,0.5 11.5,3.5 11.5,8.5 8.5,11.5 3.5,11.5 0.5,8.5 0.5,3.5',
    'tag': '0.5,1 8,1 11.5,6 8,11 0.5,11'
  };
  function swatch(t) {
    var svg = document.createElementNS(SVGNS, 'svg');
    svg.setAttribute('class', 'swatch');
    svg.setAttribute('viewBox', '0 0 12 12');
    svg.setAttribute('aria-hidden', 'true');
    var shape;
    if (SHAPE_POINTS[t.shape]) {
      shape = document.createElementNS(SVGNS, 'polygon');
      shape.setAttribute('points', SHAPE_POINTS[t.shape]);
    } else if (t.shape === 'ellipse') {
      shape = document.createElementNS(SVGNS, 'circle');
      shape.setAttribute('cx', '6'); shape.setAttribute('cy', '6'); shape.setAttribute('r', '5.5');
    } else {
      shape = document.createElementNS(SVGNS, 'rect');
      shape.setAttribute('x', '0.8'); shape.setAttribute('y', '0.8');
      shape.setAttribute('width', '10.4'); shape.setAttribute('height', '10.4');
      shape.setAttribute('rx', t.shape === 'barrel' ? '4' : '2.5');
    }
    shape.setAttribute('fill', t.color);
    shape.setAttribute('stroke', darker(t.color));
    shape.setAttribute('stroke-width', '1');
    svg.appendChild(shape);
    return svg;
  }
  function relReading(type, forward) {
    var r = RELS[type];
    if (!r) { return String(type).replace(/_/g, ' '); }
    return (forward || r.symmetric) ? r.reading : r.inverse_reading;
  }

  function dateKey(item) { return item.date || item.start || null; }
  var STOPS = (function () {
    var keys = {};
    (DATA.nodes || []).concat(EDGES).forEach(function (x) {
      var k = dateKey(x);
      if (k) { keys[k] = true; }
    });
    return Object.keys(keys).sort();
  })();
  var STOP_INDEX = {};
  STOPS.forEach(function (k, i) { STOP_INDEX[k] = i; });

  // ---------------------------------------------------------------- the graph

  cytoscape.use(cytoscapeFcose);

  var maxDegree = 1;
  (DATA.nodes || []).forEach(function (n) { maxDegree = Math.max(maxDegree, n.degree || 0); });

  /* One line for a neighbour of a well-connected entity, where many labels need room: the
   * first and the last words, which tell apart "U.S. Attorney's Office for the Western
   * District of Texas" and "... for the Northern District of Georgia". */
  function shortLabel(name) {
    var s = String(name);
    if (s.length <= 26) { return s; }
    var words = s.split(/\s+/), head = [], tail = [];
    while (head.length < words.length && (head.join(' ') + ' ' + words[head.length]).trim().length <= 12) {
      head.push(words[head.length]);
    }
    while (tail.length + head.length < words.length &&
           (words[words.length - 1 - tail.length] + ' ' + tail.join(' ')).trim().length <= 14) {
      tail.unshift(words[words.length - 1 - tail.length]);
    }
    if (!head.length) { head = [words[0]]; }
    if (!tail.length && words.length > 1) { tail = [words[words.length - 1]]; }
    if (head.length + tail.length >= words.length) { return s; }
    return head.join(' ') + ' \u2026 ' + tail.join(' ');
  }

  function nodeLabel(name) {
    var s = String(name);
    return s.length > 40 ? s.slice(0, 38) + '\u2026' : s;
  }

  var elements = [];
  (DATA.nodes || []).forEach(function (n) {
    var t = typeOf(n);
    var size = 16 + 30 * Math.sqrt((n.degree || 0) / maxDegree);
    elements.push({
      group: 'nodes',
      data: {
        id: n.id, label: nodeLabel(n.name), full: nodeLabel(n.name), short: shortLabel(n.name),
        color: t.color, border: darker(t.color), size: size,
        shape: t.shape
      },
      classes: n.id === META.center ? 'center' : ''
    });
  });
  EDGES.forEach(function (e) {
    elements.push({
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, label: relReading(e.type, true) }
    });
  });

  /* Labels keep one size on screen whatever the zoom: a style value in screen pixels. */
  var LABEL_PX = 11;
  var FONT = window.getComputedStyle(document.body).fontFamily || 'sans-serif';
  var LABEL_WIDTH = 150;
  function screen(px) { return function () { return px / (cy ? cy.zoom() : 1); }; }

  var cy = null;
  cy = cytoscape({
    container: $('cy'),
    elements: elements,
    layout: { name: 'preset' },
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autounselectify: true,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(color)', 'border-color': 'data(border)', 'border-width': 1,
        'shape': 'data(shape)',
        'width': 'data(size)', 'height': 'data(size)',
        'label': '', 'font-size': screen(LABEL_PX), 'font-family': FONT, 'color': '#1f2430',
        'text-valign': 'bottom', 'text-margin-y': screen(3), 'text-wrap': 'wrap',
        'text-max-width': screen(LABEL_WIDTH), 'text-outline-color': '#fbfcfd',
        'text-outline-width': screen(2),
        'transition-property': 'opacity', 'transition-duration': 120
      } },
      { selector: 'edge', style: {
        'width': 1.2, 'line-color': '#aab2be', 'target-arrow-color': '#aab2be',
        'target-arrow-shape': 'triangle', 'arrow-scale': 0.75, 'curve-style': 'bezier',
        'opacity': 0.55
      } },
      { selector: 'node.labelled', style: {
        'label': 'data(label)', 'z-index': 10, 'text-valign': 'center', 'text-halign': 'center',
        'text-margin-x': function (n) { return (n.data('lx') || 0) / cy.zoom(); },
        'text-margin-y': function (n) { return (n.data('ly') || 0) / cy.zoom(); }
      } },
      { selector: 'node.lbl-over', style: { 'z-index': 20 } },
      { selector: 'node.center', style: { 'border-width': 3, 'border-color': '#1f2430' } },
      { selector: 'edge.hover', style: {
        'label': 'data(label)', 'font-size': screen(LABEL_PX - 1), 'color': '#1f2430',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff', 'text-background-opacity': 0.92,
        'text-background-padding': 2, 'line-color': '#4b5563', 'target-arrow-color': '#4b5563',
        'width': 2.2, 'z-index': 50, 'opacity': 1
      } },
      { selector: 'node.hover', style: { 'border-width': 3, 'border-color': '#1f2430' } },
      { selector: '.faded', style: { 'opacity': 0.14 } },
      { selector: 'node.chosen', style: {
        'border-width': 4, 'border-color': '#2563eb', 'font-weight': 'bold', 'z-index': 40
      } },
      { selector: 'edge.near', style: { 'line-color': '#7b8594', 'target-arrow-color': '#7b8594', 'width': 1.8 } },
      { selector: 'node.path', style: {
        'border-width': 4, 'border-color': '#e0245e', 'font-weight': 'bold', 'z-index': 45
      } },
      { selector: 'edge.path', style: {
        'line-color': '#e0245e', 'target-arrow-color': '#e0245e', 'width': 4, 'z-index': 45,
        'label': 'data(label)', 'font-size': screen(LABEL_PX - 1), 'color': '#9f1239',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff', 'text-background-opacity': 0.92,
        'text-background-padding': 2, 'opacity': 1
      } },
      { selector: '.hidden', style: { 'display': 'none' } }
    ]
  });

  var ready = false;
  function runLayout() {
    if (cy.nodes().length === 0) { return; }
    cy.stop(true, false); // a running zoom animation would undo the new fit
    withSeed(7, function () {
      cy.layout({
        name: 'fcose', quality: cy.nodes().length > 400 ? 'default' : 'proof',
        randomize: true, animate: false, fit: true,
        // strong repulsion, slack edges and little gravity: the hubs do not pull everything
        // into a hairball at the centre, and names find room around their discs
        padding: 30, nodeDimensionsIncludeLabels: false, idealEdgeLength: 80,
        nodeRepulsion: 60000, edgeElasticity: 0.1, nodeSeparation: 80, gravity: 0.02,
        gravityRange: 3.8,
        numIter: cy.nodes().length > 400 ? 1000 : 2500, uniformNodeDimensions: false
      }).run();
    });
  }

  // ---------------------------------------------------------------- labels

  var byDegree = cy.nodes().sort(function (a, b) {
    return (NODES[b.id()].degree - NODES[a.id()].degree) || (a.id() < b.id() ? -1 : 1);
  });

  /* The size of a label on screen: measured with the canvas font, wrapped like Cytoscape
   * wraps it (at spaces, LABEL_WIDTH wide). Cached per node: the text never changes. */
  var measureCtx = document.createElement('canvas').getContext('2d');
  var labelSizes = {};
  function labelSize(n) {
    var id = n.id() + '\u0000' + n.data('label');
    if (labelSizes[id]) { return labelSizes[id]; }
    measureCtx.font = LABEL_PX + 'px ' + FONT;
    var lines = [], line = '';
    String(n.data('label')).split(/\s+/).forEach(function (word) {
      var next = line ? line + ' ' + word : word;
      if (line && measureCtx.measureText(next).width > LABEL_WIDTH) { lines.push(line); line = word; }
      else { line = next; }
    });
    lines.push(line);
    var width = 0;
    lines.forEach(function (l) { width = Math.max(width, measureCtx.measureText(l).width); });
    labelSizes[id] = { width: Math.min(width, LABEL_WIDTH), lines: lines.length };
    return labelSizes[id];
  }

  /* The best-connected entities: their labels may cover other nodes (they are drawn above
   * them), except the chosen entity, the path and the centre. */
  var hubs = {};
  byDegree.slice(0, Math.min(10, Math.ceil(byDegree.length * 0.06))).forEach(function (n) {
    if (NODES[n.id()].degree > 2) { hubs[n.id()] = true; }
  });

  /* Where a label may go, as offsets of its centre from the node's, on screen: below,
   * above, right, left; then (for the labels that must be shown) the four corners and the
   * points between, and the same a little further out. */
  var DIRECTIONS = [[0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1],
    [0.5, 1], [-0.5, 1], [0.5, -1], [-0.5, -1], [1, 0.5], [-1, 0.5], [1, -0.5], [-1, -0.5]];
  function candidates(n, all) {
    var r = n.renderedOuterHeight() / 2;
    var size = labelSize(n);
    var hw = size.width / 2 + 3, hh = (size.lines * LABEL_PX * 1.2 + 3) / 2;
    var out = [];
    // (further rings for the labels that must be shown, before any may cover another)
    [0, 10, 22, 36, 54, 76, 102].forEach(function (extra, ring) {
      if (ring > 0 && !all) { return; }
      DIRECTIONS.forEach(function (d, i) {
        if (i >= 4 && !all) { return; }
        var k = i >= 4 ? 0.72 : 1;  // off the axes, the disc's edge is nearer
        out.push({ dx: d[0] * (k * r + 3 + extra + hw), dy: d[1] * (k * r + 2 + extra + hh),
                   hw: hw, hh: hh });
      });
    });
    return out;
  }

  /* The box a candidate label covers on screen. */
  function labelBox(n, c) {
    var p = n.renderedPosition();
    return { x1: p.x + c.dx - c.hw, x2: p.x + c.dx + c.hw, y1: p.y + c.dy - c.hh,
             y2: p.y + c.dy + c.hh };
  }

  function apart(a, b) { return a.x2 < b.x1 || a.x1 > b.x2 || a.y2 < b.y1 || a.y1 > b.y2; }

  /* Which labels to draw and on which side of their node: the chosen entity, the path and
   * the centre first, then the selection's neighbours, then by degree. A label goes on the
   * first side of its node where it overlaps no other label and no other node, else it is
   * left out (hovering shows the name). Zooming in makes room for more. The chosen
   * entity, the path, the centre and every neighbour of the chosen entity always get
   * theirs. */
  var styledZoom = null;
  var labelBoxes = [];
  function placeLabels() {
    var placed = [];
    var w = cy.width(), h = cy.height();
    var chosen = selected ? cy.getElementById(selected) : cy.collection();
    var first = cy.nodes('.path').union(chosen).union(cy.nodes('.center'));
    var near = chosen.nonempty() && !pathIds.length ? chosen.neighborhood('node') : cy.collection();
    var order = first.toArray().concat(near.sort(function (a, b) {
      return NODES[b.id()].degree - NODES[a.id()].degree;
    }).toArray(), byDegree.toArray());
    var always = first.union(near);
    var crowded = near.length > 24;
    var discs = [];
    cy.nodes().forEach(function (n) {
      if (n.hasClass('hidden') || n.hasClass('faded')) { return; }
      var p = n.renderedPosition(), r = n.renderedOuterHeight() / 2;
      discs.push({ id: n.id(), first: first.has(n), x1: p.x - r, x2: p.x + r, y1: p.y - r, y2: p.y + r });
    });
    function fits(b) { return b.x1 >= 0 && b.x2 <= w && b.y1 >= 0 && b.y2 <= h; }
    function freeOfLabels(b) { return placed.every(function (o) { return apart(b, o); }); }
    function freeOfNodes(b, id, onlyFirst) {
      return discs.every(function (o) {
        return o.id === id || (onlyFirst && !o.first) || apart(b, o);
      });
    }
    var seen = {};
    cy.batch(function () {
      if (cy.zoom() !== styledZoom) {
        styledZoom = cy.zoom();
        cy.style().update(); // sizes given in screen pixels follow the zoom
      }
      order.forEach(function (n) {
        if (seen[n.id()]) { return; }
        seen[n.id()] = true;
        var forced = always.has(n);
        if (n.hasClass('hidden') || (n.hasClass('faded') && !forced)) {
          n.removeClass('labelled lbl-over');
          return;
        }
        // around a hub, its neighbours' names take one line each
        var text = crowded && near.has(n) && !first.has(n) ? n.data('short') : n.data('full');
        if (n.data('label') !== text) { n.data('label', text); }
        var pick = null, box = null, over = false, i, b;
        var cands = candidates(n, forced);
        for (i = 0; i < cands.length && pick === null; i++) {
          b = labelBox(n, cands[i]);
          if (fits(b) && freeOfLabels(b) && freeOfNodes(b, n.id())) { pick = cands[i]; box = b; }
        }
        // a label that must be shown (or a hub's) may cover other nodes, never a label
        for (i = 0; i < cands.length && pick === null && (forced || hubs[n.id()]); i++) {
          b = labelBox(n, cands[i]);
          if (fits(b) && freeOfLabels(b) && (forced || freeOfNodes(b, n.id(), true))) {
            pick = cands[i]; box = b; over = true;
          }
        }
        if (pick === null && forced) {  // no free place at all: the least crowded one
          var best = Infinity;
          cands.forEach(function (c) {
            var bb = labelBox(n, c), cost = 0;
            placed.forEach(function (o) {
              cost += Math.max(0, Math.min(bb.x2, o.x2) - Math.max(bb.x1, o.x1)) *
                Math.max(0, Math.min(bb.y2, o.y2) - Math.max(bb.y1, o.y1));
            });
            if (!fits(bb)) { cost += 1e6; }
            if (cost < best) { best = cost; pick = c; box = bb; }
          });
          over = true;
        }
        n.toggleClass('labelled', pick !== null);
        n.toggleClass('lbl-over', over);
        if (pick !== null) {
          n.data({ lx: pick.dx, ly: pick.dy });
          box.id = n.id();
          placed.push(box);
        }
      });
    });
    labelBoxes = placed;
  }

  var labelTimer = null;
  function schedulePlaceLabels() {
    if (labelTimer !== null) { clearTimeout(labelTimer); }
    labelTimer = setTimeout(function () { labelTimer = null; placeLabels(); }, 60);
  }
  cy.on('viewport resize dragfree layoutstop', schedulePlaceLabels);

  // ---------------------------------------------------------------- filters

  var typeOn = {};
  var relOn = {};
  Object.keys(TYPES).forEach(function (t) { typeOn[t] = true; });
  Object.keys(RELS).forEach(function (r) { relOn[r] = true; });
  var timeIndex = STOPS.length; // STOPS.length: every date

  function timeOk(item) {
    var k = dateKey(item);
    return !k || timeIndex >= STOPS.length || STOP_INDEX[k] <= timeIndex;
  }

  function applyFilters() {
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var d = NODES[n.id()];
        n.toggleClass('hidden', !(typeOn[d.type] !== false && timeOk(d)));
      });
      EDGES.forEach(function (e) {
        var edge = cy.getElementById(e.id);
        var ok = relOn[e.type] !== false && timeOk(e) &&
          !cy.getElementById(e.source).hasClass('hidden') &&
          !cy.getElementById(e.target).hasClass('hidden');
        edge.toggleClass('hidden', !ok);
      });
    });
    updateCounts();
    refreshPath();
  }

  function visibleNodes() { return cy.nodes().filter(function (n) { return !n.hasClass('hidden'); }); }
  function visibleEdges() { return cy.edges().filter(function (e) { return !e.hasClass('hidden'); }); }

  function updateCounts() {
    var nv = visibleNodes().length, ev = visibleEdges().length;
    var nt = cy.nodes().length, et = cy.edges().length;
    var text = (nv === nt ? nt + ' entities' : nv + ' of ' + nt + ' entities') + ' \u00b7 ' +
      (ev === et ? et + ' relations' : ev + ' of ' + et + ' relations');
    if (META.graph_entities && META.graph_entities !== nt) {
      text += ' (graph: ' + META.graph_entities + ' entities)';
    }
    $('counts').textContent = text;
    $('empty').hidden = nv > 0;
    $('empty').textContent = nt === 0 ? 'No entities to show.' : 'Every entity is hidden by the filters.';
  }

  function checkItem(color, label, count, checked, onChange, title) {
    var box = el('input');
    box.type = 'checkbox';
    box.checked = checked;
    var li = el('li', checked ? '' : 'off');
    var lab = el('label', null, null, [box]);
    if (color) { lab.appendChild(color); }
    lab.appendChild(el('span', 'c-label', label));
    lab.appendChild(el('span', 'c-count', count));
    if (title) { lab.title = title; }
    li.appendChild(lab);
    box.addEventListener('change', function () {
      li.classList.toggle('off', !box.checked);
      onChange(box.checked);
    });
    return li;
  }

  function buildLegend() {
    var legend = $('legend');
    legend.replaceChildren();
    (DATA.entity_types || []).forEach(function (t) {
      var li = checkItem(swatch(t), t.label, t.count, typeOn[t.name], function (on) {
        typeOn[t.name] = on;
        applyFilters();
      }, t.name);
      li.dataset.type = t.name;
      legend.appendChild(li);
    });
    var rels = $('relations');
    rels.replaceChildren();
    (DATA.relation_types || []).forEach(function (r) {
      var li = checkItem(null, r.reading, r.count, relOn[r.name], function (on) {
        relOn[r.name] = on;
        applyFilters();
      }, r.name);
      li.dataset.relation = r.name;
      rels.appendChild(li);
    });
  }

  function setAll(map, on, listId) {
    Object.keys(map).forEach(function (k) { map[k] = on; });
    Array.prototype.forEach.call($(listId).querySelectorAll('input'), function (box) {
      box.checked = on;
      box.closest('li').classList.toggle('off', !on);
    });
    applyFilters();
  }
  $('types-all').addEventListener('click', function () { setAll(typeOn, true, 'legend'); });
  $('types-none').addEventListener('click', function () { setAll(typeOn, false, 'legend'); });
  $('rels-all').addEventListener('click', function () { setAll(relOn, true, 'relations'); });
  $('rels-none').addEventListener('click', function () { setAll(relOn, false, 'relations'); });

  function buildTime() {
    var slider = $('time');
    var dated = (DATA.nodes || []).filter(dateKey).length;
    var datedRels = EDGES.filter(dateKey).length;
    if (STOPS.length === 0) {
      slider.disabled = true;
      $('time-value').textContent = 'nothing is dated';
      $('time-hint').textContent = 'No entity or relation has a date.';
      return;
    }
    slider.min = 0;
    slider.max = STOPS.length;
    slider.value = STOPS.length;
    $('time-hint').textContent = dated + ' dated entities, ' + datedRels +
      ' dated relations (by date or start); undated ones always stay visible.';
    function show() {
      $('time-value').textContent = timeIndex >= STOPS.length
        ? 'all dates (' + STOPS[0] + ' \u2013 ' + STOPS[STOPS.length - 1] + ')'
        : 'up to ' + STOPS[timeIndex];
    }
    slider.addEventListener('input', function () {
      timeIndex = parseInt(slider.value, 10);
      show();
      applyFilters();
    });
    show();
  }

  // ---------------------------------------------------------------- search

  var INDEX = (DATA.nodes || []).map(function (n) {
    return { id: n.id, name: fold(n.name), aliases: n.aliases.map(function (a) { return [a, fold(a)]; }), fid: fold(n.id) };
  });

  /* Ranked entity ids for a query: exact name or alias, then prefixes, then substrings. */
  function search(query, limit) {
    var q = fold(query);
    if (!q) { return []; }
    var qWords = q.split(' ');
    var hits = [];
    INDEX.forEach(function (x) {
      var best = null, via = null;
      function consider(key, score, label) {
        if (best === null || score < best) { best = score; via = label; }
      }
      function rate(key, base, label) {
        if (!key) { return; }
        if (key === q) { consider(key, base, label); }
        else if (key.indexOf(q) === 0) { consider(key, base + 2, label); }
        else if ((' ' + key).indexOf(' ' + q) >= 0) { consider(key, base + 4, label); }
        else if (key.indexOf(q) >= 0) { consider(key, base + 6, label); }
        else if (qWords.length > 1 && qWords.every(function (w) {
          return (' ' + key).indexOf(' ' + w) >= 0;
        })) { consider(key, base + 8, label); }
      }
      rate(x.name, 0, null);
      x.aliases.forEach(function (a) { rate(a[1], 1, a[0]); });
      rate(x.fid, 1, null);
      if (best !== null) { hits.push({ id: x.id, score: best, via: via }); }
    });
    hits.sort(function (a, b) {
      return a.score - b.score || (NODES[b.id].degree - NODES[a.id].degree) ||
        NODES[a.id].name.localeCompare(NODES[b.id].name);
    });
    return hits.slice(0, limit || 12);
  }

  var results = $('results');
  var searchBox = $('search');
  var activeResult = -1;
  var currentHits = [];

  function renderResults() {
    results.replaceChildren();
    if (!searchBox.value.trim()) { results.hidden = true; return; }
    results.hidden = false;
    if (currentHits.length === 0) {
      results.appendChild(el('li', 'r-none', 'No entity matches.'));
      return;
    }
    currentHits.forEach(function (h, i) {
      var n = NODES[h.id];
      var sub = typeOf(n).label;
      if (h.via) { sub += ' \u00b7 also ' + h.via; }
      if (cy.getElementById(n.id).hasClass('hidden')) { sub += ' \u00b7 hidden by filters'; }
      var li = el('li', i === activeResult ? 'active' : '', null, [
        el('span', 'r-name', n.name), el('span', 'r-sub', sub)
      ]);
      li.setAttribute('role', 'option');
      li.dataset.id = n.id;
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
      li.addEventListener('click', function () { chooseResult(i); });
      results.appendChild(li);
    });
  }

  function chooseResult(i) {
    var h = currentHits[i];
    if (!h) { return; }
    results.hidden = true;
    select(h.id, true);
  }

  searchBox.addEventListener('input', function () {
    currentHits = search(searchBox.value, 12);
    activeResult = currentHits.length ? 0 : -1;
    renderResults();
  });
  searchBox.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!currentHits.length) { return; }
      ev.preventDefault();
      var step = ev.key === 'ArrowDown' ? 1 : -1;
      activeResult = (activeResult + step + currentHits.length) % currentHits.length;
      renderResults();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      chooseResult(activeResult < 0 ? 0 : activeResult);
    } else if (ev.key === 'Escape') {
      searchBox.value = '';
      currentHits = [];
      renderResults();
      searchBox.blur();
    }
  });
  searchBox.addEventListener('focus', function () { if (searchBox.value.trim()) { renderResults(); } });
  searchBox.addEventListener('blur', function () { results.hidden = true; });

  // ---------------------------------------------------------------- the card

  var card = $('card');
  var selected = null;

  function evidenceList(items) {
    var ul = el('ul', 'evidence');
    (items || []).forEach(function (ev) {
      var src = SOURCES[ev.source] || { title: ev.source };
      var cite = el('cite');
      var url = src.url ? safeUrl(src.url) : null;
      if (url) {
        var a = el('a', null, src.title);
        a.href = url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        cite.appendChild(a);
      } else {
        cite.appendChild(document.createTextNode(src.title));
      }
      var bits = [src.publisher, src.date].filter(Boolean);
      if (bits.length) { cite.appendChild(document.createTextNode(' \u2014 ' + bits.join(', '))); }
      ul.appendChild(el('li', null, null, [quoteNode(ev.quote), cite]));
    });
    return ul;
  }

  var INFERRED_SHORT = 90;
  function inferredList(inferred) {
    var keys = Object.keys(inferred || {});
    if (!keys.length) { return null; }
    var box = el('div', 'inferred');
    keys.forEach(function (k) {
      var why = valueText(inferred[k]);
      if (why.length <= INFERRED_SHORT) {
        box.appendChild(el('p', null, 'Inferred ' + k + ': ' + why));
        return;
      }
      // a long explanation stays folded under one line; a click unfolds it
      var more = el('details', 'inferred-more');
      more.appendChild(el('summary', null, 'Inferred ' + k + ': ' + why.slice(0, INFERRED_SHORT - 20).replace(/\s+\S*$/, '') + ' \u2026'));
      more.appendChild(el('p', null, why));
      box.appendChild(more);
    });
    return box;
  }

  function showIntro() {
    var types = (DATA.entity_types || []).length;
    card.replaceChildren(el('div', 'intro', null, [
      el('h2', null, META.title || 'Knowledge graph'),
      el('p', 'muted', (DATA.nodes || []).length + ' entities of ' + types + ' types, ' +
        EDGES.length + ' relations, ' + Object.keys(SOURCES).length + ' sources cited.'),
      el('ul', null, null, [
        el('li', null, 'Click an entity to see its card: names, dates, description and every relation with its source and quote.'),
        el('li', null, 'Hover a link to read the relation.'),
        el('li', null, 'Shift-click two entities to highlight the shortest path between them.'),
        el('li', null, null, [document.createTextNode('Press '), el('kbd', null, '/'),
          document.createTextNode(' to search, '), el('kbd', null, 'Esc'),
          document.createTextNode(' to clear, '), el('kbd', null, 'F'),
          document.createTextNode(' to fit the graph.')])
      ]),
      el('p', 'muted', 'Made by kgraph ' + (META.kgraph_version || '') + '. This page works offline.')
    ]));
  }

  function showCard(id) {
    var n = NODES[id];
    if (!n) { showIntro(); return; }
    var t = typeOf(n);
    var parts = [el('span', 'badge', null, [swatch(t), document.createTextNode(t.label)]), el('h2', null, n.name)];
    if (n.aliases.length) { parts.push(el('p', 'aka', 'Also: ' + n.aliases.join(' \u00b7 '))); }
    var when = datesText(n);
    if (when) { parts.push(el('p', 'dates', when)); }
    if (n.description) { parts.push(el('p', 'description', n.description)); }

    var focus = el('button', 'button', 'Zoom to');
    focus.type = 'button';
    focus.addEventListener('click', function () { zoomTo(id); });
    var from = el('button', 'button', 'Path from here');
    from.type = 'button';
    from.addEventListener('click', function () { setPathEnd('from', id); });
    var to = el('button', 'button', 'Path to here');
    to.type = 'button';
    to.addEventListener('click', function () { setPathEnd('to', id); });
    parts.push(el('div', 'card-actions', null, [focus, from, to]));

    if (n.attributes.length) {
      parts.push(el('h3', null, 'Attributes'));
      var dl = el('dl', 'attrs');
      n.attributes.forEach(function (kv) {
        dl.appendChild(el('dt', null, String(kv[0]).replace(/_/g, ' ')));
        dl.appendChild(el('dd', null, valueText(kv[1])));
      });
      parts.push(dl);
    }
    parts.push(inferredList(n.inferred));
    parts.push(el('h3', null, 'Evidence'));
    parts.push(evidenceList(n.evidence));

    var groups = {};
    var order = [];
    var rank = {};
    EDGES.forEach(function (e) {
      if (e.source !== id && e.target !== id) { return; }
      var forward = e.source === id;
      var label = relReading(e.type, forward);
      if (!groups[label]) {
        groups[label] = [];
        order.push(label);
        // the schema's order of relation types (who attended before what it focused on),
        // then what this entity did before what was done to it
        rank[label] = [(RELS[e.type] && RELS[e.type].order !== undefined) ? RELS[e.type].order : 1e9,
          forward ? 0 : 1];
      }
      groups[label].push({ edge: e, other: forward ? e.target : e.source });
    });
    order.sort(function (a, b) {
      return rank[a][0] - rank[b][0] || rank[a][1] - rank[b][1] || a.localeCompare(b);
    });
    var total = order.reduce(function (s, k) { return s + groups[k].length; }, 0);
    parts.push(el('h3', null, 'Relations (' + total + ')'));
    if (!total) { parts.push(el('p', 'muted', 'No relations in this view.')); }
    order.forEach(function (label) {
      parts.push(el('div', 'rel-group', null, [document.createTextNode(label + ' '),
        el('span', 'c-count', '(' + groups[label].length + ')')]));
      var ul = el('ul', 'rel-list');
      groups[label].sort(function (a, b) {
        return NODES[a.other].name.localeCompare(NODES[b.other].name);
      }).forEach(function (item) {
        var other = NODES[item.other];
        var link = el('button', 'entity-link', other.name);
        link.type = 'button';
        link.title = typeOf(other).label;
        link.addEventListener('click', function () { select(other.id, true); });
        var head = el('div', 'rel-head', null, [link]);
        var d = datesText(item.edge);
        if (d) { head.appendChild(el('span', 'rel-date', d)); }
        var li = el('li', null, null, [head]);
        li.dataset.edge = item.edge.id;
        if (item.edge.description) { li.appendChild(el('p', 'muted', item.edge.description)); }
        (item.edge.attributes || []).forEach(function (kv) {
          li.appendChild(el('p', 'muted', String(kv[0]).replace(/_/g, ' ') + ': ' + valueText(kv[1])));
        });
        var inf = inferredList(item.edge.inferred);
        if (inf) { li.appendChild(inf); }
        li.appendChild(evidenceList(item.edge.evidence));
        ul.appendChild(li);
      });
      parts.push(ul);
    });
    card.replaceChildren.apply(card, parts.filter(Boolean));
    card.scrollTop = 0;
  }

  // ---------------------------------------------------------------- selection

  function refreshFocus() {
    cy.batch(function () {
      cy.elements().removeClass('faded near chosen');
      if (pathIds.length) {
        cy.elements().not(cy.elements('.path')).addClass('faded');
        return;
      }
      if (!selected) { return; }
      var node = cy.getElementById(selected);
      if (node.empty()) { return; }
      node.addClass('chosen');
      if (node.hasClass('hidden')) { return; }
      var hood = node.closedNeighborhood();
      cy.elements().not(hood).addClass('faded');
      node.connectedEdges().addClass('near');
    });
    placeLabels();
  }

  function zoomTo(id) {
    var node = cy.getElementById(id);
    if (node.empty() || node.hasClass('hidden')) { return; }
    var hood = node.closedNeighborhood().filter(function (x) { return !x.hasClass('hidden'); });
    cy.stop(true, false);
    cy.animate({ fit: { eles: hood, padding: 60 }, duration: 250 });
  }

  function select(id, zoom) {
    selected = id;
    showCard(id);
    refreshFocus();
    if (zoom) { zoomTo(id); }
  }

  function clearSelection() {
    selected = null;
    showIntro();
    refreshFocus();
  }

  // ---------------------------------------------------------------- paths

  var pathFrom = $('path-from');
  var pathTo = $('path-to');
  var pathIds = [];
  var pathEdgeIds = [];

  function buildPathSelects() {
    var sorted = (DATA.nodes || []).slice().sort(function (a, b) { return a.name.localeCompare(b.name); });
    [pathFrom, pathTo].forEach(function (sel) {
      sel.appendChild(new Option('\u2014 choose \u2014', ''));
      sorted.forEach(function (n) { sel.appendChild(new Option(n.name + ' (' + typeOf(n).label + ')', n.id)); });
    });
  }

  /* Shortest path over the visible graph, ignoring edge direction (breadth-first). */
  function shortestPath(a, b) {
    var start = cy.getElementById(a), goal = cy.getElementById(b);
    if (start.empty() || goal.empty() || start.hasClass('hidden') || goal.hasClass('hidden')) { return null; }
    if (a === b) { return { nodes: [a], edges: [] }; }
    var prev = {};
    prev[a] = null;
    var queue = [a];
    while (queue.length) {
      var cur = queue.shift();
      if (cur === b) { break; }
      var edges = cy.getElementById(cur).connectedEdges();
      for (var i = 0; i < edges.length; i++) {
        var e = edges[i];
        if (e.hasClass('hidden')) { continue; }
        var other = e.source().id() === cur ? e.target().id() : e.source().id();
        if (Object.prototype.hasOwnProperty.call(prev, other)) { continue; }
        prev[other] = { node: cur, edge: e.id() };
        queue.push(other);
      }
    }
    if (!Object.prototype.hasOwnProperty.call(prev, b)) { return null; }
    var nodes = [b], edgeIds = [];
    var at = b;
    while (prev[at]) { edgeIds.unshift(prev[at].edge); at = prev[at].node; nodes.unshift(at); }
    return { nodes: nodes, edges: edgeIds };
  }

  function refreshPath() {
    var a = pathFrom.value, b = pathTo.value;
    var out = $('path-result');
    out.replaceChildren();
    out.className = 'path-result';
    pathIds = [];
    pathEdgeIds = [];
    cy.elements().removeClass('path');
    if (a && b) {
      var found = shortestPath(a, b);
      if (!found) {
        out.className = 'path-result none';
        out.appendChild(el('li', null, 'No path between them among the entities shown.'));
      } else {
        pathIds = found.nodes;
        pathEdgeIds = found.edges;
        cy.batch(function () {
          found.nodes.forEach(function (id) { cy.getElementById(id).addClass('path'); });
          found.edges.forEach(function (id) { cy.getElementById(id).addClass('path'); });
        });
        found.nodes.forEach(function (id, i) {
          var li = el('li');
          if (i > 0) {
            var e = cy.getElementById(found.edges[i - 1]).data();
            var forward = e.source === found.nodes[i - 1];
            var edge = EDGES.filter(function (x) { return x.id === e.id; })[0];
            li.appendChild(el('span', 'p-rel', (forward ? '\u2192 ' : '\u2190 ') + relReading(edge.type, forward)));
          }
          var link = el('button', 'entity-link', NODES[id].name);
          link.type = 'button';
          link.addEventListener('click', function () { select(id, true); });
          li.appendChild(link);
          out.appendChild(li);
        });
      }
    }
    refreshFocus();
  }

  function setPathEnd(which, id) {
    (which === 'from' ? pathFrom : pathTo).value = id;
    refreshPath();
    if (pathIds.length) { cy.animate({ fit: { eles: cy.elements('.path'), padding: 60 }, duration: 250 }); }
  }

  var shiftFirst = null;
  function shiftPick(id) {
    if (shiftFirst === null || shiftFirst === id) {
      shiftFirst = id;
      pathFrom.value = id;
      pathTo.value = '';
      refreshPath();
      cy.getElementById(id).addClass('path');
    } else {
      pathTo.value = id;
      shiftFirst = null;
      refreshPath();
    }
  }

  pathFrom.addEventListener('change', function () { shiftFirst = null; refreshPath(); });
  pathTo.addEventListener('change', function () { shiftFirst = null; refreshPath(); });
  $('path-clear').addEventListener('click', function () {
    pathFrom.value = '';
    pathTo.value = '';
    shiftFirst = null;
    refreshPath();
  });

  // ---------------------------------------------------------------- events

  var tooltip = $('tooltip');
  function showTooltip(pos, main, sub) {
    tooltip.replaceChildren(document.createTextNode(main));
    if (sub) { tooltip.appendChild(el('span', 't-sub', sub)); }
    tooltip.hidden = false;
    var stage = tooltip.parentNode.getBoundingClientRect();
    var x = Math.min(pos.x + 14, stage.width - tooltip.offsetWidth - 8);
    var y = Math.min(pos.y + 14, stage.height - tooltip.offsetHeight - 8);
    tooltip.style.left = Math.max(4, x) + 'px';
    tooltip.style.top = Math.max(4, y) + 'px';
  }
  function hideTooltip() { tooltip.hidden = true; }

  cy.on('tap', 'node', function (evt) {
    var id = evt.target.id();
    if (evt.originalEvent && evt.originalEvent.shiftKey) { shiftPick(id); return; }
    select(id, true);
  });
  cy.on('tap', function (evt) {
    if (evt.target === cy) { clearSelection(); }
  });
  cy.on('mouseover', 'edge', function (evt) {
    var e = evt.target;
    e.addClass('hover');
    var d = EDGES.filter(function (x) { return x.id === e.id(); })[0];
    var main = NODES[d.source].name + ' ' + relReading(d.type, true) + ' ' + NODES[d.target].name;
    showTooltip(evt.renderedPosition, main, datesText(d));
  });
  cy.on('mouseout', 'edge', function (evt) { evt.target.removeClass('hover'); hideTooltip(); });
  cy.on('mouseover', 'node', function (evt) {
    var n = NODES[evt.target.id()];
    evt.target.addClass('hover');
    var sub = typeOf(n).label;
    var when = datesText(n);
    if (when) { sub += ' \u00b7 ' + when; }
    showTooltip(evt.renderedPosition, n.name, sub);
  });
  cy.on('mouseout', 'node', function (evt) { evt.target.removeClass('hover'); hideTooltip(); });
  cy.on('pan zoom drag tap', hideTooltip);
  cy.container().addEventListener('mouseleave', function () {
    hideTooltip();
    cy.elements('.hover').removeClass('hover');
  });

  $('fit').addEventListener('click', function () {
    cy.stop(true, false);
    cy.animate({ fit: { eles: visibleNodes(), padding: 40 }, duration: 250 });
  });
  $('relayout').addEventListener('click', function () { runLayout(); });

  document.addEventListener('keydown', function (ev) {
    var tag = (ev.target && ev.target.tagName) || '';
    var typing = tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
    if (ev.key === '/' && !typing) {
      ev.preventDefault();
      searchBox.focus();
      searchBox.select();
    } else if (ev.key === 'Escape' && !typing) {
      pathFrom.value = '';
      pathTo.value = '';
      shiftFirst = null;
      refreshPath();
      clearSelection();
    } else if ((ev.key === 'f' || ev.key === 'F') && !typing && !ev.ctrlKey && !ev.metaKey) {
      cy.stop(true, false);
      cy.fit(visibleNodes(), 40);
    }
  });

  // ---------------------------------------------------------------- start

  $('title').textContent = META.title || 'Knowledge graph';
  document.title = (META.title || 'Knowledge graph') + ' \u2014 kgraph';
  buildLegend();
  buildTime();
  buildPathSelects();
  runLayout();
  applyFilters();
  if (META.center && NODES[META.center]) { select(META.center, false); } else { showIntro(); }
  ready = true;
  document.body.setAttribute('data-ready', 'true');

  function pagePoint(id) {
    var ele = cy.getElementById(id);
    if (ele.empty()) { return null; }
    var p = ele.isEdge() ? ele.renderedMidpoint() : ele.renderedPosition();
    var box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }

  /* A small read-only window on the page's state, for tests and the curious. */
  window.kgraphView = Object.freeze({
    isReady: function () { return ready; },
    nodeCount: function () { return cy.nodes().length; },
    edgeCount: function () { return cy.edges().length; },
    visibleNodeCount: function () { return visibleNodes().length; },
    visibleEdgeCount: function () { return visibleEdges().length; },
    isVisible: function (id) { var x = cy.getElementById(id); return !x.empty() && !x.hasClass('hidden'); },
    visibleNodeIds: function () { return visibleNodes().map(function (n) { return n.id(); }).sort(); },
    selected: function () { return selected; },
    path: function () { return pathIds.slice(); },
    pathEdges: function () { return pathEdgeIds.slice(); },
    timeStops: function () { return STOPS.slice(); },
    timeIndex: function () { return timeIndex; },
    pagePoint: pagePoint,
    zoom: function () { return cy.zoom(); },
    labelledIds: function () { return cy.nodes('.labelled').map(function (n) { return n.id(); }).sort(); },
    labelBoxes: function () {
      return labelBoxes.map(function (b) { return { id: b.id, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }; });
    },
    search: function (q) { return search(q, 12).map(function (h) { return h.id; }); }
  });
}());
