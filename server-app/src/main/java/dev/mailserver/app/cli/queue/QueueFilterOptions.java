package dev.mailserver.app.cli.queue;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** The options that select queued messages, sent as the admin API's filter parameters. */
final class QueueFilterOptions {
    @Option(names = "--sender", paramLabel = "ADDRESS", description = "envelope sender; <> for bounces")
    private String sender;

    @Option(names = "--recipient", paramLabel = "ADDRESS", description = "a recipient not delivered yet")
    private String recipient;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "a recipient domain not delivered yet")
    private String domain;

    @Option(names = "--state", paramLabel = "STATE", description = "queued, active, deferred or held")
    private String state;

    @Option(names = "--min-age", paramLabel = "AGE", description = "arrived at least this long ago: 30s, 10m, 2h, 5d")
    private String minAge;

    @Option(names = "--max-age", paramLabel = "AGE", description = "arrived at most this long ago")
    private String maxAge;

    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        putIfGiven(parameters, "sender", sender);
        putIfGiven(parameters, "recipient", recipient);
        putIfGiven(parameters, "domain", domain);
        putIfGiven(parameters, "state", state);
        putIfGiven(parameters, "min-age", minAge);
        putIfGiven(parameters, "max-age", maxAge);
        return parameters;
    }

    private static void putIfGiven(Map<String, String> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }
}
