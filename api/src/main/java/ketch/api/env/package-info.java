/** The injectable environment: clock and randomness, so runs can be reproduced from a seed. */
package ketch.api.env;
