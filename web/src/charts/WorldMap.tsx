/**
 * Requests and attacks by country on a world map. The map's shapes come from the GeoJSON built at
 * build time (virtual:world-geo), loaded with this component, never from the network.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Chart from './Chart';
import { echarts, type ChartOption } from './echarts';
import { countryName, fmtNumber } from '../lib/format';
import type { Count } from '../lib/types';

let registered: Promise<void> | null = null;
function registerWorld(): Promise<void> {
  registered ??= import('virtual:world-geo').then((module) => {
    echarts.registerMap('world', module.default as unknown as Parameters<typeof echarts.registerMap>[1]);
  });
  return registered;
}

interface Props {
  countries: Count[];
  id: string;
  onSelect?: (country: string) => void;
}

export default function WorldMap({ countries, id, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void registerWorld().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, []);

  const option = useMemo<ChartOption>(() => {
    const max = Math.max(1, ...countries.map((c) => c.attacks));
    const byKey = new Map(countries.map((c) => [c.key, c]));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const c = byKey.get(p.name);
          const name = countryName(p.name);
          return c
            ? `${name}\n${t('metric.requests')}: ${fmtNumber(c.requests)}\n${t('metric.attacks')}: ${fmtNumber(c.attacks)}`
            : name;
        },
      },
      visualMap: {
        min: 0,
        max,
        left: 'left',
        bottom: 10,
        text: [t('map.more'), t('map.fewer')],
        calculable: true,
        inRange: { color: ['#fde7e5', '#b3261e'] },
      },
      series: [
        {
          type: 'map',
          map: 'world',
          roam: true,
          nameProperty: 'name',
          itemStyle: { areaColor: '#eef1f4', borderColor: '#8a96a3', borderWidth: 0.5 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffd166' } },
          data: countries.map((c) => ({ name: c.key, value: c.attacks })),
        },
      ],
    };
    // i18n.language: names and labels follow the language.
  }, [countries, t, i18n.language]);

  const top = [...countries].sort((a, b) => b.attacks - a.attacks).slice(0, 5);
  const summary = top.length
    ? t('map.summary', { list: top.map((c) => `${countryName(c.key)} ${fmtNumber(c.attacks)}`).join(', ') })
    : t('map.empty');

  if (!ready) return <p className="muted">{t('common.loading')}</p>;
  return <Chart id={id} title={t('map.title')} summary={summary} option={option} size="chart chart-map" onClick={onSelect} />;
}
