package ketch.store.mvstore;

import java.nio.file.Path;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBackendProvider;
import ketch.tck.backend.KvBackendContract;
import ketch.tck.logstore.DefaultsPluginConfig;

/** The mvstore backend against the backend contract. */
class MvStoreKvBackendTest extends KvBackendContract {
    @Override
    protected KvBackend open(Path dir) {
        return new MvStoreKvBackendProvider().create(DefaultsPluginConfig.of("mvstore"), new KvBackendProvider.Context(dir));
    }
}
