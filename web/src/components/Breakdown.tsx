/** One breakdown of traffic: bars of the top keys, and the full table with CSV export. */
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Chart from '../charts/Chart';
import { barsOption, barsSummary } from '../charts/options';
import DataTable from './DataTable';
import { countColumns } from './columns';
import type { Count } from '../lib/types';

interface Props {
  id: string;
  title: string;
  keyHeader: string;
  counts: Count[];
  label: (c: Count) => string;
  render: (c: Count) => ReactNode;
}

export default function Breakdown({ id, title, keyHeader, counts, label, render }: Props) {
  const { t } = useTranslation();
  const option = useMemo(() => barsOption(t, counts, label), [t, counts, label]);
  return (
    <section aria-labelledby={`${id}-h`} className="breakdown">
      <h2 id={`${id}-h`}>{title}</h2>
      {counts.length > 0 && <Chart id={`${id}-chart`} title={t('traffic.topTen', { title })} summary={barsSummary(t, counts, label)} option={option} size="chart chart-small" />}
      <DataTable caption={title} captionHidden columns={countColumns(t, keyHeader, render, label)} rows={counts} rowKey={(c) => c.key} />
    </section>
  );
}
