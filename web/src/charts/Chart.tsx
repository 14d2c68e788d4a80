/**
 * One chart: a figure with its caption, a text alternative for screen readers, and PNG/SVG export.
 * Canvas on screen (fast, CSP-safe); SVG export renders the same option once with the SVG renderer.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { echarts, PALETTE, type ChartOption } from './echarts';
import { downloadBlob, downloadUrl, slug } from '../lib/download';

interface Props {
  title: string;
  /** What the chart shows, in words: read by screen readers instead of the picture. */
  summary: string;
  option: ChartOption;
  /** CSS class for the drawing's size (e.g. "chart-tall"). */
  size?: string;
  /** Index of the chart on its page, to keep ids unique. */
  id: string;
  /** Called with the clicked item's name (a country code, a key). */
  onClick?: (name: string) => void;
}

/**
 * Tooltips are drawn as rich text on the canvas, never as HTML: labels (paths, AS names) come from
 * strangers' requests, and ECharts' HTML tooltips would insert them as markup.
 */
const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

function withDefaults(option: ChartOption, animate: boolean): ChartOption {
  const tooltip = (option as { tooltip?: object }).tooltip;
  return {
    color: PALETTE,
    animation: animate && !reducedMotion(),
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    ...option,
    ...(tooltip ? { tooltip: { ...tooltip, renderMode: 'richText' } } : {}),
  };
}

export default function Chart({ title, summary, option, size = 'chart', id, onClick }: Props) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    let drawn = false;
    // A chart laid out in a box of no size has a transform that cannot be inverted (the map then
    // throws): draw only once the box has a size, and skip resizes to nothing.
    const draw = () => {
      if (element.clientWidth === 0 || element.clientHeight === 0) return;
      if (!drawn) {
        drawn = true;
        instance.setOption(withDefaults(latest.current, true), { notMerge: true });
      } else instance.resize();
    };
    const observer = new ResizeObserver(draw);
    observer.observe(element);
    draw();
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const element = holder.current;
    if (!chart.current || !element || element.clientWidth === 0 || element.clientHeight === 0) return;
    chart.current.setOption(withDefaults(option, true), { notMerge: true });
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    const handler = (params: { name?: string }) => {
      if (params.name) onClick(params.name);
    };
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [onClick]);

  const exportPng = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url) downloadUrl(url, `${slug(title)}.png`);
  };

  const exportSvg = () => {
    const width = holder.current?.clientWidth || 800;
    const height = holder.current?.clientHeight || 400;
    const svgChart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height });
    try {
      svgChart.setOption(withDefaults({ backgroundColor: '#ffffff', ...option }, false));
      downloadBlob(new Blob([svgChart.renderToSVGString()], { type: 'image/svg+xml' }), `${slug(title)}.svg`);
    } finally {
      svgChart.dispose();
    }
  };

  return (
    <figure className="chart-figure" aria-labelledby={`${id}-title`}>
      <figcaption className="chart-head">
        <h3 id={`${id}-title`}>{title}</h3>
        <span className="chart-actions">
          <button type="button" className="link-button" onClick={exportPng} aria-label={`${t('export.png')}: ${title}`}>
            {t('export.png')}
          </button>
          <button type="button" className="link-button" onClick={exportSvg} aria-label={`${t('export.svg')}: ${title}`}>
            {t('export.svg')}
          </button>
        </span>
      </figcaption>
      <div ref={holder} className={size} role="img" aria-label={summary} />
    </figure>
  );
}
