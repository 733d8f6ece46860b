// jdeps' open module for com.sun.jna, with java.desktop optional (not linked into the image).
open module com.sun.jna {
    requires java.logging;

    requires static java.desktop;

}
