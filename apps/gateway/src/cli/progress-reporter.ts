import { MultiBar, Presets } from 'cli-progress';

/** One bar: how many of `total` (partitions, rows) are done, and a detail after the count. */
export interface ProgressBar {
  update(done: number, detail?: string): void;
}

/**
 * Progress of a long command (an import, the demo's generation) on stderr. On a terminal:
 * bars, with notes printed above them. Elsewhere (a pipe, a file, the tests): no bars, so
 * what is read back stays plain lines; notes are still printed, one per line.
 */
export interface ProgressReporter {
  bar(label: string, total: number, unit: string): ProgressBar;
  note(line: string): void;
  /** Removes the bars' timer and leaves the cursor after the last bar. */
  stop(): void;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? new TerminalProgress(stream) : new PlainProgress(stream);
}

const count = (n: number) => n.toLocaleString('en-US');

class PlainProgress implements ProgressReporter {
  constructor(private readonly stream: NodeJS.WritableStream) {}
  bar(): ProgressBar {
    return { update: () => undefined };
  }
  note(line: string): void {
    this.stream.write(`${line}\n`);
  }
  stop(): void {}
}

/** Redraws at most this often when updates come faster (they do from a synchronous load). */
const REDRAW_MS = 100;
const LABEL_WIDTH = 18;

class TerminalProgress implements ProgressReporter {
  private readonly bars: MultiBar;
  private started = false;
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.bars = new MultiBar(
      {
        stream,
        format: ' {label} |{bar}| {done}/{all} {unit}{detail}',
        barsize: 24,
        hideCursor: true,
        autopadding: true,
        // Notes printed above the bars move them down a line: draw every bar every time.
        forceRedraw: true,
        gracefulExit: true,
      },
      Presets.shades_classic,
    );
  }

  bar(label: string, total: number, unit: string): ProgressBar {
    this.started = true;
    const padded = label.length > LABEL_WIDTH ? `${label.slice(0, LABEL_WIDTH - 1)}…` : label.padEnd(LABEL_WIDTH);
    const bar = this.bars.create(Math.max(total, 1), 0, { label: padded, done: '0', all: count(total), unit, detail: '' });
    return {
      update: (done, detail) => {
        bar.update(Math.min(done, Math.max(total, 1)), { done: count(done), detail: detail ? `, ${detail}` : '' });
        // A load that holds the event loop (SQLite) starves the bars' timer: draw from here too.
        if (Date.now() - this.lastDraw >= REDRAW_MS) {
          this.lastDraw = Date.now();
          this.bars.update();
        }
      },
    };
  }

  note(line: string): void {
    if (this.started) this.bars.log(`${line}\n`);
    else this.stream.write(`${line}\n`);
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    // Notes wait for the next frame: draw it, so none is lost.
    this.bars.update();
    this.bars.stop();
  }
}
