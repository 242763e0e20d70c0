/**
 * `oinfo plot landscape RESULT.json`: hoi's landscape of a search result (src/report/landscape.ts), as
 * SVG and PNG. Drawing needs vega, vega-lite and resvg, optional peer dependencies of oinfo: without
 * them the command says which to install.
 */
import { extname, resolve } from 'node:path';

import { Command } from 'commander';

import type { SearchResult } from '../api/search.js';
import { OinfoInputError } from '../errors.js';
import { readJsonFile } from '../io/jsonFile.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { assertPeersInstalled } from '../util/peers.js';

const DRAWING_PACKAGES = ['vega', 'vega-lite', '@resvg/resvg-js'];


/** A search result read back from its JSON (what `oinfo search --format json` writes); checked enough to draw. */
function readSearchResult(file: string): SearchResult {
  const parsed = readJsonFile(file, 'give the JSON of `oinfo search --format json`');
  if (Array.isArray(parsed)) throw new OinfoInputError(`"${file}" holds ${parsed.length} results (several inputs): plot one search's JSON`);
  const r = parsed as Partial<SearchResult> | null;
  if (!r || !Array.isArray(r.sizes) || r.sizes.length === 0 || typeof r.units !== 'string' || !Array.isArray(r.variables))
    throw new OinfoInputError(`"${file}" is not the JSON of a search (no sizes): give the output of \`oinfo search --format json\``);
  return r as SearchResult;
}

export function plotCommand(): Command {
  const plot = new Command('plot').description('figures of results: landscape');
  plot
    .command('landscape')
    .description("Ω against size: the density of all multiplets (search --histogram) and the listed ones, as hoi draws it")
    .argument('<result>', 'the JSON of `oinfo search` (with --histogram BINS for the density)')
    .option('--out <file>', 'the SVG to write (a PNG beside it, same name)', 'landscape.svg')
    .addHelpText(
      'after',
      `
Example:
  oinfo search data.csv --max-size 6 --histogram 60 --out result.json
  oinfo plot landscape result.json --out landscape.svg      # and landscape.png`,
    )
    .action(async (file: string, opts: { out: string }) => {
      if (extname(opts.out).toLowerCase() !== '.svg') throw new OinfoInputError(`--out "${opts.out}" must end in .svg (the PNG is written beside it)`);
      const png = opts.out.replace(/\.svg$/i, '.png');
      if ([opts.out, png].some((out) => resolve(out) === resolve(file))) throw new OinfoInputError(`--out "${opts.out}" would overwrite the result "${file}"`);
      const result = readSearchResult(file);
      assertPeersInstalled(DRAWING_PACKAGES, 'drawing');
      const [{ landscapeSpec }, { renderVegaLite }] = await Promise.all([import('../report/landscape.js'), import('../report/render.js')]);
      const figure = await renderVegaLite(landscapeSpec(result, file));
      writeFileAtomic(opts.out, figure.svg);
      writeFileAtomic(png, figure.png);
      process.stderr.write(`oinfo: wrote ${opts.out} and ${png}\n`);
    });
  return plot;
}
