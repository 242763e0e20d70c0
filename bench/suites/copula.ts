/**
 * copula: engine.copulaCovariance (rank transform of every column + covariance) on 10 000 × 100
 * column-major data, with threads 0 (all cores) and 1. Target: under 100 ms per call.
 */
import { runSuite } from '../harness.js';
import { check, type Check, type CopulaRow, type SuiteOutput } from '../report.js';
import type { Suite, SuiteContext } from '../suite.js';
import { syntheticData } from '../data.js';

const N_SAMPLES = 10_000;
const N_VARS = 100;
const THREADS = [0, 1];
const TARGET_MS = 100;

async function run(ctx: SuiteContext): Promise<SuiteOutput> {
  const { data } = syntheticData(N_SAMPLES, N_VARS, false, 1);
  ctx.settings.copula = { nSamples: N_SAMPLES, nVars: N_VARS, threads: THREADS };
  const options = ctx.quick ? { minSamples: 3, maxTime: 0.3 } : { minSamples: 10, maxTime: 3 };
  const cases = ctx.backends.flatMap(({ name, engine }) =>
    THREADS.map((threads) => ({
      key: { backend: name, threads },
      name: `${name} copulaCovariance ${N_SAMPLES}x${N_VARS} threads=${threads}`,
      run: () => engine.copulaCovariance(data, N_SAMPLES, N_VARS, threads).length,
      options,
    })),
  );
  const timings = await runSuite({
    suite: 'copula',
    resultsDir: ctx.resultsDir,
    cases,
    onCase: (t) => ctx.log(`${t.name}: ${(t.secondsPerOp * 1e3).toFixed(1)} ms/call (${t.samples} samples)`),
  });
  const rows: CopulaRow[] = [];
  const checks: Check[] = [];
  for (const c of cases) {
    const t = timings.get(c.name)!;
    if (t.last !== N_VARS * N_VARS) throw new Error(`${c.name}: expected a ${N_VARS}×${N_VARS} covariance, got ${t.last} values`);
    rows.push({
      suite: 'copula',
      backend: c.key.backend,
      nSamples: N_SAMPLES,
      nVars: N_VARS,
      threads: c.key.threads,
      msPerCall: t.secondsPerOp * 1e3,
      msMedian: t.medianSeconds * 1e3,
      rmePercent: t.rme,
      samples: t.samples,
    });
    if (c.key.threads === 0)
      checks.push(check(`${c.key.backend}: copula covariance of 10 000 × 100, all cores`, t.secondsPerOp * 1e3, '<', TARGET_MS, 'ms'));
  }
  return { rows, checks, notes: [] };
}

export const copulaSuite: Suite = {
  name: 'copula',
  description: 'copula covariance of 10 000 × 100 (threads 0 and 1)',
  run,
};
