package dev.mailserver.app;

/**
 * The system calls that make a Maildir delivery durable, for each {@code delivery.local.sync}: where, in a
 * server's {@link SystemCalls}, the message's file in {@code tmp/} was synced, and where its entry in {@code new/}.
 */
enum MaildirSyncCalls {
    /** A syncfs after the file was written, and another after its rename. */
    FILE_SYSTEM("file-system") {
        @Override
        int fileSynced(SystemCalls calls, String mailbox) {
            int written = calls.started(-1, call -> call.path().startsWith(mailbox + "/tmp/") && call.name().contains("write"));
            return written < 0 ? -1 : calls.succeeded(written, call -> call.name().equals("syncfs"));
        }

        @Override
        int entrySynced(SystemCalls calls, String mailbox, int renamed) {
            return calls.succeeded(renamed, call -> call.name().equals("syncfs"));
        }
    },
    /** An fsync of the file, then one of new/. */
    FILE("file") {
        @Override
        int fileSynced(SystemCalls calls, String mailbox) {
            return calls.succeeded(-1, call -> call.path().startsWith(mailbox + "/tmp/") && call.name().endsWith("sync"));
        }

        @Override
        int entrySynced(SystemCalls calls, String mailbox, int renamed) {
            return calls.succeeded(renamed, call -> call.path().equals(mailbox + "/new") && call.name().endsWith("sync"));
        }
    };

    private final String setting;

    MaildirSyncCalls(String setting) {
        this.setting = setting;
    }

    /** The setting, a line for {@link TracedServer#start}. */
    String config() {
        return "delivery.local.sync = " + setting + "\n";
    }

    /** The line where the message's file in the mailbox's tmp/ was synced; -1 if nowhere. */
    abstract int fileSynced(SystemCalls calls, String mailbox);

    /** The first line after {@code renamed} where the mailbox's new/ was synced; -1 if nowhere. */
    abstract int entrySynced(SystemCalls calls, String mailbox, int renamed);
}
