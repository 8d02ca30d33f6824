package dev.atelier.core.turn;

import dev.atelier.core.image.ExifOrientation;
import dev.atelier.core.turn.RejectedTurnException.Reason;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * Checks an upload before anything decodes it: the byte limit first, then the format and the
 * pixel size from the file's header only, so a decompression bomb (a small file that claims
 * 50 000 × 50 000 pixels) is refused without allocating its pixels.
 */
public final class UploadInspector {

    private final long maxBytes;
    private final long maxPixels;

    public UploadInspector(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    /** What the header says. {@code contentType} is the real one, whatever the client claimed. */
    public record ImageInfo(String format, String contentType, int width, int height) {
    }

    public ImageInfo inspect(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw new RejectedTurnException(Reason.INVALID, "The " + what + " is empty.");
        }
        if (bytes.length > maxBytes) {
            String size = mib(bytes.length);
            String limit = mib(maxBytes);
            if (size.equals(limit)) { // just over: rounding would say "20.0 MiB; the limit is 20.0 MiB"
                size = String.format(Locale.ROOT, "%,d bytes", (long) bytes.length);
                limit = String.format(Locale.ROOT, "%,d bytes", maxBytes);
            }
            throw new RejectedTurnException(Reason.TOO_LARGE, "The " + what + " is " + size + "; the limit is " + limit + ".");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw notAnImage(what);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw notAnImage(what);
                }
                if ((long) width * height > maxPixels) {
                    throw new RejectedTurnException(Reason.TOO_LARGE, "The " + what + " is " + width + "×" + height
                            + " pixels; the limit is " + maxPixels + " pixels in all.");
                }
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                // A phone photo stored sideways is reported (and later painted) upright.
                if (ExifOrientation.swapsSides(ExifOrientation.of(bytes))) {
                    return new ImageInfo(format, contentType(format), height, width);
                }
                return new ImageInfo(format, contentType(format), width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RejectedTurnException rejected) throw rejected;
            throw notAnImage(what);
        }
    }

    private static RejectedTurnException notAnImage(String what) {
        return new RejectedTurnException(Reason.UNSUPPORTED_MEDIA,
                "The " + what + " is not an image Atelier can read (PNG, JPEG, WebP, GIF or BMP).");
    }

    private static String contentType(String format) {
        return switch (format) {
            case "jpeg", "jpg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            default -> "image/png";
        };
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
