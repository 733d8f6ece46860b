package ketch.store.chronicle;

import java.io.IOException;
import java.nio.file.Path;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.logstore.LogStoreContract;

/** The chronicle log store against the whole log store contract. */
class ChronicleLogStoreTest extends LogStoreContract {

    @Override
    protected LogStore open(Path dir) {
        return new ChronicleLogStoreProvider().create(DefaultsPluginConfig.of("chronicle"), new LogStoreProvider.Context(dir));
    }

    @Override
    protected void corruptTail(Path dir) throws IOException {
        TornRecords.tearNewestRecord(dir.resolve("queue"));
    }
}
