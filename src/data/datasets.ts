/**
 * Image-classification datasets in IDX form: Fashion-MNIST (Debian's package, the default),
 * MNIST (downloaded and cached, see mnist.ts), or any directory holding the four IDX files under
 * their standard names.
 *
 * Images become Float32Array rows of pixel / 255 (n × height·width, row-major); labels stay
 * Uint8Array. Every inconsistency (wrong dtype or rank, counts that differ, a label out of range,
 * train and test images of different sizes) is an OinfoInputError naming the file.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

import { OinfoInputError } from '../errors.js';
import { formatShape, type IdxArray, readIdx } from './idx.js';
import { ensureMnist, IDX_ROLES, type IdxRole, type MnistOptions } from './mnist.js';

export interface Split {
  /** n × features, row-major, pixel / 255 in [0, 1]. */
  images: Float32Array;
  /** n class indices, each < nClasses. */
  labels: Uint8Array;
  n: number;
  width: number;
  height: number;
  /** width × height. */
  features: number;
}

export interface Dataset {
  /** 'fashion-mnist', 'mnist', or the directory's base name. */
  name: string;
  /** Where the files were read from (a directory). */
  source: string;
  nClasses: number;
  /** Class names, index = label ('T-shirt/top', ... for Fashion-MNIST, '0'..'9' otherwise). */
  classNames: string[];
  train: Split;
  test: Split;
}

/** 'fashion-mnist', 'mnist', or a directory path (write ./mnist for a directory named mnist). */
export type DatasetSpec = 'fashion-mnist' | 'mnist' | (string & {});

export interface LoadDatasetOptions {
  /** Labels must be < nClasses. Default 10. */
  nClasses?: number;
  /** Where Debian's dataset-fashion-mnist package puts its files. Default FASHION_MNIST_DIR. */
  fashionMnistDir?: string;
  /** Cache, mirrors, digests, progress... for 'mnist'. */
  mnist?: MnistOptions;
}

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_PACKAGE = 'dataset-fashion-mnist';
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** The standard file stems; each is looked for as <stem>.gz, <stem>, and (Kaggle's) dotted form. */
const STEMS: Readonly<Record<IdxRole, string>> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** The names looked for, in order of preference. */
export function candidateNames(role: IdxRole): string[] {
  const stem = STEMS[role];
  const dotted = stem.replace(/-(idx\d-ubyte)$/, '.$1');
  return [`${stem}.gz`, stem, `${dotted}.gz`, dotted];
}

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * Finds the four IDX files in `dir`. An OinfoInputError listing what was looked for if any is
 * missing; `installHint` (e.g. the apt-get command) is appended to it.
 */
export function findIdxFiles(dir: string, installHint?: string): Record<IdxRole, string> {
  const found = {} as Record<IdxRole, string>;
  const missing: string[] = [];
  for (const role of IDX_ROLES) {
    const names = candidateNames(role);
    const name = names.find((n) => isFile(join(dir, n)));
    if (name === undefined) missing.push(names.join(' or '));
    else found[role] = join(dir, name);
  }
  if (missing.length > 0) {
    const hint = installHint ? `. ${installHint}` : '';
    throw new OinfoInputError(
      `"${dir}" lacks ${missing.length === 1 ? 'an IDX file' : missing.length === 4 ? 'all 4 IDX files' : `${missing.length} of the 4 IDX files`}: looked for ${missing.join('; ')}${hint}`,
    );
  }
  return found;
}

/** 256 floats k/255, so that scaling is one table lookup per pixel. */
const SCALE = Float32Array.from({ length: 256 }, (_, k) => k / 255);

function checkImages(a: IdxArray, file: string): void {
  if (a.dtype !== 'uint8' || a.shape.length !== 3) {
    throw new OinfoInputError(
      `"${file}": expected images, a 3-D uint8 array (count × height × width), got ${a.dtype} of shape ${formatShape(a.shape)}`,
    );
  }
  if (a.shape[0] === 0) throw new OinfoInputError(`"${file}" holds no images (shape ${formatShape(a.shape)})`);
  if (a.shape[1] === 0 || a.shape[2] === 0) {
    throw new OinfoInputError(`"${file}": empty images (shape ${formatShape(a.shape)})`);
  }
}

function checkLabels(a: IdxArray, file: string): void {
  if (a.dtype !== 'uint8' || a.shape.length !== 1) {
    throw new OinfoInputError(
      `"${file}": expected labels, a 1-D uint8 array, got ${a.dtype} of shape ${formatShape(a.shape)}`,
    );
  }
}

/**
 * Reads one split: an IDX image file (3-D uint8) and an IDX label file (1-D uint8, values <
 * nClasses) with the same count. `name` ("train", "test") is used in messages.
 */
export function readSplit(imagesFile: string, labelsFile: string, nClasses = 10, name = 'the'): Split {
  const img = readIdx(imagesFile);
  checkImages(img, imagesFile);
  const lab = readIdx(labelsFile);
  checkLabels(lab, labelsFile);
  const [n, height, width] = img.shape;
  if (lab.shape[0] !== n) {
    throw new OinfoInputError(
      `${name} images and labels differ in count: ${n} images in "${imagesFile}", ${lab.shape[0]} labels in "${labelsFile}"`,
    );
  }
  const labels = lab.data as Uint8Array;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= nClasses) {
      throw new OinfoInputError(
        `"${labelsFile}": label ${labels[i]} at index ${i} is out of range (expected 0..${nClasses - 1})`,
      );
    }
  }
  const pixels = img.data as Uint8Array;
  const images = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) images[i] = SCALE[pixels[i]];
  return { images, labels, n, width, height, features: width * height };
}

