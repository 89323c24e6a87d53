package dev.mailserver.app.managesieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.storage.sieve.InvalidScriptException;
import dev.mailserver.storage.sieve.SieveScript;
import dev.mailserver.storage.sieve.SieveScripts;

/**
 * The ManageSieve commands of a logged-in user (RFC 5804 section 2.5 to 2.12), on the same scripts as
 * {@code mailserver sieve}: {@code HAVESPACE}, {@code PUTSCRIPT}, {@code LISTSCRIPTS}, {@code SETACTIVE},
 * {@code GETSCRIPT}, {@code DELETESCRIPT}, {@code RENAMESCRIPT}, {@code CHECKSCRIPT}.
 */
final class ScriptCommands {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScriptCommands.class);

    private ScriptCommands() {
    }

    /** @param reply takes each response, the lines of one response together */
    static void run(SieveScripts scripts, MailAddress user, String command, List<String> arguments, Consumer<String> reply) throws IOException {
        int expected = switch (command) {
            case "LISTSCRIPTS" -> 0;
            case "SETACTIVE", "GETSCRIPT", "DELETESCRIPT", "CHECKSCRIPT" -> 1;
            case "HAVESPACE", "PUTSCRIPT", "RENAMESCRIPT" -> 2;
            default -> -1;
        };
        if (expected < 0) {
            reply.accept("NO \"unknown command " + command + "\"");
            return;
        }
        if (arguments.size() != expected) {
            reply.accept("NO \"" + command + " takes " + expected + " argument(s)\"");
            return;
        }
        String first = expected > 0 ? arguments.get(0) : "";
        if (!command.equals("CHECKSCRIPT") && !command.equals("LISTSCRIPTS") && !(command.equals("SETACTIVE") && first.isEmpty())
                && !SieveScripts.isScriptName(first)) {
            reply.accept("NO \"not a script name: letters, digits, '.', '-' and '_', at most 64, not starting with '.'\"");
            return;
        }
        try {
            reply.accept(switch (command) {
                case "HAVESPACE" -> haveSpace(arguments.get(1));
                case "PUTSCRIPT" -> put(scripts, user, first, arguments.get(1));
                case "CHECKSCRIPT" -> check(first);
                case "LISTSCRIPTS" -> list(scripts, user);
                case "SETACTIVE" -> setActive(scripts, user, first);
                case "GETSCRIPT" -> scripts.get(user, first).map(text -> "{" + text.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + text + "\r\nOK")
                    .orElse("NO (NONEXISTENT) \"no such script\"");
                case "DELETESCRIPT" -> delete(scripts, user, first);
                default -> rename(scripts, user, first, arguments.get(1));
            });
        } catch (IllegalArgumentException refused) {
            reply.accept("NO (NONEXISTENT) " + ManageSieveSession.quote(refused.getMessage()));
        }
    }

    private static String haveSpace(String size) {
        if (!size.matches("\\d{1,10}")) {
            return "NO \"the size is a number\"";
        }
        return Long.parseLong(size) <= SieveScript.MAX_BYTES ? "OK" : "NO (QUOTA/MAXSIZE) \"scripts are at most " + SieveScript.MAX_BYTES + " bytes\"";
    }

    private static String check(String text) {
        try {
            SieveScript.parse(text);
            return "OK";
        } catch (InvalidScriptException e) {
            return "NO " + ManageSieveSession.quote(e.getMessage());
        }
    }

    private static String put(SieveScripts scripts, MailAddress user, String name, String text) throws IOException {
        try {
            scripts.put(user, name, text);
        } catch (InvalidScriptException e) {
            return "NO " + ManageSieveSession.quote(e.getMessage());
        }
        LOGGER.info("ManageSieve: {} stored script {}", user.asString(), name);
        return "OK";
    }

    private static String list(SieveScripts scripts, MailAddress user) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (SieveScripts.Listed script : scripts.list(user)) {
            lines.append(ManageSieveSession.quote(script.name())).append(script.active() ? " ACTIVE" : "").append("\r\n");
        }
        return lines.append("OK").toString();
    }

    private static String setActive(SieveScripts scripts, MailAddress user, String name) throws IOException {
        if (name.isEmpty()) {
            scripts.deactivate(user);
        } else {
            scripts.activate(user, name);
        }
        LOGGER.info("ManageSieve: {} activated {}", user.asString(), name.isEmpty() ? "no script" : "script " + name);
        return "OK";
    }

    private static String delete(SieveScripts scripts, MailAddress user, String name) throws IOException {
        if (scripts.list(user).stream().anyMatch(script -> script.active() && script.name().equals(name))) {
            return "NO (ACTIVE) \"the active script cannot be deleted; SETACTIVE \\\"\\\" first\"";
        }
        scripts.remove(user, name);
        LOGGER.info("ManageSieve: {} deleted script {}", user.asString(), name);
        return "OK";
    }

    private static String rename(SieveScripts scripts, MailAddress user, String from, String to) throws IOException {
        if (!SieveScripts.isScriptName(to)) {
            return "NO \"not a script name: " + to.replace("\"", "") + "\"";
        }
        scripts.rename(user, from, to);
        return "OK";
    }
}
