/** ketch-bench: etcd's benchmark tool over the v3 JSON API (a client; no Ketch module is read). */
module ketch.bench {
    requires com.fasterxml.jackson.core;
}
