-- The tables pekko-persistence-jdbc 1.1.x reads and writes on PostgreSQL (its default, non-legacy
-- DAOs: org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao and
-- snapshot.dao.DefaultSnapshotDao), with the table and column names of the plugin's
-- reference.conf (jdbc-journal.tables.event_journal / event_tag, jdbc-snapshot-store.tables.snapshot).
-- The tables go into the connecting role's search_path (the plugin's schemaName is "").
--
-- Safe to run again: every statement is IF NOT EXISTS. Applied by an explicit command, never
-- silently. No durable_state table: slots are event sourced, the durable state store is unused.

-- One row per persisted event. `ordering` is the global insertion order (the plugin reads it
-- back after an insert and the read journal's offsets are built on it); the primary key makes
-- a second writer of the same (persistence_id, sequence_number) fail instead of forking a slot.
CREATE TABLE IF NOT EXISTS event_journal (
  ordering           BIGSERIAL,
  persistence_id     VARCHAR(255) NOT NULL,
  sequence_number    BIGINT       NOT NULL,
  deleted            BOOLEAN      NOT NULL DEFAULT FALSE,

  writer             VARCHAR(255) NOT NULL,
  write_timestamp    BIGINT,
  adapter_manifest   VARCHAR(255),

  event_ser_id       INTEGER      NOT NULL,
  event_ser_manifest VARCHAR(255) NOT NULL,
  event_payload      BYTEA        NOT NULL,

  meta_ser_id        INTEGER,
  meta_ser_manifest  VARCHAR(255),
  meta_payload       BYTEA,

  PRIMARY KEY (persistence_id, sequence_number)
);

CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx ON event_journal (ordering);

-- One row per tag of a tagged event (the plugin inserts them with the event; eventsByTag
-- queries join them). The store tags nothing today; the table is part of the plugin's schema.
CREATE TABLE IF NOT EXISTS event_tag (
  event_id BIGINT,
  tag      VARCHAR(256),
  PRIMARY KEY (event_id, tag),
  CONSTRAINT fk_event_journal
    FOREIGN KEY (event_id) REFERENCES event_journal (ordering) ON DELETE CASCADE
);

-- Snapshots of a persistent actor's state: on recovery the newest one is loaded first, then
-- the events after its sequence number are replayed.
CREATE TABLE IF NOT EXISTS snapshot (
  persistence_id        VARCHAR(255) NOT NULL,
  sequence_number       BIGINT       NOT NULL,
  created               BIGINT       NOT NULL,

  snapshot_ser_id       INTEGER      NOT NULL,
  snapshot_ser_manifest VARCHAR(255) NOT NULL,
  snapshot_payload      BYTEA        NOT NULL,

  meta_ser_id           INTEGER,
  meta_ser_manifest     VARCHAR(255),
  meta_payload          BYTEA,

  PRIMARY KEY (persistence_id, sequence_number)
);
