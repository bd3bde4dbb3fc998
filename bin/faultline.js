#!/usr/bin/env node
// Entry for `npx faultline`: registers tsx so the TypeScript sources run as they are,
// then hands over to the CLI. No build step stands between a change and its use.
import { register } from 'tsx/esm/api';
register();
await import('../harness/cli/main.ts');
