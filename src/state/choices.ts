/**
 * The choices of the engine that a shared link can name: compute backends, models, model sizes and
 * reverse samplers. Both the link (state/hash.ts) and the engine's protocol (engine/protocol.ts, which
 * re-exports them) read them from here, so the two can never offer different lists. Plain constants,
 * no tfjs: state/ may not import engine/, while engine/ may import this leaf.
 */

/** The compute backends, in the engine's order of preference. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** A compute backend of tfjs. */
export type BackendName = (typeof BACKEND_ORDER)[number];

/** The denoisers the app trains, the U-Net first (the one offered by default). */
export const MODEL_KINDS = ['unet', 'mlp'] as const;
/** A denoiser architecture. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Model sizes: "default" is the one to learn with; "tiny" keeps browser tests and slow backends quick. */
export const MODEL_SIZES = ['default', 'tiny'] as const;
/** A model size. */
export type ModelSize = (typeof MODEL_SIZES)[number];

/** The reverse samplers: Algorithm 2 of the paper (DDPM), and DDIM. */
export const SAMPLER_KINDS = ['ddpm', 'ddim'] as const;
/** A reverse sampler. */
export type SamplerKind = (typeof SAMPLER_KINDS)[number];
