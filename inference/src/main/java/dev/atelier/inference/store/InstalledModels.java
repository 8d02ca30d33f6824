package dev.atelier.inference.store;

import dev.atelier.core.image.ModelCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@link ModelCatalog} port on the models folder: every complete model folder in it
 * ({@code model_index.json} and a UNet whose kind can be read), by folder name. Pulls in
 * progress ({@code .partial-*}) and folders of anything else are not offered. A UNet's kind is
 * read from its graph once per file version (an inline SD 1.5 UNet is GBs to skip through), so
 * asking on every turn costs a folder listing.
 */
public final class InstalledModels implements ModelCatalog {

    private final Path root;
    private final Map<Path, Known> kinds = new ConcurrentHashMap<>();

    private record Known(long size, long modified, ModelStore.Kind kind) {
    }

    public InstalledModels(Path modelsFolder) {
        this.root = modelsFolder.toAbsolutePath().normalize();
    }

    @Override
    public List<InstalledModel> installed() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> entries = Files.list(root)) {
            List<InstalledModel> out = new ArrayList<>();
            for (Path dir : entries.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(dir.resolve("model_index.json"))) continue;
                ModelStore.Kind kind = kindOf(dir);
                if (kind == ModelStore.Kind.TEXT_TO_IMAGE) out.add(new InstalledModel(name, Kind.TEXT_TO_IMAGE));
                if (kind == ModelStore.Kind.INPAINTING) out.add(new InstalledModel(name, Kind.INPAINTING));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the models in " + root, e);
        }
    }

    private ModelStore.Kind kindOf(Path dir) throws IOException {
        Path unet = dir.resolve("unet").resolve("model.onnx");
        if (!Files.isRegularFile(unet)) return ModelStore.Kind.UNKNOWN;
        BasicFileAttributes a = Files.readAttributes(unet, BasicFileAttributes.class);
        Known known = kinds.get(dir);
        if (known != null && known.size() == a.size() && known.modified() == a.lastModifiedTime().toMillis()) {
            return known.kind();
        }
        ModelStore.Kind kind = ModelStore.kind(dir);
        kinds.put(dir, new Known(a.size(), a.lastModifiedTime().toMillis(), kind));
        return kind;
    }
}
