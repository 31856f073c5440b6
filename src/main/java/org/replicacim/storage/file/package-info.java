/**
 * The embedded default engine: volumes as sparse files, copy-on-write snapshots, background clones, synchronous
 * and asynchronous mirrors and dirty maps at chunk granularity, all in pure Java.
 *
 * <p>Layout of the data directory: {@code volumes/<id>.img} (sparse image) and {@code volumes/<id>.properties};
 * {@code pairs/<id>.properties}, {@code pairs/<id>.pending} and {@code pairs/<id>.dirty} (chunk bitmaps).
 * Properties files are replaced atomically (temp file, fsync, rename, fsync directory). Bitmaps are updated in
 * place, and a bit that protects data (a copy-on-write "chunk saved", a write intent, a dirty chunk) is durable
 * before the data it protects is overwritten.
 */
package org.replicacim.storage.file;
