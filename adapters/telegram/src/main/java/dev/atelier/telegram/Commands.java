package dev.atelier.telegram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bot's commands: their menu descriptions in the languages Telegram clients ask for, and
 * the arguments of {@code /outpaint}.
 */
final class Commands {

    private Commands() {
    }

    /** The command menu, in menu order. */
    static final List<String> MENU = List.of("imagine", "edit", "outpaint", "reset", "settings", "help", "start");

    /**
     * Menu descriptions by Telegram's language_code (an IETF tag's language part); {@code ""} is
     * the default, shown to everyone whose language has no list of its own.
     */
    static final Map<String, Map<String, String>> DESCRIPTIONS = descriptions();

    private static Map<String, Map<String, String>> descriptions() {
        Map<String, Map<String, String>> d = new LinkedHashMap<>();
        d.put("", menu("Paint a picture from a description", "Change a picture (reply to it)",
                "Extend a picture: left, right, up, down or all", "Start a new conversation",
                "Steps, size, style and seed", "What this bot can do", "Start a conversation"));
        d.put("de", menu("Ein Bild nach einer Beschreibung malen", "Ein Bild ändern (darauf antworten)",
                "Ein Bild erweitern: left, right, up, down oder all", "Ein neues Gespräch beginnen",
                "Schritte, Größe, Stil und Seed", "Was dieser Bot kann", "Ein Gespräch beginnen"));
        d.put("es", menu("Pintar una imagen a partir de una descripción", "Cambiar una imagen (respóndela)",
                "Ampliar una imagen: left, right, up, down o all", "Empezar una conversación nueva",
                "Pasos, tamaño, estilo y semilla", "Qué puede hacer este bot", "Empezar una conversación"));
        d.put("fr", menu("Peindre une image d'après une description", "Modifier une image (en y répondant)",
                "Agrandir une image : left, right, up, down ou all", "Commencer une nouvelle conversation",
                "Étapes, taille, style et graine", "Ce que sait faire ce bot", "Commencer une conversation"));
        d.put("ru", menu("Нарисовать картинку по описанию", "Изменить картинку (ответьте на неё)",
                "Расширить картинку: left, right, up, down или all", "Начать новый разговор",
                "Шаги, размер, стиль и сид", "Что умеет этот бот", "Начать разговор"));
        d.put("pt", menu("Pintar uma imagem a partir de uma descrição", "Alterar uma imagem (responda a ela)",
                "Ampliar uma imagem: left, right, up, down ou all", "Começar uma nova conversa",
                "Passos, tamanho, estilo e semente", "O que este bot sabe fazer", "Começar uma conversa"));
        return Map.copyOf(d);
    }

    private static Map<String, String> menu(String... descriptions) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < MENU.size(); i++) m.put(MENU.get(i), descriptions[i]);
        return m;
    }

    static final String OUTPAINT_USAGE = """
            Say which way to extend the picture: /outpaint left, right, up, down or all, and if you like how much \
            (0.5 or 50% of the side; 0.5 when left out). Reply to a picture, or it extends the last one here.""";

    record Outpaint(String direction, Double amount) {
        String words() {
            return switch (direction) {
                case "all" -> "zoom out";
                case "up" -> "extend it upwards";
                case "down" -> "extend it downwards";
                default -> "extend it to the " + direction;
            };
        }
    }

    /** {@code <direction> [amount]}: a fraction (0.5) or a percentage (50%, 50) of the side, up to 2. */
    static Optional<Outpaint> outpaint(String args) {
        String[] words = args.strip().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 0 || words.length > 2 || words[0].isEmpty()) return Optional.empty();
        String direction = switch (words[0]) {
            case "left", "right", "up", "down", "all" -> words[0];
            case "top" -> "up";
            case "bottom" -> "down";
            case "out", "zoom", "around" -> "all";
            default -> null;
        };
        if (direction == null) return Optional.empty();
        if (words.length == 1) return Optional.of(new Outpaint(direction, null));
        String a = words[1];
        boolean percent = a.endsWith("%");
        try {
            double value = Double.parseDouble(percent ? a.substring(0, a.length() - 1) : a);
            if (percent || value > 2) value /= 100;
            if (!(value > 0 && value <= 2)) return Optional.empty();
            return Optional.of(new Outpaint(direction, value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
