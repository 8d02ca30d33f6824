package dev.atelier.app.embedded;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Lets the embedded PostgreSQL start when Atelier runs as root (containers, CI). PostgreSQL
 * refuses root outright, so {@code initdb} and {@code pg_ctl} are replaced by small scripts
 * that run the real programs as {@code nobody} through util-linux's {@code setpriv}, keeping
 * only the file-access capabilities so the data directory may sit under a private home.
 *
 * <p>zonky unpacks its binaries into {@code <workdir>/PG-<md5 of the archive>} and skips that
 * step when the folder holds an {@code .exists} marker; we unpack there first, in the same
 * layout, and put the wrappers in. Why not a fork of zonky: this is the only change needed.
 */
final class RootlessPostgres {

    /** nobody:nogroup on Debian and most distributions. */
    private static final int UNPRIVILEGED = 65534;

    private RootlessPostgres() {
    }

    static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    static void prepare(byte[] archive, Path workDir, Path dataDir) throws IOException {
        Path pgDir = workDir.resolve("PG-" + md5(archive));
        if (!Files.exists(pgDir.resolve(".exists"))) {
            unpackWithWrappers(archive, pgDir);
        }
        Files.createDirectories(dataDir);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.setAttribute(p, "unix:uid", UNPRIVILEGED, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", UNPRIVILEGED, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    }

    private static void unpackWithWrappers(byte[] archive, Path pgDir) throws IOException {
        Path staging = Files.createTempDirectory(pgDir.getParent(), pgDir.getFileName() + ".unpack");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                            entry.getName().contains("bin/") ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        for (String program : new String[]{"initdb", "pg_ctl"}) {
            Path bin = staging.resolve("bin").resolve(program);
            Files.move(bin, bin.resolveSibling(program + ".real"));
            Files.writeString(bin, wrapper(program), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createFile(staging.resolve(".exists"));
        if (Files.exists(pgDir)) {
            deleteTree(pgDir); // a half-unpacked folder from an interrupted start
        }
        Files.move(staging, pgDir);
    }

    private static String wrapper(String program) {
        return """
                #!/bin/sh
                # Written by Atelier: PostgreSQL will not run as root, so run %1$s as nobody.
                # The capabilities let it reach a data directory under a private home.
                real="$(dirname "$0")/%1$s.real"
                if ! command -v setpriv >/dev/null 2>&1; then
                  echo "Atelier runs as root and needs setpriv (util-linux) to start the embedded PostgreSQL as nobody; install util-linux or set DATABASE_URL" >&2
                  exit 1
                fi
                caps=+dac_override,+dac_read_search
                if setpriv --reuid=%2$d --regid=%2$d --clear-groups --inh-caps=$caps --ambient-caps=$caps true 2>/dev/null; then
                  exec setpriv --reuid=%2$d --regid=%2$d --clear-groups --inh-caps=$caps --ambient-caps=$caps "$real" "$@"
                fi
                exec setpriv --reuid=%2$d --regid=%2$d --clear-groups "$real" "$@"
                """.formatted(program, UNPRIVILEGED);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
