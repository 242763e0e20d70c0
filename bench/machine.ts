/** What the numbers were measured on, recorded at the top of summary.json. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  cpu: string;
  /** Logical cores (os.cpus().length). */
  cores: number;
  /** What Node thinks it may use (cgroup / affinity aware). */
  availableParallelism: number;
  totalMemoryGiB: number;
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
  /** 1-, 5- and 15-minute load averages when the run started: other work on the machine skews the numbers. */
  loadAverageAtStart: number[];
  date: string;
  /** The commit benchmarked, when run from a git checkout ('+dirty' when the tree has changes). */
  commit: string | null;
}

function gitCommit(cwd: string): string | null {
  const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, encoding: 'utf8' });
  if (head.status !== 0 || !head.stdout) return null;
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' });
  const dirty = status.status === 0 && status.stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? '+dirty' : ''}`;
}

export function machineInfo(root: string): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
    commit: gitCommit(root),
  };
}
