package dev.atelier.telegram;

/**
 * Where in Telegram a reply goes: a chat, and in a supergroup with forum topics the topic
 * ({@code message_thread_id}) the person wrote in; 0 for none (a private chat, a plain group,
 * a forum's General topic). Every send in a chat passes the topic; edits and deletes name the
 * message alone, which already lives in its topic.
 *
 * <p>The delivery ledger keeps the place as its chat id, {@code "<chat>"} or
 * {@code "<chat>:<topic>"}, so a result posted later (by the sweep, after a restart) still goes
 * to the topic; rows written before topics were known are plain chat ids and read as no topic.
 */
record Where(long chatId, int thread) {

    static Where chat(long chatId) {
        return new Where(chatId, 0);
    }

    /** The {@code message_thread_id} to send with, or null (the field left out) when there is no topic. */
    Integer threadId() {
        return thread == 0 ? null : thread;
    }

    String ledgerKey() {
        return thread == 0 ? String.valueOf(chatId) : chatId + ":" + thread;
    }

    /** Reads a ledger chat id: {@code "<chat>"} (older rows too) or {@code "<chat>:<topic>"}. */
    static Where ofLedger(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) return chat(Long.parseLong(key));
        return new Where(Long.parseLong(key.substring(0, colon)), Integer.parseInt(key.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return ledgerKey();
    }
}
