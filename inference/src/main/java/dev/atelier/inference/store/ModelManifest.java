package dev.atelier.inference.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files of a model and what each must be: {@code atelier-manifest.json}.
 *
 * <pre>{@code
 * {
 *   "atelier_manifest": 1,
 *   "files": [
 *     {"path": "model_index.json", "size": 612, "sha256": "3f1c…"},
 *     {"path": "unet/model.onnx", "size": 1717883, "sha256": "9a0e…"}
 *   ]
 * }
 * }</pre>
 *
 * <p>A server may publish one at its base URL; {@code pull} then fetches exactly those files
 * and checks each. Every installed model keeps one in its folder (the server's, or one written
 * from what was downloaded when the server had none), which {@code verify} re-checks. Paths are
 * relative, with {@code /}, and may not climb out of the model folder: a manifest comes from a
 * server we do not control.
 */
public record ModelManifest(List<Entry> files) {

    public static final String FILE_NAME = "atelier-manifest.json";
    private static final int FORMAT = 1;
    /** Plain relative paths only: no {@code ..}, no leading {@code /}, no backslashes or empty segments. */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * One file. Before a fallback download, size is -1 and sha256 null (unknown); optional files
     * (a UNet's external weights) may be absent on the server.
     */
    public record Entry(String path, long size, String sha256, boolean optional) {
        public Entry {
            checkPath(path);
        }

        public static Entry known(String path, long size, String sha256) {
            return new Entry(path, size, sha256, false);
        }

        boolean checked() {
            return sha256 != null;
        }
    }

    public ModelManifest {
        files = List.copyOf(files);
        Set<String> seen = new HashSet<>();
        for (Entry e : files) {
            if (!seen.add(e.path())) throw new IllegalArgumentException("the manifest names " + e.path() + " twice");
        }
    }

    /**
     * The files of a Stable Diffusion 1.5 ONNX export (diffusers/Optimum layout), for servers
     * without a manifest. A UNet over 2 GB keeps its weights beside the graph: {@code weights.pb}
     * from diffusers' exporter, {@code model.onnx_data} from Optimum's; a {@code tokenizer.json} is
     * used when present. Those are optional: a 404 means the export has none.
     */
    public static ModelManifest standardStableDiffusion() {
        List<Entry> files = new ArrayList<>();
        for (String path : List.of("model_index.json", "scheduler/scheduler_config.json",
                "tokenizer/vocab.json", "tokenizer/merges.txt", "tokenizer/special_tokens_map.json",
                "tokenizer/tokenizer_config.json", "text_encoder/model.onnx", "unet/model.onnx",
                "vae_decoder/model.onnx", "vae_encoder/model.onnx")) {
            files.add(new Entry(path, -1, null, false));
        }
        for (String path : List.of("tokenizer/tokenizer.json", "text_encoder/model.onnx_data",
                "unet/weights.pb", "unet/model.onnx_data")) {
            files.add(new Entry(path, -1, null, true));
        }
        return new ModelManifest(files);
    }

    public long totalSize() {
        return files.stream().mapToLong(e -> Math.max(0, e.size())).sum();
    }

    /** Reads a manifest; accepts the object above or, for hand-written ones, a bare array of files. */
    public static ModelManifest parse(String json) {
        try {
            JsonElement root = JsonParser.parseString(json);
            JsonArray array = root.isJsonArray() ? root.getAsJsonArray()
                    : root.getAsJsonObject().getAsJsonArray("files");
            if (array == null) throw new IllegalArgumentException("it has no \"files\" list");
            List<Entry> files = new ArrayList<>();
            for (JsonElement element : array) {
                JsonObject file = element.getAsJsonObject();
                String sha = file.get("sha256").getAsString().toLowerCase(Locale.ROOT);
                if (!HEX64.matcher(sha).matches()) {
                    throw new IllegalArgumentException("the sha256 of " + file.get("path") + " is not 64 hex digits");
                }
                long size = file.get("size").getAsLong();
                if (size < 0) throw new IllegalArgumentException("the size of " + file.get("path") + " is negative");
                files.add(Entry.known(file.get("path").getAsString(), size, sha));
            }
            if (files.isEmpty()) throw new IllegalArgumentException("it lists no files");
            return new ModelManifest(files);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("it is not an Atelier manifest (" + e.getMessage() + ")", e);
        }
    }

    public static ModelManifest read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("atelier_manifest", FORMAT);
        JsonArray array = new JsonArray();
        for (Entry e : files) {
            JsonObject file = new JsonObject();
            file.addProperty("path", e.path());
            file.addProperty("size", e.size());
            file.addProperty("sha256", e.sha256());
            array.add(file);
        }
        root.add("files", array);
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        return gson.toJson(root) + "\n";
    }

    /** Writes through a temporary file and a rename, so a crash leaves the old manifest or the new one. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes a manifest for the files of a folder (e.g. to publish a model for {@code pull}). */
    public static ModelManifest of(Path folder) throws IOException {
        List<Entry> files = new ArrayList<>();
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String path = folder.relativize(p).toString().replace('\\', '/');
                // Hidden files (.git, .DS_Store, our own .tmp/.part files) are no part of a model.
                if (path.equals(FILE_NAME) || path.startsWith(".") || path.contains("/.") || path.endsWith(".tmp")) continue;
                files.add(Entry.known(path, Files.size(p), Sha256.of(p)));
            }
        }
        return new ModelManifest(files);
    }

    static void checkPath(String path) {
        if (path == null || !SAFE_PATH.matcher(path).matches() || path.contains("..") || path.equals(FILE_NAME)) {
            throw new IllegalArgumentException("unsafe or invalid path in the manifest: " + path);
        }
    }
}
