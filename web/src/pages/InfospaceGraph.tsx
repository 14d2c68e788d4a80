/**
 * A cluster as a network (sigma.js over graphology, WebGL): accounts on a circle, one edge per pair,
 * thicker when they co-shared more. Labels are canvas text, never HTML. Clicking an edge asks for its
 * evidence; the edge table beside it offers the same to keyboards and screen readers.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Graph from 'graphology';
import Sigma from 'sigma';
import type { InfoGraph } from '../../../src/server/contract';

export default function InfospaceGraph({ graph, onEdge }: { graph: InfoGraph; onEdge: (a: string, b: string) => void }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const edgeHandler = useRef(onEdge);
  edgeHandler.current = onEdge;

  useEffect(() => {
    if (!container.current) return;
    const g = new Graph({ type: 'undirected' });
    const n = graph.nodes.length;
    const heaviest = Math.max(1, ...graph.nodes.map((node) => node.weight));
    graph.nodes.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, n);
      g.addNode(node.id, { x: Math.cos(angle), y: Math.sin(angle), size: 5 + 10 * (node.weight / heaviest), label: node.id, color: '#155a9c' });
    });
    const widest = Math.max(1, ...graph.edges.map((e) => e.weight));
    for (const e of graph.edges) {
      if (g.hasNode(e.source) && g.hasNode(e.target) && !g.hasEdge(e.source, e.target)) {
        g.addEdge(e.source, e.target, { size: 1 + 5 * (e.weight / widest), color: '#8a96a3' });
      }
    }
    let renderer: Sigma | null = null;
    try {
      renderer = new Sigma(g, container.current, { enableEdgeEvents: true, allowInvalidContainer: true, labelRenderedSizeThreshold: 0 });
      renderer.on('clickEdge', ({ edge }) => edgeHandler.current(g.source(edge), g.target(edge)));
      setFailed(false);
    } catch {
      // no WebGL: the edge table still holds everything
      setFailed(true);
    }
    return () => renderer?.kill();
  }, [graph]);

  return (
    <>
      <div ref={container} className="graph" role="img" aria-label={t('infospace.clusters.graphLabel', { accounts: graph.nodes.length, edges: graph.edges.length })} />
      {failed && <p className="muted">{t('infospace.clusters.noWebgl')}</p>}
    </>
  );
}
