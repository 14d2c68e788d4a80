/** ECharts, tree-shaken: only the charts, components and renderers the dashboard draws with. */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, MapChart, PieChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, DataZoomComponent, CanvasRenderer, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
export { echarts };

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics). */
export const PALETTE = ['#0b5cad', '#b3261e', '#6b4c9a', '#1b7a3e', '#a15c00', '#00707a', '#7a4a00', '#5a5a5a'];
export const ORIGIN_COLOURS: Record<string, string> = {
  domestic: '#1b7a3e',
  foreign: '#b3261e',
  obscured: '#6b4c9a',
  unknown: '#5a5a5a',
};
