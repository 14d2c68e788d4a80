/**
 * A choropleth world map of counts per country, as inline SVG. Country shapes come from
 * world-atlas (Natural Earth 1:110m, ISC licence), projected once per process.
 */
import type { Position } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json' with { type: 'json' };
import { z } from 'zod';
import { countryName, type Lang } from '../i18n/index.js';
import isoTable from './iso3166-numeric.json' with { type: 'json' };
import { num } from './locale.js';
import { count, escapeHtml } from './text.js';

const ALPHA2 = z.string().regex(/^[A-Z]{2}$/);
const isoTableSchema = z.object({
  numeric: z.record(z.string().regex(/^\d{3}$/), ALPHA2),
  byName: z.record(z.string(), ALPHA2),
});

// Only what this file reads is checked; the parsed copy is not used, so topojson sees the original.
const topologySchema = z.object({
  type: z.literal('Topology'),
  transform: z.object({ scale: z.tuple([z.number(), z.number()]), translate: z.tuple([z.number(), z.number()]) }),
  arcs: z.array(z.array(z.array(z.number()))),
  objects: z.object({
    countries: z.object({
      type: z.literal('GeometryCollection'),
      geometries: z.array(
        z.object({ type: z.string(), id: z.string().optional(), properties: z.object({ name: z.string() }) }),
      ),
    }),
  }),
});

export interface CountryShape {
  /** ISO alpha-2, or null for areas without one (e.g. Somaliland). */
  code: string | null;
  /** SVG path data in map coordinates. */
  d: string;
}

export interface WorldShapes {
  width: number;
  height: number;
  shapes: CountryShape[];
}

export const MAP_WIDTH = 960;
/** Antarctica takes room and never holds a network worth showing. */
const LEFT_OUT = new Set(['AQ']);

/** Natural Earth I projection (Šavrič, Jenny, Patterson, Petrovič, Hurni 2011), in radians. */
function naturalEarth(lambda: number, phi: number): [number, number] {
  const p2 = phi * phi;
  const p4 = p2 * p2;
  const x = lambda * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
  const y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
  return [x, y];
}

let cached: WorldShapes | null | undefined;

/** The projected country shapes; null when the bundled data is unusable. Computed once. */
export function worldShapes(): WorldShapes | null {
  if (cached !== undefined) return cached;
  cached = buildShapes();
  return cached;
}

function buildShapes(): WorldShapes | null {
  const table = isoTableSchema.safeParse(isoTable);
  if (!table.success || !topologySchema.safeParse(world).success) return null;
  const topology = world as unknown as Topology;
  const collection = topology.objects.countries;
  if (!collection || collection.type !== 'GeometryCollection') return null;
  const countries = feature(topology, collection);

  const projected: { code: string | null; polygons: [number, number][][][] }[] = [];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const country of countries.features) {
    const name = typeof country.properties?.name === 'string' ? country.properties.name : '';
    const id = country.id === undefined ? undefined : String(country.id);
    const code = (id !== undefined ? table.data.numeric[id] : table.data.byName[name]) ?? null;
    if (code && LEFT_OUT.has(code)) continue;
    const geometry = country.geometry;
    const polygons: Position[][][] =
      geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];
    const rings = polygons.map((polygon) =>
      polygon.flatMap(splitAtAntimeridian).map((ring) =>
        ring.map(([lon, lat]) => {
          const [x, y] = naturalEarth((lon * Math.PI) / 180, (lat * Math.PI) / 180);
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
          return [x, y] as [number, number];
        }),
      ),
    );
    projected.push({ code, polygons: rings });
  }
  if (!Number.isFinite(minX) || maxX <= minX) return null;
  const scale = (MAP_WIDTH - 2) / (maxX - minX);
  const height = Math.ceil((maxY - minY) * scale) + 2;
  const shapes = projected
    .map(({ code, polygons }) => ({
      code,
      d: polygons
        .flat()
        .map((ring) => ringPath(ring.map(([x, y]) => [1 + (x - minX) * scale, 1 + (maxY - y) * scale])))
        .join(''),
    }))
    .filter((shape) => shape.d.length > 0);
  return { width: MAP_WIDTH, height, shapes };
}

type LonLat = [number, number];

/**
 * The atlas keeps rings that cross the 180th meridian (Russia, Fiji) whole; drawn as they are they
 * would streak across the map. Such a ring is made continuous, then cut into the parts that fall
 * on each side.
 */
function splitAtAntimeridian(ring: Position[]): LonLat[][] {
  const unwrapped: LonLat[] = [];
  for (const [lon = 0, lat = 0] of ring) {
    const previous = unwrapped[unwrapped.length - 1];
    let value = lon;
    if (previous) {
      while (value - previous[0] > 180) value -= 360;
      while (value - previous[0] < -180) value += 360;
    }
    unwrapped.push([value, lat]);
  }
  const lons = unwrapped.map(([lon]) => lon);
  if (Math.min(...lons) >= -180 && Math.max(...lons) <= 180) return [unwrapped];
  return [-360, 0, 360]
    .map((offset) => {
      const shifted = unwrapped.map(([lon, lat]): LonLat => [lon + offset, lat]);
      return clipLon(clipLon(shifted, 180, 1), -180, -1);
    })
    .filter((part) => part.length >= 3);
}

