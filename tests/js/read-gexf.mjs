// Reads GEXF with graphology-gexf and prints what it found as JSON (same shape as
// read-graphml.mjs). Usage: node read-gexf.mjs FILE   or   node read-gexf.mjs --serve
import graphology from 'graphology';
import gexf from 'graphology-gexf';
import {main} from './common.mjs';

main(text => gexf.parse(graphology.Graph, text));
