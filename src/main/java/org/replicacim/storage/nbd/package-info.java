/**
 * NBD export of every volume of a {@link org.replicacim.storage.BlockBackend}: fixed newstyle handshake,
 * OPT_LIST/INFO/GO/EXPORT_NAME, and READ, WRITE, FLUSH, TRIM, WRITE_ZEROES, DISC with simple replies.
 * Depends only on the storage SPI; export names are volume ids.
 */
package org.replicacim.storage.nbd;
