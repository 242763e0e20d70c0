/**
 * The original MNIST digits (LeCun, Cortes & Burges), downloaded on first use into
 * <cache>/mnist/ (see defaultCacheDir) and checked against known SHA-256 digests (the ones
 * TensorFlow Datasets publishes). Mirrors are tried in order.
 */
import { join } from 'node:path';

import {
  defaultCacheDir,
  type DownloadOptions,
  ensureFile,
  type ProgressCallback,
  type RemoteFile,
} from './download.js';

export const MNIST_MIRRORS: readonly string[] = [
  'https://ossci-datasets.s3.amazonaws.com/mnist/',
  'https://storage.googleapis.com/cvdf-datasets/mnist/',
  'http://yann.lecun.com/exdb/mnist/',
];

export type IdxRole = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';
export const IDX_ROLES: readonly IdxRole[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

export const MNIST_FILES: Readonly<Record<IdxRole, RemoteFile>> = {
  trainImages: {
    name: 'train-images-idx3-ubyte.gz',
    size: 9912422,
    sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte.gz',
    size: 28881,
    sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte.gz',
    size: 1648877,
    sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte.gz',
    size: 4542,
    sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
  },
};

export interface MnistOptions {
  /** The oinfo cache root (files go to <cacheDir>/mnist/). Default defaultCacheDir(). */
  cacheDir?: string;
  /** Base URLs tried in order. Default MNIST_MIRRORS. */
  mirrors?: readonly string[];
  /** The four files and their digests. Default MNIST_FILES. */
  files?: Readonly<Record<IdxRole, RemoteFile>>;
  onProgress?: ProgressCallback;
  /** Connect/response/idle timeout per request. Default 15 000 ms. */
  timeoutMs?: number;
  /** Bound on one file from one mirror. Default 300 000 ms. */
  fileTimeoutMs?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
}

/** The folder the MNIST files are cached in: <cacheDir or defaultCacheDir()>/mnist. */
export function mnistCacheDir(cacheDir: string = defaultCacheDir()): string {
  return join(cacheDir, 'mnist');
}

/**
 * Makes sure the four MNIST .gz files are in the cache with the right digests (downloading the
 * missing or corrupt ones) and returns their paths. An OinfoInputError if one cannot be had.
 */
export async function ensureMnist(
  options: MnistOptions = {},
): Promise<{ dir: string; paths: Record<IdxRole, string>; downloaded: string[] }> {
  const dir = mnistCacheDir(options.cacheDir);
  const files = options.files ?? MNIST_FILES;
  const download: DownloadOptions = {
    mirrors: options.mirrors ?? MNIST_MIRRORS,
    cacheDir: dir,
    label: 'MNIST',
    advice:
      `Connect to the network, or put the four files (${IDX_ROLES.map((r) => files[r].name).join(', ')}) ` +
      `in ${dir} yourself, or use --dataset fashion-mnist`,
    timeoutMs: options.timeoutMs,
    fileTimeoutMs: options.fileTimeoutMs,
    maxRedirects: options.maxRedirects,
    onProgress: options.onProgress,
    signal: options.signal,
  };
  const paths = {} as Record<IdxRole, string>;
  const downloaded: string[] = [];
  for (const role of IDX_ROLES) {
    const got = await ensureFile(files[role], download);
    paths[role] = got.path;
    if (got.downloaded) downloaded.push(files[role].name);
  }
  return { dir, paths, downloaded };
}
