package ketch.node.cluster;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import ketch.api.kv.KvException;
import ketch.api.kv.StatusCode;

/** Checks member peer URLs as etcd's types.NewURLs does before a member add or update. */
public final class PeerUrls {
    /** etcd's ErrGRPCMemberBadURLs. */
    public static final String BAD_URLS = "etcdserver: given member URLs are invalid";
    private static final List<String> SCHEMES = List.of("http", "https", "unix", "unixs");

    private PeerUrls() {}

    /** Throws KvException INVALID_ARGUMENT with etcd's text when there is none or any is not scheme://host:port. */
    public static List<URI> check(List<URI> urls) {
        if (urls.isEmpty()) throw bad();
        List<URI> out = new ArrayList<>(urls.size());
        for (URI u : urls) {
            boolean ok = u.getScheme() != null && SCHEMES.contains(u.getScheme()) && u.getHost() != null && u.getPort() > 0
                    && (u.getRawPath() == null || u.getRawPath().isEmpty());
            if (!ok) throw bad();
            out.add(u);
        }
        return out;
    }

    private static KvException bad() {
        return new KvException(StatusCode.INVALID_ARGUMENT, BAD_URLS);
    }
}
