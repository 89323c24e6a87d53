package dev.mailserver.queue;

/**
 * Where the content of a message is when it is kept in its file of {@link ContentFiles} rather than in the
 * content column family: the first {@code headLength} bytes are chunks of the content column family (a
 * header section replaced at reception, often none), the rest is the file from byte {@code skippedBytes} on.
 */
record ContentInFile(long headLength, long skippedBytes) {
}
