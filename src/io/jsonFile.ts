/**
 * A JSON input file (a covariance file, a search result): its text read with readInputFile's one-line
 * errors, parsed, or a one-line OinfoInputError naming the file, the parser's complaint and `advice`.
 */
import { OinfoInputError } from '../errors.js';
import { readInputFile } from './inputFile.js';

export function readJsonFile(file: string, advice: string): unknown {
  const text = readInputFile(file).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OinfoInputError(`"${file}" is not JSON (${(error as Error).message}): ${advice}`);
  }
}
