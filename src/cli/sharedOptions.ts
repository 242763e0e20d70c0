import { Option } from 'commander';

// Values are checked by the API (units, backend), which names the flag in its errors; the defaults are
// the API's too (bits; auto, or the env OINFO_BACKEND).
export function unitsOption(): Option {
  return new Option('--units <units>', 'bits or nats (default bits)');
}

export function backendOption(): Option {
  return new Option('--backend <backend>', 'auto, native or wasm (also the env OINFO_BACKEND; default auto)');
}

export function targetKindOption(): Option {
  return new Option(
    '--target-kind <kind>',
    'auto, discrete or continuous: a class label (SPEC §7) or one copula-normalised variable (default auto: discrete when the target holds 2…64 distinct integers)',
  );
}
