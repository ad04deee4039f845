/**
 * The sampling panel's state, outside React: it starts a sampling job in the worker, steers it (one
 * step, run to x_0, pause, cancel), records every frame the job sends into the run's trajectory, and
 * publishes an immutable snapshot in a Store that React reads with useSyncExternalStore. `handle` is the reducer
 * of the job's events. No tfjs, no React.
 */
import type { EngineClient, Job } from '../../../engine/client';
import type { JobEvent, ModelSource, SamplerSpec } from '../../../engine/protocol';
import type { Guidance } from '../../../diffusion/guidance';
import { Store } from '../../store';
import { TrajectoryStore } from './trajectory';
import type { DenoiseStart, SamplingRun } from './samplingRun';

/** Chains sampled at once (the panel's 4 × 4 grid). */
export const SAMPLING_CHAINS = 16;

export type SamplingPhase = 'idle' | 'starting' | 'stepping' | 'running';

/** What the panel shows; a new object whenever anything in it changes. */
export interface SamplingSnapshot {
  phase: SamplingPhase;
  run: SamplingRun | null;
  /** the position shown, 0 … run.store.length − 1 */
  position: number;
  /** steps recorded so far (the trajectory grows in place; this says by how much) */
  stepsDone: number;
  error: string | null;
}

export interface SamplingOptions {
  /** prefers-reduced-motion: the shown position does not follow every step, it jumps at the end */
  reducedMotion: boolean;
  /** speed limit of "Run to x₀", or null for as fast as possible */
  stepsPerSecond: number | null;
  /** read finished samples with the digit classifier (off: meter=0) */
  meter: boolean;
}

export interface SampleRequest {
  seed: number;
  sampler: SamplerSpec;
  start: DenoiseStart | null;
  source: ModelSource;
  guidance?: Guidance | null;
}

/** Whether the run can take more steps. */
export function canStep(run: SamplingRun | null): boolean {
  return !!run && !run.cancelled && !run.finished && !run.store.done;
}

