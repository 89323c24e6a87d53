package dev.mailserver.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Samples read from the Prometheus text exposition format, e.g. {@code name{a="1",b="2"} 3.0}. */
final class PrometheusText {
    private record Sample(String name, String labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    PrometheusText(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int valueStart = line.lastIndexOf(' ');
            String series = line.substring(0, valueStart);
            int labelsStart = series.indexOf('{');
            String name = labelsStart < 0 ? series : series.substring(0, labelsStart);
            String labels = labelsStart < 0 ? "" : series.substring(labelsStart);
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(valueStart + 1))));
        }
    }

    boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    /** How many samples of this name carry every one of the labels given as {@code key="value"}. */
    long count(String name, String... labels) {
        return matching(name, labels).count();
    }

    /** The names of the samples that lack this label. */
    List<String> unlabelled(String label) {
        return samples.stream().filter(sample -> !sample.labels().contains(label)).map(Sample::name).distinct().toList();
    }

    /** The sum of the samples of this name that carry every one of the labels given as {@code key="value"}; 0 when none. */
    double sum(String name, String... labels) {
        return matching(name, labels).mapToDouble(Sample::value).sum();
    }

    private Stream<Sample> matching(String name, String... labels) {
        return samples.stream()
            .filter(sample -> sample.name().equals(name))
            .filter(sample -> Arrays.stream(labels).allMatch(sample.labels()::contains));
    }
}
