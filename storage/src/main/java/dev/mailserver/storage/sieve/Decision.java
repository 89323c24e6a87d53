package dev.mailserver.storage.sieve;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;

/**
 * What a script decided for one message: where it is stored, where it is redirected, whether it is rejected, and
 * the vacation reply to consider. No filing, redirect or rejection means it was discarded.
 *
 * @param filings the folders the message goes to, the first {@link Filing#DEFAULT_FOLDER} being the keep
 * @param redirects the addresses it is sent on to
 * @param rejection the reason of a {@code reject} or {@code ereject}
 */
public record Decision(List<Filing> filings, List<MailAddress> redirects, Optional<String> rejection, Optional<VacationRequest> vacation) {

    /**
     * One copy stored.
     *
     * @param folder a folder name ({@code INBOX} for the inbox), or {@link #DEFAULT_FOLDER} for where mail goes without a
     *     script: the inbox, or the folder the delivery was bound for (a {@code user+tag} folder, {@code Junk})
     * @param flags the IMAP flags it is stored with ({@code \Seen}...)
     * @param create whether the folder is made when missing ({@code fileinto :create}); without, mail for a missing
     *     folder goes where it would go without a script
     */
    public record Filing(String folder, Set<String> flags, boolean create) {
        public static final String DEFAULT_FOLDER = "";
    }

    public boolean discarded() {
        return filings.isEmpty() && redirects.isEmpty() && rejection.isEmpty();
    }
}
