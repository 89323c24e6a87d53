-- The MAIL and RCPT parameters kept with a message (DSN, SMTPUTF8, REQUIRETLS). Rows written before this
-- version have none of them, which the defaults say.

ALTER TABLE messages
    ADD COLUMN envelope_id text,                                       -- ENVID, null when not given
    ADD COLUMN ret         text CHECK (ret IN ('FULL', 'HDRS')),       -- RET, null when not given
    ADD COLUMN smtp_utf8   boolean NOT NULL DEFAULT false,
    ADD COLUMN require_tls boolean NOT NULL DEFAULT false;

ALTER TABLE recipients
    ADD COLUMN notify     text,   -- NOTIFY as on the wire (NEVER, or e.g. SUCCESS,FAILURE), null when not given
    ADD COLUMN orcpt_type text,   -- ORCPT's address type, e.g. rfc822; null when not given
    ADD COLUMN orcpt      text;   -- ORCPT's address, decoded
