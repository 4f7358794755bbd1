// Shared by the readers: turn a parsed graphology graph into plain JSON, and run either
// once on a file (`node read-X.mjs FILE`) or as a server (`node read-X.mjs --serve`:
// one file path per line on stdin, one JSON line per path on stdout; errors are
// reported as {"error": "..."}), which spares the tests a node start-up per file.
import {readFileSync} from 'node:fs';
import {createInterface} from 'node:readline';

export function describe(graph) {
  const nodes = {};
  graph.forEachNode((id, attrs) => { nodes[id] = attrs; });
  const edges = [];
  graph.forEachEdge((id, attributes, source, target) => {
    edges.push({id, source, target, attributes});
  });
  return {
    type: graph.type, multi: graph.multi, order: graph.order, size: graph.size,
    graph: graph.getAttributes(), nodes, edges,
  };
}

export function main(parse) {
  const read = path => describe(parse(readFileSync(path, 'utf-8')));
  if (process.argv[2] !== '--serve') {
    process.stdout.write(JSON.stringify(read(process.argv[2])) + '\n');
    return;
  }
  const lines = createInterface({input: process.stdin, terminal: false});
  lines.on('line', path => {
    let out;
    try {
      out = read(path);
    } catch (err) {
      out = {error: String(err && err.stack ? err.stack : err)};
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  });
}
