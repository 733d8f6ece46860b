/**
 * The shared HTTP server on the client port that HTTP front ends mount their routes on, as etcd
 * serves v2, v3, /health and /version on one port. It owns what every front end shares: binding
 * the listen URLs, CORS, etcd's plain-text 404 and 405 answers, and the request body limit.
 */
package ketch.http.host;
