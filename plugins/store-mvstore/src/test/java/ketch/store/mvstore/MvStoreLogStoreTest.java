package ketch.store.mvstore;

import java.io.IOException;
import java.nio.file.Path;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.logstore.LogStoreContract;

/** The mvstore log store against the whole log store contract. */
class MvStoreLogStoreTest extends LogStoreContract {

    @Override
    protected LogStore open(Path dir) {
        return new MvStoreLogStoreProvider().create(DefaultsPluginConfig.of("mvstore"), new LogStoreProvider.Context(dir));
    }

    @Override
    protected void corruptTail(Path dir) throws IOException {
        TornChunks.tearNewestChunk(dir.resolve(MvStoreLogStoreProvider.DEFAULT_FILE_NAME));
    }
}
