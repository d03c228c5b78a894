import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, validateCronExpression } from 'cron';
import { InstanceCatalog, ScheduleDefinition, StorageDriver } from '@app/storage';
import { RunService } from './run.service';

const PREFIX = 'schedule:';

/** Why a cron expression or time zone cannot be scheduled, or undefined when it can. */
export function scheduleProblem(schedule: ScheduleDefinition): string | undefined {
  for (const expression of schedule.cron) {
    const check = validateCronExpression(expression);
    if (!check.valid) return `'${expression}' is not a cron expression (${check.error?.message ?? 'invalid'}); use 5 or 6 fields, seconds first when 6`;
  }
  if (!isTimeZone(schedule.timezone)) return `'${schedule.timezone}' is not an IANA time zone (for example UTC or Europe/Paris)`;
  return undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Scheduled full refreshes (§6.3): each instance's cron expressions become jobs in Nest's
 * scheduler registry. A tick while the previous scheduled refresh is still queued or running
 * is skipped, so a slow refresh never piles up behind itself.
 *
 * Every replica has the jobs; the store lets one of them claim each tick (§9), and a schedule
 * edited through another replica is picked up when the store reports the change.
 */
@Injectable()
export class ScheduleService implements OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleService.name);
  private readonly replica = randomUUID();
  private stopListening?: () => void;

  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly registry: SchedulerRegistry,
    private readonly runs: RunService,
  ) {}

  /** Called once the instances are loaded (manifests, demo) at start. */
  async applyAll(): Promise<void> {
    for (const instance of await this.storage.listInstances()) this.apply(instance);
    this.stopListening ??= this.storage.coordination.onCatalogChanged((name) => void this.reapply(name));
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
  }

  private async reapply(name: string): Promise<void> {
    const instance = await this.storage.getInstance(name);
    if (instance) this.apply(instance);
    else this.removeJobs(name);
  }

  /** Replaces the instance's jobs with its current schedule. */
  apply(instance: InstanceCatalog): void {
    this.removeJobs(instance.name);
    const schedule = instance.manifest.schedule;
    if (!schedule?.active) return;
    const problem = scheduleProblem(schedule);
    if (problem) {
      this.logger.error(`schedule of ${instance.name} not started: ${problem}`);
      return;
    }
    schedule.cron.forEach((expression, index) => {
      const job = CronJob.from({ cronTime: expression, timeZone: schedule.timezone, onTick: () => this.tick(instance.name, index), start: true });
      this.registry.addCronJob(`${PREFIX}${instance.name}:${index}`, job);
    });
  }

  private removeJobs(instance: string): void {
    for (const name of this.registry.getCronJobs().keys()) {
      if (name.startsWith(`${PREFIX}${instance}:`)) this.registry.deleteCronJob(name);
    }
  }

  private async tick(instance: string, index: number): Promise<void> {
    try {
      // Replicas tick within milliseconds of the scheduled second: rounding names the tick they share.
      const second = Math.round(Date.now() / 1000);
      if (!(await this.storage.coordination.claimOnce(`schedule:${instance}:${index}:${second}`, this.replica))) return;
      const pending = await this.storage.processes.listRuns(instance, { process: 'fullRefresh', status: ['Queued', 'Running'], limit: 10 });
      if (pending.some((run) => run.submissionKind === 'Scheduled')) {
        this.logger.warn(`scheduled refresh of ${instance} skipped: the previous one is still running`);
        return;
      }
      await this.runs.submit(instance, 'fullRefresh', 'Scheduled');
    } catch (error) {
      this.logger.error(`scheduled refresh of ${instance} could not start`, error instanceof Error ? error.stack : String(error));
    }
  }
}
