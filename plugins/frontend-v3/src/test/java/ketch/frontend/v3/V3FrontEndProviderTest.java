package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import ketch.api.spi.FrontEndProvider;
import org.junit.jupiter.api.Test;

class V3FrontEndProviderTest {
    @Test
    void theModuleProvidesTheFrontEndAndExportsNothing() {
        ModuleDescriptor descriptor = V3FrontEndProvider.class.getModule().getDescriptor();
        assertEquals("ketch.frontend.v3", descriptor.name());
        assertEquals(1, descriptor.provides().size());
        ModuleDescriptor.Provides provides = descriptor.provides().iterator().next();
        assertEquals(FrontEndProvider.class.getName(), provides.service());
        assertEquals(List.of(V3FrontEndProvider.class.getName()), provides.providers());
        assertTrue(descriptor.exports().isEmpty());
        // a plugin reaches the node only through the api and its declared host
        assertEquals(Set.of("java.base", "ketch.api", "ketch.http.host", "com.fasterxml.jackson.core", "java.logging"),
                descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void theNodeFindsItByType() {
        V3FrontEndProvider.class.getModule().addUses(FrontEndProvider.class); // the node declares this use
        List<String> types = ServiceLoader.load(FrontEndProvider.class).stream().map(p -> p.get().type()).toList();
        assertEquals(List.of("v3"), types);
        assertEquals(Set.of(), new V3FrontEndProvider().configKeys());
    }
}
