package dev.atelier.inference.store;

import dev.atelier.inference.store.ModelStoreException.Failure;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./atelier models list|pull|verify|remove}: the command line over {@link ModelStore}.
 * Messages go to stderr, results to stdout; the exit code is 0 on success, else the
 * {@link Failure}'s code (1 does not verify, 2 usage, 3 unreachable, 4 not found, 5 integrity,
 * 6 disk, 7 refused).
 */
public final class ModelCommand {

    static final String USAGE = """
            Usage: ./atelier models <command>   (models live in $ATELIER_DATA/models, default data/models)
              list                          installed models: size, kind (text-to-image/inpainting), quick check
              pull URL NAME [--force]       download a diffusers-layout ONNX model from URL (its base, e.g.
                                            https://huggingface.co/ORG/REPO/resolve/main) and install it as NAME
              verify NAME                   re-hash every file of NAME against its manifest
              remove NAME [--force]         delete NAME (--force: even when MODEL_DIR/INPAINT_MODEL_DIR names it)
              manifest DIR                  write DIR/atelier-manifest.json (sizes, SHA-256), to serve DIR for pull
            """;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final int attempts;
    private final Duration firstBackoff;
    private final Duration stallTimeout;

    /**
     * @param attempts     failed tries in a row before a pull gives up, the first retry after
     *                     {@code firstBackoff}, then doubling
     * @param stallTimeout how long a connection may send nothing before it counts as dropped
     */
    ModelCommand(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal, int attempts,
                 Duration firstBackoff, Duration stallTimeout) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.stallTimeout = stallTimeout;
    }

    public static void main(String[] args) {
        // 5 tries over 1+2+4+8 s rides out a flaky link or a mirror's restart without keeping
        // someone with a wrong URL waiting long; a CDN that says nothing for a minute is gone.
        int code = new ModelCommand(System.getenv(), System.out, System.err, System.console() != null,
                5, Duration.ofSeconds(1), Duration.ofSeconds(60)).run(args);
        System.exit(code);
    }

    /** Runs one command and returns its exit code; never exits the JVM (tests call this). */
    int run(String... args) {
        List<String> words = new ArrayList<>();
        boolean force = false;
        for (String arg : args) {
            if (arg.equals("--force")) force = true;
            else if (arg.equals("-h") || arg.equals("--help")) words.addFirst("help");
            else words.add(arg);
        }
        String command = words.isEmpty() ? "help" : words.getFirst();
        List<String> rest = words.subList(Math.min(1, words.size()), words.size());
        ModelStore store = new ModelStore(modelsFolder());
        try {
            switch (command) {
                case "list" -> list(store, arity(rest, 0));
                case "pull" -> pull(store, arity(rest, 2), force);
                case "verify" -> verify(store, arity(rest, 1).getFirst());
                case "remove" -> remove(store, arity(rest, 1).getFirst(), force);
                case "manifest" -> manifest(Path.of(arity(rest, 1).getFirst()));
                case "help" -> out.print(USAGE);
                default -> throw new ModelStoreException(Failure.USAGE, "unknown command '" + command + "'");
            }
            return 0;
        } catch (ModelStoreException e) {
            err.println("atelier models: " + e.getMessage());
            if (e.failure() == Failure.USAGE) err.print(USAGE);
            return e.failure().exitCode;
        }
    }

    Path modelsFolder() {
        String data = env.getOrDefault("ATELIER_DATA", "");
        return Path.of(data.isBlank() ? "data" : data).resolve("models");
    }

    private void list(ModelStore store, List<String> ignored) {
        List<ModelStore.ModelInfo> models = store.list();
        if (models.isEmpty()) {
            err.println("no models in " + store.root() + " (pull one with ./atelier models pull URL NAME)");
        } else {
            out.printf(Locale.ROOT, "%-24s %10s  %-14s %s%n", "NAME", "SIZE", "KIND", "CHECK (sizes; verify hashes)");
        }
        for (ModelStore.ModelInfo model : models) {
            String check = !model.hasManifest() ? "no manifest (not pulled)"
                    : model.verifies() ? "ok" : "BAD: " + String.join("; ", model.problems());
            String use = inUseBy(model.folder());
            out.printf(Locale.ROOT, "%-24s %10s  %-14s %s%s%n", model.name(), TransferProgress.bytes(model.bytes()),
                    model.kind().label, check, use == null ? "" : "  [" + use + "]");
        }
        for (String partial : store.partialPulls()) {
            out.printf(Locale.ROOT, "%-24s %10s  %-14s %s%n", partial, "-", "-",
                    "incomplete pull: run the same pull again to resume, or remove it");
        }
    }

    private void pull(ModelStore store, List<String> args, boolean force) {
        URI url;
        try {
            url = new URI(args.get(0));
        } catch (URISyntaxException e) {
            throw new ModelStoreException(Failure.USAGE, "not a URL: " + args.get(0));
        }
        try {
            store.pull(url, args.get(1), new ModelStore.PullOptions(force, attempts, firstBackoff, stallTimeout, err, terminal));
        } catch (ModelStoreException e) {
            if (e.failure() == Failure.USAGE || e.failure() == Failure.REFUSED) throw e;
            Path partial = store.root().resolve(ModelStore.PARTIAL_PREFIX + args.get(1));
            throw new ModelStoreException(e.failure(), "pull of " + args.get(1) + " failed: " + e.getMessage()
                    + "\nnothing was installed" + (Files.isDirectory(partial) ? "; the files that checked out are kept in "
                    + partial + " and the same pull resumes from them" : ""), e);
        }
        out.println(store.folder(args.get(1)));
    }

    private void verify(ModelStore store, String name) {
        List<String> problems = store.verify(name);
        if (!problems.isEmpty()) {
            problems.forEach(p -> out.println("BAD " + p));
            throw new ModelStoreException(Failure.DOES_NOT_VERIFY, name + " does not verify: " + problems.size()
                    + " bad or missing file(s); pull it again with --force");
        }
        out.println(name + ": ok, every file matches its SHA-256");
    }

    private void remove(ModelStore store, String name, boolean force) {
        String use = inUseBy(store.folder(name));
        if (use != null && !force) {
            throw new ModelStoreException(Failure.REFUSED, name + " is the model " + use
                    + " points at; change that first, or remove with --force");
        }
        store.remove(name);
        out.println("removed " + name);
    }

    private void manifest(Path folder) {
        if (!Files.isRegularFile(folder.resolve("model_index.json"))) {
            throw new ModelStoreException(Failure.NOT_FOUND, folder + " has no model_index.json: not a diffusers model folder");
        }
        try {
            ModelManifest manifest = ModelManifest.of(folder);
            manifest.write(folder.resolve(ModelManifest.FILE_NAME));
            out.println(folder.resolve(ModelManifest.FILE_NAME) + ": " + manifest.files().size() + " files, "
                    + TransferProgress.bytes(manifest.totalSize()));
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot write the manifest of " + folder + ": " + e, e);
        }
    }

    /**
     * Which setting of this environment names the folder, if any. It is the cheap check: a
     * running Atelier started from another shell, with other settings, is not seen.
     */
    private String inUseBy(Path folder) {
        for (String variable : List.of("MODEL_DIR", "INPAINT_MODEL_DIR")) {
            String value = env.getOrDefault(variable, "");
            if (!value.isBlank() && Path.of(value).toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize())) {
                return variable;
            }
        }
        return null;
    }

    private static List<String> arity(List<String> args, int count) {
        if (args.size() != count) {
            throw new ModelStoreException(Failure.USAGE, "expected " + count + " argument(s), got " + args.size()
                    + (args.isEmpty() ? "" : ": " + String.join(" ", args)));
        }
        return args;
    }
}
