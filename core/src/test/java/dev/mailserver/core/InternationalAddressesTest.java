package dev.mailserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

class InternationalAddressesTest {
    @Test
    void uLabelsAndALabelsAreTheSameDomain() throws Exception {
        assertThat(InternationalAddresses.parse("joe@Bücher.DE")).isEqualTo(InternationalAddresses.parse("joe@xn--bcher-kva.de"));
        assertThat(InternationalAddresses.parse("joe@例子.广告").getDomain().asString()).isEqualTo("xn--fsqu00a.xn--4rr70v");
    }

    @Test
    void idna2008KeepsSharpS() throws Exception {
        assertThat(InternationalAddresses.toAsciiDomain("straße.de")).isEqualTo("xn--strae-oqa.de");
    }

    @Test
    void aUtf8LocalPartIsKeptAndShownUnquoted() throws Exception {
        MailAddress address = InternationalAddresses.parse("jöran@bücher.de");

        assertThat(InternationalAddresses.needsSmtpUtf8(address)).isTrue();
        assertThat(InternationalAddresses.mailboxName(address)).isEqualTo("jöran");
        assertThat(InternationalAddresses.toExternal(address)).isEqualTo("jöran@xn--bcher-kva.de");
        assertThat(InternationalAddresses.needsSmtpUtf8(InternationalAddresses.parse("joe@bücher.de"))).isFalse();
    }

    @Test
    void malformedOnesAreRefused() {
        assertThatThrownBy(() -> InternationalAddresses.parse("jö ran@bücher.de")).isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> InternationalAddresses.parse("j\uFFFDran@example.org")).isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> InternationalAddresses.parse("joe@bü_cher.de")).isInstanceOf(AddressException.class);
    }
}
