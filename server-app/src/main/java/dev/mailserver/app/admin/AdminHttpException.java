package dev.mailserver.app.admin;

/** Ends an admin API request with this HTTP status and {@code {"error": message}}. */
final class AdminHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    AdminHttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
