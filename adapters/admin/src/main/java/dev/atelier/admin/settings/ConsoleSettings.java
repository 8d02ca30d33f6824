package dev.atelier.admin.settings;

import dev.atelier.admin.data.ConsoleDb;
import dev.atelier.core.image.ModelCatalog;
import dev.atelier.core.image.SchedulerNames;
import dev.atelier.core.image.StylePreset;
import dev.atelier.core.rules.AuditLog;
import dev.atelier.core.rules.Limits;
import dev.atelier.core.turn.TurnLimits;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Generation defaults and limits an admin changes in the console ({@code console_settings},
 * V6), on top of the configured ones ({@code atelier.generation.*}, {@code atelier.limits.*}).
 * The turn flow reads {@link #turnLimits()}, {@link #limits()}, {@link #defaultStyle()},
 * {@link #defaultModel()} and {@link #defaultScheduler()} at every accept; they are cached for {@link #FRESH_MILLIS} so a change made through another
 * Atelier process applies within that, and at once in this one.
 */
public final class ConsoleSettings {

    static final long FRESH_MILLIS = 2000;

    /** The settings the console edits, in the order the page shows them. */
    public static final List<String> KEYS = List.of("default-width", "default-height", "default-steps",
            "default-guidance", "default-style", "default-model", "default-scheduler", "per-minute", "burst", "chat-per-minute", "chat-burst", "images-per-day", "gpu-seconds-per-day");

    private final ConsoleDb db;
    private final AuditLog audit;
    private final TurnLimits configured;
    private final Limits configuredLimits;
    private final ModelCatalog models;
    private final SchedulerNames schedulers;
    private volatile Snapshot snapshot;

    private record Snapshot(long readAt, Map<String, String> values, TurnLimits turnLimits, Limits limits, String style,
                            String model, String scheduler) {
    }

    /** Without models or schedulers to choose from: a default model or scheduler is refused. */
    public ConsoleSettings(DataSource dataSource, AuditLog audit, TurnLimits configured, Limits configuredLimits) {
        this(dataSource, audit, configured, configuredLimits, ModelCatalog.NONE, SchedulerNames.NONE);
    }

    /**
     * @param models     the installed models, the text-to-image ones of which the default model is chosen from
     * @param schedulers the schedulers the default scheduler is chosen from
     */
    public ConsoleSettings(DataSource dataSource, AuditLog audit, TurnLimits configured, Limits configuredLimits,
                           ModelCatalog models, SchedulerNames schedulers) {
        this.db = new ConsoleDb(dataSource);
        this.audit = audit;
        this.configured = configured;
        this.configuredLimits = configuredLimits;
        this.models = models;
        this.schedulers = schedulers;
    }

    public TurnLimits turnLimits() {
        return fresh().turnLimits();
    }

    public Limits limits() {
        return fresh().limits();
    }

    /** The style a message without one gets; null for none. */
    public String defaultStyle() {
        return fresh().style();
    }

    /** The model a message without one runs on (generating, similar images, edits); null for the configured one. */
    public String defaultModel() {
        return fresh().model();
    }

    /**
     * The scheduler a job runs with: a scheduler's name, {@value SchedulerNames#MODEL_OWN} for the
     * model's own, or null for the configured one ({@code ATELIER_SCHEDULER}, else the model's own).
     */
    public String defaultScheduler() {
        return fresh().scheduler();
    }

    /** The text-to-image models the default model may be, by name. */
    public java.util.List<String> modelChoices() {
        return models.installed().stream().filter(m -> m.kind() == ModelCatalog.Kind.TEXT_TO_IMAGE)
                .map(ModelCatalog.InstalledModel::name).sorted().toList();
    }

    /** The schedulers the default scheduler may be, by name, then {@value SchedulerNames#MODEL_OWN}. */
    public java.util.List<String> schedulerChoices() {
        List<String> all = new ArrayList<>(schedulers.names());
        all.add(SchedulerNames.MODEL_OWN);
        return all;
    }

    /** The values set in the console (key to text); keys not set keep the configured value. */
    public Map<String, String> overrides() {
        return fresh().values();
    }

    /** Every key's effective value, as text. */
    public Map<String, String> effective() {
        Snapshot s = fresh();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("default-width", Integer.toString(s.turnLimits().defaultWidth()));
        m.put("default-height", Integer.toString(s.turnLimits().defaultHeight()));
        m.put("default-steps", Integer.toString(s.turnLimits().defaultSteps()));
        m.put("default-guidance", Double.toString(s.turnLimits().defaultGuidance()));
        m.put("default-style", s.style() == null ? "" : s.style());
        m.put("default-model", s.model() == null ? "" : s.model());
        m.put("default-scheduler", s.scheduler() == null ? "" : s.scheduler());
        m.put("per-minute", Integer.toString(s.limits().perMinute()));
        m.put("burst", Integer.toString(s.limits().burst()));
        m.put("chat-per-minute", Integer.toString(s.limits().chatPerMinute()));
        m.put("chat-burst", Integer.toString(s.limits().chatBurst()));
        m.put("images-per-day", Integer.toString(s.limits().imagesPerDay()));
        m.put("gpu-seconds-per-day", Integer.toString(s.limits().gpuSecondsPerDay()));
        return m;
    }

    public TurnLimits configured() {
        return configured;
    }

    public Limits configuredLimits() {
        return configuredLimits;
    }

    /**
     * Validates and stores the form's values: an empty value goes back to the configured one.
     * Nothing is stored when any value is bad; the answer lists every problem (empty when saved).
     */
    public List<String> save(String actor, Map<String, String> form) {
        Map<String, String> wanted = new HashMap<>();
        for (String key : KEYS) {
            String v = form.get(key);
            wanted.put(key, v == null ? "" : v.strip());
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        wanted.forEach((k, v) -> { if (!v.isEmpty()) values.put(k, v); });
        try {
            build(values);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        // Checked when saved only: a model removed later is skipped at accept, not a reason to
        // drop every other setting (see TurnRequest.Defaults).
        String model = values.get("default-model");
        if (model != null) {
            var installed = models.find(model);
            if (installed.isEmpty()) {
                problems.add("default-model: no model named '" + model + "' is installed; installed text-to-image models: "
                        + (modelChoices().isEmpty() ? "(none)" : String.join(", ", modelChoices())) + ".");
            } else if (installed.get().kind() != ModelCatalog.Kind.TEXT_TO_IMAGE) {
                problems.add("default-model: '" + model + "' is an inpainting model; the default must be a text-to-image one.");
            }
        }
        if (!problems.isEmpty()) return problems;
        Map<String, String> before = read();
        for (String key : KEYS) {
            String old = before.get(key);
            String now = values.get(key);
            if (Objects.equals(old, now)) continue;
            if (now == null) {
                db.update("DELETE FROM console_settings WHERE key = ?", ConsoleDb.params(key));
            } else {
                db.update("""
                        INSERT INTO console_settings (key, value, updated_by) VALUES (?, ?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = now()""",
                        ConsoleDb.params(key, now, actor));
            }
            audit.record(actor, "settings.set", "setting:" + key, (old == null ? "(configured)" : old) + " -> "
                    + (now == null ? "(configured)" : now));
        }
        snapshot = null;
        return problems;
    }

    private Snapshot fresh() {
        Snapshot s = snapshot;
        if (s == null || System.currentTimeMillis() - s.readAt() > FRESH_MILLIS) {
            try {
                s = build(read());
            } catch (IllegalArgumentException e) {
                // A value written by hand in SQL that no longer validates: keep the configured ones.
                s = new Snapshot(System.currentTimeMillis(), Map.of(), configured, configuredLimits, null, null, null);
            }
            snapshot = s;
        }
        return s;
    }

    private Map<String, String> read() {
        Map<String, String> values = new HashMap<>();
        db.query("SELECT key, value FROM console_settings", ConsoleDb.params(), rs -> values.put(rs.getString(1), rs.getString(2)));
        return values;
    }

    private Snapshot build(Map<String, String> v) {
        TurnLimits c = configured;
        int width = integer(v, "default-width", c.defaultWidth(), c.minSize(), c.maxSize());
        int height = integer(v, "default-height", c.defaultHeight(), c.minSize(), c.maxSize());
        if (width % 8 != 0 || height % 8 != 0) throw new IllegalArgumentException("The default size must be a multiple of 8 pixels.");
        int steps = integer(v, "default-steps", c.defaultSteps(), 1, c.maxSteps());
        double guidance = decimal(v, "default-guidance", c.defaultGuidance(), 0, c.maxGuidance());
        String style = v.get("default-style");
        if (style != null && !style.isBlank()) {
            style = StylePreset.find(style).map(StylePreset::name).orElseThrow(() -> new IllegalArgumentException(
                    "default-style: no style named '" + v.get("default-style") + "'."));
        } else {
            style = null;
        }
        String model = v.get("default-model");
        if (model != null && model.isBlank()) model = null;
        String scheduler = v.get("default-scheduler");
        if (scheduler != null && !scheduler.isBlank()) {
            String asked = scheduler.strip();
            scheduler = asked.equalsIgnoreCase(SchedulerNames.MODEL_OWN) ? SchedulerNames.MODEL_OWN
                    : schedulers.find(asked).orElseThrow(() -> new IllegalArgumentException("default-scheduler: no scheduler named '"
                    + asked + "'; one of: " + String.join(", ", schedulerChoices()) + "."));
        } else {
            scheduler = null;
        }
        Limits l = configuredLimits;
        Limits limits = new Limits(integer(v, "per-minute", l.perMinute(), 0, 100_000), integer(v, "burst", l.burst(), 0, 100_000),
                integer(v, "chat-per-minute", l.chatPerMinute(), 0, 100_000), integer(v, "chat-burst", l.chatBurst(), 0, 100_000),
                integer(v, "images-per-day", l.imagesPerDay(), 0, 1_000_000),
                integer(v, "gpu-seconds-per-day", l.gpuSecondsPerDay(), 0, 86_400));
        TurnLimits turn = new TurnLimits(width, height, c.minSize(), c.maxSize(), steps, c.maxSteps(), guidance,
                c.maxGuidance(), c.defaultStrength(), c.maxTextLength(), c.maxUploadBytes(), c.maxUploadPixels());
        Map<String, String> set = new HashMap<>(v);
        return new Snapshot(System.currentTimeMillis(), Map.copyOf(set), turn, limits, style, model, scheduler);
    }

    private static int integer(Map<String, String> v, String key, int fallback, int min, int max) {
        String s = v.get(key);
        if (s == null || s.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(s.strip());
            if (n < min || n > max) throw new IllegalArgumentException(key + ": must be between " + min + " and " + max + "; got " + n + ".");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + s + "' is not a whole number.");
        }
    }

    private static double decimal(Map<String, String> v, String key, double fallback, double min, double max) {
        String s = v.get(key);
        if (s == null || s.isBlank()) return fallback;
        try {
            double n = Double.parseDouble(s.strip());
            if (!(n >= min && n <= max)) throw new IllegalArgumentException(key + ": must be between " + min + " and " + max + "; got " + s + ".");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + s + "' is not a number.");
        }
    }
}
