// Types for the report renderer, so that unit tests can call it with type checking.
export { statsOf, type Stats, type SummaryStats } from './benchStats.mjs';
/** report.json as scripts/bench.mjs writes it; the per-backend parts are passed through from bench.html. */
export interface BenchReport {
  environment?: {
    date?: string;
    quick?: boolean;
    gpu?: boolean;
    browser?: { path?: string; version?: string };
    flags?: string[];
    os?: { platform?: string; release?: string; arch?: string; cpuModel?: string | null; cpuCount?: number; totalMemoryBytes?: number };
    node?: string;
  };
  backends?: Array<Record<string, unknown> & { backend: string; available: boolean; reason?: string }>;
  page?: Array<Record<string, unknown> & { backend: string }>;
  size?: {
    files?: Array<{ path: string; kind: string; raw: number; gzip: number }>;
    js?: { files: number; raw: number; gzip: number };
    dataset?: { path: string; raw: number; gzip: number } | null;
  };
  /** reference/bench.py on the same machine, or why it was not measured */
  pytorch?:
    | { error: string }
    | {
        torch?: string;
        cpuCount?: number;
        defaultThreads?: number;
        training?: Array<{ model: string; size: string; batch: number; threads: number; msPerStep: number; gflops?: number | null }>;
        sampling?: Array<{ model: string; size: string; images: number; threads: number; msPerStep: number }>;
      }
    | null;
}
export function fmtVsPytorch(oursMs: number | null | undefined, torchMs: number | null | undefined): string;
export function renderMarkdown(report: BenchReport): string;
export function fmtNum(v: number | null | undefined, digits?: number): string;
export function fmtMs(v: number | null | undefined): string;
export function fmtDuration(ms: number | null | undefined): string;
export function fmtStats(s: { median: number; p10?: number; p90?: number; n?: number } | null | undefined): string;
export function fmtBytes(b: number | null | undefined): string;
export function fmtCount(n: number | null | undefined): string;
export function fmtPercent(fraction: number | null | undefined): string;
export function fmtSpeedup(oursMs: number | null | undefined, naiveMs: number | null | undefined): string | null;
export function deviceOf(result: { adapter?: { vendor?: string; architecture?: string; device?: string; description?: string } | null; renderer?: string | null } | null | undefined): string | null;
