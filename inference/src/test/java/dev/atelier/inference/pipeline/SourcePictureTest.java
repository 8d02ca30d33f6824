package dev.atelier.inference.pipeline;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What chat apps send: sideways phone photos, 16-bit and greyscale PNGs, transparency, animations. */
class SourcePictureTest {

    @Test
    void aPhoneJpegStoredSidewaysIsTurnedUpright() throws IOException {
        // GIVEN a 40x20 JPEG, red left half, blue right half, tagged "turn 90° clockwise to view"
        BufferedImage stored = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = stored.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 20);
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 20);
        g.dispose();
        byte[] jpeg = withOrientation(write(stored, "jpeg"), 6);

        BufferedImage upright = SourcePicture.read(jpeg, "image");

        // THEN it is 20 wide and 40 tall, the stored left (red) now on top
        assertThat(upright.getWidth()).isEqualTo(20);
        assertThat(upright.getHeight()).isEqualTo(40);
        assertThat(new Color(upright.getRGB(10, 5)).getRed()).isGreaterThan(200);
        assertThat(new Color(upright.getRGB(10, 35)).getBlue()).isGreaterThan(200);
    }

    @Test
    void aSixteenBitGreyscalePngBecomesRgb() throws IOException {
        BufferedImage grey = new BufferedImage(16, 8, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(3, 3, 0, 65535);

        BufferedImage rgb = SourcePicture.read(write(grey, "png"), "image");

        assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(rgb.getWidth()).isEqualTo(16);
        assertThat(rgb.getRGB(3, 3) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);
    }

    @Test
    void transparencyIsLaidOnWhiteAsAViewerShowsIt() throws IOException {
        BufferedImage clear = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        clear.setRGB(1, 1, 0xFF00FF00);

        BufferedImage rgb = SourcePicture.read(write(clear, "png"), "image");

        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(rgb.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x00FF00);
    }

    @Test
    void anAnimationGivesItsFirstFrame() throws IOException {
        BufferedImage red = solid(Color.RED);
        BufferedImage blue = solid(Color.BLUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(red, null, null), null);
            writer.writeToSequence(new IIOImage(blue, null, null), null);
            writer.endWriteSequence();
        }

        BufferedImage first = SourcePicture.read(out.toByteArray(), "image");

        assertThat(new Color(first.getRGB(4, 4)).getRed()).isGreaterThan(200);
        assertThat(new Color(first.getRGB(4, 4)).getBlue()).isLessThan(50);
    }

    @Test
    void bytesThatAreNoPictureGetAClearError() {
        assertThatThrownBy(() -> SourcePicture.read("not a picture".getBytes(), "mask"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask");
    }

    private static BufferedImage solid(Color c) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        return image;
    }

    private static byte[] write(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** Puts an APP1 "Exif" segment with one orientation tag right after the JPEG's SOI marker. */
    static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
                'M', 'M', 0, 42, 0, 0, 0, 8,          // big-endian TIFF header, first IFD at 8
                0, 1,                                 // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1,         // tag 0x0112 (orientation), SHORT, count 1
                0, (byte) orientation, 0, 0,          // the value, padded
                0, 0, 0, 0};                          // no next IFD
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes());
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
