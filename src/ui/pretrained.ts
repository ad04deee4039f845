/**
 * The pretrained models shipped in public/models/ (trained by reference/train.py, exported float16 by
 * reference/export.py): the default U-Net in unet/, and the same U-Net conditioned on the digit in
 * unet-conditional/. Each is fetched only when asked for, never on first paint or by the forward panel.
 */
import { fetchModelFiles } from '../data/modelFiles';
import type { CheckpointFiles, ShippedModel } from '../engine/protocol';

/** Relative to the page, so the build works from any sub-path. */
export const PRETRAINED_URLS: Record<ShippedModel, string> = {
  pretrained: 'models/unet/model.json',
  conditional: 'models/unet-conditional/model.json',
};
export const PRETRAINED_URL = PRETRAINED_URLS.pretrained;

/** Each shipped model in prose. */
export const SHIPPED_NAMES: Record<ShippedModel, string> = {
  pretrained: 'the pretrained model',
  conditional: 'the pretrained conditional model',
};

/** The shipped model's noise schedule, known before it is downloaded (test/unit/model/pretrained.test.ts checks its metadata). */
export const PRETRAINED_SCHEDULE = { kind: 'linear', T: 1000 } as const;

/** How the shipped model was made (its metadata's `pretrained` field). */
export interface PretrainedAbout {
  steps: number;
  /** the shipped model conditioned on the digit (set by the app when it loads that one) */
  conditional?: boolean;
  seed?: number;
  trainer?: string;
  date?: string;
}

/** The two files of the pretrained model and what its metadata says about it. */
export async function fetchPretrained(url: string = PRETRAINED_URL): Promise<{ files: CheckpointFiles; about: PretrainedAbout }> {
  const { files, json } = await fetchModelFiles(new URL(url, document.baseURI), 'pretrained model');
  const about = json.userDefinedMetadata?.pretrained as PretrainedAbout | undefined;
  if (typeof about?.steps !== 'number') throw new Error(`The pretrained model's model.json (${url}) does not say how long it was trained.`);
  return { files, about };
}
