package dev.mailserver.storage.sieve;

import java.util.List;
import java.util.Optional;

/**
 * A {@code vacation} action (RFC 5230): the reply to send unless the rules of section 4 say not to.
 *
 * @param days how long a sender gets no second reply for the same handle, at least 1
 * @param addresses the user's other addresses, besides the recipient's own
 * @param mime whether {@code reason} is a MIME entity (header and body) rather than plain text
 * @param handle what replies are counted by: the {@code :handle}, or one derived from the reply's text
 */
public record VacationRequest(int days, Optional<String> subject, Optional<String> from, List<String> addresses, boolean mime,
                              String handle, String reason) {
}
