import type { Evidence } from '../types.js';

/** Backing services compose can run next to the app. MySQL and MariaDB are separate: their images differ. */
export type ServiceId = 'postgres' | 'mysql' | 'mariadb' | 'redis' | 'mongodb';

/** Fixed order: compose files list services this way whatever order the signals came in. */
export const SERVICE_ORDER: readonly ServiceId[] = ['postgres', 'mysql', 'mariadb', 'redis', 'mongodb'];

export interface FoundService {
  readonly id: ServiceId;
  /** The first signal that named it (a dependency or a connection URL), shown in the compose header. */
  readonly evidence: Evidence;
  /** Connection variables (PGHOST, DB_USER, …) the app's files read for this service; compose sets them. */
  readonly reads?: readonly string[];
}
