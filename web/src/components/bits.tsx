/** Small shared pieces: status messages, severity badges, links to an entity's page. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../lib/router';
import { countryName, fmtDateTime, iso } from '../lib/format';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

export function Severity({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  if (!value) return <>—</>;
  return <span className={`badge sev-${value}`}>{t(`severity.${value}`, { defaultValue: value })}</span>;
}

export function When({ at }: { at: number | null | undefined }) {
  if (!at) return <>—</>;
  return <time dateTime={iso(at)}>{fmtDateTime(at)}</time>;
}

export function IpLink({ ip }: { ip: string }) {
  return (
    <a href={href('ip', ip)} className="mono">
      {ip}
    </a>
  );
}

export function AsnLink({ asn, org }: { asn: number | string | null; org?: string | null }) {
  if (asn === null || asn === '') return <>—</>;
  return (
    <a href={href('asn', String(asn))}>
      AS{asn}
      {org ? ` ${org}` : ''}
    </a>
  );
}

export function CountryLink({ code }: { code: string | null }) {
  if (!code || code === '??') return <>{countryName(null)}</>;
  return <a href={href('country', code)}>{countryName(code)}</a>;
}

/** The thing a finding or decision is about, linked to its page when it has one. */
export function ScopeLink({ kind, value }: { kind: string; value: string }) {
  if (kind === 'ip') return <IpLink ip={value} />;
  if (kind === 'asn') return <AsnLink asn={value.replace(/^AS/i, '')} />;
  if (kind === 'country') return <CountryLink code={value} />;
  return <span className="mono">{value}</span>;
}

/** Set once the reader has moved between pages: the first page load leaves focus alone. */
let navigated = false;
window.addEventListener('hashchange', () => {
  navigated = true;
});

export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // After a navigation (focus left on a link, or lost with the old page), focus lands here so
    // that keyboard and screen-reader users start at the new page's title.
    const active = document.activeElement;
    if (navigated && (!active || active === document.body || active.closest('nav, main'))) ref.current?.focus();
  }, []);
  return (
    <h1 id="page-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
