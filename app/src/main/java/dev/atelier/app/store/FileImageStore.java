package dev.atelier.app.store;

import dev.atelier.core.image.ImageStore;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Image bytes on disk, named by their SHA-256 ({@code ab/cd/abcd…}), metadata in PostgreSQL.
 * A file is written to a temporary name and moved into place, so a crash never leaves a
 * half-written image under a real name, and the same bytes are stored once.
 */
public final class FileImageStore implements ImageStore {

    private final Jdbc jdbc;
    private final Path root;

    public FileImageStore(DataSource dataSource, Path root) {
        this.jdbc = new Jdbc(dataSource);
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the image folder " + root, e);
        }
    }

    @Override
    public StoredImage save(byte[] bytes, String contentType, int width, int height, Kind kind,
                            UUID conversationId, UUID jobId) {
        String sha = sha256(bytes);
        writeOnce(sha, bytes);
        UUID id = UUID.randomUUID();
        return jdbc.one("""
                INSERT INTO images (id, sha256, content_type, width, height, size_bytes, kind, conversation_id, job_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id, sha256, content_type, width, height, size_bytes, kind, conversation_id, job_id, created_at""",
                ps -> {
                    ps.setObject(1, id);
                    ps.setString(2, sha);
                    ps.setString(3, contentType);
                    ps.setInt(4, width);
                    ps.setInt(5, height);
                    ps.setLong(6, bytes.length);
                    ps.setString(7, kind.name().toLowerCase(Locale.ROOT));
                    ps.setObject(8, conversationId);
                    ps.setObject(9, jobId);
                }, FileImageStore::image).orElseThrow();
    }

    @Override
    public Optional<StoredImage> find(UUID id) {
        return jdbc.one("""
                SELECT id, sha256, content_type, width, height, size_bytes, kind, conversation_id, job_id, created_at
                FROM images WHERE id = ?""", ps -> ps.setObject(1, id), FileImageStore::image);
    }

    @Override
    public byte[] read(StoredImage image) {
        try {
            return Files.readAllBytes(path(image.sha256()));
        } catch (IOException e) {
            throw new UncheckedIOException("image " + image.id() + " has no bytes on disk", e);
        }
    }

    private void writeOnce(String sha, byte[] bytes) {
        Path target = path(sha);
        if (Files.exists(target)) return;
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), sha, ".part");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + sha, e);
        }
    }

    private Path path(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StoredImage image(ResultSet rs) throws SQLException {
        return new StoredImage(rs.getObject("id", UUID.class), rs.getString("sha256"), rs.getString("content_type"),
                rs.getInt("width"), rs.getInt("height"), rs.getLong("size_bytes"),
                Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getObject("conversation_id", UUID.class),
                rs.getObject("job_id", UUID.class), rs.getTimestamp("created_at").toInstant());
    }
}