const IDLE: SamplingSnapshot = { phase: 'idle', run: null, position: 0, stepsDone: 0, error: null };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class SamplingController {
  /** what the panel shows (React reads it with useStore) */
  readonly store = new Store<SamplingSnapshot>(IDLE, true);
  private job: Job<'sample'> | null = null;
  private runs = 0;
  /** the shown position follows new steps (false once the learner scrubs back) */
  private follow = true;
  /** when the current stretch of stepping began (for the run's wall time), or null while waiting */
  private mark: number | null = null;

  constructor(
    private readonly client: EngineClient | null,
    private options: SamplingOptions,
  ) {}

  readonly getSnapshot = (): SamplingSnapshot => this.store.get();

  setOptions(options: SamplingOptions): void {
    if (options.stepsPerSecond !== this.options.stepsPerSecond) this.job?.control({ pace: options.stepsPerSecond });
    this.options = options;
  }

  /** Start a new run (the one before is stopped): x_T ~ N(0, I) from the seed, or the given x_t for every chain. */
  sample({ seed, sampler, start, source, guidance }: SampleRequest): void {
    if (!this.client) return;
    this.drop();
    const id = ++this.runs;
    this.set({ phase: 'starting', error: null });
    const from = start ? { t: start.t, x0: start.x0.slice() } : null;
    const target = guidance?.label ?? undefined;
    this.client
      .start(
        {
          kind: 'sample', source, seed: seed >>> 0, n: SAMPLING_CHAINS, sampler, start: start ? { xt: start.xt, t: start.t } : null,
          ...(guidance ? { guidance } : {}), mode: 'wait', pace: this.options.stepsPerSecond, frames: true,
          score: this.options.meter ? { target } : null,
        },
        (e) => this.handle(e),
      )
      .then(
        (job) => {
          if (id !== this.runs) return void (job.detach(), job.stop());
          const s = job.started;
          let store: TrajectoryStore;
          try {
            store = new TrajectoryStore(s.x, SAMPLING_CHAINS, s.ts, undefined, guidance?.label != null && guidance.w !== 0);
          } catch (err) {
            job.detach();
            job.stop();
            return this.set({ phase: 'idle', error: message(err) });
          }
          this.job = job;
          this.follow = true;
          const run: SamplingRun = {
            id, sampler, seed, from, guidance: guidance ?? null, nfe: s.nfe, modelStep: s.modelStep, ema: s.ema, store,
            wallMs: 0, finished: s.nfe === 0, cancelled: false,
          };
          this.set({ phase: 'idle', run, position: 0, stepsDone: 0, error: null });
        },
        // the run shown before was stopped: it takes no more steps
        (err) => id === this.runs && this.set({ phase: 'idle', error: message(err), run: this.ended() }),
      );
  }

  stepOnce(): void {
    if (!this.job || !canStep(this.getSnapshot().run)) return;
    this.mark = performance.now();
    this.set({ phase: 'stepping', error: null });
    this.job.control({ mode: 'step' });
  }

  /** Run the rest of the chain, animating (paced by the speed setting). */
  runToEnd(): void {
    const run = this.getSnapshot().run;
    if (!this.job || !run || !canStep(run)) return;
    this.follow = true;
    this.mark = performance.now();
    const position = this.options.reducedMotion ? this.getSnapshot().position : run.store.length - 1;
    this.set({ phase: 'running', error: null, position });
    this.job.control({ mode: 'run', pace: this.options.stepsPerSecond });
  }

  pause(): void {
    if (this.getSnapshot().phase !== 'running') return;
    this.job?.control({ mode: 'wait' });
    this.mark = null;
    this.set({ phase: 'idle', position: this.stoppedAt() });
  }

  /** Stop the run for good; what was recorded stays for scrubbing. */
  cancel(): void {
    this.drop();
    this.set({ phase: 'idle', position: this.stoppedAt(), run: this.ended() });
  }

  /** The run shown, marked as taking no more steps (its job is gone). */
  private ended(): SamplingRun | null {
    const { run } = this.getSnapshot();
    return run && { ...run, cancelled: true };
  }

  setPosition(p: number): void {
    const run = this.getSnapshot().run;
    if (!run) return;
    const position = run.store.clampPosition(p);
    this.follow = position === run.store.length - 1;
    this.set({ position });
  }

  /** Stop the current job (the engine goes away, or the panel does). */
  dispose(): void {
    this.runs++;
    this.drop();
  }

  /** One event of the current run's job: record a frame, or end the run. */
  handle(e: JobEvent<'sample'>): void {
    const run = this.getSnapshot().run;
    if (!run || (this.job && e.jobId !== this.job.id)) return;
    if (e.type === 'frame') {
      run.store.append(e.frame);
      const now = performance.now();
      const wallMs = run.wallMs + (this.mark !== null ? now - this.mark : 0);
      const { phase } = this.getSnapshot();
      this.mark = phase === 'running' ? now : null;
      const end = run.store.length - 1;
      const finished = run.store.done;
      const next: Partial<SamplingSnapshot> = {
        run: { ...run, wallMs, finished, ...(finished && this.options.meter ? { scores: null } : {}) },
        stepsDone: run.store.stepsDone,
      };
      if (phase === 'stepping' || (phase === 'running' && finished)) {
        // one step shown, or the run reached x_0 (with reduced motion this is the one jump); the meter's reading follows in `done`
        this.follow = true;
        Object.assign(next, { phase: 'idle', position: end });
      } else if (phase === 'running' && this.follow && !this.options.reducedMotion) next.position = end;
      this.set(next);
    } else if (e.type === 'done') {
      const r = e.result;
      this.job = null;
      const ended = { ...run, finished: run.store.done, final: r.x0 ?? undefined, scores: r.scores ?? (r.scoreError ? undefined : run.scores), scoreError: r.scoreError };
      this.set({ run: ended, ...(this.getSnapshot().phase !== 'idle' ? { phase: 'idle' as const } : {}) });
    } else if (e.type === 'error') {
      this.job = null;
      this.set({ phase: 'idle', error: e.error, run: this.ended() });
    }
  }

  /** Where the view stops: with reduced motion it did not follow, so it jumps to the newest step. */
  private stoppedAt(): number {
    const { run, position } = this.getSnapshot();
    return run && this.options.reducedMotion ? run.store.length - 1 : position;
  }

  private drop(): void {
    this.job?.detach();
    this.job?.stop();
    this.job = null;
    this.mark = null;
  }

  private set(patch: Partial<SamplingSnapshot>): void {
    this.store.update((s) => ({ ...s, ...patch }));
  }
}
