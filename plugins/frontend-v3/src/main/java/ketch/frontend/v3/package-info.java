/**
 * etcd's v3 JSON gateway for the key-value service (/v3/kv/..., and the /v3beta alias), plus
 * /version and /health, on the shared HTTP host. Bodies are read and written with Jackson's
 * streaming API to the byte, as etcd 3.4's grpc-gateway v1 does (jsonpb, OrigName, no defaults).
 */
package ketch.frontend.v3;
