-- policytext result store (DuckDB). One row per input document in `documents`; the other
-- tables hang off documents.doc_id. A document is replaced as a whole when it is processed
-- again (same doc_id), inside one transaction per batch.

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
    score     DOUBLE NOT NULL,
    PRIMARY KEY (doc_id, label_set, label)
);

CREATE TABLE IF NOT EXISTS actors (
    doc_id     VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    canonical  VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    surface    VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    PRIMARY KEY (doc_id, position)
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
    end_char    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE IF NOT EXISTS sectors (
    doc_id     VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    sector     VARCHAR NOT NULL,
    nace       VARCHAR[] NOT NULL,
    surface    VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    PRIMARY KEY (doc_id, position)
);

CREATE INDEX IF NOT EXISTS predictions_label ON predictions (label_set, label);
CREATE INDEX IF NOT EXISTS actors_canonical ON actors (canonical);
CREATE INDEX IF NOT EXISTS actors_role ON actors (role);
CREATE INDEX IF NOT EXISTS milestones_start ON milestones (date_start);
CREATE INDEX IF NOT EXISTS sectors_sector ON sectors (sector);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source);
