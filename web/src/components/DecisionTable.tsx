/** Decisions with a Remove button on each active one (analysts and admins). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, ApiError } from '../lib/api';
import { useSession, can } from '../lib/session';
import type { Decision } from '../lib/types';
import DataTable, { type Column } from './DataTable';
import { decisionColumns } from './columns';
import { ErrorNote } from './bits';

interface Props {
  caption: string;
  decisions: Decision[];
  onChanged: () => void;
  captionHidden?: boolean;
}

export default function DecisionTable({ caption, decisions, onChanged, captionHidden }: Props) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [error, setError] = useState<string | null>(null);
  const now = Date.now();

  const remove = async (d: Decision) => {
    setError(null);
    try {
      await del(`/api/decisions/${d.id}`);
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };

  const columns: Column<Decision>[] = [...decisionColumns(t, now)];
  if (can(user, 'analyst')) {
    columns.push({
      header: t('col.actions'),
      value: () => '',
      noCsv: true,
      render: (d) =>
        d.until > now && !d.deletedAt ? (
          <button type="button" className="danger" aria-label={`${t('decisions.remove')} ${t(`decisionType.${d.type}`)} ${d.value}`} onClick={() => void remove(d)}>
            {t('decisions.remove')}
          </button>
        ) : null,
    });
  }
  return (
    <>
      <ErrorNote message={error} />
      <DataTable caption={caption} captionHidden={captionHidden} columns={columns} rows={decisions} rowKey={(d) => String(d.id)} empty={t('decisions.none')} />
    </>
  );
}
