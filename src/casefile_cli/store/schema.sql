-- casefile database schema. Built by `casefile db build` from data/sources/.
-- Dates are EDTF text with inclusive ISO bounds beside them (*_lower, *_upper)
-- so that range queries are plain SQL. `section_id` names the case-file
-- section a fact comes from. A record's key (`id`) is its id as its case
-- file writes it, or `CASEFILE/ID` (`9122/joseph-stalin`) where another case
-- file already in the database holds that id for a record of that kind.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE casefiles (
    number TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    subtitle TEXT,
    epigraph TEXT,
    attribution TEXT,
    source_file TEXT,
    summary TEXT
);

CREATE TABLE sections (
    id TEXT PRIMARY KEY,              -- '<casefile>/<section>', e.g. '0121/kirov'
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    slug TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    line INTEGER,
    heading TEXT NOT NULL,
    heading_date TEXT
);

CREATE TABLE places (
    id TEXT PRIMARY KEY,
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    name TEXT NOT NULL,
    kind TEXT,
    within_id TEXT REFERENCES places(id),
    section_id TEXT REFERENCES sections(id)
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    name TEXT NOT NULL,
    full_name TEXT,
    native_name TEXT,
    kind TEXT,
    parent_id TEXT REFERENCES organisations(id),
    predecessor_id TEXT REFERENCES organisations(id),
    date_from TEXT,
    date_from_lower TEXT,
    date_to TEXT,
    date_to_upper TEXT,
    -- NULL where the text gives no bound; `seen`: the day the text attests it
    date_from_upper TEXT,
    date_from_seen TEXT,
    date_to_lower TEXT,
    date_to_seen TEXT,
    summary TEXT,
    section_id TEXT REFERENCES sections(id)
);

CREATE TABLE figures (
    id TEXT PRIMARY KEY,
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    name TEXT NOT NULL,
    native_name TEXT,
    summary TEXT
);

CREATE TABLE aliases (
    record_kind TEXT NOT NULL,        -- figure | organisation | place | operation
    record_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    kind TEXT NOT NULL,               -- spelling | transliteration | nickname | codename | ...
    generated INTEGER NOT NULL DEFAULT 0,  -- 1: made by the build, not written in sources
    basis TEXT NOT NULL DEFAULT 'casefile',  -- casefile | outside | inference
    casefile TEXT,                    -- the case file that names it so
    -- Two case files may name a record alike (by same_as): each keeps its row,
    -- so that removing one leaves the other's.
    PRIMARY KEY (record_kind, record_id, alias, kind, casefile)
);

-- Fields of a record whose value is knowledge from outside the case file.
CREATE TABLE outside_fields (
    record_kind TEXT NOT NULL,        -- figure | organisation | place
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,              -- name | native_name | full_name | within
    PRIMARY KEY (record_kind, record_id, field)
);

-- A record of a later case file that is one with a record of another
-- (`same_as: 0121/leon-trotsky`): its rows are stored under the canonical
-- record, each citing its own section; this keeps its own id and where it
-- was, and what its case file says of it in its own fields (summary,
-- `outside`), shown on the canonical record's card as that case file's.
CREATE TABLE same_as (
    record_kind TEXT NOT NULL,        -- figure | organisation | place | operation
    record_id TEXT NOT NULL,          -- its id in its own case file (ids are unique per case file)
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    name TEXT NOT NULL,               -- its name, or an operation's title
    canonical_id TEXT NOT NULL,
    canonical_casefile TEXT NOT NULL REFERENCES casefiles(number),
    source_line TEXT,                 -- FILE:LINE of the same_as in its source
    summary TEXT,
    outside TEXT,                     -- space-separated fields that are outside knowledge
    section_id TEXT REFERENCES sections(id),  -- the section it cites first, if any
    fields TEXT,                      -- JSON: its other fields of one value, as it gives them
    PRIMARY KEY (record_kind, record_id, casefile)
);

CREATE TABLE record_sections (
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    section_id TEXT NOT NULL REFERENCES sections(id),
    PRIMARY KEY (record_kind, record_id, section_id)
);

