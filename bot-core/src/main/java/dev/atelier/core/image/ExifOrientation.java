package dev.atelier.core.image;

/**
 * The EXIF orientation of a JPEG (1 = as stored … 8), read straight from its APP1 segment.
 * Phones store photos sideways and set this tag; a picture must be turned upright before its
 * size is reported or it is painted on, or the user's portrait photo comes back lying down.
 * A hand-written reader because only one tag of one segment is needed and bot-core stays free
 * of image libraries; anything unexpected reads as 1 (upright).
 */
public final class ExifOrientation {

    private ExifOrientation() {
    }

    /** The orientation tag, 1 to 8; 1 for anything that is not a JPEG with a readable tag. */
    public static int of(byte[] file) {
        try {
            if (file == null || file.length < 4 || u8(file, 0) != 0xFF || u8(file, 1) != 0xD8) return 1;
            int p = 2;
            while (p + 4 <= file.length && u8(file, p) == 0xFF) {
                int marker = u8(file, p + 1);
                if (marker == 0xDA || marker == 0xD9) return 1; // image data: no EXIF before it
                int length = (u8(file, p + 2) << 8) | u8(file, p + 3);
                if (marker == 0xE1 && length >= 8 && startsWith(file, p + 4, "Exif\0\0")) {
                    return orientation(file, p + 10, Math.min(file.length, p + 2 + length));
                }
                p += 2 + length;
            }
        } catch (RuntimeException e) {
            // a truncated or odd header: treat as upright
        }
        return 1;
    }

    /** Whether the picture is stored turned by 90° (width and height swap when made upright). */
    public static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    private static int orientation(byte[] b, int tiff, int end) {
        boolean little = u8(b, tiff) == 'I';
        int ifd = tiff + u32(b, tiff + 4, little);
        int entries = u16(b, ifd, little);
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            if (e + 12 > end) break;
            if (u16(b, e, little) == 0x0112) {
                int value = u16(b, e + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) if (at + i >= b.length || b[at + i] != s.charAt(i)) return false;
        return true;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? u8(b, i) | (u8(b, i + 1) << 8) : (u8(b, i) << 8) | u8(b, i + 1);
    }

    private static int u32(byte[] b, int i, boolean little) {
        return little ? u16(b, i, true) | (u16(b, i + 2, true) << 16) : (u16(b, i, false) << 16) | u16(b, i + 2, false);
    }
}
