/**
 * The CLI as a background process (async spawn: a long spawnSync would starve vitest's worker RPC),
 * with its output collected, a wait for a line, and a kill that afterAll can always call.
 */
import { type ChildProcess, spawn } from 'node:child_process';

import { CLI, REPO } from './cli.js';

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr or stdout matches `pattern`; rejects after `ms` or if the process exits first. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** Exit code (or 128 + signal number for a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills it if it still runs, and waits for it. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnOinfo(args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((f) => f());
  child.stdout!.on('data', (d) => ((out += d), changed()));
  child.stderr!.on('data', (d) => ((err += d), changed()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      changed();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, ms = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(err) || pattern.test(out)) return done(), resolve();
          if (child.exitCode !== null || child.signalCode !== null) return done(), reject(new Error(`exited before ${pattern}: ${err}`));
        };
        const timer = setTimeout(() => (done(), reject(new Error(`no ${pattern} within ${ms} ms: ${err}`))), ms);
        const done = () => (clearTimeout(timer), listeners.delete(check));
        listeners.add(check);
        check();
      }),
    stop: async (signal = 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
