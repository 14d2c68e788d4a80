import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { worldGeoPlugin } from './build/world-geo.js';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), worldGeoPlugin()],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    // A strict CSP (script-src 'self') forbids inline scripts: never inline assets as data: URLs either.
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': { target: process.env.VIGIE_API ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
