/**
 * Where results go (issue #8): --out to devices, pipes and symlinks, --out checked before the work,
 * stdout closed early or full, one Ctrl-C wiring, one progress display.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { withInterrupt } from '../src/cli/interrupt.js';
import { ProgressDisplay, SearchProgress } from '../src/cli/progress.js';
import { OinfoAbortError } from '../src/errors.js';
import { ConsoleReporter } from '../src/pipeline/reporter.js';
import { CLI, oinfo, REPO } from './helpers/cli.js';
import { SYNTH_CSV } from './helpers/reference.js';

let dir: string;
let csv: string; // a copy of synth.csv in `dir`: hard links need the same file system
let wide: string; // 30 columns: a search with a large JSON output
let huge: string; // 200 columns: 8e10 multiplets of size 6, minutes of search
const MEASURE = ['--vars', 'x0,x1,x2'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oinfo-out-'));
  csv = join(dir, 'data.csv');
  copyFileSync(SYNTH_CSV(), csv);
  const table = (columns: number, rows: number) =>
    [
      Array.from({ length: columns }, (_, i) => `c${i}`).join(','),
      ...Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, i) => Math.sin(r * 7.3 + i * i * 1.7 + r * i * 0.31).toFixed(6)).join(',')),
    ].join('\n');
  wide = join(dir, 'wide.csv');
  writeFileSync(wide, table(30, 200));
  huge = join(dir, 'huge.csv');
  writeFileSync(huge, table(200, 60));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line `oinfo: …` on stderr, no stack trace. */
function expectOneLine(stderr: string, message: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^oinfo: /);
  expect(lines[0]).toMatch(message);
  expect(stderr).not.toMatch(/\n\s+at /);
}