/** Reads the train and test splits from four IDX files; their images must have the same size. */
export function readIdxDataset(
  paths: Record<IdxRole, string>,
  meta: { name: string; source: string; nClasses?: number; classNames?: readonly string[] },
): Dataset {
  const nClasses = meta.nClasses ?? 10;
  if (!Number.isInteger(nClasses) || nClasses < 1 || nClasses > 256) {
    throw new RangeError(`nClasses must be an integer in 1..256, got ${nClasses}`);
  }
  const train = readSplit(paths.trainImages, paths.trainLabels, nClasses, 'train');
  const test = readSplit(paths.testImages, paths.testLabels, nClasses, 'test');
  if (train.width !== test.width || train.height !== test.height) {
    throw new OinfoInputError(
      `train and test images differ in size: ${train.height}×${train.width} in "${paths.trainImages}", ${test.height}×${test.width} in "${paths.testImages}"`,
    );
  }
  const classNames =
    meta.classNames && meta.classNames.length === nClasses
      ? [...meta.classNames]
      : Array.from({ length: nClasses }, (_, k) => String(k));
  return { name: meta.name, source: meta.source, nClasses, classNames, train, test };
}

/**
 * Loads a dataset: 'fashion-mnist' (Debian's files; the error says how to install them), 'mnist'
 * (downloaded into the cache on first use), or a directory with the four IDX files.
 */
export async function loadDataset(spec: DatasetSpec, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const nClasses = options.nClasses ?? 10;
  if (spec === 'fashion-mnist') {
    const dir = options.fashionMnistDir ?? FASHION_MNIST_DIR;
    const install = `Install it with: apt-get install ${FASHION_MNIST_PACKAGE}`;
    if (!existsSync(dir)) {
      throw new OinfoInputError(`Fashion-MNIST is not installed (no directory "${dir}"). ${install}`);
    }
    const paths = findIdxFiles(dir, `Fashion-MNIST is incomplete. ${install}`);
    return readIdxDataset(paths, { name: 'fashion-mnist', source: dir, nClasses, classNames: FASHION_MNIST_CLASSES });
  }
  if (spec === 'mnist') {
    const { dir, paths } = await ensureMnist(options.mnist);
    return readIdxDataset(paths, { name: 'mnist', source: dir, nClasses });
  }
  const dir = resolve(spec);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new OinfoInputError(
      `unknown dataset "${spec}": not 'fashion-mnist', not 'mnist', and no such directory`,
    );
  }
  if (!isDir) {
    throw new OinfoInputError(
      `dataset "${spec}" is a file; give 'fashion-mnist', 'mnist', or a directory holding the four IDX files`,
    );
  }
  const paths = findIdxFiles(dir);
  return readIdxDataset(paths, { name: basename(dir), source: dir, nClasses });
}
