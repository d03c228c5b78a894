import { Inject, Injectable } from '@nestjs/common';
import { Connection, generateConnectionId, generateKey, hashKey, NotFoundError, StorageDriver, StorageErrorCode } from '@app/storage';
import { ConnectionAuthenticator } from '../auth/connection-authenticator';
import type { CreateConnectionDto } from './dto/create-connection.dto';

/** A connection as the admin API shows it: never the key or its hash. */
export interface ConnectionView {
  readonly id: string;
  readonly displayName: string;
  readonly role: Connection['role'];
  readonly datasets: readonly string[];
  readonly throttleLimit: number | null;
  readonly createdAt: string;
}

@Injectable()
export class ConnectionsService {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly authenticator: ConnectionAuthenticator,
  ) {}

  /** The key is returned here only; the store keeps its hash. */
  async create(dto: CreateConnectionDto): Promise<ConnectionView & { key: string }> {
    const key = generateKey();
    const connection = await this.storage.createConnection({
      id: generateConnectionId(),
      displayName: dto.displayName,
      keyHash: hashKey(key),
      role: dto.role,
      datasets: [...new Set(dto.datasets)],
      ...(dto.throttleLimit !== undefined ? { throttleLimit: dto.throttleLimit } : {}),
    });
    return { ...toView(connection), key };
  }

  async list(): Promise<{ value: ConnectionView[] }> {
    return { value: (await this.storage.listConnections()).map(toView) };
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.storage.revokeConnection(id))) {
      throw new NotFoundError(StorageErrorCode.ConnectionNotFound, `Connection '${id}' does not exist.`, id);
    }
    this.authenticator.forget(id);
  }
}

function toView(connection: Connection): ConnectionView {
  return {
    id: connection.id,
    displayName: connection.displayName,
    role: connection.role,
    datasets: connection.datasets,
    throttleLimit: connection.throttleLimit ?? null,
    createdAt: connection.createdAt,
  };
}
