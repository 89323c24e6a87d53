-- The mail queue. Times are milliseconds since the epoch by the clock of the node that wrote them.

CREATE TABLE messages (
    id              text COLLATE "C" PRIMARY KEY,           -- the queue id; sorts by arrival
    sender          text NOT NULL,               -- the envelope sender, '' for the null sender
    size            bigint NOT NULL,
    arrived_at      bigint NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at bigint NOT NULL,             -- when the pending recipients are due
    held            boolean NOT NULL DEFAULT false,
    delay_warned    boolean NOT NULL DEFAULT false,
    notice_of       text,                        -- for a failure notice or delay warning: the message it reports on
    lease_owner     text,                        -- the node delivering it, null when not leased
    lease_epoch     bigint NOT NULL DEFAULT 0,   -- the fencing token: one more at every lease
    lease_until     bigint                       -- when the lease times out, null when not leased
) WITH (fillfactor = 80);

-- What leaseDue walks: due, not held, oldest due first.
CREATE INDEX messages_due ON messages (next_attempt_at, id) WHERE NOT held;

CREATE TABLE recipients (
    message_id  text COLLATE "C" NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    address     text NOT NULL,
    status      text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    last_result text NOT NULL DEFAULT '',
    PRIMARY KEY (message_id, position)
) WITH (fillfactor = 80);

CREATE TABLE content_chunks (
    message_id text COLLATE "C" NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    data       bytea NOT NULL,
    PRIMARY KEY (message_id, seq)
);
-- Mail is mostly compressed already (base64 of JPEG, PDF, ZIP): store chunks out of line without compressing.
ALTER TABLE content_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- A queue table is small and rewritten all day: vacuum it after 1 % of its rows changed, not 20 %.
ALTER TABLE messages SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE recipients SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
