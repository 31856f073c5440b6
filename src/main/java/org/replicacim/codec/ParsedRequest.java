package org.replicacim.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.codec.dtd.IMethodCallElement;
import org.replicacim.codec.dtd.InstanceNameElement;
import org.replicacim.codec.dtd.KeyBindingElement;
import org.replicacim.codec.dtd.KeyValueElement;
import org.replicacim.codec.dtd.LocalClassPathElement;
import org.replicacim.codec.dtd.LocalInstancePathElement;
import org.replicacim.codec.dtd.LocalNamespacePathElement;
import org.replicacim.codec.dtd.MethodCallElement;
import org.replicacim.codec.dtd.NamespaceElement;
import org.replicacim.codec.dtd.ParamValueElement;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;

/**
 * A request whose envelope is valid (protocol reference §1.5 steps 10–13) but whose operation and parameters are not
 * decoded yet. It gives the HTTP layer what it compares with the CIMMethod and CIMObject headers (step 14) and the
 * MESSAGE ID and method name to echo in any answer; {@link #decode()} then does steps 15 and 17.
 */
public final class ParsedRequest {
    private final String messageId;
    private final String protocolVersion;
    private final IMethodCallElement intrinsic;
    private final MethodCallElement extrinsic;
    private final Limits limits;

    ParsedRequest(String messageId, String protocolVersion, IMethodCallElement intrinsic, MethodCallElement extrinsic,
                  Limits limits) {
        this.messageId = messageId;
        this.protocolVersion = protocolVersion;
        this.intrinsic = intrinsic;
        this.extrinsic = extrinsic;
        this.limits = limits;
    }

    /** The MESSAGE ID, to echo in the response. */
    public String messageId() {
        return messageId;
    }

    /** The MESSAGE PROTOCOLVERSION (major version 1 already checked). */
    public String protocolVersion() {
        return protocolVersion;
    }

    /** Whether this is an IMETHODCALL (intrinsic operation) rather than a METHODCALL. */
    public boolean isIntrinsic() {
        return intrinsic != null;
    }

    /** The NAME of the IMETHODCALL or METHODCALL exactly as sent: compare with CIMMethod, echo in the response. */
    public String methodName() {
        return intrinsic != null ? intrinsic.name : extrinsic.name;
    }

    /** The target namespace as sent, LOCALNAMESPACEPATH segments joined with '/'. */
    public String namespace() {
        return joined(intrinsic != null ? intrinsic.localNamespacePath : localNamespacePath(extrinsic));
    }

    /** The class of a METHODCALL's target, as sent; null for intrinsic operations. */
    public String targetClassName() {
        if (extrinsic == null) {
            return null;
        }
        return extrinsic.path instanceof LocalClassPathElement c ? c.className.name
                : ((LocalInstancePathElement) extrinsic.path).instanceName.className;
    }

    /** The key names and raw key text of a METHODCALL on an instance path, in body order; empty otherwise. */
    public Map<String, String> targetKeys() {
        if (extrinsic == null || !(extrinsic.path instanceof LocalInstancePathElement lp)) {
            return Map.of();
        }
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (KeyBindingElement kb : lp.instanceName.keyBindings) {
            keys.put(kb.name, kb.value instanceof KeyValueElement kv ? (kv.text == null ? "" : kv.text) : "(reference)");
        }
        return Collections.unmodifiableMap(keys);
    }

    /**
     * The value a client should have put in CIMObject (decoded form, §1.4): the namespace for intrinsic operations,
     * {@code namespace:Class} or {@code namespace:Class.key="v",…} (keys in body order) for method calls.
     */
    public String cimObject() {
        if (extrinsic == null) {
            return namespace();
        }
        StringBuilder sb = new StringBuilder(namespace()).append(':').append(targetClassName());
        Map<String, String> keys = targetKeys();
        if (!keys.isEmpty() && extrinsic.path instanceof LocalInstancePathElement lp) {
            sb.append('.');
            List<String> parts = new ArrayList<>();
            for (KeyBindingElement kb : lp.instanceName.keyBindings) {
                String text;
                if (kb.value instanceof KeyValueElement kv) {
                    String t = kv.text == null ? "" : kv.text;
                    boolean quoted = kv.valueType == null || kv.valueType.equalsIgnoreCase("string");
                    text = quoted ? '"' + t.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : t;
                } else {
                    text = "\"(reference)\"";
                }
                parts.add(kb.name + "=" + text);
            }
            sb.append(String.join(",", parts));
        }
        return sb.toString();
    }

