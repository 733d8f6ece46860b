package ketch.node.config;

/** etcd's initial-cluster-state. */
public enum ClusterState {
    NEW,
    EXISTING
}
