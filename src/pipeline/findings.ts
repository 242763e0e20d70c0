/**
 * What the numbers say, as verdicts with their criterion written out (SPEC §6): each claim gets
 * `holds`, `partly` or `does not hold` — or `too small to decide` when the run has too few seeds to
 * tell (fewer than MIN_SEEDS, a quick run, or, for the re-training, a test that cannot reach
 * significance) — with the per-seed counts behind it. Verdicts are data for a table; `sentences` are
 * the same verdicts (plus plain descriptions) as prose for the report.
 */
import type { Layerwise, Verdict as ReportVerdict } from '../report/types.js';
import type { Comparison, StatsGroup } from './retrainStats.js';

export type VerdictValue = 'holds' | 'partly' | 'does not hold' | 'too small to decide';

/** A claim, its criterion, the verdict and the numbers behind it (the report's shape, report/types.ts). */
export type Verdict = ReportVerdict<VerdictValue>;

/** Fewer seeds than this (or a quick run) is too small to decide. */
export const MIN_SEEDS = 5;
/** A size is dominated by one kind when this fraction of seeds agrees. */
export const DOMINANCE = 0.75;
/** Significance level of the Holm-corrected Wilcoxon tests. */
export const ALPHA = 0.05;

/** A verdict as one sentence. */
export const verdictSentence = (v: Verdict) => `${v.claim}: ${v.verdict}. ${v.detail} (Criterion: ${v.criterion}.)`;

/** holds at a majority of the items, partly at some, does not hold at none. */
const byMajority = (hits: number, of: number): VerdictValue => (hits * 2 > of ? 'holds' : hits > 0 ? 'partly' : 'does not hold');

