package ketch.store.lmdb;

import java.io.IOException;
import java.nio.file.Path;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.logstore.LogStoreContract;

/**
 * The lmdb log store against the whole log store contract.
 *
 * <p>Torn tail: LMDB has no log tail to tear. It never writes over a page the last durable meta
 * page can reach (copy-on-write); a commit writes new pages, fsyncs them, then writes the other of
 * its two meta pages, and opening picks the meta page with the higher transaction id. A crash
 * mid-commit therefore leaves either the old meta page (pointing only at untouched pages) or the
 * new one (written after its pages were durable). {@link #corruptTail} builds the first case —
 * the last commit's pages on disk, its meta page not — and the store must reopen at the previous
 * sync. LMDB checks no checksums, so bytes garbled by the disk itself are outside what it (and
 * this contract) promises; {@link LmdbCrashTest} covers SIGKILL at any moment.
 */
class LmdbLogStoreTest extends LogStoreContract {

    @Override
    protected LogStore open(Path dir) {
        return new LmdbLogStoreProvider().create(DefaultsPluginConfig.of(LmdbLogStoreProvider.TYPE), new LogStoreProvider.Context(dir));
    }

    @Override
    protected void corruptTail(Path dir) throws IOException {
        TornCommit.dropNewestMetaWrite(dir);
    }
}
