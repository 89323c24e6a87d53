package dev.mailserver.delivery.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class StsPolicyParserTest {

    @Test
    void readsAPolicyWithCrLfOrLfLinesAndIgnoresUnknownKeys() throws Exception {
        StsPolicy policy = StsPolicyParser.policy("abc", "version: STSv1\r\nmode: enforce\nmx: mail.example.com\r\nmx: *.Example.net\r\n"
            + "max_age: 604800\r\nfuture: thing\r\n");

        assertThat(policy.mode()).isEqualTo(StsPolicy.Mode.ENFORCE);
        assertThat(policy.mx()).containsExactly("mail.example.com", "*.example.net");
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.allows("mx1.example.net")).isTrue();
        assertThat(policy.allows("a.b.example.net")).isFalse();
        assertThat(policy.allows("mail.example.com.")).isTrue();
        assertThat(policy.lines()).hasSize(6);
    }

    @Test
    void refusesBrokenPolicies() {
        assertThatThrownBy(() -> StsPolicyParser.policy("1", "version: STSv2\nmode: enforce\nmx: a.test\nmax_age: 1\n")).hasMessageContaining("version");
        assertThatThrownBy(() -> StsPolicyParser.policy("1", "version: STSv1\nmode: strict\nmx: a.test\nmax_age: 1\n")).hasMessageContaining("mode");
        assertThatThrownBy(() -> StsPolicyParser.policy("1", "version: STSv1\nmode: enforce\nmax_age: 1\n")).hasMessageContaining("no mx");
        assertThatThrownBy(() -> StsPolicyParser.policy("1", "version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 99999999999\n"))
            .hasMessageContaining("max_age");
        assertThatThrownBy(() -> StsPolicyParser.policy("1", "version: STSv1\nmode: enforce\nmx: a..test\nmax_age: 1\n")).hasMessageContaining("pattern");
    }

    @Test
    void theAnnouncementNeedsExactlyOneStsRecordWithAnId() {
        assertThat(StsPolicyParser.announcedId(List.of("v=STSv1; id=20160831085700Z;", "v=spf1 -all"))).contains("20160831085700Z");
        assertThat(StsPolicyParser.announcedId(List.of("v=STSv1; id=1;", "v=STSv1; id=2;"))).isEmpty();
        assertThat(StsPolicyParser.announcedId(List.of("v=STSv1; id=not-alphanumeric;"))).isEmpty();
        assertThat(StsPolicyParser.announcedId(List.of("v=spf1 -all"))).isEmpty();
    }
}
