package dev.mailserver.delivery.tlsrpt;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a domain's {@code _smtp._tls} TXT record (RFC 8460 section 3): where its reports go. */
public final class TlsRptRecord {

    private TlsRptRecord() {
    }

    /**
     * The {@code rua} addresses ({@code mailto:} and {@code https:} URIs) of the one record that starts
     * {@code v=TLSRPTv1}; empty when there is none or several.
     */
    public static Optional<List<URI>> reportAddresses(List<String> txtRecords) {
        List<String> records = txtRecords.stream().filter(record -> record.startsWith("v=TLSRPTv1")).toList();
        if (records.size() != 1) {
            return Optional.empty();
        }
        for (String field : records.get(0).split(";")) {
            String[] pair = field.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equals("rua")) {
                List<URI> addresses = new ArrayList<>();
                for (String uri : pair[1].split(",")) {
                    try {
                        URI parsed = new URI(uri.strip());
                        if ("mailto".equalsIgnoreCase(parsed.getScheme()) || "https".equalsIgnoreCase(parsed.getScheme())) {
                            addresses.add(parsed);
                        }
                    } catch (java.net.URISyntaxException e) {
                        // A broken address is skipped; the others still get reports.
                    }
                }
                return addresses.isEmpty() ? Optional.empty() : Optional.of(addresses);
            }
        }
        return Optional.empty();
    }
}
