/** What 'virtual:wasm-thread-worker' gives the unit tests: the build's thread-worker file, beside the worker that uses it. */
export default './wasm-thread-worker-test.js';
