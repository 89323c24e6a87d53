package dev.mailserver.storage.maildir;

import java.io.IOException;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * syncfs(2): flushes every file and directory of the file system that holds a path to disk, with one cache
 * flush of the device, as a sync(1) limited to that file system. Linux only; since Linux 5.8 it reports a
 * writeback error of any file there (an error nobody has seen yet, for a descriptor opened now).
 */
final class FileSystemSync {
    private static final int READ_ONLY_CLOSE_ON_EXEC = 0x80000;
    private static final boolean LOADED = load();

    private FileSystemSync() {
    }

    /** Whether this system can sync a file system alone (Linux, with JNA's native library loadable). */
    static boolean supported() {
        return LOADED;
    }

    /** Returns once everything written to the file system that holds {@code path} is on disk. */
    static void sync(Path path) throws IOException {
        if (!LOADED) {
            throw new IOException("syncfs is not available on this system");
        }
        int descriptor;
        try {
            descriptor = open(path.toString(), READ_ONLY_CLOSE_ON_EXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + path + " to sync its file system: errno " + e.getErrorCode());
        }
        try {
            syncfs(descriptor);
        } catch (LastErrorException e) {
            throw new IOException("cannot sync the file system of " + path + ": errno " + e.getErrorCode());
        } finally {
            close(descriptor);
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

    private static native int close(int descriptor);
}
