// Hand-fixed module-info for lmdbjava (automatic upstream): jdeps misses jdk.unsupported (sun.misc.Unsafe).
open module lmdbjava {
    requires jdk.unsupported;
    requires org.jnrproject.constants;
    requires transitive org.jnrproject.ffi;
    exports org.lmdbjava;
}
