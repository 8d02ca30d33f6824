package dev.atelier.telegram;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTextTest {

    @Test
    void aLongPromptIsCutAtAWordToFitTheCaptionLimit() {
        String prompt = "word ".repeat(300).strip();
        String caption = StatusText.caption(prompt);
        assertThat(caption).hasSizeLessThanOrEqualTo(StatusText.CAPTION_LIMIT).endsWith("word…");
        assertThat(StatusText.fitsCaption(prompt)).isFalse();
        assertThat(StatusText.caption("short")).isEqualTo("short");
    }

    @Test
    void resultsTelegramWouldRefuseAsAPhotoGoAsAFile() {
        assertThat(ResultDelivery.fitsAsPhoto(2_000_000, 512, 512)).isTrue();
        assertThat(ResultDelivery.fitsAsPhoto(11L * 1024 * 1024, 2048, 2048)).isFalse();
        assertThat(ResultDelivery.fitsAsPhoto(50_000, 2048, 64)).isFalse();
        assertThat(ResultDelivery.fitsAsPhoto(50_000, 1280, 64)).isTrue();
    }
}
