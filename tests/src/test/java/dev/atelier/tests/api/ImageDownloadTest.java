package dev.atelier.tests.api;

import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImageDownloadTest {

    private static final Api api = RunningAtelier.shared().api();
    private static String image;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void makeOne() {
        String conversation = api.createConversation();
        Map<String, Object> job = api.turn(conversation, Map.of("text", "a teapot", "width", "64", "height", "64", "steps", "2"));
        image = ((List<String>) job.get("images")).getFirst();
    }

    @Test
    void aStoredImageHasAStrongEtagAndALongCacheLifetime() {
        Api.Reply reply = api.get(image);
        assertThat(reply.header("ETag")).matches("\"[0-9a-f]{64}\"");
        assertThat(reply.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
    }

    @Test
    void askingAgainWithTheEtagGives304() {
        String etag = api.get(image).header("ETag");
        Api.Reply again = api.get(image, Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void jpegIsServedOnRequest() throws Exception {
        Api.Reply jpeg = api.get(image + "?format=jpeg");
        assertThat(jpeg.status()).isEqualTo(200);
        assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg.body())).getWidth()).isEqualTo(64);
        assertThat(jpeg.header("ETag")).isNotEqualTo(api.get(image).header("ETag"));
    }

    @Test
    void webpIsServedWhereAnEncoderExistsAndOtherwiseRefusedClearly() {
        Api.Reply webp = api.get(image + "?format=webp");
        if (ImageIO.getImageWritersByFormatName("webp").hasNext()) {
            assertThat(webp.status()).isEqualTo(200);
            assertThat(webp.contentType()).isEqualTo("image/webp");
        } else {
            assertThat(webp.status()).isEqualTo(406);
            assertThat(webp.contentType()).startsWith("application/problem+json");
            assertThat((String) webp.json().get("detail")).contains("png").contains("jpeg");
        }
    }

    @Test
    void anUnknownFormatIs400() {
        Api.Reply reply = api.get(image + "?format=tiff");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }
}
