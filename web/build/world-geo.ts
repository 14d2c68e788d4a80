/**
 * Builds the world map's GeoJSON from the installed world-atlas TopoJSON at build time, so the
 * dashboard never fetches a map from the network. Served as a virtual module that the map chunk
 * imports lazily, keeping it out of the initial JavaScript.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Plugin } from 'vite';
import { ISO_NUMERIC_TO_ALPHA2, UNNUMBERED_TO_ALPHA2 } from './iso-numeric.js';

const VIRTUAL_ID = 'virtual:world-geo';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export function worldGeoJson(): unknown {
  const require = createRequire(import.meta.url);
  const path = require.resolve('world-atlas/countries-110m.json');
  const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries);
  const features = collection.features
    .map((f) => {
      const id = typeof f.id === 'string' ? f.id : undefined;
      const code = (id && ISO_NUMERIC_TO_ALPHA2[id]) ?? UNNUMBERED_TO_ALPHA2[f.properties?.name ?? ''];
      // Antarctica carries no traffic and takes a fifth of the map's area.
      if (!code || code === 'AQ') return null;
      return { type: 'Feature', id: code, properties: { name: code }, geometry: unwrapAntimeridian(f.geometry) };
    })
    .filter((f) => f !== null);
  // Two decimals (about a kilometre) is finer than the 1:110m shapes: halves the file.
  return JSON.parse(JSON.stringify({ type: 'FeatureCollection', features }), (_key, value: unknown) =>
    typeof value === 'number' ? Math.round(value * 100) / 100 : value,
  ) as unknown;
}

type Ring = number[][];
type Geometry = { type: string; coordinates?: unknown };

/**
 * Russia's and Fiji's rings cross the 180th meridian: drawn as they are, each edge from +180 to
 * -180 is a line across the whole map. Such a ring is moved east of 180 instead.
 */
function unwrapAntimeridian<G extends Geometry | null>(geometry: G): G {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return geometry;
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][];
  const fixed = polygons.map((rings) =>
    rings.map((ring) => {
      const crosses = ring.some((point, i) => i > 0 && Math.abs((point[0] ?? 0) - (ring[i - 1]?.[0] ?? 0)) > 180);
      return crosses ? ring.map(([lon = 0, lat = 0]) => [lon < 0 ? lon + 360 : lon, lat]) : ring;
    }),
  );
  return { ...geometry, coordinates: geometry.type === 'Polygon' ? fixed[0] : fixed };
}

export function worldGeoPlugin(): Plugin {
  return {
    name: 'vigie-world-geo',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      return `export default ${JSON.stringify(worldGeoJson())};`;
    },
  };
}
