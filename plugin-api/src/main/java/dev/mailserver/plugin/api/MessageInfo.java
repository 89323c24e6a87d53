package dev.mailserver.plugin.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A message whose DATA has been received completely, before it is queued; given to {@link AsyncSmtpHook#onMessage}. */
public interface MessageInfo {
    /** The queue id the message will have. */
    String queueId();

    /** The envelope sender, {@code ""} for the null sender. */
    String sender();

    /** The envelope recipients. */
    List<String> recipients();

    /** The size of the content in bytes, as it will be queued. */
    long size();

    /** The header fields as received (including those added by the server and by hooks). */
    MessageHeaders headers();

    /**
     * The content as it will be queued (header and body, CRLF line ends). The stream reads a file:
     * open it on the blocking executor, not on the IO thread, for anything but a small message.
     */
    InputStream openContent() throws IOException;
}
