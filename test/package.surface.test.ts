/**
 * The package's shape: `import 'oinfo'` stays small (no TF.js, vega, resvg or pipeline code on its
 * static import graph), loads fast and works with require(); the pipeline is `oinfo/pipeline`; the
 * pipeline's stages exchange results only through the run folder module; and the compiled dist/
 * that tests spawn matches the sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { REPO } from './helpers/cli.js';

interface Import {
  specifier: string;
  /** The .ts source of a relative import; undefined for a package or a node: built-in. */
  file?: string;
  /** Erased by the compiler (`import type`, or every name marked `type`): never loaded at run time. */
  typeOnly: boolean;
}

/** The import and export-from declarations of a source file, parsed by the compiler. Dynamic import() loads lazily and is not one. */
function staticImports(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) => elements.length > 0 && elements.every((e) => e.isTypeOnly);
  const out: Import[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      const named = clause?.namedBindings;
      typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && named !== undefined && ts.isNamedImports(named) && allTypes(named.elements)));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      const clause = statement.exportClause;
      typeOnly = statement.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && allTypes(clause.elements));
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const target = specifier.text.startsWith('.') ? resolve(dirname(file), specifier.text.replace(/\.js$/, '.ts')) : undefined;
    if (target !== undefined && !existsSync(target)) throw new Error(`${file}: cannot resolve "${specifier.text}"`);
    out.push({ specifier: specifier.text, file: target, typeOnly });
  }
  return out;
}

/** Every source file and package that importing `entry` loads. */
function runtimeGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const i of staticImports(file)) {
      if (i.typeOnly) continue;
      if (i.file) visit(i.file);
      else packages.add(i.specifier);
    }
  };
  visit(join(REPO, entry));
  return { files: [...files].map((f) => relative(REPO, f)), packages: [...packages] };
}

const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', timeout: 60_000 });

describe("import 'oinfo'", () => {
  it('loads no TF.js, vega, resvg, nor pipeline, network, report or image-data code', () => {
    const { files, packages } = runtimeGraph('src/index.ts');
    expect(files).toContain('src/api/search.ts');
    expect(files.filter((f) => /^src\/(pipeline|nn|report|data)\//.test(f))).toEqual([]);
    expect(packages.filter((p) => /^(@tensorflow\/|vega|@resvg\/)/.test(p))).toEqual([]);
  });

  it('loads fast in a fresh process', () => {
    const script = "const t = performance.now(); await import('oinfo'); console.log(performance.now() - t)";
    const times = [0, 1, 2].map(() => {
      const r = node(['--input-type=module', '-e', script]);
      expect(r.stderr).toBe('');
      return Number(r.stdout);
    });
    const median = [...times].sort((a, b) => a - b)[1];
    console.log(`import('oinfo'): ${times.map((t) => t.toFixed(1)).join(', ')} ms; median ${median.toFixed(1)} ms`);
    // ~35 ms here when idle, ~60 ms on a loaded 2-core machine; TF.js + vega + resvg on the path made it ~400 ms.
    expect(median).toBeLessThan(100);
  });

  it('works with require() from CommonJS (no top-level await on its graph)', () => {
    const r = node(['-e', "const o = require('oinfo'); console.log(JSON.stringify([typeof o.search, typeof o.prepare, typeof o.OinfoInputError, typeof o.reproduce]))"]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['function', 'function', 'function', 'undefined']);
  });
});

describe("import 'oinfo/pipeline'", () => {
  it('the exports map names both entries and package.json; the engines field allows require(esm)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    expect(pkg.exports['./pipeline']).toEqual({ types: './dist/src/pipeline/index.d.ts', default: './dist/src/pipeline/index.js' });
    expect(pkg.exports['./package.json']).toBe('./package.json');
    // require() of ES modules is on by default from 20.19 and 22.12 (21.x and 22.0–22.11 need a flag).
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
    for (const target of [pkg.exports['.'].default, pkg.exports['./pipeline'].default]) expect(existsSync(join(REPO, target)), target).toBe(true);
  });

  it('exports the pipeline', () => {
    const r = node(['--input-type=module', '-e', "const p = await import('oinfo/pipeline'); console.log(JSON.stringify([typeof p.reproduce, typeof p.runStage, typeof p.loadDataset, p.STAGES.map((s) => s.name)]))"]);
    expect(JSON.parse(r.stdout)).toEqual(['function', 'function', 'function', ['train', 'analyze', 'mi', 'retrain', 'report']]);
  });

  it('the CLI loads the pipeline lazily and never through the package entry', () => {
    const cli = runtimeGraph('src/cli/main.ts');
    expect(cli.files.filter((f) => /^src\/(index|pipeline\/(index|reproduce|stage\w+))\.ts$/.test(f))).toEqual([]);
    expect(cli.packages.filter((p) => /^(@tensorflow\/|vega|@resvg\/)/.test(p))).toEqual([]);
  });
});

describe('the pipeline stages', () => {
  const dir = join(REPO, 'src', 'pipeline');
  const stages = readdirSync(dir).filter((f) => /^stage\w+\.ts$/.test(f));

  it('never import one another: they exchange results through the run folder (runFiles.ts)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(5);
    const crossings = stages.flatMap((stage) =>
      staticImports(join(dir, stage))
        .filter((i) => i.file !== undefined && /^stage\w+\.ts$/.test(basename(i.file)))
        .map((i) => `${stage} → ${basename(i.file!)}`),
    );
    expect(crossings).toEqual([]);
  });

  it('are imported by the orchestrator (reproduce.ts) alone', () => {
    const importers = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => staticImports(join(dir, f)).some((i) => i.file !== undefined && stages.includes(basename(i.file))));
    expect(importers).toEqual(['reproduce.ts']);
  });
});

describe('the compiled code the tests run', () => {
  it('is current: dist/ was rebuilt from these sources before the suite (globalSetup)', () => {
    const r = node(['scripts/bootstrap.mjs', '--only=ts', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/everything is up to date/);
  });
});
