import { createRequire } from 'node:module';
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

/**
 * Headers that make the page cross-origin isolated (SharedArrayBuffer), so that the WebAssembly
 * backend runs on several threads; every resource the app loads is its own, so require-corp costs
 * nothing. An embed in a page without them is not isolated and runs on one thread.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build', // the dev server's hot reload needs an inline script
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
    generateBundle() {
      const lines = [`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`, ...Object.entries(ISOLATION_HEADERS).map(([k, v]) => `${k}: ${v}`)];
      this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${lines.map((l) => `  ${l}\n`).join('')}` });
    },
  };
}

const THREAD_WORKER = 'virtual:wasm-thread-worker';

/**
 * The script of the WebAssembly backend's thread workers as a file of the app's own origin
 * (`import url from 'virtual:wasm-thread-worker'`). tfjs ships it only as a string, which it starts
 * from a blob: URL; the page's policy allows workers from 'self' only (engine/wasmThreads.ts hands
 * this URL over instead). The dev server is not isolated, so there it is never loaded.
 */
function wasmThreadWorker(): Plugin {
  const resolved = `\0${THREAD_WORKER}`;
  return {
    name: 'wasm-thread-worker',
    resolveId: (id) => (id === THREAD_WORKER ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      if (this.meta.watchMode) return 'export default "";';
      const require = createRequire(import.meta.url);
      const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents: string };
      // the string holds its string literals' "\n" as real line breaks (tfjs escapes them again too)
      const ref = this.emitFile({ type: 'asset', name: 'wasm-thread-worker.js', source: wasmWorkerContents.replace(/\n/g, '\\n') });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
  };
}

// A static build with a relative base, so the folder works from any sub-path and inside an iframe.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), wasmThreadWorker()], // the benchmark page runs tfjs in the page
  worker: { format: 'es', plugins: () => [wasmThreadWorker()] },
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
