package dev.atelier.inference.store;

import dev.atelier.inference.model.OnnxSignature;
import dev.atelier.inference.store.ModelStoreException.Failure;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models folder ({@code <ATELIER_DATA>/models}): one diffusers-layout ONNX folder per
 * model, each with the {@code atelier-manifest.json} it was checked against. A pull works in
 * {@code .partial-<name>/} and renames it to {@code <name>/} only when every file checked out,
 * so a model folder is never half there; a failed pull leaves the partial folder, and the next
 * pull of that name resumes from it.
 */
public final class ModelStore {

    public static final String PARTIAL_PREFIX = ".partial-";
    private static final String OLD_PREFIX = ".old-";
    private static final String LOCK_PREFIX = ".lock-";
    /** In a partial folder: the base URL its pull began from. */
    private static final String SOURCE_FILE = ".atelier-source-url";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** What a UNet's {@code sample} input channels say the model is for. */
    public enum Kind {
        TEXT_TO_IMAGE("text-to-image"), INPAINTING("inpainting"), UNKNOWN("unknown");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One installed model as {@code list} shows it; {@code problems} from the quick size check. */
    public record ModelInfo(String name, Path folder, long bytes, Kind kind, boolean hasManifest, List<String> problems) {
        public boolean verifies() {
            return hasManifest && problems.isEmpty();
        }
    }

    /**
     * Options of a pull: tries per file (failures in a row) and the first backoff, how long a
     * silent connection is waited for, where progress goes (and whether it is a terminal).
     */
    public record PullOptions(boolean force, int attempts, Duration firstBackoff, Duration stallTimeout,
                              PrintStream progress, boolean terminal) {
        public PullOptions force(boolean force) {
            return new PullOptions(force, attempts, firstBackoff, stallTimeout, progress, terminal);
        }
    }

    private final Path root;

    public ModelStore(Path modelsFolder) {
        this.root = modelsFolder.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The folder of a model; refuses names that could point outside the models folder. */
    public Path folder(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new ModelStoreException(Failure.USAGE, "'" + name + "' is not a model name: use letters, digits,"
                    + " '.', '_' and '-' (no '/', no '..', not starting with '.')");
        }
        return root.resolve(name);
    }

