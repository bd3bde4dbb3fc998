// The thread a CLI run is made in (harness/cli/isolated-runner.ts): it loads faultline as
// bin/faultline.js does (tsx, no build step), then hands over to run-thread-main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./run-thread-main.ts');