CREATE TABLE positions (
    id INTEGER PRIMARY KEY,
    figure_id TEXT NOT NULL REFERENCES figures(id),
    title TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations(id),
    office TEXT,
    date_from TEXT,
    date_from_lower TEXT,
    date_to TEXT,
    date_to_upper TEXT,
    -- NULL where the text gives no bound; `seen`: the day the text attests it
    date_from_upper TEXT,
    date_from_seen TEXT,
    date_to_lower TEXT,
    date_to_seen TEXT,
    certainty TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT 'casefile',
    section_id TEXT NOT NULL REFERENCES sections(id),
    note TEXT
);

CREATE TABLE operations (
    id TEXT PRIMARY KEY,
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    date_text TEXT,
    date_lower TEXT,                  -- NULL where the text gives no bound
    date_upper TEXT,
    date_seen_from TEXT,              -- first and last evidence: its own dates or its events'
    date_seen_to TEXT,
    date_start_upper TEXT,            -- latest day of the start, earliest of the end
    date_end_lower TEXT,
    place_id TEXT REFERENCES places(id),
    method TEXT,
    outcome TEXT,
    agency_id TEXT REFERENCES organisations(id),
    agency_certainty TEXT,            -- how the text ties the agency, if not stated
    section_id TEXT NOT NULL REFERENCES sections(id),
    chaptered INTEGER NOT NULL DEFAULT 0,   -- 1: the case file gives it a heading
    part_of_id TEXT REFERENCES operations(id),
    summary TEXT
);

CREATE TABLE participants (
    operation_id TEXT NOT NULL REFERENCES operations(id),
    figure_id TEXT NOT NULL REFERENCES figures(id),
    role TEXT NOT NULL,
    detail TEXT,
    certainty TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT 'casefile',
    section_id TEXT NOT NULL REFERENCES sections(id),
    scope_ids TEXT,                   -- space-separated targets the part concerns, if not all
    PRIMARY KEY (operation_id, figure_id, role)
);

-- A role told again by a later case file (same operation, person and role,
-- by same_as): the participants row keeps the first telling, this each later
-- one, so that the claim cites every case file that makes it.
CREATE TABLE participant_sources (
    operation_id TEXT NOT NULL REFERENCES operations(id),
    figure_id TEXT NOT NULL REFERENCES figures(id),
    role TEXT NOT NULL,
    detail TEXT,
    certainty TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT 'casefile',
    section_id TEXT NOT NULL REFERENCES sections(id),
    scope_ids TEXT,
    PRIMARY KEY (operation_id, figure_id, role, section_id)
);

CREATE TABLE operation_groups (
    id INTEGER PRIMARY KEY,
    operation_id TEXT NOT NULL REFERENCES operations(id),
    description TEXT NOT NULL,
    count INTEGER,
    role TEXT NOT NULL,
    outcome TEXT,                     -- what befell the group; kills counts deaths only
    by_ids TEXT,                      -- space-separated figure ids the text credits, if any
    certainty TEXT NOT NULL,
    section_id TEXT NOT NULL REFERENCES sections(id),
    note TEXT
);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    note TEXT NOT NULL,
    casefile TEXT                     -- the case file that says it
);

CREATE TABLE fates (
    id INTEGER PRIMARY KEY,
    figure_id TEXT NOT NULL REFERENCES figures(id),
    ordinal INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    date TEXT,
    date_text TEXT,
    date_lower TEXT,
    date_upper TEXT,
    place_id TEXT REFERENCES places(id),
    method TEXT,
    operation_id TEXT REFERENCES operations(id),
    unnamed_agents TEXT,
    certainty TEXT NOT NULL,
    section_id TEXT NOT NULL REFERENCES sections(id),
    note TEXT,
    killed INTEGER NOT NULL DEFAULT 0,   -- 1: this account tells of a killing
    best INTEGER NOT NULL DEFAULT 0,     -- 1: the best-supported account of this person
    inferred TEXT                        -- space-separated fields that are our inference
);

-- One row per claim: a named person's part in a fate account.
CREATE TABLE fate_agents (
    fate_id INTEGER NOT NULL REFERENCES fates(id),
    figure_id TEXT NOT NULL REFERENCES figures(id),
    role TEXT NOT NULL,               -- killer | ordered_by | organiser | accomplice | other
    part TEXT NOT NULL DEFAULT 'other',  -- the finer part: killed, ordered, decided, lured...
    certainty TEXT NOT NULL DEFAULT 'stated',
    basis TEXT NOT NULL DEFAULT 'casefile',
    section_id TEXT REFERENCES sections(id),
    date TEXT,                        -- the claim's own date, if not the fate's
    date_lower TEXT,
    date_upper TEXT,
    note TEXT,
    PRIMARY KEY (fate_id, figure_id, role)
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    date TEXT NOT NULL,
    date_text TEXT,
    date_lower TEXT,                  -- NULL where the text gives no bound
    date_upper TEXT,
    date_seen_from TEXT,              -- the first and last days the text attests
    date_seen_to TEXT,
    date_start_upper TEXT,            -- latest day of the start, earliest of the end
    date_end_lower TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    place_id TEXT REFERENCES places(id),
    operation_id TEXT REFERENCES operations(id),
    certainty TEXT NOT NULL,
    section_id TEXT NOT NULL REFERENCES sections(id),
    note TEXT
);

