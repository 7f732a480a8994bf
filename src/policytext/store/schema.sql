-- policytext result store (DuckDB). One row per input document in `documents`; the other
-- tables hang off documents.doc_id. A document is replaced as a whole when it is processed
-- again (same doc_id), inside one transaction per batch.
--
-- Keys: documents.doc_id is the primary key. The other tables are keyed by (doc_id, label_set,
-- label) or (doc_id, position); the write path guarantees that (it deletes and re-inserts a
-- document's rows in one transaction) rather than an index. No indexes on purpose: DuckDB answers
-- the filters of `policytext query` from its per-row-group min/max statistics and column scans
-- (well under a second on 20,000 documents), while ART indexes are kept in memory and would make
-- a long batch run's memory grow with the size of the store.

CREATE TABLE IF NOT EXISTS runs (
    run_id             VARCHAR PRIMARY KEY,
    started            TIMESTAMP NOT NULL,
    finished           TIMESTAMP,
    policytext_version VARCHAR,
    spacy_version      VARCHAR,
    base_pipeline      VARCHAR,
    model              VARCHAR,
    arguments          VARCHAR,
    documents          INTEGER,
    ok                 INTEGER,
    errors             INTEGER
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id        VARCHAR PRIMARY KEY,
    source        VARCHAR NOT NULL,
    content_hash  VARCHAR,
    status        VARCHAR NOT NULL,          -- ok | error
    error         VARCHAR,
    language      VARCHAR,
    title         VARCHAR,
    doc_date      DATE,
    n_chars       INTEGER,
    base_pipeline VARCHAR,
    model         VARCHAR,
    run_id        VARCHAR,
    text          VARCHAR                    -- cleaned text; offsets in the other tables point into it
);

CREATE TABLE IF NOT EXISTS predictions (
    doc_id    VARCHAR NOT NULL,
    label_set VARCHAR NOT NULL,              -- clusters | pillars
    label     VARCHAR NOT NULL,
    score     DOUBLE NOT NULL
);

CREATE TABLE IF NOT EXISTS actors (
    doc_id     VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    canonical  VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    surface    VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS milestones (
    doc_id      VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    value       VARCHAR,
    granularity VARCHAR NOT NULL,
    date_start  DATE,
    date_end    DATE,
    mod         VARCHAR,
    status      VARCHAR,
    surface     VARCHAR NOT NULL,
    sentence    VARCHAR,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sectors (
    doc_id     VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    sector     VARCHAR NOT NULL,
    nace       VARCHAR[] NOT NULL,
    surface    VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL
);
