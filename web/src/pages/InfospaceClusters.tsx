/** Clusters of coordinated accounts from the latest detection run; one drawn as a graph, with the evidence behind an edge. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { post, query } from '../lib/api';
import { fmtNumber, fmtDateTime } from '../lib/format';
import { hrefWith, navigate } from '../lib/router';
import { useSession, can } from '../lib/session';
import type { InfoCaseDetail, InfoClusterList, InfoClusterSummary, InfoDetectAnswer, InfoEvidencePost, InfoGraph } from '../../../src/server/contract';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading, Notice, When } from '../components/bits';
import InfospaceGraph from './InfospaceGraph';
import { EvidenceTable } from './InfospaceEvidence';

type Edge = InfoGraph['edges'][number];

export default function InfospaceClusters({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const list = useApi<InfoClusterList>('/api/infospace/clusters');
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState<InfoDetectAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selectedId = params.get('cluster');
  const selected = list.data?.clusters.find((c) => c.id === selectedId) ?? null;

  const detect = () => {
    setRunning(true);
    setError(null);
    post<InfoDetectAnswer>('/api/infospace/detect')
      .then((answer) => {
        setDone(answer);
        list.reload();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setRunning(false));
  };

  return (
    <>
      <p>{t('infospace.clusters.intro')}</p>
      {can(user, 'analyst') && (
        <div className="toolbar">
          <button type="button" className="primary" onClick={detect} disabled={running}>
            {running ? t('infospace.clusters.running') : t('infospace.clusters.detect')}
          </button>
        </div>
      )}
      {done && <Notice>{t('infospace.clusters.done', { clusters: fmtNumber(done.clusters), posts: fmtNumber(done.posts), alerts: fmtNumber(done.alerts.length) })}</Notice>}
      <ErrorNote message={error ?? list.error} />
      {list.data ? (
        <>
          <p className="muted">{list.data.at ? t('infospace.clusters.runAt', { at: fmtDateTime(list.data.at) }) : t('infospace.clusters.neverRun')}</p>
          <DataTable
            caption={t('infospace.clusters.caption')}
            rows={list.data.clusters}
            rowKey={(c) => c.id}
            empty={t('infospace.clusters.none')}
            columns={[
              { header: t('infospace.col.cluster'), value: (c) => c.id, render: (c) => <a href={hrefWith('#/infospace/clusters', { cluster: c.id })} className="mono">{c.id}</a> },
              { header: t('infospace.col.accounts'), value: (c) => c.accounts.length, numeric: true },
              { header: t('infospace.col.method'), value: (c) => t(`infospace.method.${c.method}`) },
              { header: t('infospace.col.score'), value: (c) => c.score, render: (c) => fmtNumber(c.score, 3), numeric: true },
              { header: t('infospace.col.window'), value: (c) => c.window, numeric: true },
              { header: t('infospace.col.delay'), value: (c) => c.medianDelaySeconds, numeric: true },
              { header: t('infospace.col.first'), value: (c) => c.first, render: (c) => <When at={Date.parse(c.first)} /> },
              { header: t('infospace.col.last'), value: (c) => c.last, render: (c) => <When at={Date.parse(c.last)} /> },
            ]}
          />
          {selected && <ClusterView key={selected.id} cluster={selected} />}
        </>
      ) : (
        !list.error && <Loading />
      )}
    </>
  );
}

function ClusterView({ cluster }: { cluster: InfoClusterSummary }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const graph = useApi<InfoGraph>(`/api/infospace/clusters/${encodeURIComponent(cluster.id)}/graph`);
  const [pair, setPair] = useState<[string, string] | null>(null);
  const evidence = useApi<InfoEvidencePost[]>(pair ? `/api/infospace/clusters/${encodeURIComponent(cluster.id)}/evidence${query({ a: pair[0], b: pair[1] })}` : null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (pair) document.getElementById('evidence-h')?.focus();
  }, [pair]);

  const openCase = () => {
    post<InfoCaseDetail>('/api/infospace/cases', { cluster: cluster.id })
      .then((c) => navigate(`#/infospace/cases/${encodeURIComponent(c.id)}`))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <section aria-labelledby="cluster-h" className="panel">
      <h2 id="cluster-h">{t('infospace.clusters.one', { id: cluster.id })}</h2>
      <p>{t('infospace.clusters.summary', { accounts: cluster.accounts.length, method: t(`infospace.method.${cluster.method}`), score: fmtNumber(cluster.score, 3), delay: cluster.medianDelaySeconds })}</p>
      {can(user, 'analyst') && (
        <div className="toolbar">
          <button type="button" onClick={openCase}>{t('infospace.clusters.openCase')}</button>
        </div>
      )}
      <ErrorNote message={error ?? graph.error} />
      {graph.data ? (
        <>
          <InfospaceGraph graph={graph.data} onEdge={(a, b) => setPair([a, b])} />
          <DataTable
            caption={t('infospace.clusters.edges')}
            rows={[...graph.data.edges].sort((x, y) => y.weight - x.weight)}
            rowKey={(e) => `${e.source}\n${e.target}`}
            columns={[
              { header: t('infospace.col.accountA'), value: (e: Edge) => e.source },
              { header: t('infospace.col.accountB'), value: (e: Edge) => e.target },
              { header: t('infospace.col.methods'), value: (e: Edge) => e.methods.map((m) => t(`infospace.method.${m}`)).join(', ') },
              { header: t('infospace.col.weight'), value: (e: Edge) => e.weight, numeric: true },
              { header: t('infospace.col.symmetry'), value: (e: Edge) => e.symmetry, render: (e: Edge) => fmtNumber(e.symmetry, 3), numeric: true },
              {
                header: t('infospace.col.evidence'), value: () => '', noCsv: true,
                render: (e: Edge) => (
                  <button type="button" className="link-button" onClick={() => setPair([e.source, e.target])} aria-label={t('infospace.clusters.showEvidenceOf', { a: e.source, b: e.target })}>
                    {t('infospace.clusters.showEvidence')}
                  </button>
                ),
              },
            ]}
          />
        </>
      ) : (
        !graph.error && <Loading />
      )}
      {pair && (
        <section aria-labelledby="evidence-h">
          <h3 id="evidence-h" tabIndex={-1}>{t('infospace.clusters.evidenceOf', { a: pair[0], b: pair[1] })}</h3>
          <ErrorNote message={evidence.error} />
          {evidence.data ? (
            <>
              {evidence.data.length === 0 && <p className="muted">{t('infospace.clusters.noEvidence')}</p>}
              <EvidenceTable rows={evidence.data} caption={t('infospace.clusters.evidenceCaption')} />
            </>
          ) : (
            !evidence.error && <Loading />
          )}
        </section>
      )}
    </section>
  );
}
