package dev.mailserver.storage.directory;

import static dev.mailserver.storage.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfiguredDirectoryTest {
    private final ConfiguredDirectory directory = new ConfiguredDirectory(
            Set.of(Domain.of("example.com"), Domain.of("Example.ORG")),
            Set.of(address("postmaster@example.com"), address("John.Doe@EXAMPLE.org")));

    @Test
    void rejectsMailboxOutsideTheLocalDomains() {
        assertThatThrownBy(() -> new ConfiguredDirectory(Set.of(Domain.of("example.com")),
                Set.of(address("postmaster@example.com"), address("bob@elsewhere.net"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bob@elsewhere.net");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "EXAMPLE.COM", "example.org", "Example.Org"})
    void recognisesLocalDomainsInAnyCase(String domain) {
        assertThat(directory.isLocalDomain(Domain.of(domain))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.net", "sub.example.com", "localhost"})
    void doesNotClaimOtherDomains(String domain) {
        assertThat(directory.isLocalDomain(Domain.of(domain))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postmaster@example.com", "Postmaster@example.com", "POSTMASTER@Example.COM",
            "john.doe@example.org", "JOHN.DOE@example.ORG"})
    void findsMailboxesInAnyCase(String address) {
        assertThat(directory.hasMailbox(address(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@example.com", "postmaster@example.org", "postmaster@example.net", "john@example.org"})
    void doesNotFindOtherAddresses(String address) {
        assertThat(directory.hasMailbox(address(address))).isFalse();
    }

    @Test
    void exposesItsConfiguration() {
        assertThat(directory.localDomains()).containsExactlyInAnyOrder(Domain.of("example.com"), Domain.of("example.org"));
        assertThat(directory.mailboxes()).containsExactlyInAnyOrder(address("postmaster@example.com"), address("John.Doe@example.org"));
    }
}
