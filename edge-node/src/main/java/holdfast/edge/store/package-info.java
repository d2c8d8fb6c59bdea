/**
 * The H2 database that holds the node's relational state, and its Flyway migrations. Features own their
 * tables; this package only opens the file, migrates it and says what "durable" means for a commit, and
 * keeps the data dir readable by the node's own user only.
 */
package holdfast.edge.store;