    /**
     * Decodes the operation: unknown intrinsic name → CIM_ERR_NOT_SUPPORTED; unknown, duplicate or missing parameters,
     * NULL booleans, bad value text → CIM_ERR_INVALID_PARAMETER; a malformed namespace name → CIM_ERR_INVALID_NAMESPACE.
     * Wrong structure inside a parameter (a required attribute or child missing) is a CimProtocolException
     * (REQUEST_NOT_VALID) naming the element and attribute.
     */
    public DecodedRequest decode() throws CimProtocolException, CimException {
        try {
            return new DecodedRequest(messageId, protocolVersion, decodeRequest());
        } catch (CodecFault f) {
            if (f.isProtocol()) {
                throw f.toProtocolException();
            }
            throw f.toCimException();
        }
    }

    private OperationRequest decodeRequest() {
        ModelDecoder dec = new ModelDecoder(limits, 0);
        if (intrinsic != null) {
            Namespace ns = namespaceOf(intrinsic.localNamespacePath);
            return IntrinsicOperations.decode(intrinsic.name, ns, intrinsic.params, dec);
        }
        String where = "METHODCALL '" + extrinsic.name + "'";
        ObjectPath target;
        if (extrinsic.path instanceof LocalClassPathElement c) {
            namespaceOf(c.localNamespacePath);
            target = ModelDecoder.localClassPath(c, where);
        } else {
            LocalInstancePathElement lp = (LocalInstancePathElement) extrinsic.path;
            namespaceOf(lp.localNamespacePath);
            target = dec.localInstancePath(lp, where);
        }
        List<ParamValue> params = new ArrayList<>(extrinsic.params.size());
        for (ParamValueElement pv : extrinsic.params) {
            params.add(dec.paramValue(pv, where));
        }
        return new InvokeMethodRequest(target.namespace(), target,
                ModelDecoder.name(extrinsic.name, "METHODCALL", "NAME", null), params);
    }

    private static Namespace namespaceOf(LocalNamespacePathElement e) {
        try {
            return Namespace.of(joined(e));
        } catch (IllegalArgumentException ex) {
            throw CodecFault.status(CimStatus.INVALID_NAMESPACE, "LOCALNAMESPACEPATH names no valid namespace: " + ex.getMessage());
        }
    }

    private static LocalNamespacePathElement localNamespacePath(MethodCallElement m) {
        return m.path instanceof LocalClassPathElement c ? c.localNamespacePath
                : ((LocalInstancePathElement) m.path).localNamespacePath;
    }

    private static String joined(LocalNamespacePathElement e) {
        StringBuilder sb = new StringBuilder();
        for (NamespaceElement n : e.namespaces) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(n.name);
        }
        return sb.toString();
    }

    /** Checks the structure the accessors rely on (run by the reader before the object is handed out). */
    static void checkStructure(IMethodCallElement i, MethodCallElement m) {
        if (i != null) {
            ModelDecoder.required(i.name, "IMETHODCALL", "NAME", null);
            checkNamespace(i.localNamespacePath, "IMETHODCALL '" + i.name + "'");
            return;
        }
        ModelDecoder.required(m.name, "METHODCALL", "NAME", null);
        String where = "METHODCALL '" + m.name + "'";
        if (m.path instanceof LocalClassPathElement c) {
            checkNamespace(c.localNamespacePath, "LOCALCLASSPATH of " + where);
            if (c.className == null) {
                throw CodecFault.invalid("LOCALCLASSPATH without CLASSNAME inside " + where);
            }
            ModelDecoder.required(c.className.name, "CLASSNAME", "NAME", where);
        } else if (m.path instanceof LocalInstancePathElement lp) {
            checkNamespace(lp.localNamespacePath, "LOCALINSTANCEPATH of " + where);
            InstanceNameElement in = lp.instanceName;
            if (in == null) {
                throw CodecFault.invalid("LOCALINSTANCEPATH without INSTANCENAME inside " + where);
            }
            ModelDecoder.required(in.className, "INSTANCENAME", "CLASSNAME", where);
            for (KeyBindingElement kb : in.keyBindings) {
                ModelDecoder.required(kb.name, "KEYBINDING", "NAME", "INSTANCENAME '" + in.className + "'");
                if (kb.value == null) {
                    throw CodecFault.invalid("KEYBINDING '" + kb.name + "' without KEYVALUE or VALUE.REFERENCE inside "
                            + "INSTANCENAME '" + in.className + "'");
                }
            }
        } else {
            throw CodecFault.invalid(where + " without LOCALCLASSPATH or LOCALINSTANCEPATH");
        }
        for (ParamValueElement pv : m.params) {
            ModelDecoder.required(pv.name, "PARAMVALUE", "NAME", where);
        }
    }

    private static void checkNamespace(LocalNamespacePathElement e, String where) {
        if (e == null) {
            throw CodecFault.invalid("LOCALNAMESPACEPATH missing inside " + where);
        }
        if (e.namespaces.isEmpty()) {
            throw CodecFault.invalid("LOCALNAMESPACEPATH without NAMESPACE inside " + where);
        }
        for (NamespaceElement n : e.namespaces) {
            ModelDecoder.required(n.name, "NAMESPACE", "NAME", where);
        }
    }
}
