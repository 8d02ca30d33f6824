package dev.atelier.core.turn;

/**
 * A user turn as an adapter hands it to bot-core, whatever the platform. Everything but
 * {@code platform}, {@code chatId} and {@code platformUserId} may be absent ({@code null}).
 *
 * @param messageId      the platform's id of the message, for de-duplication of re-deliveries
 * @param conversationId the conversation to continue (web API); {@code null} means "the
 *                       current conversation of this chat" (Discord channel, Telegram chat)
 * @param image          an attached image, as the user sent it
 * @param mask           an inpainting mask (white = repaint)
 * @param options        generation settings the user asked for
 * @param task           an explicit task name ({@code generate}, {@code inpaint}, …)
 * @param direction      outpainting direction name ({@code left}, … , {@code all})
 * @param amount         outpainting amount as a fraction of the side
 */
public record Inbound(String platform, String chatId, String platformUserId, String userName,
                      String messageId, java.util.UUID conversationId, String text,
                      Upload image, Upload mask, Options options, String task, String direction,
                      Double amount) {

    /** Bytes the user sent, with what they claimed to be. */
    public record Upload(byte[] bytes, String fileName, String contentType) {
    }

    /**
     * Generation settings as asked; {@code null} fields take the configured defaults.
     *
     * @param style a {@link dev.atelier.core.image.StylePreset} name; wins over {@code --style} in the text
     */
    public record Options(Integer width, Integer height, Integer steps, Double guidance, Long seed,
                          String negative, Double strength, String style) {
        public static final Options NONE = new Options(null, null, null, null, null, null, null, null);

        /** Options without a style: the adapters that have no style field keep calling this. */
        public Options(Integer width, Integer height, Integer steps, Double guidance, Long seed,
                       String negative, Double strength) {
            this(width, height, steps, guidance, seed, negative, strength, null);
        }

        public Options withSteps(Integer value) {
            return new Options(width, height, value, guidance, seed, negative, strength, style);
        }

        public Options withSeed(Long value) {
            return new Options(width, height, steps, guidance, value, negative, strength, style);
        }

        public Options withStyle(String name) {
            return new Options(width, height, steps, guidance, seed, negative, strength, name);
        }
    }
}
