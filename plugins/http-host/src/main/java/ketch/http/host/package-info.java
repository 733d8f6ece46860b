/** The shared HTTP server that HTTP front ends mount their routes on. */
package ketch.http.host;
