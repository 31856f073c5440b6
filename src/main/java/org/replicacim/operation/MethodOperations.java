package org.replicacim.operation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.InstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.OperationContext;

/** Extrinsic method calls: finds the method, checks and converts the parameters, calls the method provider. */
final class MethodOperations {
    private final Schema schema;
    private final Providers providers;
    private final ValueConversion conversion;
    private final InstanceShaping shaping;

    MethodOperations(Schema schema, Providers providers, ValueConversion conversion, InstanceShaping shaping) {
        this.schema = schema;
        this.providers = providers;
        this.conversion = conversion;
        this.shaping = shaping;
    }

    CompletionStage<MethodResult> invoke(OperationContext ctx, InvokeMethodRequest r) {
        try {
            return prepareAndCall(ctx, r);
        } catch (CimException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<MethodResult> prepareAndCall(OperationContext ctx, InvokeMethodRequest r)
            throws CimException {
        Namespace ns = ctx.namespace();
        CimClass cls = schema.getClass(ns, r.target().className());
        if (cls == null) {
            throw new CimException(CimStatus.NOT_FOUND, "no class " + r.target().className() + " in namespace " + ns);
        }
        CimMethod method = cls.method(r.methodName());
        if (method == null) {
            throw new CimException(CimStatus.METHOD_NOT_FOUND, "class " + cls.name() + " has no method " + r.methodName());
        }
        ObjectPath target;
        if (r.target().isClassPath()) {
            if (!cls.keyProperties().isEmpty() && !CimQualifier.isTrue(method.qualifiers(), "Static")) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "method " + method.name()
                        + " is not static: call it on an instance of " + cls.name());
            }
            target = ObjectPath.ofClass(ns, cls.name());
        } else {
            target = conversion.normalizePath(ns, cls, r.target());
            InstanceProvider ip = providers.instances(ns, cls);
            if (ip == null) {
                throw new CimException(CimStatus.NOT_FOUND, "no instance " + target.local());
            }
            ip.getInstance(ctx, cls, target); // NOT_FOUND when the target does not exist
        }
        MethodProvider mp = providers.methods(ns, cls);
        if (mp == null) {
            throw new CimException(CimStatus.METHOD_NOT_AVAILABLE, "method " + cls.name() + "." + method.name()
                    + " is not implemented by this server");
        }
        List<ParamValue> params = parameters(ns, cls, method, r.parameters());
        return mp.invokeMethod(ctx, cls, shaping.fullPath(target, ns), method, params);
    }

    private List<ParamValue> parameters(Namespace ns, CimClass cls, CimMethod method, List<ParamValue> given)
            throws CimException {
        List<ParamValue> out = new ArrayList<>(given.size());
        Set<CimName> seen = new HashSet<>();
        for (ParamValue pv : given) {
            CimParameter decl = method.parameter(pv.name());
            if (decl == null) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "method " + method.name() + " has no parameter "
                        + pv.name());
            }
            if (!seen.add(decl.name())) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "parameter " + decl.name() + " given twice");
            }
            if (!decl.isInput()) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "parameter " + decl.name() + " is output only");
            }
            String what = "parameter " + decl.name();
            CimValue v = pv.value();
            if (pv.typeKnown() && !v.isNull() && (v.isArray() != decl.array()
                    || ((v.type() == CimType.REFERENCE) != (decl.type() == CimType.REFERENCE)))) {
                throw new CimException(CimStatus.INVALID_PARAMETER, what + " is declared "
                        + decl.type().wireName() + (decl.array() ? "[]" : "") + " but was sent as "
                        + v.type().wireName() + (v.isArray() ? "[]" : ""));
            }
            if (!pv.typeKnown() && decl.array() && decl.type().isNumeric() && v.isArray()
                    && v.elements().size() == 1 && "".equals(v.elements().get(0))) {
                v = CimValue.array(decl.type(), List.of()); // wbemcli's way of sending an empty array
            }
            CimValue converted = conversion.convert(v, decl.type(), decl.array(), decl.embedded(), what,
                    CimStatus.INVALID_PARAMETER);
            converted = ValueConversion.localReferences(ns, converted);
            out.add(new ParamValue(decl.name(), converted, true));
        }
        for (CimParameter decl : method.parameters()) {
            if (decl.isInput() && CimQualifier.isTrue(decl.qualifiers(), "Required") && !seen.contains(decl.name())) {
                throw new CimException(CimStatus.INVALID_PARAMETER, "required parameter " + decl.name() + " of "
                        + cls.name() + "." + method.name() + " is missing");
            }
        }
        return out;
    }
}
