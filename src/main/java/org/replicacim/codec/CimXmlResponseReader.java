package org.replicacim.codec;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.codec.dtd.ClassElement;
import org.replicacim.codec.dtd.ClassNameElement;
import org.replicacim.codec.dtd.ClassPathElement;
import org.replicacim.codec.dtd.CimElement;
import org.replicacim.codec.dtd.IMethodResponseElement;
import org.replicacim.codec.dtd.IReturnValueElement;
import org.replicacim.codec.dtd.InstanceElement;
import org.replicacim.codec.dtd.InstanceNameElement;
import org.replicacim.codec.dtd.InstancePathElement;
import org.replicacim.codec.dtd.LocalClassPathElement;
import org.replicacim.codec.dtd.LocalInstancePathElement;
import org.replicacim.codec.dtd.MessageElement;
import org.replicacim.codec.dtd.MethodResponseElement;
import org.replicacim.codec.dtd.ObjectPathElement;
import org.replicacim.codec.dtd.ParamValueElement;
import org.replicacim.codec.dtd.QualifierDeclarationElement;
import org.replicacim.codec.dtd.SimpleRspElement;
import org.replicacim.codec.dtd.ValueArrayElement;
import org.replicacim.codec.dtd.ValueElement;
import org.replicacim.codec.dtd.ValueInstanceWithPathElement;
import org.replicacim.codec.dtd.ValueNamedInstanceElement;
import org.replicacim.codec.dtd.ValueObjectElement;
import org.replicacim.codec.dtd.ValueObjectWithLocalPathElement;
import org.replicacim.codec.dtd.ValueObjectWithPathElement;
import org.replicacim.codec.dtd.ValueReferenceElement;
import org.replicacim.message.ClassWithPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.message.PullStatus;
import org.replicacim.message.ReturnKind;

/**
 * Client side: decodes a SIMPLERSP document (IMETHODRESPONSE or METHODRESPONSE) with the hardened parser. A VALUE
 * inside IRETURNVALUE carries no type on the wire and is returned as a string (array). Thread-safe and stateless.
 */
public final class CimXmlResponseReader {
    /** A reader with nothing to configure. */
    public CimXmlResponseReader() {
    }

    /** Decodes a response; malformed documents throw CimProtocolException, bad values CimException. */
    public DecodedResponse read(InputStream body, Limits limits) throws CimProtocolException, CimException {
        try {
            CimElement cim = XmlIo.unmarshal(body, limits, CimElement.class);
            MessageElement msg = Envelope.message(cim);
            if (!(msg.body instanceof SimpleRspElement rsp) || rsp.response == null) {
                throw CodecFault.invalid("MESSAGE must hold SIMPLERSP with IMETHODRESPONSE or METHODRESPONSE");
            }
            ModelDecoder dec = new ModelDecoder(limits, 0);
            if (rsp.response instanceof IMethodResponseElement im) {
                return intrinsic(msg.id, im, dec);
            }
            return method(msg.id, (MethodResponseElement) rsp.response, dec);
        } catch (CodecFault f) {
            if (f.isProtocol()) {
                throw f.toProtocolException();
            }
            throw f.toCimException();
        }
    }

    private static DecodedResponse intrinsic(String id, IMethodResponseElement im, ModelDecoder dec) {
        String name = ModelDecoder.required(im.name, "IMETHODRESPONSE", "NAME", null);
        String where = "IMETHODRESPONSE '" + name + "'";
        if (im.error != null) {
            return new DecodedResponse(id, name, true, false, List.of(), null, null, null, dec.error(im.error, where));
        }
        List<DecodedResponse.Returned> objects = new ArrayList<>();
        IReturnValueElement rv = im.returnValue;
        if (rv != null) {
            for (Object item : rv.items) {
                objects.add(item(item, dec, "IRETURNVALUE of " + where));
            }
        }
        Boolean end = null;
        String context = null;
        CimClass resultClass = null;
        for (ParamValueElement pv : im.params) {
            String n = ModelDecoder.required(pv.name, "PARAMVALUE", "NAME", where);
            if (n.equalsIgnoreCase("EndOfSequence")) {
                end = (Boolean) ModelDecoder.scalar(CimType.BOOLEAN, text(pv.content), "PARAMVALUE 'EndOfSequence'", where);
            } else if (n.equalsIgnoreCase("EnumerationContext")) {
                context = text(pv.content);
            } else if (n.equalsIgnoreCase("QueryResultClass") && pv.content instanceof ClassElement ce) {
                resultClass = dec.cimClass(ce, where);
            } else {
                throw CodecFault.invalid("unexpected output PARAMVALUE '" + n + "' inside " + where);
            }
        }
        PullStatus ps = null;
        if (end != null) {
            try {
                ps = new PullStatus(end, context);
            } catch (IllegalArgumentException e) {
                throw CodecFault.invalid(where + ": " + e.getMessage());
            }
        }
        return new DecodedResponse(id, name, true, rv != null, objects, ps, resultClass, null, null);
    }

    private static String text(Object content) {
        if (content instanceof ValueElement v) {
            return v.text == null ? "" : v.text;
        }
        return "";
    }

