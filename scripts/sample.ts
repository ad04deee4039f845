// `npm run sample -- --out DIR [options]`: see src/cli/sample.ts or `npm run sample -- --help`.
import { main } from '../src/cli/main';
import { runSample } from '../src/cli/sample';

main(runSample, 'Run `npm run sample -- --help` for the options.');
