import { Option } from 'commander';

import { oneOf } from './flags.js';

export function unitsOption(): Option {
  return new Option('--units <units>', 'bits or nats').default('bits').argParser(oneOf('bits', 'nats'));
}

export function backendOption(): Option {
  return new Option('--backend <backend>', 'auto, native or wasm (also the env OINFO_BACKEND; default auto)').argParser(
    oneOf('auto', 'native', 'wasm'),
  );
}