CREATE TABLE event_figures (
    event_id TEXT NOT NULL REFERENCES events(id),
    figure_id TEXT NOT NULL REFERENCES figures(id),
    role TEXT NOT NULL,
    PRIMARY KEY (event_id, figure_id, role)
);

CREATE TABLE event_organisations (
    event_id TEXT NOT NULL REFERENCES events(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (event_id, organisation_id)
);

CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES figures(id),
    relation TEXT NOT NULL,
    target_id TEXT NOT NULL REFERENCES figures(id),
    operation_id TEXT REFERENCES operations(id),
    date TEXT,
    date_lower TEXT,
    date_upper TEXT,
    certainty TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT 'casefile',
    section_id TEXT NOT NULL REFERENCES sections(id),
    note TEXT
);

CREATE TABLE quotations (
    id TEXT PRIMARY KEY,
    speaker_id TEXT REFERENCES figures(id),
    speaker_description TEXT,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    operation_id TEXT REFERENCES operations(id),
    section_id TEXT NOT NULL REFERENCES sections(id),
    context TEXT
);

CREATE TABLE contradictions (
    id TEXT PRIMARY KEY,
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    kind TEXT NOT NULL,
    subject_kind TEXT,
    subject_id TEXT,
    note TEXT
);

CREATE TABLE contradiction_claims (
    contradiction_id TEXT NOT NULL REFERENCES contradictions(id),
    ordinal INTEGER NOT NULL,
    says TEXT NOT NULL,
    section_id TEXT NOT NULL REFERENCES sections(id),
    PRIMARY KEY (contradiction_id, ordinal)
);

-- The name index used by every lookup: one row per way a record is named,
-- and one row per (word fold, name) so candidates come from an index seek.
CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    label TEXT NOT NULL,
    form TEXT NOT NULL,
    form_kind TEXT NOT NULL,
    norm TEXT NOT NULL,
    detail TEXT,
    weight INTEGER NOT NULL DEFAULT 0  -- sections that mention the record (completion order)
);

CREATE TABLE name_words (
    fold TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    name_id INTEGER NOT NULL REFERENCES names(id),
    PRIMARY KEY (fold, record_kind, name_id)
) WITHOUT ROWID;

CREATE TABLE vocabulary (
    record_kind TEXT NOT NULL,
    fold TEXT NOT NULL,
    PRIMARY KEY (record_kind, fold)
) WITHOUT ROWID;

-- Each vocabulary fold and its one-letter deletions: typo-tolerant lookup by
-- index seek (two words whose variants meet are within about two edits).
CREATE TABLE fold_variants (
    variant TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    fold TEXT NOT NULL,
    PRIMARY KEY (variant, record_kind, fold)
) WITHOUT ROWID;

-- Full text over every record's names and prose, for `casefile search`.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    casefile TEXT NOT NULL REFERENCES casefiles(number),
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL
);

-- Each case file's documents: one run of rowids (the record told of in most
-- sections first), how many, and their length in the full-text index's
-- tokens. Search reads a case file's first matches and ranks them by BM25
-- with these as the collection (store/searching.py).
CREATE TABLE document_ranges (
    casefile TEXT PRIMARY KEY REFERENCES casefiles(number),
    first_id INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    tokens INTEGER NOT NULL
);

-- documents_fts (name, body) and names_fts (form, label), FTS5 indexes over
-- these two tables, are created by store/writer.py with sqlite-utils'
-- enable_fts, so that sqlite-utils and Datasette recognise them.

