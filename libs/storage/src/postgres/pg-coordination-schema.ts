/**
 * What replicas agree on through PostgreSQL (§9):
 * - `schedule_ticks`: one row per schedule tick; the replica whose INSERT wins runs it, so a
 *   tick fires once however many replicas have the job. Rows older than a week are pruned.
 * - `shared_settings`: values generated once and used by every replica (signing secrets of
 *   `$skiptoken`s and status-page links, so a token issued by one replica verifies on another).
 */
export const PG_COORDINATION_DDL = `
CREATE TABLE IF NOT EXISTS schedule_ticks (
  key text PRIMARY KEY,
  owner text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ix_schedule_ticks_claimed ON schedule_ticks (claimed_at);
CREATE TABLE IF NOT EXISTS shared_settings (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;
