/**
 * The header of a .npy file, parsed as numpy reads it: a Python dict literal such as
 *   {'descr': '<f8', 'fortran_order': False, 'shape': (2000, 9), }
 * with exactly the keys 'descr', 'fortran_order' and 'shape'. A small recursive-descent parser over
 * the literals a header can hold (strings, integers, True/False/None, tuples, lists, dicts) rather
 * than regexes, so that a stray token, an unknown key or a second 'descr' is an error, not ignored.
 * Stricter than numpy in one way on purpose: a repeated key (numpy keeps the last) is rejected.
 */
import { OinfoInputError } from '../errors.js';

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

type PyValue = { src: string } & (
  | { kind: 'str'; value: string }
  | { kind: 'int'; value: number } // NaN when not a safe integer
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'tuple' | 'list'; items: PyValue[] }
  | { kind: 'dict'; entries: [PyValue, PyValue][] }
);

const KEYS = ['descr', 'fortran_order', 'shape'] as const;
/** Far more than any dtype needs (a structured dtype nests a few levels). */
const MAX_DEPTH = 32;

/** A syntax or content problem; parseNpyHeader turns it into the one-line OinfoInputError. */
class Malformed extends Error {}

/** Python whitespace between tokens (a header is padded with spaces and ends in '\n'). */
function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

class Parser {
  private pos = 0;
  /** Where the dict entry being parsed starts: error messages quote from there. */
  private entryStart = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  /** The whole header: one dict, then only whitespace. */
  header(): PyValue {
    this.skipSpace();
    const dict = this.value();
    this.skipSpace();
    if (this.pos < this.text.length) throw new Malformed(`unexpected ${this.token()} after the dict`);
    if (dict.kind !== 'dict') throw new Malformed('not a dict literal');
    return dict;
  }

  private value(): PyValue {
    this.skipSpace();
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '{' || c === '(' || c === '[') return this.nested(c);
    if (c === "'" || c === '"') return this.string();
    if (c !== undefined && /[-+0-9]/.test(c)) return this.integer();
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos, this.pos + 64))?.[0];
    if (word === 'True' || word === 'False') {
      this.pos += word.length;
      return { kind: 'bool', value: word === 'True', src: word };
    }
    if (word === 'None') {
      this.pos += word.length;
      return { kind: 'none', src: word };
    }
    throw this.unexpected(start);
  }

  /** A dict, tuple or list; bounded depth, so that a hostile header cannot overflow the stack. */
  private nested(open: string): PyValue {
    if (++this.depth > MAX_DEPTH) throw new Malformed(`nested more than ${MAX_DEPTH} deep`);
    const v = open === '{' ? this.dict() : open === '(' ? this.tuple() : this.list();
    this.depth--;
    return v;
  }

  private dict(): PyValue {
    const start = this.pos++;
    const entries: [PyValue, PyValue][] = [];
    this.items('}', () => {
      this.skipSpace();
      const entryStart = this.pos;
      const key = this.value();
      this.entryStart = entryStart;
      this.expect(':');
      entries.push([key, this.value()]);
    });
    return { kind: 'dict', entries, src: this.text.slice(start, this.pos) };
  }

  private list(): PyValue {
    const start = this.pos++;
    const items: PyValue[] = [];
    this.items(']', () => items.push(this.value()));
    return { kind: 'list', items, src: this.text.slice(start, this.pos) };
  }

  /** `()`, `(x,)`, `(x, y)`; `(x)` is just x in parentheses, as in Python. */
  private tuple(): PyValue {
    const start = this.pos++;
    const items: PyValue[] = [];
    const commas = this.items(')', () => items.push(this.value()));
    const src = this.text.slice(start, this.pos);
    if (items.length === 1 && commas === 0) return { ...items[0], src };
    return { kind: 'tuple', items, src };
  }

  /**
   * Comma-separated items up to `close` (the opening bracket already consumed), a trailing comma
   * allowed. Returns the number of commas.
   */
  private items(close: string, item: () => void): number {
    let commas = 0;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) break;
      item();
      this.skipSpace();
      if (this.text[this.pos] === close) break;
      this.expect(',');
      commas++;
    }
    this.pos++;
    return commas;
  }

  private string(): PyValue {
    const start = this.pos;
    const quote = this.text[this.pos++];
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n' || c === '\r') throw new Malformed('unterminated string');
      if (c === '\\') throw new Malformed('backslash escape in a string');
      this.pos++;
      if (c === quote) break;
    }
    const src = this.text.slice(start, this.pos);
    return { kind: 'str', value: src.slice(1, -1), src };
  }

  /** A decimal integer with an optional sign, and Python 2's L suffix (numpy strips it too). */
  private integer(): PyValue {
    const m = /^([-+]?)(\d+)L?/.exec(this.text.slice(this.pos, this.pos + 64));
    if (m === null) throw this.unexpected(this.pos);
    // Python 3 reads 007 as a syntax error, not as 7 (nor as octal, as Python 2 did).
    if (/^0+[1-9]/.test(m[2])) throw new Malformed(`leading zero in ${m[0]}`);
    this.pos += m[0].length;
    const n = Number(m[1] + m[2]);
    return { kind: 'int', value: Number.isSafeInteger(n) ? n : NaN, src: m[0] };
  }

  private expect(c: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== c) throw this.unexpected(this.pos);
    this.pos++;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && isSpace(this.text[this.pos])) this.pos++;
  }

  /** The token at the current position, quoted: a whole string literal, a word, or one character. */
  private token(): string {
    const rest = this.text.slice(this.pos, this.pos + 40);
    const m = /^(?:'[^'\n]*'?|"[^"\n]*"?|[^\s,:()[\]{}'"]+)/.exec(rest);
    return JSON.stringify(m === null ? rest[0] : m[0]);
  }

  private unexpected(at: number): Malformed {
    this.pos = at;
    if (at >= this.text.length) return new Malformed('unexpected end of the header');
    const context = oneLine(this.text.slice(this.entryStart, at), 40, true);
    return new Malformed(`unexpected ${this.token()} after ${JSON.stringify(context)}`);
  }
}

