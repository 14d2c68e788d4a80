/** Evidence posts as a table (clusters and cases): strangers' text, rendered as text. */
import { useTranslation } from 'react-i18next';
import type { InfoEvidencePost } from '../../../src/server/contract';
import DataTable from '../components/DataTable';
import { When } from '../components/bits';

export function EvidenceTable({ rows, caption }: { rows: InfoEvidencePost[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(p, i) => `${p.id}\n${p.method}\n${i}`}
      columns={[
        { header: t('infospace.col.time'), value: (p) => p.time, render: (p) => <When at={Date.parse(p.time)} /> },
        { header: t('infospace.col.account'), value: (p) => p.account },
        { header: t('infospace.col.method'), value: (p) => t(`infospace.method.${p.method}`) },
        { header: t('infospace.col.item'), value: (p) => p.item, render: (p) => <span className="path">{p.item}</span> },
        { header: t('infospace.col.text'), value: (p) => p.text, render: (p) => <span className="post-text">{p.text}</span> },
      ]}
    />
  );
}
