// The web stack Gephi Lite is built on, bundled for a test page (esbuild, IIFE): a GEXF or
// GraphML file is parsed in the browser by graphology-gexf / graphology-graphml (with the
// browser's DOMParser, as Gephi Lite does) and drawn by sigma.js v3. Nodes without a
// position get one, as Gephi Lite gives them (a random layout, seeded here).
//
// window.drawGraph(format, text) -> {order, size, nodes: {id: attributes}, labelPixels}
import Graph from 'graphology';
import gexf from 'graphology-gexf/browser';
import graphml from 'graphology-graphml/browser';
import Sigma from 'sigma';

function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

window.drawGraph = function drawGraph(format, text) {
  const parser = format === 'gexf' ? gexf : graphml;
  const graph = parser.parse(Graph, text);
  const random = seeded(7);
  graph.forEachNode((node, attrs) => {
    if (typeof attrs.x !== 'number' || typeof attrs.y !== 'number') {
      graph.mergeNodeAttributes(node, {x: random() * 1000, y: random() * 1000});
    }
  });
  const container = document.getElementById('sigma');
  const renderer = new Sigma(graph, container, {renderEdgeLabels: true});
  renderer.refresh();
  const nodes = {};
  graph.forEachNode((node, attrs) => { nodes[node] = attrs; });
  // sigma draws labels on a 2D canvas: count the pixels it painted
  const labels = container.querySelector('canvas.sigma-labels');
  let labelPixels = 0;
  if (labels) {
    const data = labels.getContext('2d').getImageData(0, 0, labels.width, labels.height).data;
    for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { labelPixels += 1; } }
  }
  const shown = graph.nodes().filter((n) => renderer.getNodeDisplayData(n)).length;
  return {order: graph.order, size: graph.size, nodes, shown, labelPixels};
};
