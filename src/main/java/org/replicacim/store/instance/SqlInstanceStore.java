package org.replicacim.store.instance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.KeyBinding;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.codec.EmbeddedObjects;
import org.replicacim.codec.Limits;
import org.replicacim.provider.InstanceStore;
import org.replicacim.store.Database;
import org.replicacim.store.StoreException;
import org.replicacim.store.Transaction;

/**
 * Static instances (those created with CreateInstance for classes without a dynamic provider, such as
 * indication subscriptions) in the {@code static_instances} table. Each row holds the instance as CIM-XML
 * {@code INSTANCE} text (the embedded-object form, exact in types, arrays, qualifiers and embedded objects) and
 * its path as a reference in the same form; a digest of the path in CIM's comparison rules (names without case,
 * numbers by value) is the row's key, so lookups match as {@code ObjectPath.equals} does. Paths come back with
 * the store's namespace and no host.
 */
public final class SqlInstanceStore implements InstanceStore {
    /** The made-up class that carries a stored path as its one reference property. */
    private static final String PATH_HOLDER = "ReplicaCIM_StoredPath";
    private static final Limits LIMITS = Limits.DEFAULT;

    /** Decoded instances by (namespace, path key), kept only when this process is the database's one writer. */
    private static final int CACHE_LIMIT = 100_000;

    private final Database db;
    /** Null with a shared (PostgreSQL) store: another server may change a row behind this one's back. */
    private final java.util.concurrent.ConcurrentHashMap<String, CimInstance> cache;
    /**
     * Decoded listings by (namespace, class), under the same condition as {@link #cache}; only classes of at most
     * {@link #LISTING_LIMIT} instances, so that a huge class streams from the database without being held twice.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, List<CimInstance>> listings;
    private static final int LISTING_LIMIT = 10_000;
    private static final int LISTINGS_AT_MOST = 64;
    /** Bumped around every write, so that a read racing a write never caches what the write replaced. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    /** A store over the database's {@code static_instances} table. */
    public SqlInstanceStore(Database db) {
        this.db = db;
        // GetInstance of a stored instance is hot (decoding its CIM-XML per call costs more than the rest of the
        // request); SQLite in the data directory has this process as its only writer, so a cache stays true.
        this.cache = db.dialect() == org.replicacim.store.Dialect.SQLITE
                ? new java.util.concurrent.ConcurrentHashMap<>() : null;
        this.listings = cache == null ? null : new java.util.concurrent.ConcurrentHashMap<>();
    }

    private record Row(String pathXml, String instanceXml) { }

