package dev.atelier.discord;

import dev.atelier.core.turn.Inbound;
import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.RejectedTurnException.Reason;
import dev.atelier.core.turn.UploadInspector;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Images people attach, fetched from Discord's CDN under a byte and a pixel cap: what Discord
 * declares is checked before anything is fetched, the download stops past the byte cap whatever
 * the declared size said, and the header (not the pixels) is read for the format and size before
 * bot-core decodes anything. Java's own HTTP client: one GET per attachment needs no more.
 */
final class Attachments {

    /** Above any upload limit we configure; bot-core then checks the configured one. */
    static final long MAX_BYTES = 25L * 1024 * 1024;
    static final long MAX_PIXELS = 4096L * 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final UploadInspector inspector = new UploadInspector(MAX_BYTES, MAX_PIXELS);

    /** Why the attachment will not do, from what Discord says of it (no IO: safe on JDA's thread). */
    Optional<String> refusal(Interaction.Attachment a, String what) {
        if (!a.isImage()) {
            return Optional.of("The " + what + " (" + a.fileName() + ") is not an image: send a PNG, JPEG, WebP, GIF or BMP.");
        }
        if (a.size() > MAX_BYTES) {
            return Optional.of(String.format(Locale.ROOT, "The %s is %.1f MiB; the limit is %d MiB.", what,
                    a.size() / 1048576.0, MAX_BYTES / 1048576));
        }
        if ((long) a.width() * a.height() > MAX_PIXELS) {
            return Optional.of("The " + what + " is " + a.width() + "×" + a.height() + " pixels; the limit is "
                    + MAX_PIXELS + " pixels in all.");
        }
        return Optional.empty();
    }

    /** The attachment's bytes, checked; a {@link RejectedTurnException} says why not, in words for the person. */
    Inbound.Upload fetch(Interaction.Attachment a, String what) {
        refusal(a, what).ifPresent(r -> {
            throw new RejectedTurnException(Reason.INVALID, r);
        });
        byte[] bytes;
        try {
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(a.url())).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) throw new IOException("HTTP " + res.statusCode());
                // The declared size may lie: read one byte past the cap at most.
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new RejectedTurnException(Reason.INVALID, "I could not fetch the " + what + " from Discord; please send it again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedTurnException(Reason.INVALID, "I could not fetch the " + what + " from Discord; please send it again.");
        }
        UploadInspector.ImageInfo info = inspector.inspect(bytes, what);
        return new Inbound.Upload(bytes, a.fileName(), info.contentType());
    }
}
