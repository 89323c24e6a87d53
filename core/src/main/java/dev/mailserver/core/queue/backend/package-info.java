/**
 * What every queue backend shares, so that the RocksDB spool and the PostgreSQL queue behave alike: the
 * effect of a recorded attempt on a message together with the notices it causes, the retry policy, the
 * streaming of chunked content, the enqueue threads, and the signal that wakes a waiting delivery loop.
 * No storage of their own.
 */
package dev.mailserver.core.queue.backend;
