package dev.atelier.tests.api;

import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.Api.FilePart;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Bad input gets a clear problem+json 4xx and changes nothing")
class BadInputTest {

    private final Api api = RunningAtelier.shared().api();

    static Stream<Arguments> badMessages() throws IOException {
        byte[] smallPng = png(64, 64);
        return Stream.of(
                Arguments.of("empty text and no image", Map.of("text", "  "), 400, "text is empty"),
                Arguments.of("width not a multiple of 8", Map.of("text", "a cat", "width", "100"), 400, "multiple of 8"),
                Arguments.of("width too large", Map.of("text", "a cat", "width", "4096"), 400, "between"),
                Arguments.of("height too small", Map.of("text", "a cat", "height", "8"), 400, "between"),
                Arguments.of("width not a number", Map.of("text", "a cat", "width", "wide"), 400, "whole number"),
                Arguments.of("no steps", Map.of("text", "a cat", "steps", "0"), 400, "steps"),
                Arguments.of("too many steps", Map.of("text", "a cat", "steps", "1000"), 400, "steps"),
                Arguments.of("guidance out of range", Map.of("text", "a cat", "guidance", "99"), 400, "guidance"),
                Arguments.of("negative seed", Map.of("text", "a cat", "seed", "-5"), 400, "seed"),
                Arguments.of("unknown task", Map.of("text", "a cat", "task", "paint-by-numbers"), 400, "Unknown task"),
                Arguments.of("unknown direction", Map.of("text", "extend it", "task", "outpaint", "direction", "sideways"), 400, "direction"),
                Arguments.of("a file that is not an image",
                        Map.of("text", "like this", "image", new FilePart("notes.png", "image/png", "hello, not a png".getBytes())),
                        415, "not an image"),
                Arguments.of("an image over the byte limit",
                        Map.of("text", "like this", "image", new FilePart("big.bmp", "image/bmp", new byte[400_000])),
                        413, "limit"),
                Arguments.of("an image over the pixel limit (checked from the header)",
                        Map.of("text", "like this", "image", new FilePart("bomb.png", "image/png", pngClaiming(20_000, 20_000))),
                        413, "pixels"),
                Arguments.of("text over the length limit", Map.of("text", "a".repeat(4001)), 400, "characters"),
                Arguments.of("outpaint amount out of range", Map.of("text", "extend it", "task", "outpaint", "amount", "5"), 400, "amount"),
                Arguments.of("inpaint without a mask", Map.of("text", "a hat", "task", "inpaint"), 400, "needs a mask"),
                Arguments.of("a mask of another size than the image",
                        Map.of("text", "a hat", "image", new FilePart("a.png", "image/png", smallPng),
                                "mask", new FilePart("m.png", "image/png", png(32, 32))), 400, "must match"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badMessages")
    void aBadMessageIsRefusedAndTheConversationIsUnchanged(String what, Map<String, Object> form, int status,
                                                           String detailContains) {
        String conversation = api.createConversation();
        api.turn(conversation, Map.of("text", "a lighthouse", "width", "64", "height", "64", "steps", "1"));
        List<?> before = turns(conversation);

        Api.Reply reply = api.postMessage(conversation, form);

        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        Map<String, Object> problem = reply.json();
        assertThat(problem.get("status")).isEqualTo(status);
        assertThat((String) problem.get("detail")).containsIgnoringCase(detailContains);
        assertThat(turns(conversation)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} in a conversation without images")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"edit", "outpaint", "inpaint"})
    void aTaskThatNeedsAnImageIsRefusedWhenThereIsNone(String task) {
        String conversation = api.createConversation();

        Api.Reply reply = api.postMessage(conversation, Map.of("text", "make it night", "task", task));

        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat((String) reply.json().get("detail")).contains("no image");
        assertThat(turns(conversation)).isEmpty();
    }

    @Test
    void theFrameworksOwnRefusalsAreProblemsToo() {
        Api.Reply wrongMethod = api.get("/api/conversations/" + UUID.randomUUID() + "/messages");
        assertThat(wrongMethod.status()).isIn(404, 405);
        assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
        Api.Reply noRoute = api.get("/api/nothing-here");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aMessageToAnUnknownConversationIs404() {
        Api.Reply reply = api.postMessage(UUID.randomUUID().toString(), Map.of("text", "a cat"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat((String) reply.json().get("detail")).contains("no conversation");
    }

    @Test
    void unknownOrMalformedIdsAre404Problems() {
        for (String path : List.of("/api/jobs/" + UUID.randomUUID(), "/api/jobs/not-a-job",
                "/api/conversations/" + UUID.randomUUID(), "/api/images/" + UUID.randomUUID())) {
            Api.Reply reply = api.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    private List<?> turns(String conversation) {
        return (List<?>) api.get("/api/conversations/" + conversation).json().get("turns");
    }

    static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    /** A tiny PNG whose header claims a huge size: a decompression bomb's shape. */
    static byte[] pngClaiming(int w, int h) throws IOException {
        byte[] png = png(8, 8);
        ByteBuffer buf = ByteBuffer.wrap(png);
        buf.putInt(16, w); // IHDR data starts at byte 16: width, height
        buf.putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // chunk type + 13 bytes of IHDR data
        buf.putInt(29, (int) crc.getValue());
        return png;
    }
}
