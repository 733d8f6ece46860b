/**
 * The {@code lmdb} log store: Raft entries and hard state in one LMDB environment, written in one
 * write transaction per {@code sync()}, whose commit is LMDB's own fsync-ordered commit.
 *
 * <p>What a runtime needs (tested in a jlink image with no JDK around): the modules
 * {@code lmdbjava}, {@code org.jnrproject.ffi}, {@code org.jnrproject.jffi},
 * {@code org.jnrproject.constants}, {@code jnr.a64asm}, {@code jnr.x86asm},
 * {@code org.objectweb.asm} (+ {@code .commons}, {@code .tree}, {@code .tree.analysis},
 * {@code .util}) and {@code jdk.unsupported}; the flags
 * {@code --add-opens=java.base/java.nio=lmdbjava --add-exports=java.base/sun.nio.ch=lmdbjava
 * --enable-native-access=org.jnrproject.jffi --sun-misc-unsafe-memory-access=allow}; and either
 * the two native jars ({@code org.lmdbjava:native}, {@code jffi:native}) on the class path, or
 * {@code lib/liblmdb.so} and {@code lib/libjffi-1.2.so} in the runtime image (see
 * {@link ketch.store.lmdb.NativeLibrary}).
 */
package ketch.store.lmdb;
