/**
 * A progress bar on stderr with rate and ETA. On a terminal it redraws one line; otherwise (CI,
 * a log file) it prints a line every few seconds so long runs still show they are alive.
 */
export class Progress {
  private readonly started = Date.now();
  private lastPrint = 0;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(n = 1): void {
    this.done += n;
    const now = Date.now();
    const interval = this.out.isTTY ? 100 : 3000;
    if (now - this.lastPrint >= interval || this.done >= this.total) {
      this.lastPrint = now;
      this.render();
    }
  }

  line(): string {
    const elapsed = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = this.done / elapsed;
    const share = this.total ? Math.min(this.done / this.total, 1) : 1;
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : 0;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '-');
    return `${this.label} [${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${this.done}/${this.total} ${rate.toFixed(0)}/s ETA ${eta}s`;
  }

  private render(): void {
    if (this.out.isTTY) this.out.write(`\r${this.line()}${this.done >= this.total ? '\n' : ''}`);
    else this.out.write(`${this.line()}\n`);
  }
}
