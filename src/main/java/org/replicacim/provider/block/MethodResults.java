package org.replicacim.provider.block;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;

/** Small helpers for reading IN parameters and building uint32 method results. */
public final class MethodResults {
    private MethodResults() {
    }

    /** The value of the named IN parameter, or null when the client did not send it (or sent NULL). */
    public static CimValue in(List<ParamValue> params, String name) {
        for (ParamValue p : params) {
            if (p.name().is(name)) {
                return p.value().isNull() ? null : p.value();
            }
        }
        return null;
    }

    /** A finished call: uint32 return code and the non-null OUT parameters given. */
    public static MethodResult result(long code, ParamValue... outs) {
        List<ParamValue> list = new ArrayList<>();
        for (ParamValue p : outs) {
            if (p != null) {
                list.add(p);
            }
        }
        return new MethodResult(CimValue.uint32(code), list);
    }

    public static CompletableFuture<MethodResult> done(long code, ParamValue... outs) {
        return CompletableFuture.completedFuture(result(code, outs));
    }

    public static ParamValue ref(String name, ObjectPath p) {
        return p == null ? null : ParamValue.of(name, CimValue.reference(p));
    }

    public static ParamValue uint64(String name, long v) {
        return ParamValue.of(name, CimValue.uint64(v));
    }
}
