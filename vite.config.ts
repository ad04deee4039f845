import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Content-Security-Policy the built app runs under: no inline script and no eval anywhere. Styles
 * may use style attributes only (KaTeX positions its glyphs with them); style elements must come from
 * files. WebAssembly may be compiled (the WebAssembly backend's own .wasm files, served from here, and
 * nothing else: 'wasm-unsafe-eval' allows no JavaScript eval). The build carries it as a <meta> tag, so even a host that sets no headers gets it, and writes
 * it to dist/_headers for hosts that read that file (Netlify, Cloudflare Pages). README.md documents it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:", // Vite inlines the smallest KaTeX fonts,
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build', // the dev server's hot reload needs an inline script
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n` });
    },
  };
}

// A static build with a relative base, so the folder works from any sub-path and inside an iframe.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2500, // tfjs and its WebGPU backend live in the worker chunk
    // the app, and the benchmark page that scripts/bench.mjs drives (it shares no chunk with the app)
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
