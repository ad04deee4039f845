/**
 * The pretrained model shipped in public/models/unet/ (trained by reference/train.py, exported float16
 * by reference/export.py): fetched only when asked for, never on first paint or by the forward panel.
 */
import type { CheckpointFiles } from '../engine/protocol';

/** Relative to the page, so the build works from any sub-path. */
export const PRETRAINED_URL = 'models/unet/model.json';

/** How the shipped model was made (its metadata's `pretrained` field). */
export interface PretrainedAbout {
  steps: number;
  seed?: number;
  trainer?: string;
  date?: string;
}

/** The two files of the pretrained model and what its metadata says about it. */
export async function fetchPretrained(url: string = PRETRAINED_URL): Promise<{ files: CheckpointFiles; about: PretrainedAbout }> {
  const base = new URL(url, document.baseURI);
  const jsonResponse = await fetch(base);
  if (!jsonResponse.ok) throw new Error(`Could not download the pretrained model (${url}): HTTP ${jsonResponse.status}`);
  const modelJson = await jsonResponse.text();
  let parsed: { weightsManifest?: { paths?: string[] }[]; userDefinedMetadata?: { pretrained?: PretrainedAbout } };
  try {
    parsed = JSON.parse(modelJson) as typeof parsed;
  } catch {
    throw new Error(`The pretrained model's model.json (${url}) is not valid JSON.`);
  }
  const path = parsed.weightsManifest?.[0]?.paths?.[0];
  const steps = parsed.userDefinedMetadata?.pretrained?.steps;
  if (typeof path !== 'string' || typeof steps !== 'number') throw new Error(`The pretrained model's model.json (${url}) has no weights path or no training steps.`);
  const weightsResponse = await fetch(new URL(path, base));
  if (!weightsResponse.ok) throw new Error(`Could not download the pretrained model's weights: HTTP ${weightsResponse.status}`);
  const weights = await weightsResponse.arrayBuffer();
  return { files: { modelJson, weights, weightsName: path.split('/').pop() ?? path }, about: { ...parsed.userDefinedMetadata!.pretrained!, steps } };
}
