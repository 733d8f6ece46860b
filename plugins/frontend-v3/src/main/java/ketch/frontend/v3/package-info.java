/**
 * etcd's v3 JSON gateway (/v3/..., and the /v3beta alias) for the KV, Watch, Lease, Cluster and
 * Maintenance services, plus /version and /health, on the shared HTTP host. Bodies are read and
 * written with Jackson's streaming API to the byte, as etcd 3.4's grpc-gateway v1 does (jsonpb,
 * OrigName, no defaults); the watch and keep-alive streams read their bodies as they arrive and
 * answer newline-delimited {"result":...} objects.
 */
package ketch.frontend.v3;
