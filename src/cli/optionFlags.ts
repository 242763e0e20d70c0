/** The command-line flag of each API option, so that an API error names what the user typed. */
const FLAGS: Record<string, string> = {
  vars: '--vars',
  target: '--target',
  minSize: '--min-size',
  maxSize: '--max-size',
  exhaustiveMax: '--exhaustive-max',
  beam: '--beam',
  top: '--top',
  threads: '--threads',
  units: '--units',
  biasCorrect: '--no-bias-correct',
  rankBy: '--rank-by',
  backend: '--backend',
  method: '--method',
  bootstrap: '--bootstrap',
  permutations: '--permutations',
  null: '--null',
  seed: '--seed',
  ci: '--ci',
  seeds: '--seeds',
  epochs: '--epochs',
  retrainEpochs: '--retrain-epochs',
  dataSeed: '--data-seed',
  mode: '--mode',
  dataset: '--dataset',
};

export const flagOf = (option: string): string => FLAGS[option] ?? option;
