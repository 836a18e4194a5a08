/**
 * A progress bar on stderr with rate and ETA. On a terminal it redraws one line; otherwise (CI,
 * a log file) it prints a line every few seconds so long runs still show they are alive. A
 * command may add its own counts (`tick(n, detail)`) and say why it stands still (`note`).
 */
export class Progress {
  private readonly started = Date.now();
  private lastPrint = 0;
  private done = 0;
  private detail = '';

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(n = 1, detail?: string): void {
    this.done += n;
    if (detail !== undefined) this.detail = detail;
    const now = Date.now();
    const interval = this.out.isTTY ? 100 : 3000;
    if (now - this.lastPrint >= interval || this.done >= this.total) {
      this.lastPrint = now;
      this.render();
    }
  }

  /** Shown at once, e.g. `waiting 42 s: 429 rate-limited` while the run honours a Retry-After. */
  note(text: string): void {
    this.lastPrint = Date.now();
    this.render(text);
  }

  line(): string {
    const elapsed = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = this.done / elapsed;
    const share = this.total ? Math.min(this.done / this.total, 1) : 1;
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : 0;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '-');
    const detail = this.detail ? ` (${this.detail})` : '';
    return `${this.label} [${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${this.done}/${this.total}${detail} ${rate.toFixed(0)}/s ETA ${eta}s`;
  }

  private render(note?: string): void {
    const text = note ? `${this.line()} — ${note}` : this.line();
    // \x1b[K clears what a longer previous line left on the terminal.
    if (this.out.isTTY) this.out.write(`\r${text}\x1b[K${this.done >= this.total ? '\n' : ''}`);
    else this.out.write(`${text}\n`);
  }
}