    @Override
    public List<CimInstance> list(Namespace ns, CimName className) {
        String key = listings == null ? null : nsKey(ns) + '\n' + className.folded();
        if (key != null) {
            List<CimInstance> hit = listings.get(key);
            if (hit != null) {
                return hit;
            }
        }
        long before = writes.get();
        List<Row> rows = db.read(tx -> tx.query("SELECT path_xml, instance_xml FROM static_instances"
                + " WHERE namespace = ? AND class_name = ? ORDER BY seq",
                rs -> new Row(rs.getString(1), rs.getString(2)), nsKey(ns), className.folded()));
        List<CimInstance> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(decode(ns, r));
        }
        if (key != null && out.size() <= LISTING_LIMIT && listings.size() < LISTINGS_AT_MOST) {
            List<CimInstance> listing = java.util.Collections.unmodifiableList(out);
            keepUnlessWritten(listings, key, listing, before);
            return listing;
        }
        return out;
    }

    @Override
    public CimInstance get(Namespace ns, ObjectPath path) {
        String canonical = canonicalText(path);
        String key = cache == null ? null : nsKey(ns) + '\n' + canonical;
        if (key != null) {
            CimInstance hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        long before = writes.get();
        Row r = db.read(tx -> tx.queryOne("SELECT path_xml, instance_xml FROM static_instances"
                + " WHERE namespace = ? AND path_key = ?", rs -> new Row(rs.getString(1), rs.getString(2)),
                nsKey(ns), digest(canonical)));
        CimInstance found = r == null ? null : decode(ns, r);
        if (found != null && key != null && cache.size() < CACHE_LIMIT) {
            keepUnlessWritten(cache, key, found, before);
        }
        return found;
    }

    /** Caches what a read found, unless a write ran since {@code writesBefore} (it may be gone or replaced). */
    private <V> void keepUnlessWritten(java.util.Map<String, V> map, String key, V value, long writesBefore) {
        map.putIfAbsent(key, value);
        if (writes.get() != writesBefore) {
            map.remove(key, value);
        }
    }

    /** Runs a write with the cache entry of {@code path} and every cached listing dropped before and after it. */
    private boolean changing(Namespace ns, ObjectPath path, java.util.function.BooleanSupplier write) {
        if (cache == null) {
            return write.getAsBoolean();
        }
        String key = nsKey(ns) + '\n' + canonicalText(path);
        writes.incrementAndGet();
        cache.remove(key);
        listings.clear(); // writes are rare; a listing of any class may hold the instance (path and class may differ)
        try {
            return write.getAsBoolean();
        } finally {
            writes.incrementAndGet();
            cache.remove(key);
            listings.clear();
        }
    }

    @Override
    public boolean insert(Namespace ns, CimInstance instance) {
        ObjectPath path = requirePath(instance);
        String pathXml = encodePath(path);
        String xml = EmbeddedObjects.format(instance);
        return changing(ns, path, () -> db.write(tx -> tx.update("INSERT INTO static_instances (namespace, class_name, path_key, path_xml,"
                + " instance_xml, updated_at) VALUES (?, ?, ?, ?, ?, " + tx.dialect().nowMicros() + ")"
                + " ON CONFLICT (namespace, path_key) DO NOTHING", nsKey(ns), instance.className().folded(),
                pathKey(path), pathXml, xml) > 0));
    }

    @Override
    public boolean replace(Namespace ns, CimInstance instance) {
        ObjectPath path = requirePath(instance);
        String pathXml = encodePath(path);
        String xml = EmbeddedObjects.format(instance);
        return changing(ns, instance.path(), () -> db.write(tx -> tx.update("UPDATE static_instances SET path_xml = ?, instance_xml = ?, updated_at = "
                + tx.dialect().nowMicros() + " WHERE namespace = ? AND path_key = ?", pathXml, xml, nsKey(ns),
                pathKey(path)) > 0));
    }

    @Override
    public boolean delete(Namespace ns, ObjectPath path) {
        return changing(ns, path, () -> db.write(tx -> delete(tx, ns, path)));
    }

    private static boolean delete(Transaction tx, Namespace ns, ObjectPath path) throws SQLException {
        return tx.update("DELETE FROM static_instances WHERE namespace = ? AND path_key = ?", nsKey(ns),
                pathKey(path)) > 0;
    }

    private static ObjectPath requirePath(CimInstance instance) {
        if (instance.path() == null || instance.path().isClassPath()) {
            throw new IllegalArgumentException("a stored instance needs a path with keys: instance of "
                    + instance.className());
        }
        return instance.path();
    }

    private static String nsKey(Namespace ns) {
        return ns.folded();
    }

    private static String encodePath(ObjectPath path) {
        return EmbeddedObjects.format(CimInstance.builder(PATH_HOLDER)
                .property("Path", CimValue.reference(path.local())).build());
    }

    private static CimInstance decode(Namespace ns, Row r) {
        try {
            ObjectPath path = EmbeddedObjects.parseInstance(r.pathXml(), LIMITS).value("Path").asReference();
            return EmbeddedObjects.parseInstance(r.instanceXml(), LIMITS).withPath(path.withNamespace(ns));
        } catch (CimException | RuntimeException e) {
            throw new StoreException("a stored instance in " + ns + " cannot be read back: " + e.getMessage(), e);
        }
    }

    /**
     * The row key of a path: a SHA-256 digest of its canonical text, in which class and key names are folded to
     * lower case, keys sorted by name, numbers written by value (whatever their integer type), other values typed
     * and exact; namespace and host are left out (the namespace is a column of its own).
     */
    static String pathKey(ObjectPath path) {
        return digest(canonicalText(path));
    }

    private static String digest(String canonicalText) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(canonicalText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The canonical text of a path; the read cache keys on it directly (a digest per lookup cost more). */
    private static String canonicalText(ObjectPath path) {
        StringBuilder sb = new StringBuilder(64);
        canonical(path, sb);
        return sb.toString();
    }

    private static void canonical(ObjectPath path, StringBuilder sb) {
        sb.append(path.className().folded());
        List<KeyBinding> keys = new ArrayList<>(path.keys());
        keys.sort((a, b) -> a.name().folded().compareTo(b.name().folded()));
        for (KeyBinding k : keys) {
            sb.append('\u0001').append(k.name().folded()).append('=');
            CimValue v = k.value();
            if (v.type().isNumeric()) {
                sb.append("n:").append(numeric(v.value()).toPlainString());
            } else if (v.value() instanceof ObjectPath ref) {
                // a reference key compares as ObjectPath.equals does: class, namespace and keys
                sb.append("r:").append(ref.namespace() == null ? "" : nsKey(ref.namespace())).append(':');
                sb.append('\u0002');
                canonical(ref, sb);
                sb.append('\u0003');
            } else {
                sb.append(v.type().name()).append(':').append(v.value());
            }
        }
    }

    private static BigDecimal numeric(Object o) {
        if (o instanceof BigInteger b) {
            return new BigDecimal(b).stripTrailingZeros();
        }
        if (o instanceof Float || o instanceof Double) {
            double d = ((Number) o).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros() : BigDecimal.valueOf(Double.MAX_VALUE);
        }
        return BigDecimal.valueOf(((Number) o).longValue()).stripTrailingZeros();
    }
}
