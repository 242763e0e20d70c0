/** The command-line flag of each API option, so that an API error names what the user typed. */
const FLAGS: Record<string, string> = {
  vars: '--vars',
  target: '--target',
  targetKind: '--target-kind',
  minSize: '--min-size',
  maxSize: '--max-size',
  exhaustiveMax: '--exhaustive-max',
  beam: '--beam',
  top: '--top',
  threads: '--threads',
  units: '--units',
  biasCorrect: '--no-bias-correct',
  backend: '--backend',
  method: '--method',
  seeds: '--seeds',
  epochs: '--epochs',
  retrainEpochs: '--retrain-epochs',
  dataSeed: '--data-seed',
  mode: '--mode',
  dataset: '--dataset',
};

export const flagOf = (option: string): string => FLAGS[option] ?? option;
