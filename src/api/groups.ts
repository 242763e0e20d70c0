/**
 * Multivariate variables (groups): the `groups` option of search and measure. A group is a named block
 * of columns that enters a multiplet as one variable — its entropy is that of the whole block (each
 * column copula-normalised on its own, as gcmi does for a multivariate X); sizes count variables, and
 * results name the groups. This file owns the option: its two spellings, every check, and the variables
 * a call works with.
 *
 * Spellings: an object `{ g1: ['a', 'b', 'c'], g2: ['d', 'e'] }`, or the command line's text
 * `g1=a,b,c;g2=d,e` (names may be double-quoted, CSV-style, to hold `,`, `;` or `=`).
 *
 * The variables of a call: every group, and every column in no group, each a variable. A search's
 * candidates are all of them but the target (or those named by `vars`: group names and ungrouped
 * columns), in the order of their first column; a measure's are the `vars` named, in that order. A
 * group's columns are kept in column order, so the order they are listed in changes nothing.
 */
import { OinfoInputError, OinfoOptionError } from '../errors.js';
import { listColumns, normalizeName } from '../io/columns.js';
import { describeValue } from '../util/describeValue.js';

/** `{ name: [columns…] }`, or the command line's `name=col,col;name=col`. */
export type GroupsOption = string | Readonly<Record<string, readonly string[]>>;

/** One variable of a multiplet: a group (its columns ascending) or a single column outside every group. */
export interface Variable {
  name: string;
  columns: number[];
  group: boolean;
}

/** The groups of a data set: each group's columns (ascending), and the group of each grouped column. */
export interface Groups {
  byName: Map<string, number[]>;
  groupOf: Map<number, string>;
}

const SPEC_EXAMPLE = 'NAME=COLUMN,COLUMN;NAME=…, e.g. g1=a,b,c;g2=d,e';

const fail = (problem: string) => new OinfoOptionError('groups', problem);

/** Splits on `separator` outside double quotes; an unmatched quote is an error. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) throw fail(`has an unmatched quote in ${JSON.stringify(text)}: write ${SPEC_EXAMPLE} (quote a name that holds , ; or =)`);
  parts.push(text.slice(start));
  return parts;
}

/** A name as written: trimmed, quotes removed ("" inside quotes is one "), NFC-normalised. */
function unquote(raw: string): string {
  const t = raw.trim();
  const name = t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
  return normalizeName(name);
}

/** The command line's spelling, `g1=a,b,c;g2=d,e`, as [name, columns] pairs in order (not yet checked against the data). */
export function parseGroupSpec(spec: string): [string, string[]][] {
  const segments = splitOutsideQuotes(spec, ';');
  if (segments.length > 1 && segments[segments.length - 1].trim() === '') segments.pop(); // a trailing ';'
  const out: [string, string[]][] = [];
  for (const segment of segments) {
    if (segment.trim() === '')
      throw fail(spec.trim() === '' ? `is empty: write ${SPEC_EXAMPLE}` : `has an empty group between two ";" in ${JSON.stringify(spec)}: write ${SPEC_EXAMPLE}`);
    const eq = splitOutsideQuotes(segment, '=');
    if (eq.length < 2) throw fail(`has ${JSON.stringify(segment.trim())} without "=": write ${SPEC_EXAMPLE}`);
    if (eq.length > 2) throw fail(`has more than one "=" in ${JSON.stringify(segment.trim())}: write ${SPEC_EXAMPLE} (one group per ";")`);
    const name = unquote(eq[0]);
    if (name === '') throw fail(`has a group without a name in ${JSON.stringify(segment.trim())}: write ${SPEC_EXAMPLE}`);
    const columns = eq[1].trim() === '' ? [] : splitOutsideQuotes(eq[1], ',').map(unquote);
    out.push([name, columns]);
  }
  return out;
}

/** The option's [name, columns] pairs, whichever spelling. */
function groupEntries(option: unknown): [string, unknown][] {
  if (typeof option === 'string') return parseGroupSpec(option);
  if (typeof option !== 'object' || option === null || Array.isArray(option) || option instanceof Map)
    throw fail(`must be an object { name: [columns…] } or a text "${SPEC_EXAMPLE.split(', e.g. ')[1]}", got ${describeValue(option)}`);
  return Object.entries(option).map(([name, columns]) => [normalizeName(name), columns]);
}

/**
 * The groups of the option against the data's column names, checked: at least one group; every group
 * named, non-empty, of known and distinct columns; no column in two groups; no group named like a column
 * other than its own; the target (a column index, or −1) in none.
 */
