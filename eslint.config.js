import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

// Layers import one way: diffusion ← model ← engine ← ui; state and data are leaves.
// The UI never touches tfjs: it talks to the engine worker through engine/client.ts, and uses only the
// pure (tfjs-free) parts of diffusion/ for instant scrubbing on the main thread.
const TENSOR_FILES_OF_DIFFUSION = [
  './src/diffusion/forwardOps.ts',
  './src/diffusion/posterior.ts',
  './src/diffusion/loss.ts',
  './src/diffusion/sampler.ts',
  './src/diffusion/coef.ts',
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'bench-out', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/diffusion', from: ['./src/model', './src/engine', './src/ui', './src/state', './src/data'], message: 'diffusion/ is the bottom layer.' },
            { target: './src/model', from: ['./src/engine', './src/ui', './src/state'], message: 'model/ sits below engine/ and ui/.' },
            { target: './src/engine', from: ['./src/ui'], message: 'engine/ never imports the UI.' },
            { target: ['./src/diffusion', './src/model', './src/engine', './src/ui', './src/state', './src/data'], from: './src/bench', message: 'Only the benchmark page (bench.html) uses src/bench.' },
            { target: './src/bench', from: './src/ui', message: 'The benchmark measures the engine, not the UI.' },
            { target: ['./src/state', './src/data'], from: ['./src/model', './src/engine', './src/ui'], message: 'state/ and data/ are leaves.' },
            { target: './src/ui', from: ['./src/model', ...TENSOR_FILES_OF_DIFFUSION], message: 'The UI never imports tfjs code: use engine/client.ts, or the pure diffusion/ files.' },
            { target: './src/ui', from: './src/engine', except: ['./client.ts', './protocol.ts'], message: 'The UI talks to the engine only through engine/client.ts and protocol types.' },
          ],
        },
      ],
    },
  },
  {
    // tfjs itself is off limits to the UI and to the pure layers.
    files: ['src/ui/**', 'src/state/**', 'src/data/**', 'src/diffusion/schedule.ts', 'src/diffusion/forward.ts', 'src/diffusion/rng.ts', 'src/diffusion/bound.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@tensorflow/*'], message: 'This file must stay free of tfjs (DESIGN.md: ui never imports tfjs; pure files keep the main bundle small).' }] }],
    },
  },
  {
    // DESIGN.md rule 5: never read a GPU tensor synchronously.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name=/^(dataSync|arraySync|bufferSync)$/]", message: 'Synchronous GPU reads block the thread (and returned zeros on WebGPU): use await t.data().' },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser tests (and the icon's rasteriser) run in Node but pass callbacks that run in the page.
    files: ['test/e2e/**/*.mjs', 'scripts/favicon.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
