/**
 * Reads and writes a model in the standard tfjs layout on disk: model.json and the weights file its
 * manifest names (what the app exports and ships). Every failure is one sentence naming the file.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CheckpointFiles } from '../engine/protocol';

/** A failure the command line reports as one line (exit code 1), without a stack trace. */
export class CliError extends Error {}

/** `path` is a folder holding model.json, or a model.json file itself. */
export function readModelFiles(path: string): CheckpointFiles {
  const full = resolve(path);
  if (!existsSync(full)) throw new CliError(`${path}: no such file or folder`);
  const jsonPath = statSync(full).isDirectory() ? join(full, 'model.json') : full;
  if (!existsSync(jsonPath)) throw new CliError(`${path}: the folder has no model.json`);
  const modelJson = readFileSync(jsonPath, 'utf8');
  let json: { weightsManifest?: { paths?: unknown[] }[] };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch (err) {
    throw new CliError(`${jsonPath}: not valid JSON (${(err as Error).message})`);
  }
  const weightsPath = json?.weightsManifest?.[0]?.paths?.[0];
  if (typeof weightsPath !== 'string') throw new CliError(`${jsonPath}: names no weights file (this is not a tfjs model)`);
  const binPath = join(dirname(jsonPath), weightsPath);
  if (!existsSync(binPath)) throw new CliError(`${jsonPath}: its weights file ${weightsPath} is not beside it`);
  const bytes = readFileSync(binPath);
  const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { modelJson, weights, weightsName: basename(binPath) };
}

/** Writes model.json and its weights file into `dir` (created if needed); returns model.json's path. */
export function writeModelFiles(dir: string, files: CheckpointFiles): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, files.weightsName), new Uint8Array(files.weights));
  const jsonPath = join(dir, 'model.json');
  writeFileSync(jsonPath, files.modelJson);
  return jsonPath;
}
