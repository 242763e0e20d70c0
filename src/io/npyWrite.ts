/**
 * Writes a 2-D float32 array as NumPy .npy (format 1.0, '<f4', C order): a small self-describing
 * header, readable by numpy.load and by readNpy.
 */
export function encodeNpy(values: Float32Array, rows: number, cols: number): Buffer {
  if (values.length !== rows * cols) throw new Error(`encodeNpy: ${values.length} values for shape (${rows}, ${cols})`);
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const unpadded = 10 + header.length + 1; // magic(6) + version(2) + length(2) + header + '\n'
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + header.length + values.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(out, 10 + header.length);
  return out;
}