/** Why a run is too small to decide, or undefined when it is not. */
function tooSmall(seeds: number, quick: boolean): string | undefined {
  if (quick) return `a quick run (--quick, ${seeds} seeds) is a first look, too small to decide`;
  if (seeds < MIN_SEEDS) return `${seeds} seed${seeds === 1 ? '' : 's'} are too few to decide (at least ${MIN_SEEDS} needed)`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Layerwise (Figure 1)

/** Per size, how many seeds have |min Ω| > max Ω (their most synergistic multiplet outweighs the most redundant). */
export interface SizeDominance {
  size: number;
  synergySeeds: number;
  seeds: number;
}

export function sizeDominance(layer: Layerwise['layers'][number]): SizeDominance[] {
  return layer.sizes.map((s) => ({
    size: s.size,
    synergySeeds: s.synergy.per_seed.filter((min, i) => Math.abs(min) > s.redundancy.per_seed[i]).length,
    seeds: s.synergy.per_seed.length,
  }));
}

const synergyDominated = (d: SizeDominance) => d.synergySeeds >= DOMINANCE * d.seeds;
const redundancyDominated = (d: SizeDominance) => d.seeds - d.synergySeeds >= DOMINANCE * d.seeds;
const pct = (x: number) => `${Math.round(100 * x)} %`;

const SIZE_CRITERION =
  `a size is synergy-dominated when |min Ω| > max Ω in ≥ ${pct(DOMINANCE)} of seeds, redundancy-dominated when max Ω ≥ |min Ω| in ≥ ${pct(DOMINANCE)} of seeds`;

/**
 * Figure 1's findings: per layer the strongest extremes and the greedy search's miss (description),
 * and verdicts. The first hidden layer is claimed redundancy-dominated, every later one synergy-dominated
 * (the paper: redundancy in the first layer, synergy in the last); a layer's claim holds when it is so
 * at a majority of sizes, partly at some, does not hold at none. The paper's claim holds when both the
 * first and the last layer's claims hold, does not hold when neither holds even partly, partly otherwise.
 */
export function layerwiseFindings(layerwise: Layerwise, options: { quick?: boolean } = {}): { sentences: string[]; verdicts: Verdict[] } {
  const sentences: string[] = [];
  const verdicts: Verdict[] = [];
  const u = layerwise.units;
  const small = tooSmall(layerwise.seeds.length, options.quick ?? false);
  for (const [index, layer] of layerwise.layers.entries()) {
    const sizes = layer.sizes;
    const strongestSyn = sizes.reduce((a, b) => (b.synergy.mean < a.synergy.mean ? b : a));
    const strongestRed = sizes.reduce((a, b) => (b.redundancy.mean > a.redundancy.mean ? b : a));
    const gaps = sizes.flatMap((s) => [s.greedy.synergy.mean - s.synergy.mean, s.redundancy.mean - s.greedy.redundancy.mean]);
    const worst = Math.max(0, ...gaps);
    sentences.push(
      `${layer.layer}: strongest synergy Ω = ${strongestSyn.synergy.mean.toFixed(2)} ${u} (k = ${strongestSyn.size}), strongest redundancy Ω = ${strongestRed.redundancy.mean.toFixed(2)} ${u} (k = ${strongestRed.size}), means over seeds` +
        (worst > 1e-9 ? `; the paper's greedy search misses the exhaustive extremum by up to ${worst.toFixed(2)} ${u} (mean over seeds).` : '; the greedy search finds the exhaustive extremum at every size.'),
    );
    const dominance = sizeDominance(layer);
    const kind = index === 0 ? 'redundancy' : 'synergy';
    const dominated = dominance.filter(kind === 'synergy' ? synergyDominated : redundancyDominated).map((d) => d.size);
    verdicts.push({
      claim: `${layer.layer} is ${kind}-dominated`,
      criterion: `${SIZE_CRITERION}; holds when ${kind}-dominated at a majority of sizes, partly at some, does not hold at none`,
      verdict: small ? 'too small to decide' : byMajority(dominated.length, dominance.length),
      detail:
        (small ? `${capitalise(small)}. ` : '') +
        `${capitalise(kind)}-dominated at ${dominated.length} of ${dominance.length} sizes${dominated.length ? ` (k = ${ranges(dominated)})` : ''}; ` +
        `seeds with |min Ω| > max Ω: ${dominance.map((d) => `k = ${d.size}: ${d.synergySeeds}/${d.seeds}`).join(', ')}`,
    });
  }
  if (verdicts.length >= 2) {
    const first = verdicts[0];
    const last = verdicts.at(-1)!;
    const both = [first.verdict, last.verdict];
    verdicts.push({
      claim: `The paper's finding: the first hidden layer (${layerwise.layers[0].layer}) is redundancy-dominated, the last (${layerwise.layers.at(-1)!.layer}) synergy-dominated`,
      criterion: 'holds when both layer verdicts hold, does not hold when neither holds even partly, partly otherwise',
      verdict: small ? 'too small to decide' : both.every((v) => v === 'holds') ? 'holds' : both.every((v) => v === 'does not hold') ? 'does not hold' : 'partly',
      detail: `${first.claim}: ${first.verdict}; ${last.claim}: ${last.verdict}.`,
    });
  }
  sentences.push(...verdicts.map(verdictSentence));
  return { sentences, verdicts };
}

// ---------------------------------------------------------------------------------------------
// Re-training (Figure 2)

const signedPp = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
const pValue = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

/** One size of a comparison, e.g. "k = 4: +2.1 pp (95 % CI +0.3…+4.0), Holm p = 0.031, 14–5–1". */
const comparisonText = (c: Comparison, level: number) =>
  `k = ${c.size}: ${signedPp(c.mean_difference)} pp (${pct(level)} CI ${signedPp(c.ci[0])}…${signedPp(c.ci[1])}), Holm p = ${pValue(c.p_holm)}, wins–losses–ties ${c.wins}–${c.losses}–${c.ties}`;

const better = (c: Comparison) => c.mean_difference > 0 && c.p_holm < ALPHA;
const worse = (c: Comparison) => c.mean_difference < 0 && c.p_holm < ALPHA;

/**
 * The smallest Holm-adjusted p a family of `sizes` exact Wilcoxon tests on `seeds` pairs can reach:
 * the smallest two-sided exact p is 2/2ⁿ, and Holm multiplies the smallest by the family's size.
 */
const smallestHolmP = (seeds: number, sizes: number) => (seeds > 25 ? 0 : Math.min(1, (sizes * 2) / 2 ** seeds));

/**
 * Figure 2's findings for one re-training setting, from its statistics (stats.json). The paper's claim
 * "the synergistic sub-network matters" holds when synergy − random > 0 with Holm-corrected Wilcoxon
 * p < 0.05 at a majority of sizes, partly at some, does not hold at none; "synergy beats X" for every
 * other method likewise. Holm's correction is over the sizes of each (method, versus) pair.
 */
export function retrainFindings(
  group: StatsGroup,
  options: { quick?: boolean; level?: number } = {},
): { sentences: string[]; verdicts: Verdict[] } {
  const level = options.level ?? 0.95;
  const setting = `${group.mode}, ${group.epochs} epoch${group.epochs === 1 ? '' : 's'}`;
  const families = new Map<string, Comparison[]>();
  for (const c of group.comparisons) {
    const key = `${c.method} vs ${c.versus}`;
    families.set(key, [...(families.get(key) ?? []), c]);
  }
  const seeds = group.seeds.length;
  const sizes = Math.max(0, ...[...families.values()].map((f) => f.length));
  const floor = smallestHolmP(seeds, sizes);
  const small =
    tooSmall(seeds, options.quick ?? false) ??
    (floor >= ALPHA ? `with ${seeds} seeds and ${sizes} sizes no comparison can reach Holm p < ${ALPHA} (the smallest attainable is ${floor.toFixed(3)}), too few to decide` : undefined);

  const verdicts: Verdict[] = [];
  for (const [key, family] of families) {
    if (family[0].method !== 'synergy') continue;
    const versus = family[0].versus;
    const hits = family.filter(better);
    const against = family.filter(worse);
    verdicts.push({
      claim: versus === 'random' ? `The synergistic sub-network matters: synergy beats random (${setting})` : `Synergy beats ${versus} (${setting})`,
      criterion: `synergy − ${versus} > 0 (mean paired difference of test accuracy over seeds) with Holm-corrected Wilcoxon signed-rank p < ${ALPHA} (Holm over the ${family.length} sizes): holds at a majority of sizes, partly at some, does not hold at none`,
      verdict: small ? 'too small to decide' : byMajority(hits.length, family.length),
      detail:
        (small ? `${capitalise(small)}. ` : '') +
        `${key}: better at ${hits.length} of ${family.length} sizes${hits.length ? ` (k = ${ranges(hits.map((c) => c.size))})` : ''}` +
        (against.length ? `, worse at k = ${ranges(against.map((c) => c.size))}` : '') +
        `; ${family.map((c) => comparisonText(c, level)).join('; ')}`,
    });
  }

  const sentences = verdicts.map(verdictSentence);
  const others = [...families.values()].filter((f) => f[0].versus === 'random' && f[0].method !== 'synergy');
  if (others.length > 0)
    sentences.push(
      `Against random selection (${setting}; Holm-corrected Wilcoxon p < ${ALPHA} over the sizes of each method): ` +
        others
          .map((f) => {
            const up = f.filter(better).map((c) => c.size);
            const down = f.filter(worse).map((c) => c.size);
            return `${f[0].method} ${up.length ? `better at k = ${ranges(up)}` : 'never better'}${down.length ? `, worse at k = ${ranges(down)}` : ''}`;
          })
          .join('; ') +
        '.',
    );
  const atChance = group.chance.filter((c) => c.at_chance > 0);
  sentences.push(
    atChance.length
      ? `Networks left at chance level (test accuracy ≤ 11 %) after re-training (${setting}): ${atChance.map((c) => `${c.method} k = ${c.size}: ${c.at_chance} of ${c.networks}`).join('; ')}.`
      : `No re-trained network is left at chance level (test accuracy ≤ 11 %) (${setting}).`,
  );
  return { sentences, verdicts };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** [5, 6, 7, 9] → "5–7, 9". */
function ranges(values: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    out.push(i === j ? `${values[i]}` : `${values[i]}–${values[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}
