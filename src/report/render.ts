/**
 * Headless rendering of Vega-Lite specs: Vega-Lite → Vega → SVG (Vega's `View` without a renderer)
 * → PNG (resvg). No browser and no node-canvas: Vega lays text out with advance widths read from the
 * DejaVu Sans files (./fontMetrics.ts), and resvg draws it with the same fonts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { renderAsync } from '@resvg/resvg-js';
import { logger, parse, View, Warn, type Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

import { installTextMetrics } from './fontMetrics.js';

/** Directories where Debian (fonts-dejavu-core) and other distributions put DejaVu Sans. */
const DEJAVU_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/local/share/fonts',
];
const DEJAVU_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

/**
 * The font family of every text in the figures. DejaVu Sans comes from Debian's fonts-dejavu-core
 * (and covers Ω, ±, ≠, …); the fallbacks serve browsers that show the inline SVG without it.
 */
export const FIGURE_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const PRIMARY_FAMILY = 'DejaVu Sans';

let cachedFontFiles: string[] | undefined;

/** The DejaVu Sans files present on this machine (empty when none: then resvg uses the system fonts). */
export function findFontFiles(): string[] {
  if (cachedFontFiles) return cachedFontFiles;
  const found: string[] = [];
  for (const dir of DEJAVU_DIRS) {
    for (const file of DEJAVU_FILES) {
      const path = join(dir, file);
      if (existsSync(path)) found.push(path);
    }
    if (found.length > 0) break;
  }
  return (cachedFontFiles = found);
}

export interface RenderOptions {
  /** PNG zoom over the SVG's CSS pixels (default 2: a crisp figure for papers and screens). */
  scale?: number;
  /** Extra font files for resvg (e.g. when DejaVu Sans is not installed in a standard place). */
  fontFiles?: string[];
}

export interface RenderedFigure {
  svg: string;
  png: Buffer;
  /** Vega-Lite / Vega warnings (empty for a well-formed spec). */
  warnings: string[];
}

/** Compiles a Vega-Lite spec and renders it to an SVG string and a PNG buffer. */
export async function renderVegaLite(spec: TopLevelSpec, options: RenderOptions = {}): Promise<RenderedFigure> {
  const fontFiles = [...findFontFiles(), ...(options.fontFiles ?? [])];
  installTextMetrics(
    fontFiles.find((f) => /DejaVuSans\.ttf$/.test(f)),
    fontFiles.find((f) => /DejaVuSans-Bold\.ttf$/.test(f)),
  );
  const warnings: string[] = [];
  const collect = logger(Warn, 'warn', (_method, _level, args) => {
    warnings.push(args.map(String).join(' '));
  });

  const withFont = { ...spec, config: { font: FIGURE_FONT, ...(spec.config ?? {}) } } as TopLevelSpec;
  const vega = compile(withFont, { logger: collect }).spec as unknown as VegaSpec;

  const view = new View(parse(vega), { renderer: 'none', logger: collect, logLevel: Warn });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }

  const haveDejaVu = fontFiles.length > 0;
  const rendered = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
    font: {
      loadSystemFonts: true,
      fontFiles,
      ...(haveDejaVu ? { defaultFontFamily: PRIMARY_FAMILY, sansSerifFamily: PRIMARY_FAMILY } : {}),
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  });
  return { svg, png: rendered.asPng(), warnings };
}

/** The title block every figure shares: a bold title, a grey subtitle of one or more lines. */
export function figureTitle(text: string, subtitle: string | string[]) {
  return { text, subtitle, anchor: 'start' as const, fontSize: 15, subtitleFontSize: 11, subtitleColor: '#444444', offset: 12 };
}
