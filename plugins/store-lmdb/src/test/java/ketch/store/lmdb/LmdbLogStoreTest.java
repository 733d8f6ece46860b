package ketch.store.lmdb;

import java.nio.file.Path;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.logstore.LogStoreContract;

/**
 * The lmdb log store against the whole log store contract.
 *
 * <p>The torn-tail test is skipped (the default {@code corruptTail}): LMDB never writes over a
 * page the last durable meta page can reach. A commit writes new pages, fsyncs them, and only then
 * writes the other of its two meta pages; opening picks the meta page with the higher transaction
 * id among those that are valid. A crash mid-commit therefore leaves either the old meta page
 * (pointing only at untouched pages) or the new one (written after its pages were durable), and
 * a store has no "last record" that could be half-written. Garbling bytes in the file by hand
 * would test disk corruption, which LMDB does not checksum and the contract does not ask for;
 * {@link LmdbCrashTest} checks the real case, a SIGKILL at any moment.
 */
class LmdbLogStoreTest extends LogStoreContract {

    @Override
    protected LogStore open(Path dir) {
        return new LmdbLogStoreProvider().create(DefaultsPluginConfig.of(LmdbLogStoreProvider.TYPE), new LogStoreProvider.Context(dir));
    }
}
