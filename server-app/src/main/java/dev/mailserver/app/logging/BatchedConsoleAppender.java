package dev.mailserver.app.logging;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

/**
 * Writes the log lines to standard output from a thread of its own, many lines in one {@code write} when
 * they come fast: a thread that logs only queues its line. Logback's {@code AsyncAppender} behind a
 * {@code ConsoleAppender} wakes its thread and makes a system call for every line, which at a few thousand
 * messages a second (two lines each) was a good part of the server's CPU.
 *
 * <p>The writer sleeps while nothing is queued, and the next line wakes it. It writes whatever it finds
 * queued; when that was more than one line the server is busy, and it pauses {@link #PAUSE_MILLIS} before
 * it looks again, so that the lines of the pause go out together; a line then appears at most that late.
 * A lone line is written at once. No line is dropped: a thread that logs waits while {@link #QUEUED_LINES}
 * are queued, that is while whoever reads standard output has stopped. {@link #stop} writes the lines
 * still queued.
 */
public final class BatchedConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final int QUEUED_LINES = 8192;
    static final long PAUSE_MILLIS = 10;
    private static final long STOP_WAIT_MILLIS = 1000;

    private final BlockingQueue<ILoggingEvent> queue = new ArrayBlockingQueue<>(QUEUED_LINES);
    private final OutputStream out;
    private Encoder<ILoggingEvent> encoder;
    private Thread writer;
    private volatile boolean asleep;

    /** Writes to standard output (as logback.xml makes it). */
    public BatchedConsoleAppender() {
        this(new FileOutputStream(FileDescriptor.out));
    }

    BatchedConsoleAppender(OutputStream out) {
        this.out = out;
    }

    /** How each line is written (a {@code <encoder>} in logback.xml); set before {@link #start}. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder set for the appender named [" + name + "]");
            return;
        }
        writer = new Thread(this::writeUntilStopped, "log-writer");
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(event);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (asleep) {
            LockSupport.unpark(writer);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the queued lines, waiting up to a second for them, and ends the writer. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        LockSupport.unpark(writer);
        try {
            writer.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>();
        ByteArrayOutputStream lines = new ByteArrayOutputStream(64 * 1024);
        while (isStarted() || !queue.isEmpty()) {
            queue.drainTo(batch);
            int taken = batch.size();
            if (taken == 0) {
                sleepUntilNextLine();
            } else {
                write(batch, lines);
                if (taken > 1) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
                }
            }
        }
    }

    /** Parks until a thread that logs (or {@link #stop}) unparks it; the flag is set before the last look. */
    private void sleepUntilNextLine() {
        asleep = true;
        if (queue.isEmpty() && isStarted()) {
            LockSupport.park(this);
        }
        asleep = false;
    }

    private void write(List<ILoggingEvent> batch, ByteArrayOutputStream lines) {
        lines.reset();
        try {
            for (ILoggingEvent event : batch) {
                lines.writeBytes(encoder.encode(event));
            }
            lines.writeTo(out);
        } catch (IOException | RuntimeException e) {
            addError("cannot write log lines to standard output", e);
        }
        batch.clear();
    }
}
