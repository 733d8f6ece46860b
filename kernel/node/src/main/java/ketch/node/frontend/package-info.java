/** The node side of the front-end SPI: the context front ends are given. */
package ketch.node.frontend;
