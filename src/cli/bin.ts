#!/usr/bin/env node
/**
 * The `oinfo` command: the data file starts being read (earlyRead.ts) before the CLI's modules load.
 */
import { startEarlyRead } from './earlyRead.js';

startEarlyRead(process.argv.slice(2));
await import('./main.js');
