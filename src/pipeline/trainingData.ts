import { type Dataset as ImageDataset, loadDataset } from '../data/datasets.js';

const cache = new Map<string, Promise<ImageDataset>>();

/** The run's image data set, loaded once per process. */
export function runDataset(spec: string): Promise<ImageDataset> {
  let loaded = cache.get(spec);
  if (!loaded) {
    loaded = loadDataset(spec);
    cache.set(spec, loaded);
    loaded.catch(() => cache.delete(spec));
  }
  return loaded;
}
