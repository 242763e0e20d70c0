/**
 * The `oinfo` command is esbuild's bundle of the CLI (scripts/bundle-cli.mjs): a few files that start
 * sooner than ~60 modules. What makes it correct is checked here on the built files: the package's bin
 * is the bundle, every module of the CLI exists once (no chunk reaches back into tsc's dist/src/, where a
 * second copy of an error class would defeat main's `instanceof`), packages are the declared ones, and
 * a search's start-up loads few files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CLI, REPO } from './helpers/cli.js';

const BIN = join(REPO, 'dist', 'bin');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

/** The import specifiers of a bundle file: static (`import … from "x"`) and dynamic (`import("x")`). */
function imports(file: string): { specifier: string; dynamic: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)].map((m) => ({
    specifier: m[1] ?? m[2],
    dynamic: false,
  }));
  return [...found, ...[...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => ({ specifier: m[1], dynamic: true }))];
}

/** The files a module loads before it runs: itself and its static imports, transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const { specifier, dynamic } of imports(file))
    if (!dynamic && specifier.startsWith('.')) staticClosure(resolve(dirname(file), specifier), seen);
  return seen;
}

describe('the oinfo command is the bundled CLI', () => {
  it('the package bin is dist/bin/oinfo.js, an executable script, and the tests run it', () => {
    expect(pkg.bin).toEqual({ oinfo: 'dist/bin/oinfo.js' });
    expect(pkg.files).toContain('dist/bin/');
    expect(resolve(CLI)).toBe(join(BIN, 'oinfo.js'));
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('every module exists once: each relative import of a bundle file is a file of the bundle', () => {
    const files = jsFiles(BIN);
    expect(files.length).toBeGreaterThan(1); // split: the lazily loaded parts are chunks
    const outside = files.flatMap((file) =>
      imports(file)
        .filter(({ specifier }) => specifier.startsWith('.'))
        .map(({ specifier }) => resolve(dirname(file), specifier))
        .filter((target) => relative(BIN, target).startsWith('..') || !existsSync(target))
        .map((target) => `${relative(REPO, file)} → ${relative(REPO, target)}`),
    );
    expect(outside).toEqual([]);
  });

  it('its packages are Node built-ins, dependencies and optional peers', () => {
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const builtins = new Set(builtinModules);
    const packageOf = (s: string) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);
    const undeclared = jsFiles(BIN)
      .flatMap((file) => imports(file).map(({ specifier }) => specifier))
      .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtins.has(s) && !declared.has(packageOf(s)));
    expect(undeclared).toEqual([]);
  });

  it('starts from few files: the pipeline, the queue and the formats load only when used', () => {
    const closure = [...staticClosure(CLI)];
    expect(closure.length).toBeLessThanOrEqual(16);
    const names = closure.map((f) => relative(BIN, f)).join(' ');
    expect(names).not.toMatch(/reproduce|distributedSearch|worker-|landscape|render-/);
  });

  it('starts reading the data file before the CLI loads: commander is not among its first files', () => {
    const first = [...staticClosure(CLI)];
    expect(first.filter((f) => readFileSync(f, 'utf8').includes('class _Command extends EventEmitter')).map((f) => relative(BIN, f))).toEqual([]);
    expect(jsFiles(BIN).some((f) => readFileSync(f, 'utf8').includes('class _Command extends EventEmitter')), 'commander is bundled').toBe(true);
    expect(readFileSync(CLI, 'utf8')).toMatch(/startEarlyRead\(process\.argv\.slice\(2\)\);\s*await import\(/);
  });
});
