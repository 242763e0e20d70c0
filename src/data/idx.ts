/**
 * IDX files, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), raw or
 * gzip-compressed (detected by the gzip magic bytes 1f 8b, not by the file name).
 *
 * Layout: two zero bytes, a dtype code, the number of dimensions d, then d sizes (uint32
 * big-endian), then the data in row-major order, multi-byte values big-endian.
 *
 * Every malformed file is an OinfoInputError that names the file and what is wrong: a wrong shape
 * is never returned silently.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

import { OinfoInputError } from '../errors.js';
import { readInputFile } from '../io/inputFile.js';

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  dtype: IdxDtype;
  /** Sizes of the dimensions, outermost first (e.g. [60000, 28, 28] for MNIST images). */
  shape: number[];
  /** The values in row-major order, in native byte order; length = product of shape. */
  data: IdxData;
}

interface DtypeInfo {
  dtype: IdxDtype;
  code: number;
  size: number;
  /** The name the IDX format description uses, for messages. */
  label: string;
}

const DTYPES: DtypeInfo[] = [
  { dtype: 'uint8', code: 0x08, size: 1, label: 'unsigned byte' },
  { dtype: 'int8', code: 0x09, size: 1, label: 'signed byte' },
  { dtype: 'int16', code: 0x0b, size: 2, label: 'int16' },
  { dtype: 'int32', code: 0x0c, size: 4, label: 'int32' },
  { dtype: 'float32', code: 0x0d, size: 4, label: 'float32' },
  { dtype: 'float64', code: 0x0e, size: 8, label: 'float64' },
];
const BY_CODE = new Map(DTYPES.map((d) => [d.code, d]));
const BY_NAME = new Map(DTYPES.map((d) => [d.dtype, d]));

const hex = (b: number) => b.toString(16).padStart(2, '0');
const hexBytes = (bytes: Uint8Array, n: number) =>
  Array.from(bytes.subarray(0, n), hex).join(' ');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "60000×28×28" (or "scalar" for a 0-dimensional array). */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/** True if the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads and parses an IDX file, raw or gzipped (see parseIdx). */
export function readIdx(file: string): IdxArray {
  // The buffer is ours alone, so byte data may be returned as a view of it instead of a copy.
  return parse(readInputFile(file), file, true);
}

/**
 * gunzipSync with one output chunk of the size the gzip trailer announces (ISIZE, the size mod
 * 2^32), so that zlib neither grows nor concatenates its output: twice as fast on MNIST files.
 */
function gunzip(input: Uint8Array): Buffer {
  const isize = input.length >= 18 ? new DataView(input.buffer, input.byteOffset + input.length - 4, 4).getUint32(0, true) : 0;
  const chunkSize = Math.min(Math.max(isize + 1, 64 * 1024), 512 * 1024 * 1024);
  return gunzipSync(input, { chunkSize });
}

/**
 * Parses the bytes of an IDX file (gunzipping them first if they start with 1f 8b). `source`
 * (usually the file path) is named in every error.
 */
export function parseIdx(input: Uint8Array, source: string): IdxArray {
  return parse(input, source, false);
}

