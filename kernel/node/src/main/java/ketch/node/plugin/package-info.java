/** Finding plugins (ServiceLoader) and choosing them by their node.yaml type. */
package ketch.node.plugin;
