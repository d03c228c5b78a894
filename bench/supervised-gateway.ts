import { Context } from './context';
import { startGateway, StartedGateway, stopChecked } from './gateway';
import { say } from './lib/console';
import { ExitInfo } from './lib/processes';

/** Something outside the benchmark broke the gateway mid-run; recorded in the results. */
export interface Incident {
  readonly at: string;
  readonly during: string;
  readonly what: string;
  readonly code: number | null;
  readonly signal: string | null;
  readonly outputTail: string;
}

/**
 * A gateway that is restarted (at most 3 times per phase) when something outside the benchmark
 * kills it mid-run; each death is recorded as an incident and the run is repeated.
 */
export class SupervisedGateway {
  private current: StartedGateway | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly label: string,
    private readonly incidents: Incident[],
    private readonly nodeArgs: readonly string[],
    private readonly throttleTtlS: number | undefined,
  ) {}

  async start(): Promise<StartedGateway> {
    this.current = await startGateway(this.ctx, this.label, { intervalMs: 10, deadlineMs: 120_000 }, this.nodeArgs, this.throttleTtlS);
    return this.current;
  }

  get gateway(): StartedGateway {
    if (!this.current) throw new Error('gateway not started');
    return this.current;
  }

  /**
   * True when it had died or `failure` is set (and it was restarted): the caller repeats what it
   * was doing. Budget: 3 incidents per phase, then the benchmark fails.
   */
  async restartIfBroken(during: string, failure?: string): Promise<boolean> {
    const gateway = this.gateway;
    if (gateway.proc.alive() && failure === undefined) return false;
    let what: string;
    let exit: ExitInfo = { code: null, signal: null };
    if (gateway.proc.alive()) {
      what = `answered ${failure} during ${during}`;
      await gateway.proc.stop();
    } else {
      exit = await gateway.proc.exited;
      what = `exited during ${during} (code ${exit.code}, signal ${exit.signal})`;
    }
    this.incidents.push({ at: new Date().toISOString(), during, what, code: exit.code, signal: exit.signal, outputTail: gateway.proc.output().slice(-2000) });
    say(`   WARNING: the gateway ${what}; restarting it and repeating the run`);
    if (this.incidents.length > 3) throw new Error(`${this.incidents.length} incidents with the gateway; giving up`);
    await this.start();
    return true;
  }

  async stop(): Promise<void> {
    if (this.current) await stopChecked(this.current);
  }
}