/** Keeps the part of a ring where side * lon <= side * limit (one half-plane, Sutherland-Hodgman). */
function clipLon(ring: LonLat[], limit: number, side: 1 | -1): LonLat[] {
  const inside = ([lon]: LonLat) => side * lon <= side * limit;
  const out: LonLat[] = [];
  ring.forEach((current, index) => {
    const previous = ring[(index + ring.length - 1) % ring.length] ?? current;
    if (inside(current) !== inside(previous)) {
      const t = (limit - previous[0]) / (current[0] - previous[0]);
      out.push([limit, previous[1] + t * (current[1] - previous[1])]);
    }
    if (inside(current)) out.push(current);
  });
  return out;
}

/** Integer coordinates, relative moves: about 60 KB for the whole world at this size. */
function ringPath(ring: [number, number][]): string {
  const points: [number, number][] = [];
  for (const [x, y] of ring) {
    const point: [number, number] = [Math.round(x), Math.round(y)];
    const previous = points[points.length - 1];
    if (!previous || previous[0] !== point[0] || previous[1] !== point[1]) points.push(point);
  }
  if (points.length < 3) return '';
  const [start, ...rest] = points as [[number, number], ...[number, number][]];
  let d = `M${start[0]} ${start[1]}l`;
  let [px, py] = start;
  let first = true;
  for (const [x, y] of rest) {
    for (const delta of [x - px, y - py]) {
      d += (first || delta < 0 ? '' : ' ') + String(delta);
      first = false;
    }
    px = x;
    py = y;
  }
  return d + 'z';
}

/** From light to dark: more attacks, darker. The first is "none". */
export const MAP_COLOURS = ['#e6e6e6', '#fcd5b5', '#f6a26b', '#e4612f', '#b8321f', '#7a1710'] as const;

export interface MapClass {
  from: number;
  to: number;
  colour: string;
}

/** Five classes on a logarithmic scale from 1 to the largest count; empty classes are left out. */
export function mapClasses(max: number): MapClass[] {
  if (!(max >= 1)) return [];
  const classes: MapClass[] = [];
  const span = Math.log1p(max);
  for (let index = 0; index < 5; index++) {
    const from = index === 0 ? 1 : Math.ceil(Math.expm1((index * span) / 5) - 1e-9);
    const to = index === 4 ? Math.floor(max) : Math.ceil(Math.expm1(((index + 1) * span) / 5) - 1e-9) - 1;
    const lower = Math.max(from, classes.length > 0 ? (classes[classes.length - 1]?.to ?? 0) + 1 : 1);
    if (lower <= to) classes.push({ from: lower, to, colour: MAP_COLOURS[index + 1] ?? MAP_COLOURS[5] });
  }
  return classes;
}

export function colourFor(value: number, classes: MapClass[]): string {
  if (value <= 0) return MAP_COLOURS[0];
  for (const item of classes) if (value <= item.to) return item.colour;
  return classes[classes.length - 1]?.colour ?? MAP_COLOURS[5];
}

export interface WorldMap {
  /** The SVG, or null when the map data could not be loaded. */
  svg: string | null;
  classes: MapClass[];
  /** Countries with a count that the map cannot show (too small at this scale), largest first. */
  offMap: string[];
}

/** `counts` is keyed by ISO alpha-2; "??" and other non-codes are ignored. */
export function renderWorldMap(counts: Record<string, number>, options: { lang: Lang; home: string; title: string }): WorldMap {
  const values = new Map<string, number>();
  for (const [code, value] of Object.entries(counts ?? {})) {
    if (/^[A-Z]{2}$/.test(code) && count(value) > 0) values.set(code, count(value));
  }
  const classes = mapClasses(Math.max(0, ...values.values()));
  const shapes = worldShapes();
  if (!shapes) return { svg: null, classes, offMap: [...values.keys()] };
  const drawn = new Set(shapes.shapes.map((shape) => shape.code));
  const offMap = [...values.entries()]
    .filter(([code]) => !drawn.has(code))
    .sort((a, b) => b[1] - a[1])
    .map(([code]) => code);

  const label = escapeHtml(options.title);
  let svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${shapes.width} ${shapes.height}" role="img" ` +
    `aria-label="${label}" class="map"><title>${label}</title><g stroke="#ffffff" stroke-width="0.5">`;
  for (const shape of shapes.shapes) {
    const value = shape.code ? (values.get(shape.code) ?? 0) : 0;
    const name = shape.code ? countryName(shape.code, options.lang) : '';
    svg += `<path d="${shape.d}" fill="${colourFor(value, classes)}"${shape.code ? ` data-cc="${shape.code}"` : ''}>`;
    if (name) svg += `<title>${escapeHtml(name)}: ${escapeHtml(num(value, options.lang))}</title>`;
    svg += '</path>';
  }
  svg += '</g>';
  const home = shapes.shapes.find((shape) => shape.code === options.home);
  if (home) svg += `<path d="${home.d}" fill="none" stroke="#111111" stroke-width="1.5" class="home"/>`;
  return { svg: svg + '</svg>', classes, offMap };
}