export function resolveGroups(names: readonly string[], option: unknown, target: number): Groups {
  const entries = groupEntries(option);
  if (entries.length === 0) throw fail(`is empty: define at least one group, e.g. g1=a,b,c;g2=d,e`);
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    const key = normalizeName(n);
    if (!index.has(key)) index.set(key, i);
  });
  const byName = new Map<string, number[]>();
  const groupOf = new Map<number, string>();
  for (const [name, columns] of entries) {
    if (name === '') throw fail('has a group with an empty name: name every group');
    if (byName.has(name)) throw fail(`defines group "${name}" twice: give each group its own name`);
    if (!Array.isArray(columns)) throw fail(`gives group "${name}" ${describeValue(columns)}: list its columns (an array of column names)`);
    if (columns.length === 0) throw fail(`has an empty group "${name}": list its columns after "${name}="`);
    const indices: number[] = [];
    for (const column of columns) {
      if (typeof column !== 'string' || column === '')
        throw fail(`gives group "${name}" an empty column name: list its columns as ${name}=a,b,c`);
      const i = index.get(normalizeName(column));
      if (i === undefined) throw fail(`names unknown column "${normalizeName(column)}" in group "${name}" (columns: ${listColumns(names)})`);
      if (indices.includes(i)) throw fail(`lists column "${names[i]}" twice in group "${name}"`);
      const other = groupOf.get(i);
      if (other !== undefined) throw fail(`puts column "${names[i]}" in groups "${other}" and "${name}": a column can be in one group only`);
      if (i === target)
        throw new OinfoOptionError(
          'target',
          `"${names[i]}" is a column of group "${name}" ({groups}): a target is one column outside every group; take it out of the group or choose another {target}`,
        );
      indices.push(i);
      groupOf.set(i, name);
    }
    byName.set(name, indices.sort((a, b) => a - b));
  }
  // A group named like a column other than its own would make a name in vars and in the results ambiguous.
  for (const [name, columns] of byName) {
    const i = index.get(name);
    if (i === undefined || columns.includes(i)) continue;
    const owner = groupOf.get(i);
    throw fail(
      `names group "${name}" like the column "${names[i]}" ${owner === undefined ? '(in no group)' : `of group "${owner}"`}: rename the group`,
    );
  }
  return { byName, groupOf };
}

/** Groups take a continuous target only (a discrete one would need the class covariances of blocks). */
export function discreteTargetWithGroups(target: string): OinfoOptionError {
  return new OinfoOptionError(
    'groups',
    `takes a continuous {target} only, and "${target}" is treated as a discrete class label: ` +
      'use {targetKind} continuous (the label as one copula-normalised variable, as hoi treats a task variable)',
  );
}

/** The variables of the data with its groups: every group, and every column in no group. */
function allVariables(names: readonly string[], groups: Groups): Map<string, Variable> {
  const out = new Map<string, Variable>();
  for (const [name, columns] of groups.byName) out.set(name, { name, columns, group: true });
  names.forEach((column, i) => {
    if (!groups.groupOf.has(i) && !out.has(normalizeName(column))) out.set(normalizeName(column), { name: column, columns: [i], group: false });
  });
  return out;
}

/** "g1, g2, x5, …": the variables there are, for an error. */
function listVariables(variables: Map<string, Variable>): string {
  return listColumns([...variables.values()].map((v) => v.name));
}

/**
 * The variables `wanted` names (group names or columns in no group), in the order given, none of them
 * the target; `option` names the option in errors (vars).
 */
export function namedVariables(names: readonly string[], groups: Groups, wanted: unknown, option: string, target: number): Variable[] {
  if (!Array.isArray(wanted)) throw new OinfoInputError(`${option} must be an array of variable names, got ${describeValue(wanted)}`);
  const variables = allVariables(names, groups);
  const seen = new Set<string>();
  return wanted.map((raw) => {
    if (typeof raw !== 'string' || raw === '') throw new OinfoInputError(`a variable name must be a non-empty string, got ${describeValue(raw)}`);
    const name = normalizeName(raw);
    const variable = variables.get(name);
    if (variable === undefined) {
      const column = names.findIndex((n) => normalizeName(n) === name);
      if (column >= 0 && column === target) throw new OinfoInputError(`the target "${names[column]}" is also listed among the variables`);
      if (column >= 0 && groups.groupOf.has(column))
        throw new OinfoOptionError(option, `names column "${names[column]}" of group "${groups.groupOf.get(column)}": name the group "${groups.groupOf.get(column)}" instead, or take the column out of {groups}`);
      throw new OinfoInputError(`unknown variable "${name}" (variables: ${listVariables(variables)})`);
    }
    if (!variable.group && variable.columns[0] === target) throw new OinfoInputError(`the target "${variable.name}" is also listed among the variables`);
    if (seen.has(variable.name)) throw new OinfoInputError(`variable "${variable.name}" is listed twice`);
    seen.add(variable.name);
    return variable;
  });
}

/** A search's candidate variables: those `vars` names, or every variable but the target; ordered by their first column. */
export function candidateVariables(names: readonly string[], groups: Groups, vars: unknown, target: number): Variable[] {
  const chosen =
    vars !== undefined && (!Array.isArray(vars) || vars.length > 0)
      ? namedVariables(names, groups, vars, 'vars', target)
      : [...allVariables(names, groups).values()].filter((v) => v.group || v.columns[0] !== target);
  return chosen.sort((a, b) => a.columns[0] - b.columns[0]);
}

/** The groups among `variables` as results show them: name → column names, in column order. */
export function groupsJson(names: readonly string[], variables: readonly Variable[]): Record<string, string[]> {
  return Object.fromEntries(variables.filter((v) => v.group).map((v) => [v.name, v.columns.map((i) => names[i])]));
}

/** The most columns a multiplet of `size` of these variables can have (the widest ones), plus `extra`. */
export function widestDimension(variables: readonly Variable[], size: number, extra = 0): number {
  const widths = variables.map((v) => v.columns.length).sort((a, b) => b - a);
  return widths.slice(0, size).reduce((a, b) => a + b, extra);
}

/** Groups in the command line's spelling, `g1=a,b,c;g2=d,e` (a name holding , ; = or " double-quoted): parseGroupSpec reads it back. */
export function groupSpec(groups: Readonly<Record<string, readonly string[]>>, only?: readonly string[]): string {
  const quote = (name: string) => (/[,;="]/.test(name) || name.trim() !== name ? `"${name.replace(/"/g, '""')}"` : name);
  return Object.entries(groups)
    .filter(([name]) => only === undefined || only.includes(name))
    .map(([name, columns]) => `${quote(name)}=${columns.map(quote).join(',')}`)
    .join(';');
}
