package dev.mailserver.smtp.server;

import java.io.IOException;
import java.util.Optional;

import javax.net.ssl.SSLException;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;

/** Tells apart the connection failures a client can cause, which deserve one log line and no trace. */
final class ClientFaults {
    private static final int MAX_REASON_LENGTH = 200;

    private ClientFaults() {
    }

    /** A short description of a failure the client caused, or empty for anything else (a fault of ours). */
    static Optional<String> describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLongFrameException) {
                return Optional.empty();
            }
            if (cause instanceof NotSslRecordException) {
                return Optional.of("TLS handshake failed: not a TLS record (plaintext on a TLS port?)");
            }
            if (cause instanceof SSLException) {
                return Optional.of("TLS handshake failed: " + reason(cause));
            }
            if (cause instanceof IOException) {
                return Optional.of("connection lost: " + reason(cause));
            }
        }
        return Optional.empty();
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > MAX_REASON_LENGTH ? message.substring(0, MAX_REASON_LENGTH) + "..." : message;
    }
}