    /**
     * Downloads the model at {@code baseUrl} as {@code name}: the server's manifest if it has
     * one, else the standard SD 1.5 ONNX files, whose hashes are then recorded locally.
     */
    public ModelManifest pull(URI baseUrl, String name, PullOptions options) {
        Path target = folder(name);
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || baseUrl.getHost() == null) {
            throw new ModelStoreException(Failure.USAGE, "the URL must be http(s)://host/…, not " + baseUrl);
        }
        if (Files.exists(target) && !options.force()) {
            throw new ModelStoreException(Failure.REFUSED, "a model named " + name + " is already installed in "
                    + target + "; pull with --force to replace it, or pick another name");
        }
        // Two pulls of one name would write the same partial files; a file lock keeps the second
        // out (also across processes, say two terminals) and is released if the JVM dies. The file
        // stays: deleting it would let a third pull lock a new file while the second holds the old.
        Path lockFile = root.resolve(LOCK_PREFIX + name);
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = tryLock(channel)) {
                if (lock == null) {
                    throw new ModelStoreException(Failure.REFUSED, "another pull of " + name + " is running");
                }
                return pullLocked(baseUrl, name, target, options);
            }
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot write in " + root + ": " + e, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            return null;
        }
    }

    private ModelManifest pullLocked(URI baseUrl, String name, Path target, PullOptions options) {
        Path partial = root.resolve(PARTIAL_PREFIX + name);
        TransferProgress progress = new TransferProgress(options.progress(), options.terminal());
        FileTransfer transfer = new FileTransfer(baseUrl, options.attempts(), options.firstBackoff(),
                options.stallTimeout(), progress);

        Optional<String> published = transfer.text(ModelManifest.FILE_NAME);
        ModelManifest plan;
        try {
            plan = published.map(ModelManifest::parse).orElseGet(ModelManifest::standardStableDiffusion);
        } catch (IllegalArgumentException e) {
            throw new ModelStoreException(Failure.INTEGRITY, transfer.uri(ModelManifest.FILE_NAME) + ": " + e.getMessage(), e);
        }
        progress.note(published.isPresent()
                ? "manifest: " + plan.files().size() + " files, " + TransferProgress.bytes(plan.totalSize())
                : "no " + ModelManifest.FILE_NAME + " at " + baseUrl + ": fetching the standard SD 1.5 ONNX files"
                  + " and recording their SHA-256");
        resumeOnlyFromTheSameUrl(partial, baseUrl, progress);

        List<ModelManifest.Entry> received = new ArrayList<>();
        try {
            for (ModelManifest.Entry entry : plan.files()) {
                Path file = partial.resolve(entry.path());
                Optional<ModelManifest.Entry> done = alreadyThere(entry, file);
                if (done.isEmpty()) done = transfer.fetch(entry, file);
                done.ifPresent(received::add);
            }
        } catch (ModelStoreException e) {
            dropIfEmpty(partial); // nothing to resume: no folder to confuse list
            throw e;
        }
        ModelManifest installed = new ModelManifest(received);
        try {
            Files.createDirectories(partial);
            keepOnly(partial, installed);
            installed.write(partial.resolve(ModelManifest.FILE_NAME));
            install(partial, target);
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot install " + partial + " as " + target + ": " + e, e);
        }
        progress.note("installed " + name + " (" + TransferProgress.bytes(installed.totalSize()) + ") in " + target);
        return installed;
    }

    /**
     * A partial folder is resumed only by a pull from the URL that began it: without a manifest
     * its finished files are trusted as they are, and another URL's would mix two models.
     */
    private static void resumeOnlyFromTheSameUrl(Path partial, URI baseUrl, TransferProgress progress) {
        Path source = partial.resolve(SOURCE_FILE);
        try {
            if (Files.isDirectory(partial)) {
                String began = Files.isRegularFile(source) ? Files.readString(source).strip() : "";
                if (began.equals(baseUrl.toString())) {
                    progress.note("resuming the earlier pull in " + partial);
                    return;
                }
                progress.note("discarding an earlier pull from " + (began.isEmpty() ? "an unknown URL" : began));
                deleteTree(partial);
            }
            Files.createDirectories(partial);
            Files.writeString(source, baseUrl + "\n");
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot write in " + partial + ": " + e, e);
        }
    }

    /** Leaves only the manifest's files: no .part leftovers or the earlier pull's marker in the model. */
    private static void keepOnly(Path partial, ModelManifest manifest) throws IOException {
        Set<Path> keep = new HashSet<>();
        for (ModelManifest.Entry e : manifest.files()) keep.add(partial.resolve(e.path()));
        try (Stream<Path> walk = Files.walk(partial)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!keep.contains(p)) Files.delete(p);
            }
        }
    }

    private static void dropIfEmpty(Path partial) {
        try (Stream<Path> walk = Files.walk(partial)) {
            if (walk.noneMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().equals(SOURCE_FILE))) {
                deleteTree(partial);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // a folder we cannot read or delete stays; list shows it
        }
    }

    /** A file a failed pull already completed: kept when it still matches, so the retry skips it. */
    private static Optional<ModelManifest.Entry> alreadyThere(ModelManifest.Entry entry, Path file) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            long size = Files.size(file);
            if (entry.size() >= 0 && size != entry.size()) return Optional.empty();
            String sha = Sha256.of(file);
            if (entry.checked() && !sha.equals(entry.sha256())) return Optional.empty();
            return Optional.of(ModelManifest.Entry.known(entry.path(), size, sha));
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot read " + file + ": " + e, e);
        }
    }

    /** The rename that makes a model appear; with --force the old one is moved aside first, then deleted. */
    private void install(Path partial, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = root.resolve(OLD_PREFIX + target.getFileName() + "-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) deleteTree(old);
    }

    /** Every model folder, by name, with size, kind and the quick (sizes only) check. */
    public List<ModelInfo> list() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> entries = Files.list(root)) {
            List<ModelInfo> models = new ArrayList<>();
            for (Path dir : entries.filter(Files::isDirectory).sorted().toList()) {
                if (dir.getFileName().toString().startsWith(".")) continue; // partial and old folders
                models.add(info(dir));
            }
            return models;
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot read " + root + ": " + e, e);
        }
    }

    /** Names of pulls that failed and can be resumed. */
    public List<String> partialPulls() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PARTIAL_PREFIX))
                    .map(n -> n.substring(PARTIAL_PREFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot read " + root + ": " + e, e);
        }
    }

    private ModelInfo info(Path dir) throws IOException {
        long bytes;
        try (Stream<Path> walk = Files.walk(dir)) {
            bytes = walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
        Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
        boolean hasManifest = Files.isRegularFile(manifestFile);
        List<String> problems = new ArrayList<>();
        if (hasManifest) {
            for (ModelManifest.Entry e : readManifest(dir).files()) {
                Path file = dir.resolve(e.path());
                if (!Files.isRegularFile(file)) problems.add(e.path() + ": missing");
                else if (Files.size(file) != e.size()) {
                    problems.add(e.path() + ": " + Files.size(file) + " bytes, expected " + e.size());
                }
            }
        }
        return new ModelInfo(dir.getFileName().toString(), dir, bytes, kind(dir), hasManifest, problems);
    }

    /** The UNet's {@code sample} input: 4 latent channels for text-to-image, 9 (latents, mask, masked latents) for inpainting. */
    static Kind kind(Path dir) {
        Path unet = dir.resolve("unet").resolve("model.onnx");
        if (!Files.isRegularFile(unet)) return Kind.UNKNOWN;
        try {
            long channels = OnnxSignature.read(unet).input("sample")
                    .map(spec -> spec.rank() > 1 ? spec.dims()[1] : -1).orElse(-1L);
            return channels == 4 ? Kind.TEXT_TO_IMAGE : channels == 9 ? Kind.INPAINTING : Kind.UNKNOWN;
        } catch (RuntimeException unreadable) {
            return Kind.UNKNOWN; // a truncated or foreign file; verify says which
        }
    }

    /**
     * Re-hashes every file of the model against its manifest. Returns the problems, one line per
     * bad or missing file; empty when the model is intact.
     */
    public List<String> verify(String name) {
        Path dir = existing(name);
        if (!Files.isRegularFile(dir.resolve(ModelManifest.FILE_NAME))) {
            throw new ModelStoreException(Failure.DOES_NOT_VERIFY, name + " has no " + ModelManifest.FILE_NAME
                    + " (it was not pulled with ./atelier models pull), so there is nothing to check it against");
        }
        List<String> problems = new ArrayList<>();
        for (ModelManifest.Entry e : readManifest(dir).files()) {
            Path file = dir.resolve(e.path());
            try {
                if (!Files.isRegularFile(file)) {
                    problems.add(e.path() + ": missing");
                } else if (Files.size(file) != e.size()) {
                    problems.add(e.path() + ": size mismatch: expected " + e.size() + " bytes, got " + Files.size(file));
                } else {
                    String sha = Sha256.of(file);
                    if (!sha.equals(e.sha256())) {
                        problems.add(e.path() + ": SHA-256 mismatch: expected " + e.sha256() + ", got " + sha);
                    }
                }
            } catch (IOException io) {
                problems.add(e.path() + ": unreadable (" + io.getMessage() + ")");
            }
        }
        return problems;
    }

    /** Deletes the model's folder; the partial folder of a failed pull of that name goes too. */
    public void remove(String name) {
        Path dir = folder(name);
        Path partial = root.resolve(PARTIAL_PREFIX + name);
        if (!Files.exists(dir) && !Files.exists(partial)) existing(name);
        try {
            // Renamed first, so a crash half-way through the deletion leaves no half model under the name.
            if (Files.exists(dir)) {
                Path doomed = root.resolve(OLD_PREFIX + name + "-" + System.nanoTime());
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(doomed);
            }
            deleteTree(partial);
            Files.deleteIfExists(root.resolve(LOCK_PREFIX + name));
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot remove " + dir + ": " + e, e);
        }
    }

    private Path existing(String name) {
        Path dir = folder(name);
        if (!Files.isDirectory(dir)) {
            throw new ModelStoreException(Failure.NOT_FOUND, "no model named " + name + " in " + root);
        }
        return dir;
    }

    private static ModelManifest readManifest(Path dir) {
        Path file = dir.resolve(ModelManifest.FILE_NAME);
        try {
            return ModelManifest.read(file);
        } catch (NoSuchFileException e) {
            throw new ModelStoreException(Failure.NOT_FOUND, file + " is missing", e);
        } catch (IOException e) {
            throw new ModelStoreException(Failure.DISK, "cannot read " + file + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new ModelStoreException(Failure.DOES_NOT_VERIFY, file + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
