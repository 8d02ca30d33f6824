package dev.atelier.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Discord's signature on an HTTP interaction: Ed25519 over the timestamp header followed by the
 * raw body, with the application's public key. Java's own Ed25519 (JDK 15+), no library needed.
 * A signature that checks out but is older (or newer) than {@link #MAX_SKEW} is refused too, so a
 * recorded request cannot be played again later.
 */
final class InteractionSignatures {

    /** How far the signed timestamp may be from our clock. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** The DER header of an X.509 SubjectPublicKeyInfo for Ed25519 (OID 1.3.101.112): the raw 32-byte key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final PublicKey key;

    /** @param hex the application's public key as the developer portal shows it (64 hex digits) */
    InteractionSignatures(String hex) {
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DISCORD_PUBLIC_KEY must be the 64 hex digits the developer portal shows");
        }
        if (raw.length != 32) throw new IllegalArgumentException("DISCORD_PUBLIC_KEY must be 32 bytes (64 hex digits); got " + raw.length);
        byte[] der = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
        try {
            key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("DISCORD_PUBLIC_KEY is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Why the request is refused, or null when it is Discord's and fresh. */
    String refusal(String signatureHex, String timestamp, byte[] body, Instant now) {
        if (signatureHex == null || timestamp == null) return "The X-Signature-Ed25519 and X-Signature-Timestamp headers are required.";
        byte[] signature;
        try {
            signature = HexFormat.of().parseHex(signatureHex.strip());
        } catch (IllegalArgumentException e) {
            return "The signature is not hex.";
        }
        if (signature.length != 64) return "The signature is not an Ed25519 signature.";
        // The signature covers the timestamp, so it is checked first and the clock after: a forged
        // timestamp fails the signature, a genuine old one fails the clock.
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            if (!verifier.verify(signature)) return "The signature does not match.";
        } catch (GeneralSecurityException e) {
            return "The signature does not match.";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "The timestamp is not a number of seconds.";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > MAX_SKEW.toSeconds()) return "The signature is stale.";
        return null;
    }
}