    private static DecodedResponse.Returned item(Object item, ModelDecoder dec, String where) {
        if (item instanceof ClassNameElement cn) {
            return new DecodedResponse.Returned(ReturnKind.CLASS_NAME, ModelDecoder.className(cn, where));
        }
        if (item instanceof InstanceNameElement in) {
            return new DecodedResponse.Returned(ReturnKind.INSTANCE_NAME, dec.instanceName(in, null, null, where));
        }
        if (item instanceof ValueElement v) {
            return new DecodedResponse.Returned(ReturnKind.VALUE, CimValue.string(v.text == null ? "" : v.text));
        }
        if (item instanceof ValueArrayElement va) {
            return new DecodedResponse.Returned(ReturnKind.VALUE, dec.array(CimType.STRING, CimValue.Embedded.NONE, va, where));
        }
        if (item instanceof ValueReferenceElement vr) {
            return new DecodedResponse.Returned(ReturnKind.VALUE, CimValue.reference(dec.valueReference(vr, where)));
        }
        if (item instanceof ValueObjectWithPathElement ow) {
            return new DecodedResponse.Returned(ReturnKind.OBJECT_WITH_PATH, objectWithPath(ow.path, ow.object, dec, where));
        }
        if (item instanceof ValueObjectWithLocalPathElement ol) {
            return new DecodedResponse.Returned(ReturnKind.OBJECT_WITH_PATH, objectWithPath(ol.path, ol.object, dec, where));
        }
        if (item instanceof ValueObjectElement vo) {
            if (vo.object instanceof ClassElement ce) {
                return new DecodedResponse.Returned(ReturnKind.CLASS, dec.cimClass(ce, where));
            }
            return new DecodedResponse.Returned(ReturnKind.INSTANCE, dec.instance((InstanceElement) vo.object, where));
        }
        if (item instanceof ObjectPathElement op) {
            return new DecodedResponse.Returned(ReturnKind.OBJECT_PATH, dec.objectPath(op, where));
        }
        if (item instanceof QualifierDeclarationElement qd) {
            return new DecodedResponse.Returned(ReturnKind.QUALIFIER_DECLARATION, dec.qualifierDeclaration(qd, where));
        }
        if (item instanceof ClassElement ce) {
            return new DecodedResponse.Returned(ReturnKind.CLASS, dec.cimClass(ce, where));
        }
        if (item instanceof InstanceElement ie) {
            return new DecodedResponse.Returned(ReturnKind.INSTANCE, dec.instance(ie, where));
        }
        if (item instanceof InstancePathElement ip) {
            return new DecodedResponse.Returned(ReturnKind.INSTANCE_PATH, dec.instancePath(ip, where));
        }
        if (item instanceof ValueNamedInstanceElement ni) {
            return new DecodedResponse.Returned(ReturnKind.NAMED_INSTANCE, dec.namedInstance(ni, where));
        }
        ValueInstanceWithPathElement iw = (ValueInstanceWithPathElement) item;
        if (iw.instancePath == null) {
            throw CodecFault.invalid("VALUE.INSTANCEWITHPATH without INSTANCEPATH inside " + where);
        }
        ObjectPath p = dec.instancePath(iw.instancePath, where);
        return new DecodedResponse.Returned(ReturnKind.INSTANCE_WITH_PATH, dec.instance(iw.instance, where).withPath(p));
    }

    private static Object objectWithPath(Object path, Object object, ModelDecoder dec, String where) {
        if (path == null || object == null) {
            throw CodecFault.invalid("VALUE.OBJECTWITHPATH needs a path and an object inside " + where);
        }
        if (object instanceof ClassElement ce) {
            ObjectPath p = path instanceof ClassPathElement cp ? ModelDecoder.classPath(cp, where)
                    : path instanceof LocalClassPathElement lcp ? ModelDecoder.localClassPath(lcp, where) : null;
            if (p == null) {
                throw CodecFault.invalid("CLASS paired with an instance path inside " + where);
            }
            return new ClassWithPath(p, dec.cimClass(ce, where));
        }
        ObjectPath p = path instanceof InstancePathElement ip ? dec.instancePath(ip, where)
                : path instanceof LocalInstancePathElement lp ? dec.localInstancePath(lp, where) : null;
        if (p == null) {
            throw CodecFault.invalid("INSTANCE paired with a class path inside " + where);
        }
        return dec.instance((InstanceElement) object, where).withPath(p);
    }

    private static DecodedResponse method(String id, MethodResponseElement m, ModelDecoder dec) {
        String name = ModelDecoder.required(m.name, "METHODRESPONSE", "NAME", null);
        String where = "METHODRESPONSE '" + name + "'";
        if (m.error != null) {
            return new DecodedResponse(id, name, false, false, List.of(), null, null, null, dec.error(m.error, where));
        }
        CimValue rv = m.returnValue == null ? CimValue.nullValue(CimType.STRING, false) : dec.returnValue(m.returnValue, where);
        List<ParamValue> outs = new ArrayList<>();
        for (ParamValueElement pv : m.params) {
            outs.add(dec.paramValue(pv, where));
        }
        return new DecodedResponse(id, name, false, m.returnValue != null, List.of(), null, null, new MethodResult(rv, outs), null);
    }

}
