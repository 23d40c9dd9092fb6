import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves web/dist with a strict CSP (script-src 'self', style-src 'self'):
// no inline scripts or styles in the built HTML, assets as files, workers as files.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
  worker: { format: 'es' },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } },
  },
  preview: {
    port: 4173,
    proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } },
  },
});