/** Runs the CLI without blocking the event loop; `setup` gets the child (to close its stdout, signal it…). */
function runAsync(
  args: string[],
  stdio: ('pipe' | 'ignore' | number)[] = ['ignore', 'pipe', 'pipe'],
  setup: (child: ReturnType<typeof spawn>) => void = () => {},
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, stdio: stdio as any });
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    child.stdout?.on('data', (d) => (stdout += d));
    setup(child);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('--out to something that is not a regular file', () => {
  it('writes into a character device, leaving it a device (never renames over it)', (ctx) => {
    const device = join(dir, 'null');
    if (spawnSync('mknod', [device, 'c', '1', '3']).status !== 0) ctx.skip(); // needs root
    const r = oinfo(['measure', csv, ...MEASURE, '--out', device]);
    expect(r.code).toBe(0);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it('writes into a FIFO, which a reader receives whole', async () => {
    const fifo = join(dir, 'fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (d) => (received += d));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    const r = await runAsync(['measure', csv, ...MEASURE, '--out', fifo]);
    const timer = setTimeout(() => reader.kill(), 5000); // a FIFO replaced by a file never gets a writer
    await readerDone;
    clearTimeout(timer);
    expect(r.code).toBe(0);
    expect(JSON.parse(received).vars).toEqual(['x0', 'x1', 'x2']);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a full device (a symlink to /dev/full): one line, exit 1, the link kept', () => {
    const link = join(dir, 'full');
    symlinkSync('/dev/full', link);
    const r = oinfo(['measure', csv, ...MEASURE, '--out', link]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /^oinfo: cannot write --out ".*full": no space left on device$/);
    expect(readlinkSync(link)).toBe('/dev/full');
  });

  it('a symlink to a file: the target is replaced atomically and the link stays', () => {
    const sub = join(dir, 'linked');
    mkdirSync(sub);
    writeFileSync(join(sub, 'target.json'), 'old\n');
    symlinkSync('target.json', join(sub, 'link.json'));
    const r = oinfo(['measure', csv, ...MEASURE, '--out', join(sub, 'link.json')]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(sub, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(sub, 'target.json'), 'utf8')).vars).toEqual(['x0', 'x1', 'x2']);
    expect(readdirSync(sub).sort()).toEqual(['link.json', 'target.json']); // no temporary file left
  });
});

describe('--out that is the input file: refused before reading it', () => {
  // The input has a NaN: reading it first would report that instead.
  let input: string;
  let before: string;
  beforeAll(() => {
    input = join(dir, 'input.csv');
    before = readFileSync(csv, 'utf8').replace(/\n([^,\n]+),/, '\nNaN,');
    writeFileSync(input, before);
    symlinkSync(input, join(dir, 'input-link.csv'));
    linkSync(input, join(dir, 'input-hard.csv'));
  });

  const spellings: [string, () => string][] = [
    ['the same path', () => input],
    ['another spelling', () => join(dir, '.', 'linked', '..', 'input.csv')],
    ['a symlink to it', () => join(dir, 'input-link.csv')],
    ['a hard link to it', () => join(dir, 'input-hard.csv')],
  ];
  const commands: [string, string[]][] = [
    ['measure', MEASURE],
    ['search', ['--max-size', '3']],
    ['mi', ['--target', 'y']],
  ];

  it.each(commands.flatMap(([command, args]) => spellings.map(([label, out]) => [command, label, args, out] as const)))(
    '%s, --out %s',
    (command, _label, args, out) => {
      const r = oinfo([command, input, ...args, '--out', out()]);
      expect(r.code).toBe(2);
      expectOneLine(r.stderr, /cannot write --out ".*": it is the input file ".*input\.csv"/);
      expect(readFileSync(input, 'utf8')).toBe(before);
      expect(lstatSync(join(dir, 'input-link.csv')).isSymbolicLink()).toBe(true);
    },
  );
});

describe('--out that cannot be written: exit 2 with one line, before the work', () => {
  beforeAll(() => writeFileSync(join(dir, 'plain'), 'a file\n'));
  const cases: [string, () => string, RegExp][] = [
    ['a directory', () => dir, /": it is a directory/],
    ['a path under a file', () => join(dir, 'plain', 'r.json'), /": ".*plain" is a file, not a directory$/],
    ['a path deeper under a file', () => join(dir, 'plain', 'a', 'b', 'r.json'), /": ".*plain" is a file, not a directory$/],
  ];

  it.each(cases)('%s', (_label, out, message) => {
    for (const args of [['measure', csv, ...MEASURE], ['mi', csv, '--target', 'y']]) {
      const r = oinfo([...args, '--out', out()]);
      expect(r.code).toBe(2);
      expectOneLine(r.stderr, message);
    }
  });

  it('a directory nobody may create files in (probed, not judged by permission bits)', (ctx) => {
    if (!existsSync('/sys') || !statSync('/sys').isDirectory()) ctx.skip();
    const r = oinfo(['measure', csv, ...MEASURE, '--out', '/sys/oinfo-test.json']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /cannot write --out "\/sys\/oinfo-test\.json": "\/sys" is not writable \(/);
  });

  it('the writability probe leaves no name in the directory on Linux (a Ctrl-C then cannot leave one behind)', async (ctx) => {
    if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) ctx.skip(); // O_TMPFILE's generic value
    const out = mkdtempSync(join(dir, 'probe-'));
    const seen: string[] = [];
    const watcher = watch(out, (_event, name) => seen.push(String(name)));
    try {
      const r = await runAsync(['measure', csv, ...MEASURE, '--out', join(out, 'r.json')]);
      expect(r.code).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the last inotify events
    } finally {
      watcher.close();
    }
    expect(seen).toContain('r.json'); // the watch sees the directory's names
    expect(seen.filter((name) => name.startsWith('.oinfo-probe'))).toEqual([]);
  });

  it('search checks --out before anything else (here: before refusing a 2e12-multiplet search)', () => {
    const r = oinfo(['search', huge, '--min-size', '7', '--max-size', '7', '--exhaustive-max', '7', '--out', join(dir, 'plain', 'r.json')]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /is a file, not a directory/);
  });

  it('a missing directory is still created, as before', () => {
    const out = join(dir, 'made', 'deeper', 'r.json');
    const r = oinfo(['measure', csv, ...MEASURE, '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).vars).toEqual(['x0', 'x1', 'x2']);
  });
});

describe('stdout', () => {
  it('a reader that closes early (EPIPE): a quiet exit 0', async () => {
    const r = await runAsync(['search', csv, '--max-size', '3'], undefined, (child) => child.stdout!.destroy());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('`oinfo search … | head -c 10` on a large output: quiet, exit 0', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" search "${wide}" --max-size 3 --top 3000 | head -c 10; echo " \${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('{"backend" 0\n');
    expect(r.stderr).toBe('');
  });

  it('a full disk (stdout on /dev/full): one line, exit 1', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await runAsync(['search', csv, '--max-size', '3'], ['ignore', full, 'pipe']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('oinfo: cannot write to standard output: no space left on device\n');
    } finally {
      closeSync(full);
    }
  });

  it('a large JSON reaches a slow reader whole', async () => {
    const r = await runAsync(['search', wide, '--max-size', '3', '--top', '3000'], undefined, (child) => {
      child.stdout!.pause();
      setTimeout(() => child.stdout!.resume(), 500);
    });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(200_000);
    const out = JSON.parse(r.stdout);
    expect(out.sizes[0].synergy).toHaveLength(3000);
  });
});

describe('Ctrl-C', () => {
  it('stops a long search: exit 130, one line, nothing written', async () => {
    const out = join(dir, 'interrupted.json');
    const r = await runAsync(['search', huge, '--min-size', '6', '--max-size', '6', '--threads', '1', '--out', out], undefined, (child) => {
      let sent = false;
      child.stderr!.on('data', (d) => {
        if (sent || !String(d).includes('oinfo: search ')) return;
        sent = true; // at the first progress line: the search runs
        child.kill('SIGINT');
      });
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/\noinfo: interrupted; nothing was written\n$/);
    expect(existsSync(out)).toBe(false);
  });

  describe('withInterrupt', () => {
    afterEach(() => vi.restoreAllMocks());

    it('the first signal aborts the work with the given message, after saying onFirst', async () => {
      const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const before = process.listenerCount('SIGINT');
      const run = withInterrupt(
        (signal) =>
          new Promise<void>((_, reject) => {
            signal.addEventListener('abort', () => reject(new Error('worker stopped'))); // any error once aborted
          }),
        { onFirst: 'stopping\n', aborted: 'interrupted; try again' },
      );
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
      (process.listeners('SIGINT').at(-1) as () => void)();
      await expect(run).rejects.toThrow(new OinfoAbortError('interrupted; try again'));
      await expect(run).rejects.toBeInstanceOf(OinfoAbortError);
      expect(said).toHaveBeenCalledWith('stopping\n');
      expect(process.listenerCount('SIGINT')).toBe(before);
    });

    it('returns the result and removes its handlers', async () => {
      const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
      await expect(withInterrupt(async () => 42, { aborted: 'x' })).resolves.toBe(42);
      await expect(withInterrupt(async () => Promise.reject(new Error('bug')), { aborted: 'x' })).rejects.toThrow('bug');
      expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    });
  });
});

describe('progress: one display for the search and the pipeline', () => {
  afterEach(() => vi.useRealTimers());

  /** A log (not a terminal) that records its lines, and a clock to move. */
  function log(): { stream: NodeJS.WriteStream; lines: string[]; at: (ms: number) => void } {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    return { stream, lines, at: (ms) => vi.setSystemTime(start + ms) };
  }

  it('search in a log: nothing in the first second, then a line every 5 s', () => {
    const { stream, lines, at } = log();
    const progress = new SearchProgress(stream);
    at(500);
    progress.update(1, 4);
    at(1000);
    progress.update(2, 4);
    at(3000);
    progress.update(3, 4);
    at(6000);
    progress.update(2_000_000, 4_000_000);
    progress.stop();
    expect(lines).toEqual(['oinfo: search 50.0% (2 / 4 multiplets)\n', 'oinfo: search 50.0% (2.00e6 / 4.00e6 multiplets)\n']);
  });

  it('pipeline in a log: a line every 10 s and one at the end of each loop', () => {
    const { stream, lines, at } = log();
    const reporter = new ConsoleReporter(stream);
    reporter.progress('train', 1, 3, 'epoch 1/3');
    at(4000);
    reporter.progress('train', 2, 3, 'epoch 2/3');
    reporter.progress('train', 3, 3);
    reporter.info('trained');
    expect(lines).toEqual(['oinfo: train 33% (1/3) epoch 1/3\n', 'oinfo: train 100% (3/3)\n', 'oinfo: trained\n']);
  });

  it('on a terminal: a bar, a new one for a new label', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 }) as unknown as NodeJS.WriteStream;
    let shown = '';
    (stream as unknown as PassThrough).on('data', (d) => (shown += d));
    const display = new ProgressDisplay(stream, { logEveryMs: 10_000, etaBuffer: 10 });
    display.update(1, 2, () => ({ format: 'first |{bar}| {percentage}% {detail}', payload: { detail: 'one' }, line: () => 'unused' }));
    display.update(1, 2, () => ({ format: 'second |{bar}| {percentage}% {detail}', payload: { detail: 'two' }, line: () => 'unused' }));
    display.stop();
    expect(shown).toMatch(/first \|.*\| 50% one/);
    expect(shown).toMatch(/second \|.*\| 50% two/);
    expect(shown).not.toContain('unused');
  });
});
