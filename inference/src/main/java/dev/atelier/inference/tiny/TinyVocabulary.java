package dev.atelier.inference.tiny;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CLIP-style BPE vocabulary: CLIP's 256 byte symbols, the same with {@code </w>}, merges
 * that spell out a list of common prompt words, then {@code <|startoftext|>} and
 * {@code <|endoftext|>} last, in the order CLIP's own {@code vocab.json} uses.
 */
final class TinyVocabulary {

    static final String START = "<|startoftext|>";
    static final String END = "<|endoftext|>";

    /** Words every test prompt may use; each becomes one token. */
    static final List<String> WORDS = List.of(
            "a", "an", "the", "of", "and", "in", "on", "with", "at", "by", "to", "from", "is",
            "photo", "painting", "portrait", "drawing", "cat", "dog", "city", "night", "day",
            "sunset", "forest", "mountain", "mountains", "sea", "ocean", "sky", "tree", "flower",
            "house", "river", "lake", "snow", "rain", "fire", "water", "woman", "man", "castle",
            "dragon", "space", "star", "moon", "sun", "landscape", "detailed", "style", "oil",
            "watercolor", "cyberpunk", "old", "beautiful", "small", "big", "blue", "red", "green",
            "yellow", "purple", "orange", "golden", "dark", "light", "black", "white", "make",
            "more", "zoom", "out", "left", "right", "street", "rainy");

    final Map<String, Integer> vocab = new LinkedHashMap<>();
    final List<String> merges = new ArrayList<>();

    TinyVocabulary() {
        List<String> bytes = byteSymbols();
        for (String s : bytes) vocab.put(s, vocab.size());
        for (String s : bytes) vocab.put(s + "</w>", vocab.size());
        Map<String, Integer> ranks = new HashMap<>();
        for (String word : WORDS) {
            // Spell the word with the merges so far, then join what is left from the left: later
            // merges rank lower, so words already spelled keep their single token.
            List<String> parts = bpe(word, ranks);
            while (parts.size() > 1) {
                String merged = parts.get(0) + parts.get(1);
                String pair = parts.get(0) + " " + parts.get(1);
                if (!ranks.containsKey(pair)) {
                    ranks.put(pair, merges.size());
                    merges.add(pair);
                    vocab.putIfAbsent(merged, vocab.size());
                }
                parts.remove(0);
                parts.set(0, merged);
            }
        }
        vocab.put(START, vocab.size());
        vocab.put(END, vocab.size());
    }

    int size() {
        return vocab.size();
    }

    /** Standard BPE: merge the lowest-ranked adjacent pair until none is known. */
    static List<String> bpe(String word, Map<String, Integer> ranks) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < word.length(); i++) parts.add(String.valueOf(word.charAt(i)));
        parts.set(parts.size() - 1, parts.getLast() + "</w>");
        while (parts.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer rank = ranks.get(parts.get(i) + " " + parts.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) break;
            parts.set(best, parts.get(best) + parts.remove(best + 1));
        }
        return parts;
    }

    /** GPT-2/CLIP's reversible byte-to-character table, in CLIP's vocabulary order. */
    static List<String> byteSymbols() {
        List<Integer> printable = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) printable.add(b);
        for (int b = 0xA1; b <= 0xAC; b++) printable.add(b);
        for (int b = 0xAE; b <= 0xFF; b++) printable.add(b);
        List<String> symbols = new ArrayList<>();
        for (int b : printable) symbols.add(String.valueOf((char) b));
        int next = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable.contains(b)) symbols.add(String.valueOf((char) (256 + next++)));
        }
        return symbols;
    }
}
