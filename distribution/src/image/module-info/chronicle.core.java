// jdeps' open module for chronicle.core, fixed by hand: the 'uses' lines its ServiceLoader calls need,
// and java.desktop only when present (it is not linked into the image).
open module chronicle.core {
    uses net.openhft.chronicle.core.ChronicleInitRunnable;
    uses net.openhft.chronicle.core.cleaner.spi.ByteBufferCleanerService;

    requires affinity;
    requires static java.desktop;
    requires java.logging;
    requires java.management;
    requires java.naming;
    requires posix;

    requires transitive jdk.unsupported;
    requires transitive org.slf4j;

    provides net.openhft.chronicle.core.cleaner.spi.ByteBufferCleanerService with
        net.openhft.chronicle.core.internal.cleaner.Jdk9ByteBufferCleanerService,
        net.openhft.chronicle.core.internal.cleaner.ReflectionBasedByteBufferCleanerService;

}
