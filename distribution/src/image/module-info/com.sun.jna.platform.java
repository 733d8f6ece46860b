// jdeps' open module for com.sun.jna.platform, with java.desktop optional (not linked into the image).
open module com.sun.jna.platform {
    requires java.logging;

    requires transitive com.sun.jna;
    requires transitive java.datatransfer;
    requires static java.desktop;

}
