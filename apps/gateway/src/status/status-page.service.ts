import { Inject, Injectable } from '@nestjs/common';
import { Connection, InstanceCatalog, NotFoundError, PROCESS_NAMES, StorageDriver, StorageErrorCode } from '@app/storage';
import { ConnectorTargetResolver } from '../connector/connector-target.resolver';
import { overviewLinks, runDetailLinks } from './status-links';
import type { StatusOverview } from './status-page.model';
import { renderRunDetail, renderStatusOverview } from './status-page.render';

/** How the viewer got in: a connection, or the signed link of one page (§6.3). */
export type StatusViewer = { readonly connection: Connection } | { readonly pageToken: true };

const HISTORY_POINTS = 30;
const RECENT_RUNS = 20;

/**
 * Reads the store and renders the status pages (§6.3). Links onward are plain: a signed link
 * opens its one page only, so a viewer who came by one meets the Basic prompt on the next page.
 */
@Injectable()
export class StatusPageService {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly targets: ConnectorTargetResolver,
  ) {}

  async overview(viewer: StatusViewer, dataset: string): Promise<string> {
    const instance = await this.instance(viewer, dataset);
    const runs = this.storage.processes;
    const recentRuns = await runs.listRuns(instance.name, { limit: RECENT_RUNS });
    const processes = [];
    for (const process of PROCESS_NAMES) {
      const [lastRun] = await runs.listRuns(instance.name, { process, limit: 1 });
      processes.push({ process, ...(lastRun ? { lastRun } : {}) });
    }
    const segments = [];
    for (const s of instance.manifest.segments ?? []) {
      const history = await runs.evaluationHistory(instance.name, 'segment', s.name, HISTORY_POINTS);
      segments.push({ name: s.name, displayName: s.displayName ?? s.name, state: s.state ?? 'active', history });
    }
    const measures = [];
    for (const m of instance.manifest.measures ?? []) {
      const history = await runs.evaluationHistory(instance.name, 'measure', m.name, HISTORY_POINTS);
      const description = `${m.aggregate}(${m.entity}${m.field ? `.${m.field}` : ''})${m.filter ? ` where ${m.filter}` : ''}`;
      measures.push({ name: m.name, displayName: m.displayName ?? m.name, description, history });
    }
    const model: StatusOverview = {
      dataset: instance.name,
      displayName: instance.displayName,
      generatedAt: new Date().toISOString(),
      processes,
      recentRuns,
      segments,
      measures,
      links: overviewLinks(instance.name),
    };
    return renderStatusOverview(model);
  }

  async run(viewer: StatusViewer, dataset: string, id: string): Promise<string> {
    const instance = await this.instance(viewer, dataset);
    const run = await this.storage.processes.getRun(instance.name, id);
    if (!run) throw new NotFoundError(StorageErrorCode.RunNotFound, `Dataset '${instance.name}' has no run '${id}'.`, id);
    const links = runDetailLinks(instance.name);
    return renderRunDetail({ dataset: instance.name, displayName: instance.displayName, generatedAt: new Date().toISOString(), run, links });
  }

  private async instance(viewer: StatusViewer, dataset: string): Promise<InstanceCatalog> {
    if ('connection' in viewer) return this.targets.dataset(viewer.connection, dataset);
    const instance = await this.storage.getInstance(dataset);
    if (!instance) throw new NotFoundError(StorageErrorCode.DatasetNotFound, `Dataset '${dataset}' does not exist.`, dataset);
    return instance;
  }

}
