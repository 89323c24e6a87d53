package dev.mailserver.auth.spf;

/** Ends an evaluation at once with a permerror or a temperror (RFC 7208 sections 4.6 and 4.6.4). */
final class SpfAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SpfResult result;

    SpfAbort(SpfResult result, String reason) {
        super(reason, null, false, false);
        this.result = result;
    }

    SpfResult result() {
        return result;
    }

    static SpfAbort permerror(String reason) {
        return new SpfAbort(SpfResult.PERMERROR, reason);
    }

    static SpfAbort temperror(String reason) {
        return new SpfAbort(SpfResult.TEMPERROR, reason);
    }
}
