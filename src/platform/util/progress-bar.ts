/**
 * A progress bar on stderr for long command-line work (imports, demo data). On a terminal it
 * redraws one line; otherwise (CI logs, pipes) it prints a line at most every 10%.
 */
export class ProgressBar {
  private lastPercent = -1;
  private lastDraw = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(done: number, total: number, detail = ''): void {
    const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastDraw < 100 && percent !== 100) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      this.stream.write(
        `\r${this.label} [${bar}] ${String(percent).padStart(3)}% ${format(done)}/${format(total)} ${detail}\u001b[K`,
      );
    } else if (percent >= this.lastPercent + 10 || (percent === 100 && this.lastPercent !== 100)) {
      this.lastPercent = percent;
      this.stream.write(`${this.label}: ${percent}% (${format(done)}/${format(total)}) ${detail}\n`);
    }
  }

  done(detail = ''): void {
    if (this.tty) this.stream.write(`\n`);
    if (detail) this.stream.write(`${this.label}: ${detail}\n`);
  }
}

function format(n: number): string {
  return n.toLocaleString('en-GB');
}
