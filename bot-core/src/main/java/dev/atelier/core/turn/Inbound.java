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
     * @param count images per generation prompt (variations with seeds seed, seed + 1, …), 1 to 4
     * @param model the name of a pulled model to run on; {@code null} for the one the task calls for
     */
    public record Options(Integer width, Integer height, Integer steps, Double guidance, Long seed,
                          String negative, Double strength, String style, Integer count, String model,
                          String scheduler) {
        public static final Options NONE = new Options(null, null, null, null, null, null, null, null, null, null, null);

        /** Options without a scheduler: the adapters that have no scheduler field keep calling this. */
        public Options(Integer width, Integer height, Integer steps, Double guidance, Long seed,
                       String negative, Double strength, String style, Integer count, String model) {
            this(width, height, steps, guidance, seed, negative, strength, style, count, model, null);
        }

        /** Options without a style: the adapters that have no style field keep calling this. */
        public Options(Integer width, Integer height, Integer steps, Double guidance, Long seed,
                       String negative, Double strength) {
            this(width, height, steps, guidance, seed, negative, strength, null);
        }

        /** Options without a count or a model: the adapters that have neither keep calling this. */
        public Options(Integer width, Integer height, Integer steps, Double guidance, Long seed,
                       String negative, Double strength, String style) {
            this(width, height, steps, guidance, seed, negative, strength, style, null, null);
        }

        public Options withSteps(Integer value) {
            return new Options(width, height, value, guidance, seed, negative, strength, style, count, model, scheduler);
        }

        public Options withSeed(Long value) {
            return new Options(width, height, steps, guidance, value, negative, strength, style, count, model, scheduler);
        }

        public Options withStyle(String name) {
            return new Options(width, height, steps, guidance, seed, negative, strength, name, count, model, scheduler);
        }

        public Options withCount(Integer n) {
            return new Options(width, height, steps, guidance, seed, negative, strength, style, n, model, scheduler);
        }

        public Options withModel(String name) {
            return new Options(width, height, steps, guidance, seed, negative, strength, style, count, name, scheduler);
        }

        public Options withScheduler(String name) {
            return new Options(width, height, steps, guidance, seed, negative, strength, style, count, model, name);
        }
    }
}