/** `owned`: the caller will not touch `input` again, so uint8/int8 data may be a view of it. */
function parse(input: Uint8Array, source: string, owned: boolean): IdxArray {
  const where = `"${source}"`;
  let bytes = input;
  let fresh = owned;
  if (isGzip(input)) {
    try {
      bytes = gunzip(input);
      fresh = true;
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      let what = reason;
      if (/unexpected end/i.test(reason)) what = `truncated: ${reason}`;
      else if (/incorrect data check/i.test(reason)) what = `CRC mismatch: ${reason}`;
      throw new OinfoInputError(
        `${where} is a corrupt gzip file (${what}); delete it and fetch it again`,
      );
    }
  }

  if (bytes.length < 4) {
    throw new OinfoInputError(
      `${where} is not an IDX file: only ${plural(bytes.length, 'byte')}, shorter than the 4-byte IDX header`,
    );
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new OinfoInputError(
      `${where} is not an IDX file: bad magic number (first bytes ${hexBytes(bytes, 4)}, expected 00 00 <dtype> <dims>)`,
    );
  }
  const info = BY_CODE.get(bytes[2]);
  if (info === undefined) {
    throw new OinfoInputError(
      `${where} is not a valid IDX file: unknown dtype code 0x${hex(bytes[2])} (known: ${DTYPES.map((d) => `0x${hex(d.code)} ${d.label}`).join(', ')})`,
    );
  }
  const dims = bytes[3];
  const headerLen = 4 + 4 * dims;
  if (bytes.length < headerLen) {
    throw new OinfoInputError(
      `${where} is truncated in its header: ${dims} dimensions need a ${headerLen}-byte header, the file has ${plural(bytes.length, 'byte')}`,
    );
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = new Array(dims);
  let count = 1;
  for (let i = 0; i < dims; i++) {
    shape[i] = dv.getUint32(4 + 4 * i, false);
    count *= shape[i];
  }
  const expected = count * info.size;
  const actual = bytes.length - headerLen;
  const described = `shape ${formatShape(shape)} ${info.dtype}`;
  if (actual < expected) {
    throw new OinfoInputError(
      `${where} is truncated: ${described} needs ${expected} data bytes, the file has ${actual} (${expected - actual} missing)`,
    );
  }
  if (actual > expected) {
    throw new OinfoInputError(
      `${where} has ${plural(actual - expected, 'trailing byte')} after the data: ${described} needs ${expected} data bytes, the file has ${actual}`,
    );
  }
  return { dtype: info.dtype, shape, data: decode(bytes, headerLen, count, info, dv, fresh) };
}

/**
 * The data section as a typed array in native byte order: a view of `bytes` for single-byte types
 * when `fresh` (nobody else holds `bytes`), else a copy.
 */
function decode(
  bytes: Uint8Array,
  start: number,
  count: number,
  info: DtypeInfo,
  dv: DataView,
  fresh: boolean,
): IdxData {
  switch (info.dtype) {
    case 'uint8':
      return fresh
        ? new Uint8Array(bytes.buffer, bytes.byteOffset + start, count)
        : Uint8Array.prototype.slice.call(bytes, start, start + count);
    case 'int8':
      return fresh
        ? new Int8Array(bytes.buffer, bytes.byteOffset + start, count)
        : new Int8Array(Uint8Array.prototype.slice.call(bytes, start, start + count).buffer);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getInt16(start + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getInt32(start + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat32(start + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat64(start + 8 * i, false);
      return out;
    }
  }
}

export interface WriteIdxOptions {
  /** Gzip the result (as the MNIST distribution files are). Default false. */
  gzip?: boolean;
}

const INT_RANGES: Partial<Record<IdxDtype, [number, number]>> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};

/**
 * Encodes an array as an IDX file (optionally gzipped). `data` is in row-major order and must hold
 * exactly product(shape) values; integer dtypes need integers in range (nothing is wrapped or
 * rounded). Throws a RangeError on bad arguments.
 */
export function writeIdx(
  shape: readonly number[],
  dtype: IdxDtype,
  data: ArrayLike<number>,
  options: WriteIdxOptions = {},
): Buffer {
  const info = BY_NAME.get(dtype);
  if (info === undefined) throw new RangeError(`writeIdx: unknown dtype ${JSON.stringify(dtype)}`);
  if (shape.length > 255) throw new RangeError(`writeIdx: at most 255 dimensions, got ${shape.length}`);
  let count = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
      throw new RangeError(`writeIdx: bad dimension size ${s} in shape [${shape.join(', ')}]`);
    }
    count *= s;
  }
  if (data.length !== count) {
    throw new RangeError(
      `writeIdx: shape ${formatShape(shape)} needs ${count} values, got ${data.length}`,
    );
  }
  const range = INT_RANGES[dtype];
  if (range !== undefined) {
    for (let i = 0; i < count; i++) {
      const v = data[i];
      if (!Number.isInteger(v) || v < range[0] || v > range[1]) {
        throw new RangeError(
          `writeIdx: value ${v} at index ${i} is not a ${dtype} (integers ${range[0]}..${range[1]})`,
        );
      }
    }
  }
  const headerLen = 4 + 4 * shape.length;
  const out = Buffer.alloc(headerLen + count * info.size);
  out[2] = info.code;
  out[3] = shape.length;
  shape.forEach((s, i) => out.writeUInt32BE(s, 4 + 4 * i));
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < count; i++) {
    const v = data[i];
    const at = headerLen + i * info.size;
    switch (dtype) {
      case 'uint8':
        dv.setUint8(at, v);
        break;
      case 'int8':
        dv.setInt8(at, v);
        break;
      case 'int16':
        dv.setInt16(at, v, false);
        break;
      case 'int32':
        dv.setInt32(at, v, false);
        break;
      case 'float32':
        dv.setFloat32(at, v, false);
        break;
      case 'float64':
        dv.setFloat64(at, v, false);
        break;
    }
  }
  return options.gzip ? gzipSync(out) : out;
}
