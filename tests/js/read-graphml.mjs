// Reads GraphML with graphology-graphml (the parser Gephi Lite uses) and prints what it
// found as JSON: {type, multi, order, size, graph, nodes: {id: attrs},
// edges: [{id, source, target, attributes}]}.
// Usage: node read-graphml.mjs FILE   or   node read-graphml.mjs --serve
import graphology from 'graphology';
import graphml from 'graphology-graphml';
import {main} from './common.mjs';

main(text => graphml.parse(graphology.Graph, text));
