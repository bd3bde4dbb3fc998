// A worker thread that loads faultline as `npx faultline` does (bin/faultline.js: tsx's
// ESM loader, no bundling) and runs bench/work.ts on request. See bench/cli-loaded.ts.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const work = await import('./work.ts');

parentPort.on('message', ({ id, fn, arg }) => {
  try {
    parentPort.postMessage({ id, result: work[fn](arg) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
parentPort.postMessage({ ready: true });
