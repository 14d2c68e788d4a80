declare module 'virtual:world-geo' {
  const geo: { type: 'FeatureCollection'; features: unknown[] };
  export default geo;
}
