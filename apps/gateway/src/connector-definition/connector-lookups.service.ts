import { Injectable } from '@nestjs/common';
import { Connection, PROCESS_NAMES, ProcessName } from '@app/storage';
import { ConnectorTargetResolver } from '../connector/connector-target.resolver';

/** One entry of a connector dropdown (`x-ms-dynamic-values`: value-path `Name`, value-title `DisplayName`). */
export interface NamedValue {
  readonly Name: string;
  readonly DisplayName: string;
}

const PROCESS_DISPLAY_NAMES: Readonly<Record<ProcessName, string>> = {
  dataSources: 'Data sources',
  segments: 'Segments',
  measures: 'Measures',
  fullRefresh: 'Full refresh',
};

/**
 * The lists behind the trigger parameters' dropdowns (segment, measure, process): what the
 * admin API lists too, but open to any connection granted the dataset, since the maker who
 * builds a flow holds a reader or writer key, not the admin's.
 */
@Injectable()
export class ConnectorLookups {
  constructor(private readonly targets: ConnectorTargetResolver) {}

  async segments(connection: Connection, dataset: string): Promise<{ value: NamedValue[] }> {
    const instance = await this.targets.dataset(connection, dataset);
    return { value: (instance.manifest.segments ?? []).map((s) => ({ Name: s.name, DisplayName: s.displayName ?? s.name })) };
  }

  async measures(connection: Connection, dataset: string): Promise<{ value: NamedValue[] }> {
    const instance = await this.targets.dataset(connection, dataset);
    return { value: (instance.manifest.measures ?? []).map((m) => ({ Name: m.name, DisplayName: m.displayName ?? m.name })) };
  }

  async processes(connection: Connection, dataset: string): Promise<{ value: NamedValue[] }> {
    await this.targets.dataset(connection, dataset);
    return { value: PROCESS_NAMES.map((name) => ({ Name: name, DisplayName: PROCESS_DISPLAY_NAMES[name] })) };
  }
}
