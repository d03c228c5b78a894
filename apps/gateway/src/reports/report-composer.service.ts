import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InstanceCatalog, PROCESS_NAMES, RunRecord, StorageDriver } from '@app/storage';
import { StatusPageLinks } from '../status/status-page-links.service';
import { composeDataSources } from './compose/data-sources.composer';
import { composeMeasures, composeSegments } from './compose/evaluations.composer';
import { composeRefreshStatus } from './compose/refresh-status.composer';
import { composeSubscriptions } from './compose/subscriptions.composer';
import type { ReportContext, ReportType, StatusReport } from './report.model';

/** Runs looked at for a data source's last (successful) refresh, per process that refreshes data sources. */
const DATA_SOURCE_RUNS = 100;

/** Reads what a report type needs from the store and hands it to the pure composers. */
@Injectable()
export class ReportComposerService {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly links: StatusPageLinks,
  ) {}

  async compose(instance: InstanceCatalog, type: ReportType): Promise<StatusReport> {
    const context: ReportContext = {
      reportId: `rpt_${randomBytes(12).toString('base64url')}`,
      dataset: instance.name,
      datasetDisplayName: instance.displayName,
      generatedAt: new Date().toISOString(),
    };
    const store = this.storage.processes;
    switch (type) {
      case 'refreshStatus': {
        const latest = [];
        for (const process of PROCESS_NAMES) {
          const [run] = await store.listRuns(instance.name, { process, limit: 1 });
          latest.push({ process, ...(run ? { run } : {}) });
        }
        return composeRefreshStatus(context, latest, (runId) => this.links.runPage(instance.name, runId));
      }
      case 'dataSources':
        return composeDataSources(context, instance.dataSources, await this.dataSourceRuns(instance.name));
      case 'segments': {
        const segments = [];
        for (const definition of instance.manifest.segments ?? []) {
          segments.push({ definition, history: await store.evaluationHistory(instance.name, 'segment', definition.name, 2) });
        }
        return composeSegments(context, segments);
      }
      case 'measures': {
        const measures = [];
        for (const definition of instance.manifest.measures ?? []) {
          measures.push({ definition, history: await store.evaluationHistory(instance.name, 'measure', definition.name, 2) });
        }
        return composeMeasures(context, measures);
      }
      case 'subscriptions':
        return composeSubscriptions(context, await this.storage.webhooks.listSubscriptions(instance.name));
    }
  }

  /** Runs of the processes that refresh data sources, newest first. */
  private async dataSourceRuns(instance: string): Promise<RunRecord[]> {
    const store = this.storage.processes;
    const runs = [
      ...(await store.listRuns(instance, { process: 'dataSources', limit: DATA_SOURCE_RUNS })),
      ...(await store.listRuns(instance, { process: 'fullRefresh', limit: DATA_SOURCE_RUNS })),
    ];
    return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }
}
