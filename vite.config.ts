import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// A static build with a relative base, so the folder works from any sub-path and inside an iframe.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2500, // tfjs and its WebGPU backend live in the worker chunk
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
