package dev.mailserver.plugin.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin's settings: the values under {@code mailserver.plugins.<name>.settings} in the server's
 * configuration (nested objects appear as maps, lists as lists, durations and sizes as the strings
 * written there), or whatever an embedding program passes.
 */
public final class PluginSettings {
    private static final PluginSettings EMPTY = new PluginSettings(Map.of());

    private final Map<String, Object> values;

    private PluginSettings(Map<String, Object> values) {
        this.values = values;
    }

    /** Settings with these values; nulls are not allowed. */
    public static PluginSettings of(Map<String, ?> values) {
        return new PluginSettings(Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values"))));
    }

    public static PluginSettings empty() {
        return EMPTY;
    }

    /** All values, unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String getString(String key, String defaultValue) {
        return get(key).map(String::valueOf).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(value -> value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString().trim()))
            .orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(value -> value instanceof Boolean flag ? flag : Boolean.parseBoolean(value.toString().trim()))
            .orElse(defaultValue);
    }

    /** A duration written as milliseconds (a number) or as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(PluginSettings::duration).orElse(defaultValue);
    }

    /** A list of strings; a single value counts as a list of one. */
    public List<String> getStringList(String key, List<String> defaultValue) {
        return get(key).map(value -> value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(value.toString()))
            .orElse(defaultValue);
    }

    private static Duration duration(Object value) {
        if (value instanceof Number number) {
            return Duration.ofMillis(number.longValue());
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        int unit = 0;
        while (unit < text.length() && Character.isDigit(text.charAt(unit))) {
            unit++;
        }
        long amount = Long.parseLong(text.substring(0, unit));
        return switch (text.substring(unit).trim()) {
            case "", "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("not a duration: " + value);
        };
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
