/**
 * Loading the node's configuration (YAML file, environment variables, overrides) and the typed reads that
 * every feature's settings record uses, so that a bad value always stops start-up naming its key.
 */
package holdfast.edge.config;
