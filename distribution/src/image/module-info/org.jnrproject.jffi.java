// Hand-fixed module-info for jffi (automatic upstream).
open module org.jnrproject.jffi {
    requires java.logging;
    requires transitive jdk.unsupported;
}
