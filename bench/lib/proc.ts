import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Memory of a process from /proc/<pid>/status, in MiB (Linux only). */
export interface ProcMemory {
  /** Resident set size now. */
  readonly rssMb: number;
  /** Peak resident set size since the process started (VmHWM). */
  readonly hwmMb: number;
  /** Anonymous (heap, stacks, SQLite page cache) part of the RSS. */
  readonly anonMb: number;
  /** File-backed part of the RSS (code, and SQLite's mmap of the database file). */
  readonly fileMb: number;
}

export function readMemory(pid: number): ProcMemory | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) : NaN;
  };
  return {
    rssMb: round1(kb('VmRSS') / 1024),
    hwmMb: round1(kb('VmHWM') / 1024),
    anonMb: round1(kb('RssAnon') / 1024),
    fileMb: round1(kb('RssFile') / 1024),
  };
}

/** Resident MiB of the mappings of files whose path ends with `suffix` (/proc/<pid>/smaps), e.g. SQLite's mmap. */
export function readMappedFileRssMb(pid: number, suffix: string): number {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return NaN;
  }
  let kb = 0;
  let inFile = false;
  for (const line of text.split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) {
      inFile = line.trimEnd().endsWith(suffix);
    } else if (inFile && line.startsWith('Rss:')) {
      kb += Number(/(\d+)/.exec(line)?.[1] ?? 0);
    }
  }
  return round1(kb / 1024);
}

let clockTicks: number | undefined;

/** USER_HZ, the unit of the times in /proc/<pid>/stat. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat), or NaN. */
export function readCpuSeconds(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at index 2 (state).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / ticksPerSecond();
  } catch {
    return NaN;
  }
}

/** Samples VmRSS every `intervalMs` while running; `stop()` returns the samples. */
export class RssSampler {
  private readonly samples: { readonly tMs: number; readonly rssMb: number }[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    const memory = readMemory(this.pid);
    if (memory) this.samples.push({ tMs: Math.round(performance.now() - this.started), rssMb: memory.rssMb });
  }

  stop(): { readonly tMs: number; readonly rssMb: number }[] {
    clearInterval(this.timer);
    this.sample();
    return this.samples;
  }
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
