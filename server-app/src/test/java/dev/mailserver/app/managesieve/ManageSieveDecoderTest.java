package dev.mailserver.app.managesieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** Commands cut from bytes as they arrive: a literal split over reads, escapes, a broken command skipped to its line end. */
class ManageSieveDecoderTest {

    private static void write(EmbeddedChannel channel, String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void aLiteralSplitOverSeveralReadsIsOneCommand() {
        EmbeddedChannel channel = new EmbeddedChannel(new ManageSieveDecoder());
        write(channel, "PUTSCRIPT \"ma\\\"in\" {12+}\r\nkeep;\r\n");
        assertThat((Object) channel.readInbound()).isNull();
        write(channel, "stop;\r\nNOOP\r\n");
        assertThat((Object) channel.readInbound()).isEqualTo(new ManageSieveDecoder.Command(List.of("PUTSCRIPT", "ma\"in", "keep;\r\nstop;")));
        assertThat((Object) channel.readInbound()).isEqualTo(new ManageSieveDecoder.Command(List.of("NOOP")));
    }

    @Test
    void aBrokenCommandIsReportedAndTheNextLineIsReadAgain() {
        EmbeddedChannel channel = new EmbeddedChannel(new ManageSieveDecoder());
        write(channel, "PUTSCRIPT \"x\" {abc}\r\nLOGOUT\r\n");
        assertThat((Object) channel.readInbound()).isInstanceOf(ManageSieveDecoder.Malformed.class);
        assertThat((Object) channel.readInbound()).isEqualTo(new ManageSieveDecoder.Command(List.of("LOGOUT")));
        write(channel, "PUTSCRIPT \"x\" {99999999+}\r\n");
        assertThat((Object) channel.readInbound()).isEqualTo(new ManageSieveDecoder.Malformed("a literal longer than "
            + ManageSieveDecoder.MAX_COMMAND + " bytes"));
    }
}
