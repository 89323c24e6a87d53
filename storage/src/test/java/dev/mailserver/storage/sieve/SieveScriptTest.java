package dev.mailserver.storage.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailserver.core.MessageContent;

class SieveScriptTest {
    private static final MessageContent MESSAGE = MessageContent.ofBytes("""
        From: "Bob Sender" <bob@remote.test>\r
        To: alice@example.test, =?utf-8?q?Caf=C3=A9?= <carol@example.test>\r
        Subject: =?utf-8?q?Caf=C3=A9?= meeting\r
        List-Id: <team.example.test>\r
        X-Spam-Score: 7\r
        \r
        body\r
        """.getBytes(StandardCharsets.UTF_8));

    private static Decision run(String script) throws Exception {
        return SieveScript.parse(script).run("bob@remote.test", "alice+lists@example.test", MESSAGE, "+");
    }

    private static List<String> folders(Decision decision) {
        return decision.filings().stream().map(Decision.Filing::folder).toList();
    }

    private static void assertInvalid(String script, int line, String reason) {
        assertThatThrownBy(() -> SieveScript.parse(script)).isInstanceOfSatisfying(InvalidScriptException.class, e -> {
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void brokenScriptsAreRefusedWithLineAndReason() {
        assertInvalid("require \"fileinto\";\nif true {\n  fileinto \"x\"\n}\n", 4, "expected ';'");
        assertInvalid("require [\"fileinto\", \"body\"];\n", 1, "unsupported capability \"body\"");
        assertInvalid("# comment\n\nfileinto \"Lists\";\n", 3, "fileinto needs require \"fileinto\"");
        assertInvalid("if size :over \"big\" { keep; }\n", 1, "argument 1 of size must be a number");
        assertInvalid("keep;\nrequire \"fileinto\";\n", 2, "require must come before any other command");
        assertInvalid("/* open\n\ncomment", 1, "never closed");
        assertInvalid("if header :is \"Subject\" \"x {\n keep;\n}\n", 1, "never closed");
        assertInvalid("frobnicate;", 1, "unknown command 'frobnicate'");
        assertInvalid("else { keep; }", 1, "else must follow if or elsif");
        assertInvalid("if header :contains :is \"Subject\" \"x\" { keep; }", 1, "only one of :is");
        assertInvalid("redirect \"not an address\";", 1, "not a mail address");
        assertInvalid("require \"fileinto\";\nfileinto \"../etc\";", 2, "is not INBOX nor a name");
        assertInvalid("if envelope :is \"to\" \"x\" { keep; }", 1, "envelope needs require \"envelope\"");
        assertInvalid("require \"envelope\";\nif envelope :detail \"to\" \"x\" { keep; }", 2, "tag :detail needs require \"subaddress\"");
        assertInvalid("if header :comparator \"i;unicode\" \"Subject\" \"x\" { keep; }", 1, "unknown comparator");
    }

    @Test
    void withoutActionsTheImplicitKeepStoresTheMessage() throws Exception {
        assertThat(folders(run("# nothing\n"))).containsExactly(Decision.Filing.DEFAULT_FOLDER);
        assertThat(run("stop; discard;").discarded()).isFalse();
    }

    @Test
    void testsSeeDecodedHeadersAddressPartsEnvelopeAndSize() throws Exception {
        String script = """
            require ["fileinto", "envelope", "subaddress", "comparator-i;octet"];
            if allof (header :contains "subject" "café",
                      address :domain "from" "REMOTE.test",
                      address :is :all "to" "carol@example.test",
                      envelope :detail "to" "lists",
                      envelope :user "to" "alice",
                      envelope :matches "from" "*@remote.te?t",
                      not header :comparator "i;octet" :is "Subject" "café MEETING",
                      exists ["List-Id", "X-Spam-Score"],
                      not exists "X-None",
                      size :under 1K,
                      anyof (false, size :over 10)) {
                fileinto "Lists";
            }
            """;
        assertThat(folders(run(script))).containsExactly("Lists");
        assertThat(folders(run(script.replace("\"lists\"", "\"other\"")))).containsExactly(Decision.Filing.DEFAULT_FOLDER);
    }

    @Test
    void actionsCancelOrKeepTheImplicitKeep() throws Exception {
        Decision copied = run("require [\"fileinto\", \"copy\"];\nfileinto :copy \"Archive\";\nredirect :copy \"bob@example.test\";\n");
        assertThat(folders(copied)).containsExactly("Archive", Decision.Filing.DEFAULT_FOLDER);
        assertThat(copied.redirects()).extracting(Object::toString).containsExactly("bob@example.test");

        Decision redirected = run("redirect \"bob@example.test\"; redirect \"BOB@example.test\";");
        assertThat(redirected.filings()).isEmpty();
        assertThat(redirected.redirects()).hasSize(1);
        assertThat(run("discard;").discarded()).isTrue();
        assertThat(run("require \"reject\";\nreject text:\nGo away.\n..dots\n.\n;").rejection()).contains("Go away.\r\n.dots\r\n");
        assertThatThrownBy(() -> run("redirect \"a@x.test\"; redirect \"b@x.test\"; redirect \"c@x.test\"; redirect \"d@x.test\";\n"
            + "redirect \"e@x.test\";")).isInstanceOf(ScriptFailure.class).hasMessageContaining("line 2: more than 4 redirects");
        assertThatThrownBy(() -> run("require \"reject\";\nkeep;\nreject \"no\";")).isInstanceOf(ScriptFailure.class)
            .hasMessageContaining("line 3");
    }

    @Test
    void imap4flagsGoWithTheKeepOrTheirOwnFiling() throws Exception {
        Decision flagged = run("require [\"imap4flags\", \"fileinto\"];\naddflag \"\\\\Seen \\\\Flagged\";\nremoveflag \"\\\\flagged\";\n"
            + "fileinto :flags \"\\\\Answered\" \"Done\";\nkeep;\n");
        assertThat(flagged.filings()).containsExactly(new Decision.Filing("Done", Set.of("\\Answered"), false),
            new Decision.Filing(Decision.Filing.DEFAULT_FOLDER, Set.of("\\Seen"), true));
        assertThat(MaildirFlags.of(Set.of("\\Seen", "\\Flagged", "$Label1"))).isEqualTo("FS");
    }

    @Test
    void vacationDefaultsToSevenDaysAndAHandleOfItsText() throws Exception {
        VacationRequest request = run("require \"vacation\";\nvacation :days 0 :subject \"Away\" \"I am away.\";").vacation().orElseThrow();
        assertThat(request.days()).isEqualTo(1);
        assertThat(request.subject()).contains("Away");
        VacationRequest defaults = run("require \"vacation\";\nvacation \"I am away.\";").vacation().orElseThrow();
        assertThat(defaults.days()).isEqualTo(7);
        assertThat(defaults.handle()).isNotEqualTo(request.handle());
    }

    @Test
    void stringsNumbersCommentsAndWildcardsFollowSection8() throws Exception {
        MessageContent quoted = MessageContent.ofBytes("Subject: say \"hi\" *now*\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        String script = """
            require ["fileinto", "imap4flags"]; /* a comment
            over two lines */ if allof (header :is "Subject" "say \\"hi\\" *now*",
                      header :matches "Subject" "say \\"??\\" \\\\*now\\\\*",
                      not header :matches "Subject" "say*\\\\?",
                      not header :matches "Subject" "say \\"?\\"*",
                      size :under 1G, not size :over 1K) { # trailing comment
                addflag "\\\\Flagged";
                if hasflag :is "\\\\flagged" { fileinto "Quoted"; }
            }
            """;
        Decision decision = SieveScript.parse(script).run("", "alice@example.test", quoted, "+");
        assertThat(folders(decision)).containsExactly("Quoted");
        assertInvalid("/* one\ntwo */ frobnicate;", 2, "unknown command");
        assertInvalid("if size :over 99999999999999999999 { keep; }", 1, "too large");
        assertInvalid("require \"vacation\";\nvacation :days \"7\" \"away\";", 2, "tag :days must be followed by a number");
    }
}
