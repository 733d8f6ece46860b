package ketch.store.lmdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which liblmdb lmdbjava loads. Left alone, lmdbjava copies the library out of the
 * {@code org.lmdbjava:native} jar into {@code java.io.tmpdir} under a random name at every start
 * (a killed process leaves the copy behind, and a {@code noexec} tmp breaks it). A runtime image
 * can instead ship the library as {@code lib/liblmdb.so} (the name {@link System#mapLibraryName}
 * gives on the platform) and this class points lmdbjava at it, unless the operator already chose
 * one with {@code -Dlmdbjava.native.lib=<path>} (or {@code lmdb} for the system's liblmdb).
 */
final class NativeLibrary {
    /** lmdbjava's own switch, read once when its native binding class initialises. */
    static final String LMDBJAVA_NATIVE_LIB = "lmdbjava.native.lib";

    private NativeLibrary() {}

    /** Points lmdbjava at the runtime's bundled library, if there is one and nobody chose another. */
    static void preferBundled() {
        if (System.getProperty(LMDBJAVA_NATIVE_LIB) != null) return;
        bundled(Path.of(System.getProperty("java.home"))).ifPresent(p -> System.setProperty(LMDBJAVA_NATIVE_LIB, p.toString()));
    }

    /** The liblmdb a runtime image at {@code javaHome} ships in its {@code lib} folder, if any. */
    static Optional<Path> bundled(Path javaHome) {
        Path lib = javaHome.resolve("lib").resolve(System.mapLibraryName("lmdb")).toAbsolutePath();
        return Files.isRegularFile(lib) ? Optional.of(lib) : Optional.empty();
    }
}
