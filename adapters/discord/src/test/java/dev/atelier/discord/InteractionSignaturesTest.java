package dev.atelier.discord;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InteractionSignaturesTest {

    private final KeyPair discord = pair();
    private final InteractionSignatures signatures = new InteractionSignatures(rawHex(discord));
    private final byte[] body = "{\"type\":1}".getBytes(StandardCharsets.UTF_8);
    private final Instant now = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void discordsSignatureOverTimestampAndBodyIsAccepted() throws Exception {
        assertThat(signatures.refusal(sign(discord, "1800000000", body), "1800000000", body, now)).isNull();
    }

    @Test
    void anotherKeyAChangedBodyOrAnotherTimestampIsRefused() throws Exception {
        String signature = sign(discord, "1800000000", body);
        assertThat(signatures.refusal(sign(pair(), "1800000000", body), "1800000000", body, now)).contains("does not match");
        assertThat(signatures.refusal(signature, "1800000000", "{\"type\":2}".getBytes(StandardCharsets.UTF_8), now)).contains("does not match");
        assertThat(signatures.refusal(signature, "1800000001", body, now)).contains("does not match");
    }

    @Test
    void aGenuineSignatureMoreThanFiveMinutesAwayIsStale() throws Exception {
        assertThat(signatures.refusal(sign(discord, "1799999699", body), "1799999699", body, now)).contains("stale");
        assertThat(signatures.refusal(sign(discord, "1800000301", body), "1800000301", body, now)).contains("stale");
        assertThat(signatures.refusal(sign(discord, "1799999700", body), "1799999700", body, now)).isNull();
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        assertThat(signatures.refusal(null, "1800000000", body, now)).contains("required");
        assertThat(signatures.refusal("zz", "1800000000", body, now)).contains("not hex");
        assertThat(signatures.refusal("abcd", "1800000000", body, now)).contains("not an Ed25519 signature");
    }

    @Test
    void aPublicKeyThatIsNotOneIsRefusedWhenTheBotStarts() {
        assertThatThrownBy(() -> new InteractionSignatures("xyz")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> new InteractionSignatures("abcd")).hasMessageContaining("32 bytes");
    }

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String rawHex(KeyPair pair) {
        byte[] x509 = pair.getPublic().getEncoded();
        return HexFormat.of().formatHex(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
    }

    private static String sign(KeyPair pair, String timestamp, byte[] body) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(timestamp.getBytes(StandardCharsets.UTF_8));
        s.update(body);
        return HexFormat.of().formatHex(s.sign());
    }
}
