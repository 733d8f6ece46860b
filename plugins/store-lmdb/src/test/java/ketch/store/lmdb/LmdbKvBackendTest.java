package ketch.store.lmdb;

import java.nio.file.Path;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBackendProvider;
import ketch.tck.backend.KvBackendContract;
import ketch.tck.logstore.DefaultsPluginConfig;

/** The lmdb backend against the backend contract. */
class LmdbKvBackendTest extends KvBackendContract {
    @Override
    protected KvBackend open(Path dir) {
        return new LmdbKvBackendProvider().create(DefaultsPluginConfig.of("lmdb"), new KvBackendProvider.Context(dir));
    }
}
