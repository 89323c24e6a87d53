package dev.mailserver.pop3;

import io.netty.handler.codec.LineBasedFrameDecoder;

/** Command lines, CRLF or LF, at most 512 bytes (RFC 2449: 255 octets of argument); tells whether more bytes wait. */
final class Pop3LineDecoder extends LineBasedFrameDecoder {
    static final int MAX_LINE = 512;

    Pop3LineDecoder() {
        super(MAX_LINE, true, false);
    }

    /** Whether bytes after the last decoded line are waiting: sent before a TLS handshake, they must not count as sent after it. */
    boolean hasBufferedInput() {
        return actualReadableBytes() > 0;
    }
}
