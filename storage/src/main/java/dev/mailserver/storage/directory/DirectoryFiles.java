package dev.mailserver.storage.directory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How the directory's files ({@link MapFile}s: users, domains, aliases, quotas) are kept current while
 * another process may replace them. A command reads them {@link #checkedOnRead() on every read}. The
 * server has them {@link #refreshedInBackground refreshed by a thread of their own}, so that a look-up,
 * such as an SMTP IO thread's at RCPT, never touches the disk; a change shows within one interval.
 */
public final class DirectoryFiles implements AutoCloseable {
    private static final DirectoryFiles CHECKED_ON_READ = new DirectoryFiles(Optional.empty());

    private final Optional<ScheduledExecutorService> refresher;
    private final List<ReloadingMap> refreshed = new CopyOnWriteArrayList<>();

    private DirectoryFiles(Optional<ScheduledExecutorService> refresher) {
        this.refresher = refresher;
    }

    /** Each read looks at the file first (a stat) and re-reads it when it was replaced. */
    public static DirectoryFiles checkedOnRead() {
        return CHECKED_ON_READ;
    }

    /** One daemon thread looks at every file opened through this every {@code interval}; until {@link #close}. */
    public static DirectoryFiles refreshedInBackground(Duration interval) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "directory-files");
            thread.setDaemon(true);
            return thread;
        });
        DirectoryFiles files = new DirectoryFiles(Optional.of(refresher));
        refresher.scheduleWithFixedDelay(files::refreshAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return files;
    }

    /** The entries of {@code file}, read now and kept current as this says. @throws IOException when it exists but cannot be read */
    public ReloadingMap open(MapFile file) throws IOException {
        ReloadingMap map = new ReloadingMap(file, refresher.isEmpty());
        if (refresher.isPresent()) {
            refreshed.add(map);
        }
        return map;
    }

    private void refreshAll() {
        refreshed.forEach(ReloadingMap::refresh);
    }

    @Override
    public void close() {
        refresher.ifPresent(ScheduledExecutorService::shutdownNow);
    }
}
