/** A .npy file's bytes, its header written by hand as numpy.lib.format does (tests of the reader and of .npy inputs). */
export interface NpyOptions {
  descr?: string;
  fortran?: boolean;
  shape: number[];
  /** Values in file order (row-major for C order, column-major for Fortran order). */
  data: number[];
  version?: 1 | 2 | 3;
  /** Replace the whole header dict text (for malformed-header tests). */
  rawHeader?: string;
}

export function npy(opts: NpyOptions): Buffer {
  const descr = opts.descr ?? '<f8';
  const version = opts.version ?? 1;
  const shape = `(${opts.shape.join(', ')}${opts.shape.length === 1 ? ',' : ''})`;
  let dict =
    opts.rawHeader ??
    `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const prefixLen = version === 1 ? 10 : 12;
  const total = Math.ceil((prefixLen + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - prefixLen - 1, ' ') + '\n';
  const header = Buffer.from(dict, version === 3 ? 'utf8' : 'latin1');
  const pre = Buffer.alloc(prefixLen);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(pre);
  if (version === 1) pre.writeUInt16LE(header.length, 8);
  else pre.writeUInt32LE(header.length, 8);

  const m = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  const size = m ? Number(m[3]) : 8;
  const big = m?.[1] === '>';
  const body = Buffer.alloc(opts.data.length * size);
  opts.data.forEach((v, k) => {
    if (m?.[2] === 'f' && size === 8) big ? body.writeDoubleBE(v, k * 8) : body.writeDoubleLE(v, k * 8);
    else if (m?.[2] === 'f' && size === 4) big ? body.writeFloatBE(v, k * 4) : body.writeFloatLE(v, k * 4);
    else if (m?.[2] === 'i' && size === 8) body.writeBigInt64LE(BigInt(v), k * 8);
    else if (m?.[2] === 'i' && size === 4) body.writeInt32LE(v, k * 4);
  });
  return Buffer.concat([pre, header, body]);
}

