package dev.mailserver.smtp.data;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.mailserver.smtp.server.SessionFlow;

/**
 * Back-pressure between a session and the writer of its incoming file: once more than {@link #HIGH_WATER}
 * bytes wait to be written, the session stops reading from its socket (its input is held, so TCP slows the
 * client down); once the writer has brought them below {@link #LOW_WATER}, reading resumes. Holding and
 * releasing happen on the session's event loop; this is told of chunks taken on the IO thread and of
 * chunks written on the writer thread.
 */
final class UnwrittenBytes {
    static final long HIGH_WATER = 1024 * 1024;
    static final long LOW_WATER = 256 * 1024;

    private final SessionFlow flow;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean holding = new AtomicBoolean();

    UnwrittenBytes(SessionFlow flow) {
        this.flow = flow;
    }

    /** On the IO thread: {@code length} more bytes wait for the writer. */
    void taken(long length) {
        if (bytes.addAndGet(length) > HIGH_WATER && holding.compareAndSet(false, true)) {
            flow.hold();
            // The writer may have caught up before it could see the hold.
            if (bytes.get() <= LOW_WATER && holding.compareAndSet(true, false)) {
                flow.release();
            }
        }
    }

    /** On the writer thread: {@code length} bytes are written (or dropped after a failure). */
    void written(long length) {
        if (bytes.addAndGet(-length) <= LOW_WATER && holding.compareAndSet(true, false)) {
            flow.executeOnSessionThread(flow::release);
        }
    }
}
