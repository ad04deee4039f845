/** A progress bar on stderr: redrawn in place on a terminal, a line every ~10 % otherwise. */
export class Progress {
  private readonly started = performance.now();
  private lastTenth = -1;

  constructor(
    private readonly total: number,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, extra = ''): void {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = done > 0 ? seconds / done : 0;
    const eta = done > 0 && done < this.total ? `, about ${formatSeconds(rate * (this.total - done))} left` : '';
    const text = `${done}/${this.total} ${this.unit} in ${formatSeconds(seconds)}${eta}${extra ? `  ${extra}` : ''}`;
    if (this.stream.isTTY) {
      const width = 24;
      const filled = Math.round((done / this.total) * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`);
      if (done >= this.total) this.stream.write('\n');
      return;
    }
    const tenth = Math.floor((done / this.total) * 10);
    if (tenth !== this.lastTenth || done >= this.total) {
      this.lastTenth = tenth;
      this.stream.write(`${text}\n`);
    }
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