/** Whitespace runs (and control characters) as one space, trimmed, at most `max` characters. */
function oneLine(s: string, max: number, keepEnd = false): string {
  const line = s.replace(/[\s\x00-\x1f\x7f]+/g, ' ').trim();
  if (line.length <= max) return line;
  return keepEnd ? `…${line.slice(-max)}` : `${line.slice(0, max)}…`;
}

/** The three required entries, each once, every key a string. */
function entriesByKey(dict: PyValue & { kind: 'dict' }): Map<string, PyValue> {
  const byKey = new Map<string, PyValue>();
  for (const [key, value] of dict.entries) {
    if (key.kind !== 'str') throw new Malformed(`a key must be a string, not ${key.src}`);
    if (!(KEYS as readonly string[]).includes(key.value)) throw new Malformed(`unknown key '${key.value}'`);
    if (byKey.has(key.value)) throw new Malformed(`duplicate key '${key.value}'`);
    byKey.set(key.value, value);
  }
  for (const key of KEYS) if (!byKey.has(key)) throw new Malformed(`no '${key}'`);
  return byKey;
}

function shapeOf(value: PyValue): number[] {
  const ok = value.kind === 'tuple' && value.items.every((d) => d.kind === 'int' && d.value >= 0);
  if (!ok) throw new Malformed(`'shape' must be a tuple of non-negative integers, not ${oneLine(value.src, 60)}`);
  return value.items.map((d) => (d as { value: number }).value);
}

/**
 * Parses and checks the header dict text. `where` is the quoted file name that starts every message:
 * `"x.npy": malformed .npy header (duplicate key 'descr'): {'descr': …}`.
 */
export function parseNpyHeader(text: string, where: string): NpyHeader {
  try {
    const dict = new Parser(text).header() as PyValue & { kind: 'dict' };
    const byKey = entriesByKey(dict);
    const descr = byKey.get('descr')!;
    if (descr.kind === 'list' || descr.kind === 'tuple') {
      const what = descr.kind === 'list' ? 'structured' : 'sub-array';
      throw new OinfoInputError(
        `${where}: unsupported ${what} dtype; only plain float64 and float32 arrays are supported`,
      );
    }
    if (descr.kind !== 'str') throw new Malformed(`'descr' must be a string, not ${oneLine(descr.src, 60)}`);
    const fortran = byKey.get('fortran_order')!;
    if (fortran.kind !== 'bool') {
      throw new Malformed(`'fortran_order' must be True or False, not ${oneLine(fortran.src, 60)}`);
    }
    return { descr: descr.value, fortranOrder: fortran.value, shape: shapeOf(byKey.get('shape')!) };
  } catch (err) {
    if (!(err instanceof Malformed)) throw err;
    throw new OinfoInputError(`${where}: malformed .npy header (${err.message}): ${oneLine(text, 200)}`);
  }
}
