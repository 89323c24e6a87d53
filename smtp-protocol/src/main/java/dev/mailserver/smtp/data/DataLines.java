package dev.mailserver.smtp.data;

/** Facts about one raw DATA line as the framer delivers it (line ending included). */
public final class DataLines {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';

    private DataLines() {
    }

    /** {@code .<CRLF>}, the end of DATA. */
    public static boolean isTerminator(byte[] line) {
        return line.length == 3 && line[0] == DOT && line[1] == CR && line[2] == LF;
    }

    static boolean endsWithCrlf(byte[] line) {
        return line.length >= 2 && line[line.length - 2] == CR && line[line.length - 1] == LF;
    }

    /** RFC 5321 4.5.2: a line that starts with a period had one added by the client. */
    static boolean isDotStuffed(byte[] line) {
        return line.length > 0 && line[0] == DOT;
    }
}
