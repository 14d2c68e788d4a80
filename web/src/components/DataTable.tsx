/**
 * A table with a caption, column headers, and CSV export of exactly the rows it holds. Cells render
 * through React (escaped); the CSV gets each column's plain value, guarded against formulas.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { toCsv } from '../lib/csv';
import { downloadCsv, slug } from '../lib/download';

export interface Column<T> {
  header: string;
  /** Plain value for the CSV (and for the cell when no render is given). */
  value: (row: T) => string | number | null | undefined;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
  /** Controls (buttons) have no place in an exported file. */
  noCsv?: boolean;
}

interface Props<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
  empty?: string;
  /** Shown under the caption: e.g. "showing the 200 most recent". */
  note?: string;
  captionHidden?: boolean;
}

export default function DataTable<T>({ caption, columns, rows, rowKey, empty, note, captionHidden }: Props<T>) {
  const { t } = useTranslation();
  const exportCsv = () => {
    const exported = columns.filter((c) => !c.noCsv);
    const csv = toCsv(
      exported.map((c) => c.header),
      rows.map((row) => exported.map((c) => c.value(row))),
    );
    downloadCsv(csv, `${slug(caption)}.csv`);
  };
  return (
    <div className="table-block">
      <div className="table-tools">
        <button type="button" className="link-button" onClick={exportCsv} disabled={rows.length === 0} aria-label={`${t('export.csv')}: ${caption}`}>
          {t('export.csv')}
        </button>
        {note && <span className="muted">{note}</span>}
      </div>
      {/* A scrolling region must be reachable by keyboard (WCAG 2.1.1). */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="muted">
                  {empty ?? t('common.none')}
                </td>
              </tr>
            ) : (
              rows.map((row, i) => (
                <tr key={rowKey(row, i)}>
                  {columns.map((c) => (
                    <td key={c.header} className={c.numeric ? 'num' : undefined}>
                      {c.render ? c.render(row) : (c.value(row) ?? '—')}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
