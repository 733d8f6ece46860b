package ketch.frontend.v3;

import java.util.Set;
import ketch.api.spi.FrontEnd;
import ketch.api.spi.FrontEndContext;
import ketch.api.spi.FrontEndProvider;
import ketch.api.spi.PluginConfig;

/** {@code front-ends: [{type: v3}]}: etcd's v3 JSON gateway on the client URLs. No other keys. */
public final class V3FrontEndProvider implements FrontEndProvider {
    @Override
    public String type() {
        return "v3";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of();
    }

    @Override
    public String description() {
        return "v3: etcd's v3 JSON gateway (POST /v3/kv/..., /v3/watch, /v3/lease/..., /v3/cluster/..., /v3/maintenance/...),"
                + " GET /version and GET /health on the client URLs";
    }

    @Override
    public FrontEnd create(PluginConfig config, FrontEndContext context) {
        return new V3FrontEnd(context);
    }
}
