/** The admin web app: built to web/dist and served by nilai itself (no second server in production). */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  // `npm run dev:web` proxies the API to a nilai started with `npm start`.
  server: { proxy: { '/api': 'http://localhost:3000', '/s': 'http://localhost:3000' } },
});