CREATE INDEX positions_figure ON positions(figure_id);
CREATE INDEX positions_office ON positions(office, date_from_lower);
CREATE INDEX participants_figure ON participants(figure_id, role, operation_id);  -- covering
CREATE INDEX fates_figure ON fates(figure_id);
-- `list figures` by date: partial, so a lookup of one person's fates still seeks by figure_id.
-- Covering (`best` too: SQLite does not count a partial index's WHERE as columns it holds),
-- as are the three below, so a listing reads indexes in order and never a table row.
CREATE INDEX fates_best_date ON fates(date_lower, figure_id, best) WHERE best = 1;
-- Who has a dated best account: those without one follow, by name.
CREATE INDEX fates_dated_best ON fates(figure_id) WHERE best = 1 AND date_lower IS NOT NULL;
CREATE INDEX figures_name ON figures(name COLLATE NOCASE, id);  -- listings by name
CREATE INDEX figures_id_name ON figures(id, name, casefile);  -- a person's name, by id
CREATE INDEX figures_case_name ON figures(casefile, name COLLATE NOCASE, id);  -- list --case
CREATE INDEX fate_agents_figure ON fate_agents(figure_id);
CREATE INDEX events_date ON events(date_lower, date_upper);
CREATE INDEX operations_date ON operations(date_lower, date_upper);
CREATE INDEX event_figures_figure ON event_figures(figure_id);
CREATE INDEX relations_source ON relations(source_id);
CREATE INDEX relations_target ON relations(target_id);
CREATE INDEX aliases_record ON aliases(record_id);
CREATE INDEX same_as_canonical ON same_as(record_kind, canonical_id);  -- a card's linked records
CREATE INDEX names_record ON names(record_kind, record_id);
CREATE INDEX names_norm ON names(norm, record_kind);  -- prefix completion
-- Every query of a command seeks (issue 15): an operation's events, an
-- organisation's units, heads and operations, the days a period overlaps.
CREATE INDEX events_operation ON events(operation_id);
CREATE INDEX events_seen ON events(date_seen_from, date_seen_to);
CREATE INDEX events_seen_to ON events(date_seen_to);
CREATE INDEX events_case_seen ON events(casefile, date_seen_from);
CREATE INDEX events_case_seen_to ON events(casefile, date_seen_to);
CREATE INDEX operations_seen ON operations(date_seen_from, date_seen_to);
CREATE INDEX operations_agency ON operations(agency_id, id);  -- covering: the apparatus's
-- `cascade` starts from the people killed by some account among those with a hand in one.
CREATE INDEX fates_killed ON fates(figure_id) WHERE killed = 1;
CREATE INDEX positions_organisation ON positions(organisation_id);
CREATE INDEX organisations_parent ON organisations(parent_id);
CREATE INDEX organisations_predecessor ON organisations(predecessor_id);
CREATE INDEX quotations_operation ON quotations(operation_id);
CREATE INDEX quotations_speaker ON quotations(speaker_id);
-- Every card reads what the case files say about its record: seeks, not scans.
CREATE INDEX contradictions_subject ON contradictions(subject_kind, subject_id);
CREATE INDEX notes_record ON notes(record_kind, record_id);
-- Records told of in more than one section, offered first by completion: few at any size.
CREATE INDEX names_told ON names(norm, record_kind) WHERE weight > 1;

-- Who did what to whom, for people who browse the database directly.
CREATE VIEW operation_roles AS
SELECT o.id AS operation_id, o.title AS operation, o.date, f.id AS figure_id,
       f.name AS figure, p.role, p.detail, p.certainty, p.section_id
FROM participants p
JOIN operations o ON o.id = p.operation_id
JOIN figures f ON f.id = p.figure_id;

CREATE VIEW killings AS
SELECT v.id AS victim_id, v.name AS victim, fa.outcome, fa.date, fa.method,
       k.id AS agent_id, k.name AS agent, a.role, fa.certainty, fa.operation_id, fa.section_id,
       a.part, a.certainty AS agent_certainty, a.basis
FROM fates fa
JOIN figures v ON v.id = fa.figure_id
JOIN fate_agents a ON a.fate_id = fa.id
JOIN figures k ON k.id = a.figure_id;

CREATE VIEW office_holders AS
SELECT p.office, p.title, o.name AS organisation, f.id AS figure_id, f.name AS figure,
       p.date_from, p.date_to, p.date_from_lower, p.date_to_upper, p.certainty, p.section_id
FROM positions p
JOIN figures f ON f.id = p.figure_id
LEFT JOIN organisations o ON o.id = p.organisation_id;
