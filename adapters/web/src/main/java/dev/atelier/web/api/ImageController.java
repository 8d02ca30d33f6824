package dev.atelier.web.api;

import dev.atelier.core.image.ImageStore;
import dev.atelier.core.image.ImageStore.StoredImage;
import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.RejectedTurnException.Reason;
import dev.atelier.web.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.UUID;

/**
 * Image bytes. Stored images never change (they are content-addressed), so the SHA-256 is a
 * strong ETag and clients and proxies may keep them for a year.
 */
@Controller("/api/images")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ImageController {

    private static final String FOREVER = "public, max-age=31536000, immutable";

    private final ImageStore images;

    public ImageController(ImageStore images) {
        this.images = images;
    }

    @Get("/{id}")
    public HttpResponse<?> show(String id, @QueryValue @Nullable String format,
                                @Header(HttpHeaders.IF_NONE_MATCH) @Nullable String ifNoneMatch) {
        UUID uuid = Ids.parse(id, "image");
        // A withheld image (stopped by the safety check) is kept for moderators only.
        StoredImage image = images.find(uuid).filter(i -> i.kind() != ImageStore.Kind.WITHHELD)
                .orElseThrow(() -> Ids.notFound("image", id));
        String wanted = format == null || format.isBlank() ? "original" : format.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("jpg")) wanted = "jpeg";
        if (!wanted.matches("original|png|jpeg|webp")) {
            throw new RejectedTurnException(Reason.INVALID, "Unknown format '" + format + "'. Use png, jpeg or webp.");
        }
        String type = image.contentType();
        boolean convert = !wanted.equals("original") && !type.equals("image/" + wanted);
        String etag = "\"" + image.sha256() + (convert ? "-" + wanted : "") + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            return HttpResponse.notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, FOREVER);
        }
        byte[] bytes = images.read(image);
        if (convert) {
            if (!ImageIO.getImageWritersByFormatName(wanted).hasNext()) {
                return Problem.response(HttpStatus.NOT_ACCEPTABLE, "This Atelier has no " + wanted
                        + " encoder; ask for format=png or format=jpeg.");
            }
            bytes = encode(bytes, wanted);
            type = "image/" + wanted;
        }
        return HttpResponse.ok(bytes).contentType(type).header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, FOREVER);
    }

    private static byte[] encode(byte[] original, String format) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(original));
            BufferedImage out = decoded;
            if (format.equals("jpeg") && decoded.getColorModel().hasAlpha()) {
                // JPEG has no alpha: flatten onto white, as browsers show a transparent PNG.
                out = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
                Graphics2D g = out.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, out.getWidth(), out.getHeight());
                g.drawImage(decoded, 0, 0, null);
                g.dispose();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, format, bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
