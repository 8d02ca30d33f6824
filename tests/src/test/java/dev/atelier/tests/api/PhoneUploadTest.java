package dev.atelier.tests.api;

import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneUploadTest {

    private final Api api = RunningAtelier.shared().api();

    @Test
    @SuppressWarnings("unchecked")
    void aSidewaysPhonePhotoComesBackUpright() throws Exception {
        // GIVEN a 96x64 JPEG that the phone stored sideways (EXIF: turn 90° clockwise to view)
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB), "jpeg", jpeg);
        byte[] photo = withOrientation6(jpeg.toByteArray());

        // WHEN the user asks for something like it
        String conversation = api.createConversation();
        Map<String, Object> job = api.turn(conversation, Map.of("text", "something like this", "steps", "2",
                "image", new Api.FilePart("IMG_0001.jpg", "image/jpeg", photo)));

        // THEN the picture they get is upright: 64 wide, 96 tall
        assertThat(job.get("status")).as("%s", job).isEqualTo("done");
        byte[] png = api.get(((List<String>) job.get("images")).getFirst()).body();
        BufferedImage result = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(result.getWidth()).isEqualTo(64);
        assertThat(result.getHeight()).isEqualTo(96);
    }

    private static byte[] withOrientation6(byte[] jpeg) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes("Exif\0\0".getBytes());
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
