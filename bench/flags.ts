/** The command-line flags of the bench scripts: `--name value`, or the fallback when absent. */

export function stringFlag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

export function numberFlag(name: string, fallback: number): number {
  return Number(stringFlag(name, String(fallback)));
}
