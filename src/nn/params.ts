import { readFileSync } from 'node:fs';

import { OinfoInputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import type { Architecture } from './architecture.js';
import { layerNames } from './architecture.js';
import { type Random, seededRandom, STREAM } from '../util/random.js';

/**
 * The weights of one network: per layer a weight matrix W (fanIn × fanOut, row-major, so that
 * pre-activation = x·W + b) and a bias b (fanOut), float32.
 */
export interface LayerParams {
  name: string;
  fanIn: number;
  fanOut: number;
  w: Float32Array;
  b: Float32Array;
}
export type MlpParams = LayerParams[];

/** Glorot (Xavier) uniform: U(−l, l) with l = √(6 / (fanIn + fanOut)), as Keras's default. */
export function glorotUniform(fanIn: number, fanOut: number, random: Random): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * random() - 1) * limit;
  return w;
}

/** θ₀ of the network of this seed: Glorot-uniform weights from the seed, zero biases. */
export function initialParams(arch: Architecture, seed: number): MlpParams {
  const random = seededRandom(seed, STREAM.init);
  const names = layerNames(arch);
  return names.map((name, i) => {
    const fanIn = arch.widths[i];
    const fanOut = arch.widths[i + 1];
    return { name, fanIn, fanOut, w: glorotUniform(fanIn, fanOut, random), b: new Float32Array(fanOut) };
  });
}

export function cloneParams(params: MlpParams): MlpParams {
  return params.map((l) => ({ ...l, w: l.w.slice(), b: l.b.slice() }));
}

/**
 * Saves parameters as safetensors (https://huggingface.co/docs/safetensors): an 8-byte little-endian
 * header length, a JSON header naming each tensor ("fc1.weight" [fanIn, fanOut], "fc1.bias"
 * [fanOut], F32, byte offsets), then the raw little-endian float32 data. Readable from Python
 * (`safetensors.numpy.load_file`) and by loadParams. Written atomically.
 */
export function saveParams(path: string, params: MlpParams, metadata: Record<string, string> = {}): void {
  const header: Record<string, unknown> = { __metadata__: { format: 'oinfo-mlp', ...metadata } };
  const chunks: Float32Array[] = [];
  let offset = 0;
  for (const layer of params) {
    for (const [suffix, data, shape] of [
      ['weight', layer.w, [layer.fanIn, layer.fanOut]],
      ['bias', layer.b, [layer.fanOut]],
    ] as const) {
      header[`${layer.name}.${suffix}`] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
      chunks.push(data);
      offset += data.byteLength;
    }
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8); // keep the data 8-byte aligned
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let at = 8 + headerBytes.length;
  for (const c of chunks) {
    Buffer.from(c.buffer, c.byteOffset, c.byteLength).copy(out, at);
    at += c.byteLength;
  }
  writeFileAtomic(path, out);
}

/** Loads what saveParams wrote (layers in fc1, fc2, … order). */
export function loadParams(path: string): MlpParams {
  const buf = readFileSync(path);
  const fail = (why: string) => new OinfoInputError(`"${path}" is not a valid parameter file: ${why}`);
  if (buf.length < 8) throw fail('too short');
  const n = Number(buf.readBigUInt64LE(0));
  if (8 + n > buf.length) throw fail('truncated header');
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8'));
  } catch {
    throw fail('unreadable header');
  }
  const data = buf.subarray(8 + n);
  const tensor = (key: string) => {
    const t = header[key];
    if (!t || t.dtype !== 'F32') throw fail(`missing float32 tensor "${key}"`);
    const [from, to] = t.data_offsets;
    if (to > data.length || to - from !== 4 * t.shape.reduce((a, b) => a * b, 1)) throw fail(`bad offsets for "${key}"`);
    const out = new Float32Array((to - from) / 4);
    Buffer.from(out.buffer).set(data.subarray(from, to));
    return { shape: t.shape, values: out };
  };
  const names = Object.keys(header)
    .filter((k) => k.endsWith('.weight'))
    .map((k) => k.slice(0, -'.weight'.length))
    .sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')));
  if (names.length === 0) throw fail('no layers');
  return names.map((name) => {
    const w = tensor(`${name}.weight`);
    const b = tensor(`${name}.bias`);
    return { name, fanIn: w.shape[0], fanOut: w.shape[1], w: w.values, b: b.values };
  });
}
