/**
 * Downloads a model in the standard tfjs layout (model.json with one weights file) from the app's own
 * origin: the shipped pretrained denoiser and the digit classifier. Free of tfjs, so the UI may use it
 * too; the worker resolves URLs against the page's base, which the UI hands over at start-up.
 */
/** model.json as text and its one weights file (the engine's CheckpointFiles). */
export interface ModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
  weightsName: string;
}

/** The two files, and model.json already parsed (for its metadata). */
export interface FetchedModel {
  files: ModelFiles;
  json: { userDefinedMetadata?: Record<string, unknown> };
}

/** Fetches model.json at `url` and the weights file its manifest names; every failure says which file and why. */
export async function fetchModelFiles(url: URL, what: string): Promise<FetchedModel> {
  const jsonResponse = await fetch(url);
  if (!jsonResponse.ok) throw new Error(`Could not download the ${what} (${url.pathname}): HTTP ${jsonResponse.status}`);
  const modelJson = await jsonResponse.text();
  let json: { weightsManifest?: { paths?: unknown[] }[]; userDefinedMetadata?: Record<string, unknown> };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch {
    throw new Error(`The ${what}'s model.json (${url.pathname}) is not valid JSON.`);
  }
  const path = json?.weightsManifest?.[0]?.paths?.[0];
  if (typeof path !== 'string') throw new Error(`The ${what}'s model.json (${url.pathname}) names no weights file.`);
  const weightsResponse = await fetch(new URL(path, url));
  if (!weightsResponse.ok) throw new Error(`Could not download the ${what}'s weights: HTTP ${weightsResponse.status}`);
  const weights = await weightsResponse.arrayBuffer();
  return { files: { modelJson, weights, weightsName: path.split('/').pop() ?? path }, json };
}
