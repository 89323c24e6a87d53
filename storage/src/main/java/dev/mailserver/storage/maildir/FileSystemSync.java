package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * syncfs(2) of the file system that holds a path: flushes every file and directory there to disk, with one
 * cache flush of the device, as a sync(1) limited to that file system. Linux only.
 *
 * <p>The path is opened once, at the first sync, and its descriptor kept: since Linux 5.8 a syncfs reports
 * any writeback error on the file system since the previous syncfs through the same descriptor, so a page
 * the kernel failed to write back on its own between two syncs fails the next one. A descriptor opened for
 * each sync would have taken such an error as already seen, and would cost an open and a close a sync.
 * Safe for concurrent use.
 */
final class FileSystemSync {
    private static final int READ_ONLY_CLOSE_ON_EXEC = 0x80000;
    private static final int NOT_OPEN = -1;
    private static final boolean LOADED = load();

    private final Path path;
    private volatile int descriptor = NOT_OPEN;

    /** @param path a directory on the file system to sync; it need not exist before the first {@link #sync} */
    FileSystemSync(Path path) {
        this.path = path;
    }

    /** Whether this system can sync a file system alone (Linux, with JNA's native library loadable). */
    static boolean supported() {
        return LOADED;
    }

    /** Returns once everything written to the file system that holds the path is on disk. */
    void sync() throws IOException {
        if (!LOADED) {
            throw new IOException("syncfs is not available on this system");
        }
        try {
            syncfs(descriptor());
        } catch (LastErrorException e) {
            throw new IOException("cannot sync the file system of " + path + ": errno " + e.getErrorCode());
        }
    }

    private int descriptor() throws IOException {
        int open = descriptor;
        if (open != NOT_OPEN) {
            return open;
        }
        synchronized (this) {
            if (descriptor == NOT_OPEN) {
                try {
                    descriptor = open(path.toString(), READ_ONLY_CLOSE_ON_EXEC);
                } catch (LastErrorException e) {
                    throw new IOException("cannot open " + path + " to sync its file system: errno " + e.getErrorCode());
                }
            }
            return descriptor;
        }
    }

    private static boolean load() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Native.register(FileSystemSync.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (LinkageError | RuntimeException unavailable) {
            return false;
        }
    }

    private static native int open(String path, int flags) throws LastErrorException;

    private static native int syncfs(int descriptor) throws LastErrorException;
}
