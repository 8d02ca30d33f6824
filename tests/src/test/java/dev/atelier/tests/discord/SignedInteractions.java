package dev.atelier.tests.discord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * Discord's side of HTTP interactions: an application key pair (its public half goes into
 * Atelier's config, as the developer portal shows it) and interactions posted to Atelier's
 * endpoint signed with Ed25519 over timestamp + body, as Discord signs them.
 */
final class SignedInteractions {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final PrivateKey key;
    /** The raw public key in hex: {@code atelier.discord.public-key}. */
    final String publicKey;
    private volatile URI endpoint;

    SignedInteractions() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            key = pair.getPrivate();
            byte[] x509 = pair.getPublic().getEncoded();
            // The raw key is the last 32 bytes of its X.509 form.
            publicKey = HexFormat.of().formatHex(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void endpoint(URI atelier) {
        endpoint = atelier.resolve("/webhooks/discord");
    }

    static byte[] json(Map<String, Object> payload) {
        try {
            return FakeDiscord.JSON.writeValueAsBytes(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> signedPost(byte[] body) {
        String now = String.valueOf(Instant.now().getEpochSecond());
        return post(body, sign(key, now, body), now);
    }

    static String sign(PrivateKey key, String timestamp, byte[] body) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(timestamp.getBytes(StandardCharsets.UTF_8));
            s.update(body);
            return HexFormat.of().formatHex(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(byte[] body, String signature, String timestamp) {
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) req.header("X-Signature-Ed25519", signature);
        if (timestamp != null) req.header("X-Signature-Timestamp", timestamp);
        try {
            return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
