/**
 * oinfo benchmarks: `npm run bench` (= bootstrap, then `node dist/bench/run.js`).
 *
 *   node dist/bench/run.js [--quick] [--suite NAME]… [--backend NAME]…
 *
 *   --quick          small caps, a smoke test of the whole program in well under a minute; results go
 *                    to bench/results/quick/ so they never overwrite the real ones
 *   --suite NAME     run only this suite (repeatable or comma-separated): copula, enumeration, cli
 *   --backend NAME   only this backend (repeatable or comma-separated; default: every one that loads,
 *                    see bench/backends.ts)
 *
 * Every suite saves benny's results to bench/results/<suite>.json; the run then writes
 * bench/results/summary.json (machine, settings, rows, targets; atomically) and summary.md, and prints
 * the same markdown tables on stdout. Progress goes to stderr.
 */
import { join } from 'node:path';
import os from 'node:os';

import { writeFileAtomic } from '../src/util/atomicWrite.js';
import { packageRoot } from '../src/util/packageRoot.js';
import { BACKENDS, loadBackends } from './backends.js';
import { machineInfo } from './machine.js';
import { type Check, markdown, type Row, type Summary } from './report.js';
import type { Suite } from './suite.js';
import { cliSuite } from './suites/cli.js';
import { copulaSuite } from './suites/copula.js';
import { enumerationSuite } from './suites/enumeration.js';
import { trainingSuite } from './suites/training.js';

const SUITES: readonly Suite[] = [copulaSuite, enumerationSuite, cliSuite, trainingSuite];

interface Args {
  quick: boolean;
  suites: string[];
  backends: string[];
}

class UsageError extends Error {}

function usage(): string {
  return (
    'usage: node dist/bench/run.js [--quick] [--suite NAME]… [--backend NAME]…\n' +
    `  suites: ${SUITES.map((s) => `${s.name} (${s.description})`).join('; ')}\n` +
    `  backends: ${BACKENDS.join(', ')} (those that load)\n`
  );
}

function parseArgs(argv: string[]): Args | null {
  const args: Args = { quick: false, suites: [], backends: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = (): string[] => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v.split(',').map((s) => s.trim()).filter(Boolean);
    };
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--suite':
        args.suites.push(...value());
        break;
      case '--backend':
        args.backends.push(...value());
        break;
      case '--help':
      case '-h':
        return null;
      default:
        throw new UsageError(`unknown argument "${a}"`);
    }
  }
  for (const s of args.suites)
    if (!SUITES.some((x) => x.name === s)) throw new UsageError(`unknown suite "${s}" (suites: ${SUITES.map((x) => x.name).join(', ')})`);
  for (const b of args.backends)
    if (!(BACKENDS as readonly string[]).includes(b)) throw new UsageError(`unknown backend "${b}" (backends: ${BACKENDS.join(', ')})`);
  return args;
}

async function main(): Promise<number> {
  let args: Args | null;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${usage()}`);
    return 2;
  }
  if (args === null) {
    process.stdout.write(usage());
    return 0;
  }
  const started = performance.now();
  const root = packageRoot();
  const resultsDir = join(root, 'bench', 'results', ...(args.quick ? ['quick'] : []));
  const machine = machineInfo(root);
  const { available, skipped } = loadBackends(args.backends);
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  for (const s of skipped) log(`backend ${s.name} skipped: ${s.reason}`);
  if (available.length === 0) {
    log('no backend could be loaded; nothing to measure');
    return 1;
  }
  const suites = SUITES.filter((s) => args.suites.length === 0 || args.suites.includes(s.name));
  log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; backends ${available.map((b) => b.name).join(', ')}; ` +
    `suites ${suites.map((s) => s.name).join(', ')}${args.quick ? ' (quick)' : ''}`);

  const rows: Row[] = [];
  const checks: Check[] = [];
  const notes: string[] = [];
  const settings: Record<string, unknown> = {};
  for (const suite of suites) {
    const t0 = performance.now();
    log(`suite ${suite.name}: ${suite.description}`);
    const out = await suite.run({ backends: available, quick: args.quick, resultsDir, root, log: (l) => log(`[${suite.name}] ${l}`), settings });
    rows.push(...out.rows);
    checks.push(...out.checks);
    notes.push(...out.notes);
    log(`suite ${suite.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const summary: Summary = {
    machine,
    run: {
      quick: args.quick,
      suites: suites.map((s) => s.name),
      backends: available.map((b) => b.name),
      skippedBackends: skipped,
      durationSeconds: (performance.now() - started) / 1000,
      loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
      settings,
    },
    rows,
    checks,
    notes,
  };
  const text = markdown(summary);
  writeFileAtomic(join(resultsDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileAtomic(join(resultsDir, 'summary.md'), text);
  log(`wrote ${join(resultsDir, 'summary.json')} and summary.md (${summary.run.durationSeconds.toFixed(0)} s in all)`);
  process.stdout.write(`\n${text}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: error: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
