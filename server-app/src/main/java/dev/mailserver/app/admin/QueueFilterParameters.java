package dev.mailserver.app.admin;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MessageState;
import dev.mailserver.core.queue.QueueFilter;

/**
 * Reads a {@link QueueFilter} from the admin API's query parameters: {@code id}, {@code sender} ({@code <>} is
 * the null sender), {@code recipient}, {@code domain}, {@code state} ({@code queued}, {@code active},
 * {@code deferred}, {@code held}), {@code min-age} and {@code max-age} ({@code 30s}, {@code 10m}, {@code 2h},
 * {@code 5d}).
 */
public final class QueueFilterParameters {
    public static final String NULL_SENDER = "<>";
    static final List<String> NAMES = List.of("id", "sender", "recipient", "domain", "state", "min-age", "max-age");
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

    private QueueFilterParameters() {
    }

    /** @throws IllegalArgumentException naming the parameter that is wrong */
    static QueueFilter parse(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; the filter parameters are " + NAMES);
            }
        }
        QueueFilter filter = QueueFilter.ALL;
        filter = apply(filter, parameters, "id", QueueId::new, QueueFilter::withId);
        filter = apply(filter, parameters, "sender", QueueFilterParameters::sender, QueueFilter::withSender);
        filter = apply(filter, parameters, "recipient", QueueFilterParameters::address, QueueFilter::withRecipient);
        filter = apply(filter, parameters, "domain", Domain::of, QueueFilter::withDomain);
        filter = apply(filter, parameters, "state", QueueFilterParameters::state, QueueFilter::withState);
        filter = apply(filter, parameters, "min-age", QueueFilterParameters::age, QueueFilter::withMinAge);
        return apply(filter, parameters, "max-age", QueueFilterParameters::age, QueueFilter::withMaxAge);
    }

    private static <T> QueueFilter apply(QueueFilter filter, Map<String, String> parameters, String name,
                                         Function<String, T> parser, BiFunction<QueueFilter, T, QueueFilter> narrowing) {
        String value = parameters.get(name);
        if (value == null) {
            return filter;
        }
        try {
            return narrowing.apply(filter, parser.apply(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + name + " '" + value + "': " + e.getMessage(), e);
        }
    }

    private static MaybeSender sender(String value) {
        return value.equals(NULL_SENDER) ? MaybeSender.nullSender() : MaybeSender.of(address(value));
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a mail address", e);
        }
    }

    private static MessageState state(String value) {
        return Arrays.stream(MessageState.values()).filter(state -> state.name().equalsIgnoreCase(value)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the states are " + Arrays.stream(MessageState.values())
                .map(state -> state.name().toLowerCase(Locale.ROOT)).toList()));
    }

    private static Duration age(String value) {
        Matcher matcher = AGE.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("an age is a number with s, m, h or d, e.g. 30m");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
