package dev.mailserver.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.io.TempDir;

import dev.mailserver.core.queue.BounceComposer;
import dev.mailserver.core.queue.MailQueue;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueAdministrationContract;

class RocksDbMailQueueContractTest extends QueueAdministrationContract {
    @TempDir
    Path directory;

    @Override
    protected MailQueue open(Clock clock, BounceComposer bounces) throws IOException {
        return RocksDbMailQueue.open(directory, clock, QueueSettings.defaults(), bounces);
    }

    @Override
    protected QueueAdministration administrationOf(MailQueue queue) {
        return ((RocksDbMailQueue) queue).administration();
    }

    @Override
    protected void close(MailQueue queue) {
        ((RocksDbMailQueue) queue).close();
    }
}
