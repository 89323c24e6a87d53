package dev.mailserver.smtp.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Which threads read and wrote which files meanwhile, as the JDK's own flight recorder saw it (its
 * {@code jdk.FileRead} and {@code jdk.FileWrite} events, every one of them, however short).
 */
public final class FileAccesses implements AutoCloseable {
    private final Recording recording = new Recording();
    private final Path dump;

    private FileAccesses(Path dump) {
        this.dump = dump;
    }

    /** Starts recording; {@code dump} is where the recording is written when it is read. */
    public static FileAccesses record(Path dump) {
        FileAccesses accesses = new FileAccesses(dump);
        accesses.recording.enable("jdk.FileRead").withThreshold(Duration.ZERO).withoutStackTrace();
        accesses.recording.enable("jdk.FileWrite").withThreshold(Duration.ZERO).withoutStackTrace();
        accesses.recording.start();
        return accesses;
    }

    /** Stops recording (at the first call) and returns every access to a file under {@code directory}. */
    public List<Access> under(Path directory) throws IOException {
        if (recording.getState() == RecordingState.RUNNING) {
            recording.stop();
            recording.dump(dump);
        }
        String prefix = directory.toAbsolutePath() + "/";
        return RecordingFile.readAllEvents(dump).stream()
            .filter(event -> event.getString("path") != null && event.getString("path").startsWith(prefix))
            .map(FileAccesses::access)
            .toList();
    }

    private static Access access(RecordedEvent event) {
        return new Access(event.getEventType().getName().equals("jdk.FileRead") ? "read" : "write", Path.of(event.getString("path")),
            event.getThread() == null ? "" : event.getThread().getJavaName());
    }

    @Override
    public void close() {
        recording.close();
    }

    /** One read or write of a file by the thread named {@code thread}. */
    public record Access(String kind, Path file, String thread) {
    }
}
