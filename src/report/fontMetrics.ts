/**
 * Text widths for Vega's layout. Without node-canvas Vega guesses 0.8 em per character, which leaves wide
 * empty margins around titles and legends. Here the advance widths come from the very font files that resvg
 * draws with (the TrueType `cmap`, `hmtx`, `hhea` and `head` tables; no kerning), installed into Vega through
 * its documented hook `textMetrics.width`.
 */
import { readFileSync } from 'node:fs';

import * as vega from 'vega';

interface FontWidths {
  unitsPerEm: number;
  advance: (codePoint: number) => number;
}

/** Parses the advance widths of a TrueType/OpenType (glyf or CFF) font file. */
export function parseFontWidths(bytes: Uint8Array): FontWidths {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numTables = view.getUint16(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < numTables; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    tables.set(tag, view.getUint32(record + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const numberOfHMetrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number): number =>
    view.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  // cmap: prefer a Unicode format-12 subtable (full range), else format 4 (BMP).
  const cmap = table('cmap');
  const numSub = view.getUint16(cmap + 2);
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < numSub; i++) {
    const platform = view.getUint16(cmap + 4 + 8 * i);
    const encoding = view.getUint16(cmap + 6 + 8 * i);
    const offset = cmap + view.getUint32(cmap + 8 + 8 * i);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = view.getUint16(offset);
    if (format === 12 && format12 < 0) format12 = offset;
    if (format === 4 && format4 < 0) format4 = offset;
  }

  let glyphOf: (cp: number) => number;
  if (format12 >= 0) {
    const nGroups = view.getUint32(format12 + 12);
    glyphOf = (cp) => {
      let lo = 0;
      let hi = nGroups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const group = format12 + 16 + 12 * mid;
        const start = view.getUint32(group);
        const end = view.getUint32(group + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return view.getUint32(group + 8) + (cp - start);
      }
      return 0;
    };
  } else if (format4 >= 0) {
    const segCount = view.getUint16(format4 + 6) / 2;
    const ends = format4 + 14;
    const starts = ends + 2 * segCount + 2;
    const deltas = starts + 2 * segCount;
    const rangeOffsets = deltas + 2 * segCount;
    glyphOf = (cp) => {
      if (cp > 0xffff) return 0;
      for (let s = 0; s < segCount; s++) {
        if (cp > view.getUint16(ends + 2 * s)) continue;
        const start = view.getUint16(starts + 2 * s);
        if (cp < start) return 0;
        const delta = view.getInt16(deltas + 2 * s);
        const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
        if (rangeOffset === 0) return (cp + delta) & 0xffff;
        const address = rangeOffsets + 2 * s + rangeOffset + 2 * (cp - start);
        const glyph = view.getUint16(address);
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      return 0;
    };
  } else {
    throw new Error('font has no Unicode cmap');
  }

  const cache = new Map<number, number>();
  return {
    unitsPerEm,
    advance(cp) {
      let width = cache.get(cp);
      if (width === undefined) {
        width = glyphAdvance(glyphOf(cp));
        cache.set(cp, width);
      }
      return width;
    },
  };
}

/** Width in px of `text` at `fontSize` px; characters missing from the font count 0.6 em. */
export function textWidth(font: FontWidths, text: string, fontSize: number): number {
  let units = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const advance = font.advance(cp);
    units += advance > 0 || cp === 0x200b ? advance : 0.6 * font.unitsPerEm;
  }
  return (units / font.unitsPerEm) * fontSize;
}

interface TextItem {
  text?: unknown;
  fontSize?: number | string;
  fontWeight?: number | string;
}

type WidthFunction = (item: TextItem, text: unknown) => number;
const metrics = (vega as unknown as { textMetrics: { width: WidthFunction } }).textMetrics;

let installedFor: string | undefined;

/**
 * Makes Vega measure text with the given regular and bold font files (once per process; later calls with
 * the same files do nothing). Without files, a better estimate than Vega's (0.6 em per character).
 */
export function installTextMetrics(regularFile: string | undefined, boldFile: string | undefined): void {
  const key = `${regularFile ?? ''}|${boldFile ?? ''}`;
  if (installedFor === key) return;
  const load = (file: string | undefined): FontWidths | undefined => {
    if (!file) return undefined;
    try {
      return parseFontWidths(readFileSync(file));
    } catch {
      return undefined;
    }
  };
  const regular = load(regularFile);
  const bold = load(boldFile) ?? regular;
  metrics.width = (item, raw) => {
    const text = raw == null ? '' : String(raw).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    if (size <= 0 || text.length === 0) return 0;
    const weight = item.fontWeight;
    const isBold = weight === 'bold' || weight === 'bolder' || (Number(weight) || 0) >= 600;
    const font = isBold ? bold : regular;
    // Vega calls this on whole texts and, to truncate at `limit`, on their prefixes: measure as given.
    return font ? textWidth(font, text, size) : (isBold ? 0.66 : 0.6) * text.length * size;
  };
  installedFor = key;
}
