// Hand-fixed module-info for jnr-ffi (automatic upstream): it generates code with asm at run time.
open module org.jnrproject.ffi {
    requires java.logging;
    requires jnr.a64asm;
    requires jnr.x86asm;
    requires transitive org.jnrproject.jffi;
    requires transitive org.objectweb.asm;
    requires org.objectweb.asm.commons;
    requires org.objectweb.asm.tree;
    requires org.objectweb.asm.tree.analysis;
    requires org.objectweb.asm.util;
}
