/**
 * Runs, evaluations, trigger subscriptions and the delivery outbox (§6) in PostgreSQL: the
 * same tables, columns and indexes as the SQLite `PROCESS_WEBHOOK_DDL`, so both stores
 * return identical values.
 *
 * - Times stay ISO-8601 text, as callers wrote them: a `timestamptz` would re-render them
 *   (offset, precision) and the stores would no longer agree to the character. Every text
 *   column that is compared or ordered uses `COLLATE "C"` (byte order, like SQLite's BINARY),
 *   so `created_at, id` orders and `next_attempt_at <= now` compare exactly as in SQLite,
 *   whatever the database's default collation.
 * - `seq` is an identity column: the order of events, as SQLite's rowid. It is never
 *   returned to callers (INT8 arrives as text in this pool).
 * - Deliveries carry no foreign key to their subscription: a run's commit must not fail
 *   because a subscription was deleted meanwhile (its deliveries are simply not written).
 * - `ix_deliveries_claim` finds each subscription's oldest pending delivery (its head) in one seek.
 */
export const PG_PROCESS_WEBHOOK_DDL = `
CREATE TABLE IF NOT EXISTS runs (
  id text COLLATE "C" PRIMARY KEY,
  instance text NOT NULL,
  process text NOT NULL,
  submission_kind text NOT NULL,
  status text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  started_at text,
  ended_at text,
  cancel_requested boolean NOT NULL DEFAULT false,
  error text,
  tasks text NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS ix_runs_instance ON runs (instance, created_at, id);
CREATE INDEX IF NOT EXISTS ix_runs_status ON runs (status, created_at, id);
CREATE TABLE IF NOT EXISTS evaluations (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instance text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('segment', 'measure')),
  name text NOT NULL,
  evaluated_at text COLLATE "C" NOT NULL,
  value double precision NOT NULL,
  run_id text NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_evaluations_name ON evaluations (instance, kind, name, evaluated_at, seq);
CREATE TABLE IF NOT EXISTS subscriptions (
  id text COLLATE "C" PRIMARY KEY,
  instance text NOT NULL,
  trigger_name text NOT NULL,
  parameters text NOT NULL,
  notification_url text NOT NULL,
  secret text NOT NULL,
  state text NOT NULL CHECK (state IN ('active', 'inactive')),
  state_reason text,
  created_at text COLLATE "C" NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  last_delivered_at text,
  last_error text
);
CREATE INDEX IF NOT EXISTS ix_subscriptions_instance ON subscriptions (instance, trigger_name, state);
CREATE TABLE IF NOT EXISTS deliveries (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  subscription_id text COLLATE "C" NOT NULL,
  instance text NOT NULL,
  event_type text NOT NULL,
  payload text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at text COLLATE "C" NOT NULL,
  last_status integer,
  last_error text,
  delivered_at text,
  lease_until text COLLATE "C",
  lease_owner text
);
CREATE INDEX IF NOT EXISTS ix_deliveries_claim ON deliveries (subscription_id, state, seq);
CREATE INDEX IF NOT EXISTS ix_deliveries_instance_state ON deliveries (instance, state, seq);
CREATE INDEX IF NOT EXISTS ix_deliveries_instance ON deliveries (instance, seq);
`;
