package dev.mailserver.smtp.chain;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/** Hook answers with our own reply code and text (the text starting with the enhanced status code). */
final class HookResults {
    private HookResults() {
    }

    /** Refuses the command with this reply; a 2xx code answers it without the command taking effect. */
    static HookResult deny(String code, String description) {
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode(code).smtpDescription(description).build();
    }

    /** A temporary refusal: the client may try again later. */
    static HookResult denySoft(String code, String description) {
        return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode(code).smtpDescription(description).build();
    }
}
