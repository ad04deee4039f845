// `npm run train -- --out DIR [options]`: see src/cli/train.ts or `npm run train -- --help`.
import { main } from '../src/cli/main';
import { runTrain } from '../src/cli/train';

main(runTrain, 'Run `npm run train -- --help` for the options.');
