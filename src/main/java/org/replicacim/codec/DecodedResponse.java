package org.replicacim.codec;

import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.message.MethodResult;
import org.replicacim.message.PullStatus;
import org.replicacim.message.ReturnKind;

/**
 * A decoded SIMPLERSP: the MESSAGE ID, the response NAME, and either the returned objects (with the PullStatus and
 * QueryResultClass of Open/Pull responses), the MethodResult of a METHODRESPONSE, or the CimException of an ERROR.
 */
public record DecodedResponse(String messageId, String name, boolean intrinsic, boolean hasReturnValue,
                              List<Returned> objects, PullStatus pullStatus, CimClass queryResultClass,
                              MethodResult methodResult, CimException error) {

    /** One object of IRETURNVALUE with the kind its element shows. */
    public record Returned(ReturnKind kind, Object value) {
    }

    /** Copies the object list. */
    public DecodedResponse {
        objects = List.copyOf(objects);
    }

    /** Whether the response carried ERROR. */
    public boolean isError() {
        return error != null;
    }

    /** Throws the carried error, if any. */
    public DecodedResponse orThrow() throws CimException {
        if (error != null) {
            throw error;
        }
        return this;
    }

    /** The returned values cast to the given type. */
    public <T> List<T> values(Class<T> type) {
        List<T> out = new ArrayList<>(objects.size());
        for (Returned r : objects) {
            out.add(type.cast(r.value()));
        }
        return out;
    }
}
