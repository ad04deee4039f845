/** The URL of the WebAssembly backend's thread-worker script, written at build time (vite.config.ts); '' in the dev server. */
declare module 'virtual:wasm-thread-worker' {
  const url: string;
  export default url;
}
