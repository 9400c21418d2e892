/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// During `npm run dev` the API runs separately (`rapport serve`, port 8000 by default);
// proxying keeps the session cookie same-origin, exactly as in embedded mode.
const apiTarget = process.env.RAPPORT_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    // scripts/size.mjs reads the manifest to find the entry chunk and its static imports.
    manifest: true,
    sourcemap: false,
    // The lazy ECharts chunk (~560 kB, ~190 kB gzipped) loads only with a chart; the initial JS is
    // what `npm run size` budgets.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
    // Form tests type key by key; on a shared, loaded machine 5 s is not enough for a few of them.
    testTimeout: 30_000,
  },
});
