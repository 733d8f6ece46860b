/**
 * A durable Raft log on Chronicle Queue. Chronicle's jars are automatic modules; the JVM needs
 * {@code --add-opens=java.base/java.lang.reflect=chronicle.core
 * --add-opens=java.base/sun.nio.ch=chronicle.core} (see the provider's javadoc).
 */
module ketch.store.chronicle {
    requires ketch.api;
    requires chronicle.queue;
    requires chronicle.bytes;
    requires chronicle.core;
    requires chronicle.wire;
    // Chronicle's automatic modules declare nothing; these are what they use from the JDK
    requires java.management;
    requires jdk.unsupported;
    // Chronicle logs through SLF4J, an explicit module its automatic modules cannot declare: resolve it
    requires org.slf4j;

    provides ketch.api.spi.LogStoreProvider with
            ketch.store.chronicle.ChronicleLogStoreProvider;
}
