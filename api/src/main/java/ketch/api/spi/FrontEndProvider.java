package ketch.api.spi;

/** Supplies a {@link FrontEnd}; each entry of {@code front-ends: [{type: ...}]} in node.yaml selects one. */
public interface FrontEndProvider extends Provider<FrontEnd, FrontEndContext> {}
