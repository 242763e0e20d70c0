/**
 * NumPy .npy input (format versions 1.0, 2.0 and 3.0): a 2-D float64 or float32 array of shape
 * (samples, variables), C or Fortran order, either byte order. Columns are named v0, v1, ...
 * See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { OinfoInputError } from '../errors.js';
import { readInputFile } from './inputFile.js';
import { parseNpyHeader } from './npyHeader.js';
import type { Table } from './table.js';

/** The first six bytes of every .npy file: \x93NUMPY. */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const;

/** Reads and parses a .npy file (see parseNpy). Values are not checked for NaN/Inf: see validateTable. */
export function readNpy(file: string): Table {
  return parseNpy(readInputFile(file), file);
}

const KIND_NAMES: Record<string, string> = {
  b: 'bool',
  i: 'int',
  u: 'uint',
  f: 'float',
  c: 'complex',
  O: 'object',
  U: 'unicode string',
  S: 'byte string',
  a: 'byte string',
  V: 'void/structured',
  M: 'datetime',
  m: 'timedelta',
};

function describeDescr(descr: string): string {
  const m = /^[<>|=]?([a-zA-Z])(\d*)/.exec(descr);
  if (m === null) return `"${descr}"`;
  const kind = KIND_NAMES[m[1]];
  if (kind === undefined) return `"${descr}"`;
  const bits = m[2] !== '' && /^[iufc]$/.test(m[1]) ? String(Number(m[2]) * 8) : '';
  return `"${descr}" (${kind}${bits})`;
}

/**
 * Parses the bytes of a .npy file into a Table. `source` (usually the file path) is named in every
 * error: bad magic, unsupported version or dtype, not 2-D, truncated data.
 */
export function parseNpy(buf: Buffer | Uint8Array, source: string): Table {
  const where = `"${source}"`;
  const bytes: Uint8Array = buf;
  if (bytes.length < 10 || NPY_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new OinfoInputError(`${where} is not a .npy file`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const minor = bytes[7];
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new OinfoInputError(`${where} is truncated (in the header)`);
    headerLen = dv.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new OinfoInputError(
      `${where}: unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`,
    );
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) {
    throw new OinfoInputError(
      `${where} is truncated (header of ${headerLen} bytes, file has ${bytes.length - headerStart})`,
    );
  }
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + headerStart, headerLen).toString(
    major === 3 ? 'utf8' : 'latin1',
  );

  const { descr, fortranOrder, shape } = parseNpyHeader(header, where);
  const dtype = /^([<>|=]?)f([48])$/.exec(descr);
  if (dtype === null) {
    throw new OinfoInputError(
      `${where}: unsupported dtype ${describeDescr(descr)}; only float64 ('<f8') and float32 ('<f4') arrays are supported`,
    );
  }
  // '|' and '=' (and no prefix) are taken as little-endian, which is what every current platform writes.
  const littleEndian = dtype[1] !== '>';
  const itemSize = Number(dtype[2]);

  const shapeStr = `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
  if (shape.length !== 2) {
    throw new OinfoInputError(
      `${where}: expected a 2-D array (samples × variables), got shape ${shapeStr}`,
    );
  }
  const [n, p] = shape;
  if (n === 0 || p === 0) {
    throw new OinfoInputError(`${where}: the array is empty (shape ${shapeStr})`);
  }

  const count = n * p;
  const expected = count * itemSize;
  const got = bytes.length - dataStart;
  if (got < expected) {
    throw new OinfoInputError(
      `${where}: truncated data: expected ${expected} bytes for shape ${shapeStr} ${itemSize === 8 ? 'float64' : 'float32'}, got ${got}`,
    );
  }

  const columns: Float64Array[] = new Array(p);
  for (let j = 0; j < p; j++) columns[j] = new Float64Array(n);
  const read = itemSize === 8
    ? (k: number) => dv.getFloat64(dataStart + k * 8, littleEndian)
    : (k: number) => dv.getFloat32(dataStart + k * 4, littleEndian);
  if (fortranOrder) {
    // Column-major: variable j is the contiguous run [j*n, (j+1)*n).
    for (let j = 0; j < p; j++) {
      const col = columns[j];
      const base = j * n;
      for (let i = 0; i < n; i++) col[i] = read(base + i);
    }
  } else {
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) columns[j][i] = read(k++);
    }
  }

  const names = new Array<string>(p);
  for (let j = 0; j < p; j++) names[j] = `v${j}`;
  return { names, nSamples: n, columns };
}
