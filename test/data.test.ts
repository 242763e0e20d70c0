/** The data layer: IDX reader/writer, loadDataset, and the verified MNIST downloader. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  loadDataset,
  readSplit,
} from '../src/data/datasets.js';
import { defaultCacheDir, ensureFile, sha256OfFile } from '../src/data/download.js';
import { type IdxDtype, parseIdx, readIdx, writeIdx } from '../src/data/idx.js';
import { ensureMnist, IDX_ROLES, type IdxRole, MNIST_FILES, MNIST_MIRRORS } from '../src/data/mnist.js';
import { OinfoAbortError, OinfoInputError } from '../src/errors.js';
import { closedPort, type FileServer, startFileServer } from './helpers/fileServer.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oinfo-data-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
/** A fresh empty directory under the temp dir. */
function freshDir(name = 'd'): string {
  const d = path.join(dir, `${name}-${++seq}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

function write(file: string, content: Uint8Array): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** The error `f` throws (or rejects with); fails if it does not. */
async function caught(f: () => unknown): Promise<Error> {
  try {
    await f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** Asserts that `f` throws an OinfoInputError with a one-line message matching `message`. */
async function expectInputError(f: () => unknown, message: string | RegExp): Promise<string> {
  const err = await caught(f);
  expect(err, String(err)).toBeInstanceOf(OinfoInputError);
  expect(err.message).not.toContain('\n');
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
  return err.message;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// ---------------------------------------------------------------------------------------------
// IDX

describe('IDX reader and writer', () => {
  const cases: { dtype: IdxDtype; values: number[]; array: new (n: number) => ArrayLike<number> }[] = [
    { dtype: 'uint8', values: [0, 1, 127, 128, 254, 255], array: Uint8Array },
    { dtype: 'int8', values: [-128, -1, 0, 1, 100, 127], array: Int8Array },
    { dtype: 'int16', values: [-32768, -258, -1, 0, 513, 32767], array: Int16Array },
    { dtype: 'int32', values: [-2147483648, -65536, -1, 0, 16777217, 2147483647], array: Int32Array },
    { dtype: 'float32', values: [-1.5, 0, 3.25, 2 ** -100, -Infinity, 65504], array: Float32Array },
    { dtype: 'float64', values: [-1e300, Math.PI, 0, -0, Number.MIN_VALUE, Infinity], array: Float64Array },
  ];
  for (const { dtype, values, array } of cases) {
    for (const gzip of [false, true]) {
      it(`round-trips ${dtype} (${gzip ? 'gzip' : 'raw'})`, () => {
        const shape = [3, 2];
        const bytes = writeIdx(shape, dtype, values, { gzip });
        expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
        const file = write(path.join(dir, `rt-${dtype}-${gzip}.idx`), bytes);
        const got = readIdx(file);
        expect(got.dtype).toBe(dtype);
        expect(got.shape).toEqual(shape);
        expect(got.data).toBeInstanceOf(array);
        expect(Array.from(got.data)).toEqual(values);
      });
    }
  }

  it('writes the header big-endian as the format says', () => {
    const b = writeIdx([2, 258], 'int16', new Array(516).fill(0).map((_, i) => i - 258));
    expect(Array.from(b.subarray(0, 12))).toEqual([0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 1, 2]);
    expect(Array.from(b.subarray(12, 14))).toEqual([0xfe, 0xfe]); // -258 big-endian
    expect(b.length).toBe(12 + 516 * 2);
  });

  it('handles 1-D, 4-D, 0-D and empty shapes', () => {
    for (const shape of [[7], [2, 1, 3, 2], [], [0, 28, 28]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: n }, (_, i) => i % 256);
      const got = parseIdx(writeIdx(shape, 'uint8', values), 'x');
      expect(got.shape).toEqual(shape);
      expect(Array.from(got.data)).toEqual(values);
    }
  });

  it('reads a multi-member gzip file (as `cat a.gz b.gz` makes)', () => {
    const raw = writeIdx([30, 7, 7], 'uint8', Array.from({ length: 30 * 49 }, (_, i) => (i * 13) % 256));
    const cut = 500;
    const two = Buffer.concat([gzipSync(raw.subarray(0, cut)), gzipSync(raw.subarray(cut))]);
    const got = parseIdx(two, 'two-members.gz');
    expect(got.shape).toEqual([30, 7, 7]);
    expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength)).toEqual(raw.subarray(16));
  });

  it("parseIdx does not alias the caller's buffer", () => {
    const raw = writeIdx([3], 'uint8', [1, 2, 3]);
    const got = parseIdx(raw, 'x');
    raw[16] = 99;
    expect(Array.from(got.data)).toEqual([1, 2, 3]);
  });

  it('the writer refuses bad arguments', () => {
    expect(() => writeIdx([2, 2], 'uint8', [1, 2, 3])).toThrow(/needs 4 values, got 3/);
    expect(() => writeIdx([2], 'uint8', [1, 256])).toThrow(/value 256 at index 1 is not a uint8/);
    expect(() => writeIdx([2], 'int8', [1, 0.5])).toThrow(/value 0.5 at index 1/);
    expect(() => writeIdx([-1], 'uint8', [])).toThrow(/bad dimension size -1/);
  });

  describe('corrupt and truncated files give clear errors', () => {
    const good = () => writeIdx([2, 3, 4], 'uint8', Array.from({ length: 24 }, (_, i) => i));
    const file = (name: string, bytes: Uint8Array) => write(path.join(dir, 'corrupt', name), bytes);

    it('bad magic', async () => {
      const f = file('magic', Buffer.from('PK\x03\x04 not an idx file'));
      await expectInputError(
        () => readIdx(f),
        `"${f}" is not an IDX file: bad magic number (first bytes 50 4b 03 04, expected 00 00 <dtype> <dims>)`,
      );
      // an HTML error page saved under the file's name
      const g = file('html', gzipSync(Buffer.from('<html>404</html>')));
      await expectInputError(() => readIdx(g), /is not an IDX file: bad magic number \(first bytes 3c 68 74 6d/);
    });

    it('unknown dtype code', async () => {
      const b = good();
      b[2] = 0x0a;
      const f = file('dtype', b);
      await expectInputError(
        () => readIdx(f),
        new RegExp(`^"${f}" is not a valid IDX file: unknown dtype code 0x0a \\(known: 0x08 unsigned byte, 0x09 signed byte, 0x0b int16, 0x0c int32, 0x0d float32, 0x0e float64\\)$`),
      );
    });

    it('shorter than the header', async () => {
      const f = file('tiny', Buffer.from([0, 0]));
      await expectInputError(() => readIdx(f), `"${f}" is not an IDX file: only 2 bytes, shorter than the 4-byte IDX header`);
      const e = file('empty', Buffer.alloc(0));
      await expectInputError(() => readIdx(e), /only 0 bytes/);
      const h = file('header', good().subarray(0, 10));
      await expectInputError(
        () => readIdx(h),
        `"${h}" is truncated in its header: 3 dimensions need a 16-byte header, the file has 10 bytes`,
      );
    });

    it('data shorter than the shape says: expected vs actual bytes', async () => {
      const f = file('short', good().subarray(0, 16 + 20));
      await expectInputError(
        () => readIdx(f),
        `"${f}" is truncated: shape 2×3×4 uint8 needs 24 data bytes, the file has 20 (4 missing)`,
      );
      const big = writeIdx([60000, 28, 28], 'uint8', new Uint8Array(60000 * 784), { gzip: false });
      const g = file('short.gz', gzipSync(big.subarray(0, 1000)));
      await expectInputError(
        () => readIdx(g),
        `"${g}" is truncated: shape 60000×28×28 uint8 needs 47040000 data bytes, the file has 984 (47039016 missing)`,
      );
      const i32 = file('short-int32', writeIdx([5], 'int32', [1, 2, 3, 4, 5]).subarray(0, 8 + 18));
      await expectInputError(() => readIdx(i32), /shape 5 int32 needs 20 data bytes, the file has 18 \(2 missing\)/);
    });

    it('trailing garbage', async () => {
      const f = file('trailing', Buffer.concat([good(), Buffer.from('xyz')]));
      await expectInputError(
        () => readIdx(f),
        `"${f}" has 3 trailing bytes after the data: shape 2×3×4 uint8 needs 24 data bytes, the file has 27`,
      );
    });

    it('gzip corruption: truncated stream, bad CRC, damaged data', async () => {
      const gz = writeIdx([50, 4, 4], 'uint8', Array.from({ length: 800 }, (_, i) => (i * 7) % 256), { gzip: true });
      const t = file('trunc.gz', gz.subarray(0, gz.length - 12));
      await expectInputError(
        () => readIdx(t),
        `"${t}" is a corrupt gzip file (truncated: unexpected end of file); delete it and fetch it again`,
      );
      const crc = Buffer.from(gz);
      crc[crc.length - 6] ^= 0xff; // the CRC-32 in the trailer
      const c = file('crc.gz', crc);
      await expectInputError(() => readIdx(c), `"${c}" is a corrupt gzip file (CRC mismatch: incorrect data check); delete it and fetch it again`);
      const garbage = file('garbage.gz', Buffer.concat([gz, Buffer.from('junk after the gzip member')]));
      await expectInputError(() => readIdx(garbage), new RegExp(`^"${garbage}" is a corrupt gzip file \\(`));
    });

    it('a missing file', async () => {
      const f = path.join(dir, 'nope.idx');
      await expectInputError(() => readIdx(f), `cannot read "${f}": no such file`);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// loadDataset on tiny directories

const H = 4;
const W = 5;
/** Deterministic pixels and labels for a split of n images of H × W. */
function makeSplit(n: number, seed: number, nClasses = 10) {
  const pixels = Array.from({ length: n * H * W }, (_, i) => (i * 37 + seed * 11) % 256);
  const labels = Array.from({ length: n }, (_, i) => (i * 3 + seed) % nClasses);
  return { pixels, labels };
}

interface TinyOptions {
  nTrain?: number;
  nTest?: number;
  gzip?: Partial<Record<IdxRole, boolean>>;
  names?: Partial<Record<IdxRole, string>>;
  override?: Partial<Record<IdxRole, Uint8Array>>;
}
const STANDARD: Record<IdxRole, string> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** The four IDX files of a tiny dataset (gzipped by default), as bytes by role. */
function tinyFiles(opts: TinyOptions = {}) {
  const nTrain = opts.nTrain ?? 50;
  const nTest = opts.nTest ?? 20;
  const train = makeSplit(nTrain, 1);
  const test = makeSplit(nTest, 2);
  const gz = (role: IdxRole) => opts.gzip?.[role] ?? true;
  const bytes: Record<IdxRole, Uint8Array> = {
    trainImages: writeIdx([nTrain, H, W], 'uint8', train.pixels, { gzip: gz('trainImages') }),
    trainLabels: writeIdx([nTrain], 'uint8', train.labels, { gzip: gz('trainLabels') }),
    testImages: writeIdx([nTest, H, W], 'uint8', test.pixels, { gzip: gz('testImages') }),
    testLabels: writeIdx([nTest], 'uint8', test.labels, { gzip: gz('testLabels') }),
    ...opts.override,
  };
  return { train, test, bytes, gz };
}

/** Writes a tiny dataset into a fresh directory under its standard names (+ .gz when gzipped). */
function tinyDir(opts: TinyOptions = {}) {
  const d = freshDir('tiny');
  const t = tinyFiles(opts);
  for (const role of IDX_ROLES) {
    const name = opts.names?.[role] ?? `${STANDARD[role]}${t.gz(role) ? '.gz' : ''}`;
    write(path.join(d, name), t.bytes[role]);
  }
  return { dir: d, ...t };
}

describe('loadDataset on a directory', () => {
  it('reads a tiny dataset: shapes, pixel / 255, labels', async () => {
    const t = tinyDir();
    const ds = await loadDataset(t.dir);
    expect(ds.name).toBe(path.basename(t.dir));
    expect(ds.source).toBe(t.dir);
    expect(ds.nClasses).toBe(10);
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const [split, want, n] of [[ds.train, t.train, 50], [ds.test, t.test, 20]] as const) {
      expect(split.n).toBe(n);
      expect(split.height).toBe(H);
      expect(split.width).toBe(W);
      expect(split.features).toBe(H * W);
      expect(split.images).toBeInstanceOf(Float32Array);
      expect(split.images.length).toBe(n * H * W);
      expect(split.labels).toBeInstanceOf(Uint8Array);
      expect(Array.from(split.labels)).toEqual(want.labels);
      expect(Array.from(split.images)).toEqual(want.pixels.map((v) => Math.fround(v / 255)));
    }
    // row-major: image i, row r, column c is at i*features + r*width + c
    const i = 7, r = 2, c = 3;
    expect(ds.train.images[i * H * W + r * W + c]).toBe(Math.fround(t.train.pixels[i * H * W + r * W + c] / 255));
    expect(Math.min(...ds.train.images)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ds.train.images)).toBeLessThanOrEqual(1);
  });

  it('accepts raw files, gzipped files and the dotted names, mixed', async () => {
    const t = tinyDir({
      gzip: { trainImages: false, testLabels: false },
      names: { trainImages: 'train-images.idx3-ubyte', testLabels: 't10k-labels.idx1-ubyte' },
    });
    const ds = await loadDataset(t.dir);
    expect(ds.train.n).toBe(50);
    expect(Array.from(ds.test.labels)).toEqual(t.test.labels);
  });

  it('works with 28×28 images too', async () => {
    const d = freshDir('mnist-shaped');
    const pix = Array.from({ length: 3 * 784 }, (_, i) => i % 256);
    write(path.join(d, 'train-images-idx3-ubyte.gz'), writeIdx([3, 28, 28], 'uint8', pix, { gzip: true }));
    write(path.join(d, 'train-labels-idx1-ubyte.gz'), writeIdx([3], 'uint8', [9, 0, 5], { gzip: true }));
    write(path.join(d, 't10k-images-idx3-ubyte'), writeIdx([1, 28, 28], 'uint8', pix.slice(0, 784)));
    write(path.join(d, 't10k-labels-idx1-ubyte'), writeIdx([1], 'uint8', [3]));
    const ds = await loadDataset(d);
    expect([ds.train.n, ds.train.height, ds.train.width, ds.train.features]).toEqual([3, 28, 28, 784]);
    expect(ds.test.images[783]).toBe(Math.fround((783 % 256) / 255));
  });

  it('lists what it looked for when files are missing', async () => {
    const t = tinyDir();
    fs.rmSync(path.join(t.dir, 't10k-labels-idx1-ubyte.gz'));
    await expectInputError(
      () => loadDataset(t.dir),
      `"${t.dir}" lacks an IDX file: looked for t10k-labels-idx1-ubyte.gz or t10k-labels-idx1-ubyte or t10k-labels.idx1-ubyte.gz or t10k-labels.idx1-ubyte`,
    );
    const empty = freshDir('empty');
    const msg = await expectInputError(() => loadDataset(empty), /lacks all 4 IDX files: looked for train-images-idx3-ubyte\.gz or /);
    for (const stem of Object.values(STANDARD)) expect(msg).toContain(`${stem}.gz or ${stem}`);
  });

  it('an unknown spec or a file instead of a directory', async () => {
    await expectInputError(
      () => loadDataset(path.join(dir, 'no-such-dir')),
      `unknown dataset "${path.join(dir, 'no-such-dir')}": not 'fashion-mnist', not 'mnist', and no such directory`,
    );
    const f = write(path.join(dir, 'a-file'), Buffer.from('x'));
    await expectInputError(() => loadDataset(f), /is a file; give 'fashion-mnist', 'mnist', or a directory/);
  });

  it('mismatched image and label counts', async () => {
    const t = tinyDir({ override: { trainLabels: writeIdx([49], 'uint8', new Array(49).fill(1), { gzip: true }) } });
    await expectInputError(
      () => loadDataset(t.dir),
      `train images and labels differ in count: 50 images in "${path.join(t.dir, 'train-images-idx3-ubyte.gz')}", 49 labels in "${path.join(t.dir, 'train-labels-idx1-ubyte.gz')}"`,
    );
  });

  it('a label out of range', async () => {
    const labels = new Array(20).fill(0);
    labels[13] = 10;
    const t = tinyDir({ override: { testLabels: writeIdx([20], 'uint8', labels, { gzip: true }) } });
    await expectInputError(
      () => loadDataset(t.dir),
      `"${path.join(t.dir, 't10k-labels-idx1-ubyte.gz')}": label 10 at index 13 is out of range (expected 0..9)`,
    );
    // ... which a larger nClasses accepts
    const ds = await loadDataset(t.dir, { nClasses: 11 });
    expect(ds.test.labels[13]).toBe(10);
    expect(ds.classNames).toHaveLength(11);
  });

  it('wrong dtype or rank', async () => {
    const t = tinyDir({ override: { trainImages: writeIdx([50, H * W], 'uint8', new Array(50 * H * W).fill(0)) } });
    await expectInputError(
      () => loadDataset(t.dir),
      /train-images-idx3-ubyte\.gz": expected images, a 3-D uint8 array \(count × height × width\), got uint8 of shape 50×20$/,
    );
    const u = tinyDir({ override: { testImages: writeIdx([20, H, W], 'float32', new Array(20 * H * W).fill(0.5)) } });
    await expectInputError(() => loadDataset(u.dir), /expected images, a 3-D uint8 array .* got float32 of shape 20×4×5$/);
    const v = tinyDir({ override: { trainLabels: writeIdx([50, 1], 'uint8', new Array(50).fill(0)) } });
    await expectInputError(() => loadDataset(v.dir), /expected labels, a 1-D uint8 array, got uint8 of shape 50×1$/);
    const w = tinyDir({ override: { trainLabels: writeIdx([50], 'int32', new Array(50).fill(0)) } });
    await expectInputError(() => loadDataset(w.dir), /expected labels, a 1-D uint8 array, got int32 of shape 50$/);
  });

  it('train and test images of different sizes', async () => {
    const t = tinyDir({ override: { testImages: writeIdx([20, W, H], 'uint8', new Array(20 * H * W).fill(0)) } });
    await expectInputError(
      () => loadDataset(t.dir),
      `train and test images differ in size: 4×5 in "${path.join(t.dir, 'train-images-idx3-ubyte.gz')}", 5×4 in "${path.join(t.dir, 't10k-images-idx3-ubyte.gz')}"`,
    );
  });

  it('a corrupt file inside a dataset names that file', async () => {
    const t = tinyDir();
    const f = path.join(t.dir, 't10k-images-idx3-ubyte.gz');
    fs.writeFileSync(f, t.bytes.testImages.subarray(0, 30));
    await expectInputError(() => loadDataset(t.dir), new RegExp(`^"${f}" is a corrupt gzip file \\(truncated`));
  });

  it('readSplit on its own', () => {
    const t = tinyDir({ nTrain: 3 });
    const s = readSplit(path.join(t.dir, 'train-images-idx3-ubyte.gz'), path.join(t.dir, 'train-labels-idx1-ubyte.gz'));
    expect([s.n, s.height, s.width]).toEqual([3, H, W]);
  });
});

describe("loadDataset('fashion-mnist')", () => {
  it('says how to install it when the directory is missing', async () => {
    const missing = path.join(dir, 'no-fashion');
    await expectInputError(
      () => loadDataset('fashion-mnist', { fashionMnistDir: missing }),
      `Fashion-MNIST is not installed (no directory "${missing}"). Install it with: apt-get install dataset-fashion-mnist`,
    );
  });

  it('says how to install it when files are missing', async () => {
    const t = tinyDir();
    fs.rmSync(path.join(t.dir, 'train-images-idx3-ubyte.gz'));
    await expectInputError(
      () => loadDataset('fashion-mnist', { fashionMnistDir: t.dir }),
      /lacks an IDX file: looked for train-images-idx3-ubyte\.gz or .*\. Fashion-MNIST is incomplete\. Install it with: apt-get install dataset-fashion-mnist$/,
    );
  });

  it('uses the directory it is given', async () => {
    const t = tinyDir();
    const ds = await loadDataset('fashion-mnist', { fashionMnistDir: t.dir });
    expect(ds.name).toBe('fashion-mnist');
    expect(ds.classNames).toEqual(FASHION_MNIST_CLASSES);
    expect(ds.train.n).toBe(50);
  });

  it("reads Debian's real files", async () => {
    if (!fs.existsSync(FASHION_MNIST_DIR))
      throw new Error(`${FASHION_MNIST_DIR} is missing: run \`npm run build\` as root or \`sudo apt-get install dataset-fashion-mnist\``);
    const t0 = performance.now();
    const ds = await loadDataset('fashion-mnist');
    const ms = performance.now() - t0;
    console.log(`fashion-mnist: loaded 60000 + 10000 images in ${ms.toFixed(0)} ms`);
    expect(ds.source).toBe(FASHION_MNIST_DIR);
    expect(ds.train.n).toBe(60000);
    expect(ds.test.n).toBe(10000);
    for (const s of [ds.train, ds.test]) {
      expect([s.width, s.height, s.features]).toEqual([28, 28, 784]);
      expect(s.images.length).toBe(s.n * 784);
      const counts = new Array(10).fill(0);
      for (const l of s.labels) counts[l]++;
      expect(counts.reduce((a, b) => a + b, 0)).toBe(s.n);
      expect(counts.every((k) => k === s.n / 10)).toBe(true); // Fashion-MNIST is balanced
      let min = Infinity, max = -Infinity;
      for (const v of s.images) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max]).toEqual([0, 1]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The downloader, against a local server

describe('MNIST downloader (local server)', () => {
  let server: FileServer;
  let tiny: ReturnType<typeof tinyFiles>;
  /** Tiny stand-ins for the four MNIST files, under the MNIST names, with their digests. */
  let files: Record<IdxRole, { name: string; sha256: string; size: number }>;
  let cache: string;

  beforeAll(async () => {
    server = await startFileServer();
    tiny = tinyFiles();
    files = {} as typeof files;
    for (const role of IDX_ROLES) {
      const body = tiny.bytes[role];
      files[role] = { name: MNIST_FILES[role].name, sha256: sha256(body), size: body.length };
    }
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    cache = freshDir('cache');
    server.routes.clear();
    server.hits.clear();
  });
  afterEach(() => {
    // no temporary download is ever left behind
    const left = fs.existsSync(path.join(cache, 'mnist')) ? fs.readdirSync(path.join(cache, 'mnist')) : [];
    expect(left.filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  /** Serves the four tiny files under `prefix` (e.g. "/m1/"), optionally transformed. */
  function serve(prefix: string, transform: (b: Uint8Array, role: IdxRole) => Uint8Array = (b) => b) {
    for (const role of IDX_ROLES) server.routes.set(`${prefix}${files[role].name}`, { body: transform(tiny.bytes[role], role) });
  }
  const mirror = (prefix: string) => `${server.origin}${prefix}`;
  const label = (prefix: string) => `${server.origin.replace('http://', '')}${prefix.replace(/\/$/, '')}`;
  const opts = (mirrors: string[], extra: object = {}) => ({ mnist: { cacheDir: cache, mirrors, files, ...extra } });

  it('downloads, verifies, caches; the second load makes no request', async () => {
    serve('/m1/');
    const progress: [string, number, number | undefined][] = [];
    const ds = await loadDataset('mnist', opts([mirror('/m1/')], { onProgress: (f: string, b: number, t?: number) => progress.push([f, b, t]) }));
    expect(ds.name).toBe('mnist');
    expect(ds.source).toBe(path.join(cache, 'mnist'));
    expect(ds.train.n).toBe(50);
    expect(ds.test.n).toBe(20);
    expect(Array.from(ds.train.labels)).toEqual(tiny.train.labels);
    expect(server.count()).toBe(4);
    for (const role of IDX_ROLES) {
      const f = path.join(cache, 'mnist', files[role].name);
      expect(sha256OfFile(f)).toBe(files[role].sha256);
      // progress reached the full size of each file
      const last = progress.filter(([n]) => n === files[role].name).at(-1);
      expect(last).toEqual([files[role].name, files[role].size, files[role].size]);
    }
    const again = await loadDataset('mnist', opts([mirror('/m1/')]));
    expect(again.test.n).toBe(20);
    expect(server.count()).toBe(4);
  });

  it('a mirror that answers 404 is skipped for the next one', async () => {
    serve('/m2/');
    const got = await ensureMnist({ cacheDir: cache, mirrors: [mirror('/gone/'), mirror('/m2/')], files });
    expect(got.downloaded).toHaveLength(4);
    expect(server.count('/gone/')).toBe(4);
    expect(server.count('/m2/')).toBe(4);
  });

  it('a corrupted body (digest mismatch) goes to the next mirror, or fails clearly', async () => {
    const flip = (b: Uint8Array) => {
      const c = Buffer.from(b);
      c[c.length >> 1] ^= 0x55;
      return c;
    };
    serve('/bad/', flip);
    serve('/good/');
    await ensureMnist({ cacheDir: cache, mirrors: [mirror('/bad/'), mirror('/good/')], files });
    for (const role of IDX_ROLES) expect(sha256OfFile(path.join(cache, 'mnist', files[role].name))).toBe(files[role].sha256);
    expect(server.count('/bad/')).toBe(4);

    const other = freshDir('cache');
    const msg = await expectInputError(
      () => ensureMnist({ cacheDir: other, mirrors: [mirror('/bad/')], files }),
      new RegExp(
        `^cannot download MNIST: every mirror failed \\(${label('/bad/')}: SHA-256 mismatch \\(got [0-9a-f]{12}…, expected ${files.trainImages.sha256.slice(0, 12)}…\\): a corrupted or different file\\) for train-images-idx3-ubyte\\.gz\\. Connect to the network`,
      ),
    );
    expect(msg).toContain(`in ${path.join(other, 'mnist')} yourself, or use --dataset fashion-mnist`);
    expect(fs.readdirSync(path.join(other, 'mnist'))).toEqual([]); // nothing half-written
  });

  it('a body of the wrong size is refused', async () => {
    serve('/html/', () => Buffer.from('<html><body>this mirror now serves a web page instead</body></html>'.repeat(50)));
    await expectInputError(
      () => ensureMnist({ cacheDir: cache, mirrors: [mirror('/html/')], files }),
      new RegExp(`every mirror failed \\(${label('/html/')}: wrong size \\(3350 bytes, expected ${files.trainImages.size}\\)\\)`),
    );
  });

  it('a cached file with a wrong digest is downloaded again', async () => {
    serve('/m1/');
    await ensureMnist({ cacheDir: cache, mirrors: [mirror('/m1/')], files });
    const victim = path.join(cache, 'mnist', files.trainLabels.name);
    fs.writeFileSync(victim, 'corrupt');
    server.hits.clear();
    const got = await ensureMnist({ cacheDir: cache, mirrors: [mirror('/m1/')], files });
    expect(got.downloaded).toEqual([files.trainLabels.name]);
    expect(server.count()).toBe(1);
    expect(sha256OfFile(victim)).toBe(files.trainLabels.sha256);

    // and if it cannot be replaced, the error says the cached copy is bad
    fs.writeFileSync(victim, 'corrupt again');
    await expectInputError(
      () => ensureMnist({ cacheDir: cache, mirrors: [mirror('/nothing/')], files }),
      new RegExp(`HTTP 404 Not Found\\) for train-labels-idx1-ubyte\\.gz \\(the cached "${victim}" has the wrong SHA-256\\)\\. Connect`),
    );
  });

  it('follows redirects (relative and absolute), at most 5', async () => {
    serve('/real/');
    for (const role of IDX_ROLES) {
      const name = files[role].name;
      server.routes.set(`/r1/${name}`, { redirect: `/r2/${name}`, status: 301 });
      server.routes.set(`/r2/${name}`, { redirect: `${server.origin}/real/${name}`, status: 307 });
    }
    await ensureMnist({ cacheDir: cache, mirrors: [mirror('/r1/')], files });
    expect(server.count('/real/')).toBe(4);

    server.routes.set(`/loop/${files.trainImages.name}`, { redirect: `/loop/${files.trainImages.name}` });
    await expectInputError(
      () => ensureMnist({ cacheDir: freshDir('cache'), mirrors: [mirror('/loop/')], files }),
      new RegExp(`\\(${label('/loop/')}: too many redirects \\(more than 5\\)\\)`),
    );
    expect(server.count('/loop/')).toBe(6);
  });

  it('offline: every mirror unreachable gives the clear error, fast', async () => {
    const port = await closedPort();
    const t0 = performance.now();
    const mirrors = [`http://127.0.0.1:${port}/mnist/`, `http://127.0.0.1:${port}/other/`];
    const msg = await expectInputError(
      () => loadDataset('mnist', { mnist: { cacheDir: cache, mirrors } }),
      `cannot download MNIST: every mirror failed (127.0.0.1:${port}/mnist: connection refused; 127.0.0.1:${port}/other: connection refused) for train-images-idx3-ubyte.gz. ` +
        `Connect to the network, or put the four files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) in ${path.join(cache, 'mnist')} yourself, or use --dataset fashion-mnist`,
    );
    expect(msg).toBeTruthy();
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('a silent server or a stalled body times out', async () => {
    server.routes.set(`/hang/${files.trainImages.name}`, { hang: true });
    server.routes.set(`/stall/${files.trainImages.name}`, { stallAfter: 10, body: tiny.bytes.trainImages });
    serve('/ok/');
    const t0 = performance.now();
    await expectInputError(
      () => ensureMnist({ cacheDir: cache, mirrors: [mirror('/hang/'), mirror('/stall/')], files, timeoutMs: 200 }),
      new RegExp(`every mirror failed \\(${label('/hang/')}: no response for 200 ms; ${label('/stall/')}: no response for 200 ms\\)`),
    );
    expect(performance.now() - t0).toBeLessThan(3000);
    // the overall per-file bound
    await expectInputError(
      () => ensureMnist({ cacheDir: cache, mirrors: [mirror('/hang/')], files, fileTimeoutMs: 150 }),
      new RegExp(`every mirror failed \\(${label('/hang/')}: took longer than 150 ms\\) for train-images`),
    );
    // after a timeout the next mirror is still tried
    await ensureMnist({ cacheDir: cache, mirrors: [mirror('/hang/'), mirror('/ok/')], files, timeoutMs: 200 });
    expect(server.count('/ok/')).toBe(4);
  });

  it('an AbortSignal stops at once', async () => {
    server.routes.set(`/hang/${files.trainImages.name}`, { hang: true });
    serve('/ok/');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await caught(() =>
      ensureMnist({ cacheDir: cache, mirrors: [mirror('/hang/'), mirror('/ok/')], files, signal: controller.signal }),
    );
    expect(err).toBeInstanceOf(OinfoAbortError);
    expect(server.count('/ok/')).toBe(0);
  });

  it('ensureFile with no mirrors', async () => {
    await expectInputError(
      () => ensureFile({ name: 'x.gz', sha256: '00' }, { mirrors: [], cacheDir: cache, label: 'X' }),
      'cannot download X: every mirror failed (no mirrors configured) for x.gz.',
    );
  });
});

describe('MNIST constants and the cache directory', () => {
  it('knows the mirrors and digests', () => {
    expect(MNIST_MIRRORS).toEqual([
      'https://ossci-datasets.s3.amazonaws.com/mnist/',
      'https://storage.googleapis.com/cvdf-datasets/mnist/',
      'http://yann.lecun.com/exdb/mnist/',
    ]);
    expect(MNIST_FILES.trainImages).toEqual({
      name: 'train-images-idx3-ubyte.gz',
      size: 9912422,
      sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
    });
    for (const role of IDX_ROLES) expect(MNIST_FILES[role].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('OINFO_CACHE_DIR, then XDG_CACHE_HOME/oinfo, then ~/.cache/oinfo', () => {
    expect(defaultCacheDir({ OINFO_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/c');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/x/oinfo');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.cache/oinfo');
    expect(defaultCacheDir({ OINFO_CACHE_DIR: '' }, '/home/u')).toBe('/home/u/.cache/oinfo');
  });
});
