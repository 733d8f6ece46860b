package ketch.store.lmdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which native libraries lmdbjava loads: liblmdb, and jffi's stub under jnr-ffi. Left alone,
 * lmdbjava copies liblmdb out of the {@code org.lmdbjava:native} jar into {@code java.io.tmpdir}
 * under a random name at every start (a killed process leaves the copy behind; a {@code noexec}
 * tmp breaks it), and jffi looks for its stub as a resource of the {@code jffi-native} jar. A
 * runtime image can instead ship both in its {@code lib} folder ({@code liblmdb.so},
 * {@code libjffi-1.2.so}: the names {@link System#mapLibraryName} gives) and needs neither jar:
 * this class points lmdbjava and jffi there, unless the operator chose otherwise with
 * {@code -Dlmdbjava.native.lib=<path>} ({@code lmdb} for the system's liblmdb) or
 * {@code -Djffi.boot.library.path=<dir>}.
 */
final class NativeLibrary {
    /** lmdbjava's own switch, read once when its native binding class initialises. */
    static final String LMDBJAVA_NATIVE_LIB = "lmdbjava.native.lib";
    /** jffi's own switch: a folder holding its stub library, read once when jffi initialises. */
    static final String JFFI_LIBRARY_PATH = "jffi.boot.library.path";

    private NativeLibrary() {}

    /** Points lmdbjava and jffi at the runtime's bundled libraries, where present and nobody chose others. */
    static void preferBundled() {
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (System.getProperty(LMDBJAVA_NATIVE_LIB) == null) {
            bundled(javaHome, "lmdb").ifPresent(p -> System.setProperty(LMDBJAVA_NATIVE_LIB, p.toString()));
        }
        if (System.getProperty(JFFI_LIBRARY_PATH) == null) {
            bundled(javaHome, "jffi-1.2").ifPresent(p -> System.setProperty(JFFI_LIBRARY_PATH, p.getParent().toString()));
        }
    }

    /** The library {@code name} a runtime image at {@code javaHome} ships in its {@code lib} folder, if any. */
    static Optional<Path> bundled(Path javaHome, String name) {
        Path lib = javaHome.resolve("lib").resolve(System.mapLibraryName(name)).toAbsolutePath();
        return Files.isRegularFile(lib) ? Optional.of(lib) : Optional.empty();
    }
}
