package org.replicacim.codec;

import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.replicacim.codec.dtd.*;

/**
 * Reads one CIM-XML document from a StAX reader straight into the DTD element objects of {@code codec.dtd}, one
 * method per element kind, enforcing the document limits on the way (protocol reference §8.2).
 *
 * <p>It replaced the JAXB unmarshaller, whose reflective binding cost about a quarter of the server's CPU per small
 * request, and accepts exactly what that unmarshaller accepted: children in any order, a repeated single child
 * replacing the earlier one, text inside structural elements ignored, the text of VALUE-like elements taken verbatim
 * (all pieces joined, "" when empty), attributes outside the DTD table refused, namespaced attributes otherwise
 * ignored, any known element as the root. {@code ElementReaderDifferentialTest} compares the two. Each
 * {@code readX} method starts on the start tag of X and returns on its end tag. Not thread-safe: one instance reads
 * one document.
 */
final class ElementReader {
    /** Every element the DTD knows, in the form JAXB used to name them in its "expected elements" message. */
    private static final String ALL_ELEMENTS = "<{}CIM>,<{}MESSAGE>,<{}SIMPLEREQ>,<{}MULTIREQ>,<{}CORRELATOR>,<{}IMETHODCALL>,<{}METHODCALL>,<{}IPARAMVALUE>,<{}PARAMVALUE>,<{}SIMPLERSP>,<{}MULTIRSP>,<{}IMETHODRESPONSE>,<{}METHODRESPONSE>,<{}IRETURNVALUE>,<{}RETURNVALUE>,<{}ERROR>,<{}SIMPLEEXPREQ>,<{}EXPMETHODCALL>,<{}EXPPARAMVALUE>,<{}SIMPLEEXPRSP>,<{}EXPMETHODRESPONSE>,<{}LOCALNAMESPACEPATH>,<{}NAMESPACE>,<{}NAMESPACEPATH>,<{}HOST>,<{}CLASSNAME>,<{}CLASSPATH>,<{}LOCALCLASSPATH>,<{}INSTANCENAME>,<{}INSTANCEPATH>,<{}LOCALINSTANCEPATH>,<{}OBJECTPATH>,<{}KEYBINDING>,<{}KEYVALUE>,<{}VALUE>,<{}VALUE.ARRAY>,<{}VALUE.REFERENCE>,<{}VALUE.REFARRAY>,<{}VALUE.OBJECT>,<{}VALUE.NAMEDINSTANCE>,<{}VALUE.OBJECTWITHPATH>,<{}VALUE.OBJECTWITHLOCALPATH>,<{}VALUE.INSTANCEWITHPATH>,<{}VALUE.NULL>,<{}CLASS>,<{}INSTANCE>,<{}QUALIFIER>,<{}PROPERTY>,<{}PROPERTY.ARRAY>,<{}PROPERTY.REFERENCE>,<{}METHOD>,<{}PARAMETER>,<{}PARAMETER.REFERENCE>,<{}PARAMETER.ARRAY>,<{}PARAMETER.REFARRAY>,<{}QUALIFIER.DECLARATION>,<{}SCOPE>,<{}ENUMERATIONCONTEXT>";

    private final XMLStreamReader r;
    private final Limits limits;
    private int depth;
    private int elements;

    ElementReader(XMLStreamReader r, Limits limits) {
        this.r = r;
        this.limits = limits;
    }

    /** Reads up to and including the root element and returns it as its element object. */
    Object root() throws XMLStreamException {
        int ev = r.getEventType();
        while (ev != XMLStreamConstants.START_ELEMENT) {
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("no root element");
            }
            ev = next();
        }
        return readAny();
    }

    /** Reads the rest of the document after the root (comments, processing instructions, whitespace). */
    void finish() throws XMLStreamException {
        while (r.hasNext()) {
            next();
        }
    }

    /** The next event, checked against the limits. */
    private int next() throws XMLStreamException {
        int ev = r.next();
        switch (ev) {
            case XMLStreamConstants.START_ELEMENT -> start();
            case XMLStreamConstants.END_ELEMENT -> depth--;
            case XMLStreamConstants.DTD -> throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED,
                    "a DOCTYPE is not allowed in CIM-XML");
            case XMLStreamConstants.ENTITY_REFERENCE -> throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED,
                    "entity reference &" + r.getLocalName() + "; is not allowed in CIM-XML");
            default -> {
            }
        }
        return ev;
    }

    /** Checks a start tag: depth, element count, no namespace, attribute lengths and names from the DTD table. */
    private void start() {
        depth++;
        elements++;
        String name = r.getLocalName();
        if (depth > limits.maxDepth()) {
            throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED,
                    "element " + name + " nested deeper than the limit of " + limits.maxDepth());
        }
        if (elements > limits.maxElements()) {
            throw CodecFault.protocol(ProtocolError.REQUEST_NOT_VALID,
                    "more than " + limits.maxElements() + " elements (at " + name + ")");
        }
        String ns = r.getNamespaceURI();
        if (ns != null && !ns.isEmpty()) {
            throw CodecFault.invalid("element " + name + " is in XML namespace '" + ns + "'; CIM-XML uses no namespaces");
        }
        int n = r.getAttributeCount();
        if (n == 0) {
            return;
        }
        Set<String> allowed = Dtd.ATTRIBUTES.get(name);
        for (int i = 0; i < n; i++) {
            String an = r.getAttributeLocalName(i);
            if (r.getAttributeValue(i).length() > limits.maxAttributeLength()) {
                throw CodecFault.protocol(ProtocolError.REQUEST_NOT_VALID,
                        "attribute " + an + " of " + name + " longer than " + limits.maxAttributeLength());
            }
            // xml:lang is tolerated on input
            if (allowed != null && !allowed.contains(an) && !"xml".equals(r.getAttributePrefix(i))) {
                throw CodecFault.invalid("unknown attribute " + an + " on element " + name);
            }
        }
    }

    /**
     * Moves to the next child element of the current element (true) or to its end tag (false); text in between is
     * ignored, as JAXB ignored it in elements without a text value.
     */
    private boolean child() throws XMLStreamException {
        while (true) {
            int ev = next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
    }

    /** The text of the current element up to its end tag, pieces around comments joined; "" when empty. */
    private String text() throws XMLStreamException {
        String first = null;
        StringBuilder more = null;
        while (true) {
            switch (next()) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (first == null) {
                        first = r.getText();
                    } else {
                        if (more == null) {
                            more = new StringBuilder(first);
                        }
                        more.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> throw unexpected("(none)");
                case XMLStreamConstants.END_ELEMENT -> {
                    return more != null ? more.toString() : first != null ? first : "";
                }
                default -> {
                }
            }
        }
    }

    /** Reads up to the end tag of an element that has neither children nor text. */
    private void empty() throws XMLStreamException {
        if (child()) {
            throw unexpected("(none)");
        }
    }

    /** The value of attribute i when it has no namespace (those were bound by JAXB); null for a namespaced one. */
    private String attribute(int i) {
        String ns = r.getAttributeNamespace(i);
        return ns == null || ns.isEmpty() ? r.getAttributeValue(i) : null;
    }

    /** A child element the current element may not hold, worded as JAXB did. */
    private CodecFault unexpected(String expected) {
        String where = "";
        Location at = r.getLocation();
        if (at != null && at.getLineNumber() > 0) {
            where = " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")";
        }
        String list = " Expected elements are " + expected;
        if (list.length() > 160) {
            list = " (not allowed here)";
        }
        return CodecFault.protocol(ProtocolError.REQUEST_NOT_VALID,
                "unexpected element (uri:\"\", local:\"" + r.getLocalName() + "\")." + list + where);
    }

    /** Reads any element the DTD knows, as JAXB accepts any root element. */
    private Object readAny() throws XMLStreamException {
        return switch (r.getLocalName()) {
            case "CIM" -> readCim();
            case "MESSAGE" -> readMessage();
            case "SIMPLEREQ" -> readSimpleReq();
            case "MULTIREQ" -> readMultiReq();
            case "CORRELATOR" -> readCorrelator();
            case "IMETHODCALL" -> readIMethodCall();
            case "METHODCALL" -> readMethodCall();
            case "IPARAMVALUE" -> readIParamValue();
            case "PARAMVALUE" -> readParamValue();
            case "SIMPLERSP" -> readSimpleRsp();
            case "MULTIRSP" -> readMultiRsp();
            case "IMETHODRESPONSE" -> readIMethodResponse();
            case "METHODRESPONSE" -> readMethodResponse();
            case "IRETURNVALUE" -> readIReturnValue();
            case "RETURNVALUE" -> readReturnValue();
            case "ERROR" -> readError();
            case "SIMPLEEXPREQ" -> readSimpleExpReq();
            case "EXPMETHODCALL" -> readExpMethodCall();
            case "EXPPARAMVALUE" -> readExpParamValue();
            case "SIMPLEEXPRSP" -> readSimpleExpRsp();
            case "EXPMETHODRESPONSE" -> readExpMethodResponse();
            case "LOCALNAMESPACEPATH" -> readLocalNamespacePath();
            case "NAMESPACE" -> readNamespace();
            case "NAMESPACEPATH" -> readNamespacePath();
            case "HOST" -> readHost();
            case "CLASSNAME" -> readClassName();
            case "CLASSPATH" -> readClassPath();
            case "LOCALCLASSPATH" -> readLocalClassPath();
            case "INSTANCENAME" -> readInstanceName();
            case "INSTANCEPATH" -> readInstancePath();
            case "LOCALINSTANCEPATH" -> readLocalInstancePath();
            case "OBJECTPATH" -> readObjectPath();
            case "KEYBINDING" -> readKeyBinding();
            case "KEYVALUE" -> readKeyValue();
            case "VALUE" -> readValue();
            case "VALUE.ARRAY" -> readValueArray();
            case "VALUE.REFERENCE" -> readValueReference();
            case "VALUE.REFARRAY" -> readValueRefArray();
            case "VALUE.OBJECT" -> readValueObject();
            case "VALUE.NAMEDINSTANCE" -> readValueNamedInstance();
            case "VALUE.OBJECTWITHPATH" -> readValueObjectWithPath();
            case "VALUE.OBJECTWITHLOCALPATH" -> readValueObjectWithLocalPath();
            case "VALUE.INSTANCEWITHPATH" -> readValueInstanceWithPath();
            case "VALUE.NULL" -> readValueNull();
            case "CLASS" -> readClass();
            case "INSTANCE" -> readInstance();
            case "QUALIFIER" -> readQualifier();
            case "PROPERTY" -> readProperty();
            case "PROPERTY.ARRAY" -> readPropertyArray();
            case "PROPERTY.REFERENCE" -> readPropertyReference();
            case "METHOD" -> readMethod();
            case "PARAMETER" -> readParameter();
            case "PARAMETER.REFERENCE" -> readParameterReference();
            case "PARAMETER.ARRAY" -> readParameterArray();
            case "PARAMETER.REFARRAY" -> readParameterRefArray();
            case "QUALIFIER.DECLARATION" -> readQualifierDeclaration();
            case "SCOPE" -> readScope();
            case "ENUMERATIONCONTEXT" -> readEnumerationContext();
            default -> throw unexpected(ALL_ELEMENTS);
        };
    }

    /** Reads CIM. */
    private CimElement readCim() throws XMLStreamException {
        CimElement e = new CimElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "CIMVERSION" -> e.cimVersion = v;
                    case "DTDVERSION" -> e.dtdVersion = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "MESSAGE" -> e.message = readMessage();
                default -> throw unexpected("<{}MESSAGE>");
            }
        }
        return e;
    }

    /** Reads MESSAGE. */
    private MessageElement readMessage() throws XMLStreamException {
        MessageElement e = new MessageElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "ID" -> e.id = v;
                    case "PROTOCOLVERSION" -> e.protocolVersion = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "SIMPLEREQ" -> e.body = readSimpleReq();
                case "MULTIREQ" -> e.body = readMultiReq();
                case "SIMPLERSP" -> e.body = readSimpleRsp();
                case "MULTIRSP" -> e.body = readMultiRsp();
                case "SIMPLEEXPREQ" -> e.body = readSimpleExpReq();
                case "SIMPLEEXPRSP" -> e.body = readSimpleExpRsp();
                default -> throw unexpected("<{}SIMPLEREQ>,<{}MULTIREQ>,<{}SIMPLERSP>,<{}MULTIRSP>,<{}SIMPLEEXPREQ>,<{}SIMPLEEXPRSP>");
            }
        }
        return e;
    }

    /** Reads SIMPLEREQ. */
    private SimpleReqElement readSimpleReq() throws XMLStreamException {
        SimpleReqElement e = new SimpleReqElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "CORRELATOR" -> e.correlators.add(readCorrelator());
                case "METHODCALL" -> e.call = readMethodCall();
                case "IMETHODCALL" -> e.call = readIMethodCall();
                default -> throw unexpected("<{}CORRELATOR>,<{}METHODCALL>,<{}IMETHODCALL>");
            }
        }
        return e;
    }

    /** Reads MULTIREQ. */
    private MultiReqElement readMultiReq() throws XMLStreamException {
        MultiReqElement e = new MultiReqElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "SIMPLEREQ" -> e.requests.add(readSimpleReq());
                default -> throw unexpected("<{}SIMPLEREQ>");
            }
        }
        return e;
    }

    /** Reads CORRELATOR. */
    private CorrelatorElement readCorrelator() throws XMLStreamException {
        CorrelatorElement e = new CorrelatorElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "TYPE" -> e.type = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "VALUE" -> e.value = readValue();
                default -> throw unexpected("<{}VALUE>");
            }
        }
        return e;
    }

    /** Reads IMETHODCALL. */
    private IMethodCallElement readIMethodCall() throws XMLStreamException {
        IMethodCallElement e = new IMethodCallElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "LOCALNAMESPACEPATH" -> e.localNamespacePath = readLocalNamespacePath();
                case "IPARAMVALUE" -> e.params.add(readIParamValue());
                default -> throw unexpected("<{}LOCALNAMESPACEPATH>,<{}IPARAMVALUE>");
            }
        }
        return e;
    }

    /** Reads METHODCALL. */
    private MethodCallElement readMethodCall() throws XMLStreamException {
        MethodCallElement e = new MethodCallElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "LOCALCLASSPATH" -> e.path = readLocalClassPath();
                case "LOCALINSTANCEPATH" -> e.path = readLocalInstancePath();
                case "PARAMVALUE" -> e.params.add(readParamValue());
                default -> throw unexpected("<{}LOCALCLASSPATH>,<{}LOCALINSTANCEPATH>,<{}PARAMVALUE>");
            }
        }
        return e;
    }

    /** Reads IPARAMVALUE. */
    private IParamValueElement readIParamValue() throws XMLStreamException {
        IParamValueElement e = new IParamValueElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "VALUE" -> e.content = readValue();
                case "VALUE.ARRAY" -> e.content = readValueArray();
                case "VALUE.REFERENCE" -> e.content = readValueReference();
                case "CLASSNAME" -> e.content = readClassName();
                case "INSTANCENAME" -> e.content = readInstanceName();
                case "QUALIFIER.DECLARATION" -> e.content = readQualifierDeclaration();
                case "CLASS" -> e.content = readClass();
                case "INSTANCE" -> e.content = readInstance();
                case "VALUE.NAMEDINSTANCE" -> e.content = readValueNamedInstance();
                case "ENUMERATIONCONTEXT" -> e.content = readEnumerationContext();
                default -> throw unexpected("<{}VALUE>,<{}VALUE.ARRAY>,<{}VALUE.REFERENCE>,<{}CLASSNAME>,<{}INSTANCENAME>,<{}QUALIFIER.DECLARATION>,<{}CLASS>,<{}INSTANCE>,<{}VALUE.NAMEDINSTANCE>,<{}ENUMERATIONCONTEXT>");
            }
        }
        return e;
    }

    /** Reads PARAMVALUE. */
    private ParamValueElement readParamValue() throws XMLStreamException {
        ParamValueElement e = new ParamValueElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "PARAMTYPE" -> e.paramType = v;
                    case "EmbeddedObject" -> e.embeddedObject = v;
                    case "EMBEDDEDOBJECT" -> e.embeddedObjectUpper = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "VALUE" -> e.content = readValue();
                case "VALUE.REFERENCE" -> e.content = readValueReference();
                case "VALUE.ARRAY" -> e.content = readValueArray();
                case "VALUE.REFARRAY" -> e.content = readValueRefArray();
                case "CLASSNAME" -> e.content = readClassName();
                case "INSTANCENAME" -> e.content = readInstanceName();
                case "CLASS" -> e.content = readClass();
                case "INSTANCE" -> e.content = readInstance();
                case "VALUE.NAMEDINSTANCE" -> e.content = readValueNamedInstance();
                default -> throw unexpected("<{}VALUE>,<{}VALUE.REFERENCE>,<{}VALUE.ARRAY>,<{}VALUE.REFARRAY>,<{}CLASSNAME>,<{}INSTANCENAME>,<{}CLASS>,<{}INSTANCE>,<{}VALUE.NAMEDINSTANCE>");
            }
        }
        return e;
    }

    /** Reads SIMPLERSP. */
    private SimpleRspElement readSimpleRsp() throws XMLStreamException {
        SimpleRspElement e = new SimpleRspElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "METHODRESPONSE" -> e.response = readMethodResponse();
                case "IMETHODRESPONSE" -> e.response = readIMethodResponse();
                default -> throw unexpected("<{}METHODRESPONSE>,<{}IMETHODRESPONSE>");
            }
        }
        return e;
    }

    /** Reads MULTIRSP. */
    private MultiRspElement readMultiRsp() throws XMLStreamException {
        MultiRspElement e = new MultiRspElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "SIMPLERSP" -> e.responses.add(readSimpleRsp());
                default -> throw unexpected("<{}SIMPLERSP>");
            }
        }
        return e;
    }

    /** Reads IMETHODRESPONSE. */
    private IMethodResponseElement readIMethodResponse() throws XMLStreamException {
        IMethodResponseElement e = new IMethodResponseElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "ERROR" -> e.error = readError();
                case "IRETURNVALUE" -> e.returnValue = readIReturnValue();
                case "PARAMVALUE" -> e.params.add(readParamValue());
                default -> throw unexpected("<{}ERROR>,<{}IRETURNVALUE>,<{}PARAMVALUE>");
            }
        }
        return e;
    }

    /** Reads METHODRESPONSE. */
    private MethodResponseElement readMethodResponse() throws XMLStreamException {
        MethodResponseElement e = new MethodResponseElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "ERROR" -> e.error = readError();
                case "RETURNVALUE" -> e.returnValue = readReturnValue();
                case "PARAMVALUE" -> e.params.add(readParamValue());
                default -> throw unexpected("<{}ERROR>,<{}RETURNVALUE>,<{}PARAMVALUE>");
            }
        }
        return e;
    }

    /** Reads IRETURNVALUE. */
    private IReturnValueElement readIReturnValue() throws XMLStreamException {
        IReturnValueElement e = new IReturnValueElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "CLASSNAME" -> e.items.add(readClassName());
                case "INSTANCENAME" -> e.items.add(readInstanceName());
                case "VALUE" -> e.items.add(readValue());
                case "VALUE.OBJECTWITHPATH" -> e.items.add(readValueObjectWithPath());
                case "VALUE.OBJECTWITHLOCALPATH" -> e.items.add(readValueObjectWithLocalPath());
                case "VALUE.OBJECT" -> e.items.add(readValueObject());
                case "OBJECTPATH" -> e.items.add(readObjectPath());
                case "QUALIFIER.DECLARATION" -> e.items.add(readQualifierDeclaration());
                case "VALUE.ARRAY" -> e.items.add(readValueArray());
                case "VALUE.REFERENCE" -> e.items.add(readValueReference());
                case "CLASS" -> e.items.add(readClass());
                case "INSTANCE" -> e.items.add(readInstance());
                case "INSTANCEPATH" -> e.items.add(readInstancePath());
                case "VALUE.NAMEDINSTANCE" -> e.items.add(readValueNamedInstance());
                case "VALUE.INSTANCEWITHPATH" -> e.items.add(readValueInstanceWithPath());
                default -> throw unexpected("<{}CLASSNAME>,<{}INSTANCENAME>,<{}VALUE>,<{}VALUE.OBJECTWITHPATH>,<{}VALUE.OBJECTWITHLOCALPATH>,<{}VALUE.OBJECT>,<{}OBJECTPATH>,<{}QUALIFIER.DECLARATION>,<{}VALUE.ARRAY>,<{}VALUE.REFERENCE>,<{}CLASS>,<{}INSTANCE>,<{}INSTANCEPATH>,<{}VALUE.NAMEDINSTANCE>,<{}VALUE.INSTANCEWITHPATH>");
            }
        }
        return e;
    }

    /** Reads RETURNVALUE. */
    private ReturnValueElement readReturnValue() throws XMLStreamException {
        ReturnValueElement e = new ReturnValueElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "PARAMTYPE" -> e.paramType = v;
                    case "EmbeddedObject" -> e.embeddedObject = v;
                    case "EMBEDDEDOBJECT" -> e.embeddedObjectUpper = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "VALUE" -> e.content = readValue();
                case "VALUE.REFERENCE" -> e.content = readValueReference();
                default -> throw unexpected("<{}VALUE>,<{}VALUE.REFERENCE>");
            }
        }
        return e;
    }

    /** Reads ERROR. */
    private ErrorElement readError() throws XMLStreamException {
        ErrorElement e = new ErrorElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "CODE" -> e.code = v;
                    case "DESCRIPTION" -> e.description = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "INSTANCE" -> e.instances.add(readInstance());
                default -> throw unexpected("<{}INSTANCE>");
            }
        }
        return e;
    }

    /** Reads SIMPLEEXPREQ. */
    private SimpleExpReqElement readSimpleExpReq() throws XMLStreamException {
        SimpleExpReqElement e = new SimpleExpReqElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "CORRELATOR" -> e.correlators.add(readCorrelator());
                case "EXPMETHODCALL" -> e.call = readExpMethodCall();
                default -> throw unexpected("<{}CORRELATOR>,<{}EXPMETHODCALL>");
            }
        }
        return e;
    }

    /** Reads EXPMETHODCALL. */
    private ExpMethodCallElement readExpMethodCall() throws XMLStreamException {
        ExpMethodCallElement e = new ExpMethodCallElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "EXPPARAMVALUE" -> e.params.add(readExpParamValue());
                default -> throw unexpected("<{}EXPPARAMVALUE>");
            }
        }
        return e;
    }

    /** Reads EXPPARAMVALUE. */
    private ExpParamValueElement readExpParamValue() throws XMLStreamException {
        ExpParamValueElement e = new ExpParamValueElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "INSTANCE" -> e.instance = readInstance();
                default -> throw unexpected("<{}INSTANCE>");
            }
        }
        return e;
    }

    /** Reads SIMPLEEXPRSP. */
    private SimpleExpRspElement readSimpleExpRsp() throws XMLStreamException {
        SimpleExpRspElement e = new SimpleExpRspElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "EXPMETHODRESPONSE" -> e.response = readExpMethodResponse();
                default -> throw unexpected("<{}EXPMETHODRESPONSE>");
            }
        }
        return e;
    }

    /** Reads EXPMETHODRESPONSE. */
    private ExpMethodResponseElement readExpMethodResponse() throws XMLStreamException {
        ExpMethodResponseElement e = new ExpMethodResponseElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "ERROR" -> e.error = readError();
                case "IRETURNVALUE" -> e.returnValue = readIReturnValue();
                default -> throw unexpected("<{}ERROR>,<{}IRETURNVALUE>");
            }
        }
        return e;
    }

    /** Reads LOCALNAMESPACEPATH. */
    private LocalNamespacePathElement readLocalNamespacePath() throws XMLStreamException {
        LocalNamespacePathElement e = new LocalNamespacePathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "NAMESPACE" -> e.namespaces.add(readNamespace());
                default -> throw unexpected("<{}NAMESPACE>");
            }
        }
        return e;
    }

    /** Reads NAMESPACE. */
    private NamespaceElement readNamespace() throws XMLStreamException {
        NamespaceElement e = new NamespaceElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        empty();
        return e;
    }

    /** Reads NAMESPACEPATH. */
    private NamespacePathElement readNamespacePath() throws XMLStreamException {
        NamespacePathElement e = new NamespacePathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "HOST" -> e.host = readHost();
                case "LOCALNAMESPACEPATH" -> e.localNamespacePath = readLocalNamespacePath();
                default -> throw unexpected("<{}HOST>,<{}LOCALNAMESPACEPATH>");
            }
        }
        return e;
    }

    /** Reads HOST. */
    private HostElement readHost() throws XMLStreamException {
        HostElement e = new HostElement();
        e.text = text();
        return e;
    }

    /** Reads CLASSNAME. */
    private ClassNameElement readClassName() throws XMLStreamException {
        ClassNameElement e = new ClassNameElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        empty();
        return e;
    }

    /** Reads CLASSPATH. */
    private ClassPathElement readClassPath() throws XMLStreamException {
        ClassPathElement e = new ClassPathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "NAMESPACEPATH" -> e.namespacePath = readNamespacePath();
                case "CLASSNAME" -> e.className = readClassName();
                default -> throw unexpected("<{}NAMESPACEPATH>,<{}CLASSNAME>");
            }
        }
        return e;
    }

    /** Reads LOCALCLASSPATH. */
    private LocalClassPathElement readLocalClassPath() throws XMLStreamException {
        LocalClassPathElement e = new LocalClassPathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "LOCALNAMESPACEPATH" -> e.localNamespacePath = readLocalNamespacePath();
                case "CLASSNAME" -> e.className = readClassName();
                default -> throw unexpected("<{}LOCALNAMESPACEPATH>,<{}CLASSNAME>");
            }
        }
        return e;
    }

    /** Reads INSTANCENAME. */
    private InstanceNameElement readInstanceName() throws XMLStreamException {
        InstanceNameElement e = new InstanceNameElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "CLASSNAME" -> e.className = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "KEYBINDING" -> e.keyBindings.add(readKeyBinding());
                case "KEYVALUE" -> e.keyValue = readKeyValue();
                case "VALUE.REFERENCE" -> e.valueReference = readValueReference();
                default -> throw unexpected("<{}KEYBINDING>,<{}KEYVALUE>,<{}VALUE.REFERENCE>");
            }
        }
        return e;
    }

    /** Reads INSTANCEPATH. */
    private InstancePathElement readInstancePath() throws XMLStreamException {
        InstancePathElement e = new InstancePathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "NAMESPACEPATH" -> e.namespacePath = readNamespacePath();
                case "INSTANCENAME" -> e.instanceName = readInstanceName();
                default -> throw unexpected("<{}NAMESPACEPATH>,<{}INSTANCENAME>");
            }
        }
        return e;
    }

    /** Reads LOCALINSTANCEPATH. */
    private LocalInstancePathElement readLocalInstancePath() throws XMLStreamException {
        LocalInstancePathElement e = new LocalInstancePathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "LOCALNAMESPACEPATH" -> e.localNamespacePath = readLocalNamespacePath();
                case "INSTANCENAME" -> e.instanceName = readInstanceName();
                default -> throw unexpected("<{}LOCALNAMESPACEPATH>,<{}INSTANCENAME>");
            }
        }
        return e;
    }

    /** Reads OBJECTPATH. */
    private ObjectPathElement readObjectPath() throws XMLStreamException {
        ObjectPathElement e = new ObjectPathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "INSTANCEPATH" -> e.path = readInstancePath();
                case "CLASSPATH" -> e.path = readClassPath();
                default -> throw unexpected("<{}INSTANCEPATH>,<{}CLASSPATH>");
            }
        }
        return e;
    }

    /** Reads KEYBINDING. */
    private KeyBindingElement readKeyBinding() throws XMLStreamException {
        KeyBindingElement e = new KeyBindingElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "KEYVALUE" -> e.value = readKeyValue();
                case "VALUE.REFERENCE" -> e.value = readValueReference();
                default -> throw unexpected("<{}KEYVALUE>,<{}VALUE.REFERENCE>");
            }
        }
        return e;
    }

    /** Reads KEYVALUE. */
    private KeyValueElement readKeyValue() throws XMLStreamException {
        KeyValueElement e = new KeyValueElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "VALUETYPE" -> e.valueType = v;
                    case "TYPE" -> e.type = v;
                }
            }
        }
        e.text = text();
        return e;
    }

    /** Reads VALUE. */
    private ValueElement readValue() throws XMLStreamException {
        ValueElement e = new ValueElement();
        e.text = text();
        return e;
    }

    /** Reads VALUE.ARRAY. */
    private ValueArrayElement readValueArray() throws XMLStreamException {
        ValueArrayElement e = new ValueArrayElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "VALUE" -> e.values.add(readValue());
                case "VALUE.NULL" -> e.values.add(readValueNull());
                default -> throw unexpected("<{}VALUE>,<{}VALUE.NULL>");
            }
        }
        return e;
    }

    /** Reads VALUE.REFERENCE. */
    private ValueReferenceElement readValueReference() throws XMLStreamException {
        ValueReferenceElement e = new ValueReferenceElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "CLASSPATH" -> e.path = readClassPath();
                case "LOCALCLASSPATH" -> e.path = readLocalClassPath();
                case "CLASSNAME" -> e.path = readClassName();
                case "INSTANCEPATH" -> e.path = readInstancePath();
                case "LOCALINSTANCEPATH" -> e.path = readLocalInstancePath();
                case "INSTANCENAME" -> e.path = readInstanceName();
                default -> throw unexpected("<{}CLASSPATH>,<{}LOCALCLASSPATH>,<{}CLASSNAME>,<{}INSTANCEPATH>,<{}LOCALINSTANCEPATH>,<{}INSTANCENAME>");
            }
        }
        return e;
    }

    /** Reads VALUE.REFARRAY. */
    private ValueRefArrayElement readValueRefArray() throws XMLStreamException {
        ValueRefArrayElement e = new ValueRefArrayElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "VALUE.REFERENCE" -> e.values.add(readValueReference());
                case "VALUE.NULL" -> e.values.add(readValueNull());
                default -> throw unexpected("<{}VALUE.REFERENCE>,<{}VALUE.NULL>");
            }
        }
        return e;
    }

    /** Reads VALUE.OBJECT. */
    private ValueObjectElement readValueObject() throws XMLStreamException {
        ValueObjectElement e = new ValueObjectElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "CLASS" -> e.object = readClass();
                case "INSTANCE" -> e.object = readInstance();
                default -> throw unexpected("<{}CLASS>,<{}INSTANCE>");
            }
        }
        return e;
    }

    /** Reads VALUE.NAMEDINSTANCE. */
    private ValueNamedInstanceElement readValueNamedInstance() throws XMLStreamException {
        ValueNamedInstanceElement e = new ValueNamedInstanceElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "INSTANCENAME" -> e.instanceName = readInstanceName();
                case "INSTANCE" -> e.instance = readInstance();
                default -> throw unexpected("<{}INSTANCENAME>,<{}INSTANCE>");
            }
        }
        return e;
    }

    /** Reads VALUE.OBJECTWITHPATH. */
    private ValueObjectWithPathElement readValueObjectWithPath() throws XMLStreamException {
        ValueObjectWithPathElement e = new ValueObjectWithPathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "CLASSPATH" -> e.path = readClassPath();
                case "INSTANCEPATH" -> e.path = readInstancePath();
                case "CLASS" -> e.object = readClass();
                case "INSTANCE" -> e.object = readInstance();
                default -> throw unexpected("<{}CLASSPATH>,<{}INSTANCEPATH>,<{}CLASS>,<{}INSTANCE>");
            }
        }
        return e;
    }

    /** Reads VALUE.OBJECTWITHLOCALPATH. */
    private ValueObjectWithLocalPathElement readValueObjectWithLocalPath() throws XMLStreamException {
        ValueObjectWithLocalPathElement e = new ValueObjectWithLocalPathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "LOCALCLASSPATH" -> e.path = readLocalClassPath();
                case "LOCALINSTANCEPATH" -> e.path = readLocalInstancePath();
                case "CLASS" -> e.object = readClass();
                case "INSTANCE" -> e.object = readInstance();
                default -> throw unexpected("<{}LOCALCLASSPATH>,<{}LOCALINSTANCEPATH>,<{}CLASS>,<{}INSTANCE>");
            }
        }
        return e;
    }

    /** Reads VALUE.INSTANCEWITHPATH. */
    private ValueInstanceWithPathElement readValueInstanceWithPath() throws XMLStreamException {
        ValueInstanceWithPathElement e = new ValueInstanceWithPathElement();
        while (child()) {
            switch (r.getLocalName()) {
                case "INSTANCEPATH" -> e.instancePath = readInstancePath();
                case "INSTANCE" -> e.instance = readInstance();
                default -> throw unexpected("<{}INSTANCEPATH>,<{}INSTANCE>");
            }
        }
        return e;
    }

    /** Reads VALUE.NULL. */
    private ValueNullElement readValueNull() throws XMLStreamException {
        ValueNullElement e = new ValueNullElement();
        empty();
        return e;
    }

    /** Reads CLASS. */
    private ClassElement readClass() throws XMLStreamException {
        ClassElement e = new ClassElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "SUPERCLASS" -> e.superclass = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                case "PROPERTY" -> e.properties.add(readProperty());
                case "PROPERTY.ARRAY" -> e.properties.add(readPropertyArray());
                case "PROPERTY.REFERENCE" -> e.properties.add(readPropertyReference());
                case "METHOD" -> e.methods.add(readMethod());
                default -> throw unexpected("<{}QUALIFIER>,<{}PROPERTY>,<{}PROPERTY.ARRAY>,<{}PROPERTY.REFERENCE>,<{}METHOD>");
            }
        }
        return e;
    }

    /** Reads INSTANCE. */
    private InstanceElement readInstance() throws XMLStreamException {
        InstanceElement e = new InstanceElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "CLASSNAME" -> e.className = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                case "PROPERTY" -> e.properties.add(readProperty());
                case "PROPERTY.ARRAY" -> e.properties.add(readPropertyArray());
                case "PROPERTY.REFERENCE" -> e.properties.add(readPropertyReference());
                default -> throw unexpected("<{}QUALIFIER>,<{}PROPERTY>,<{}PROPERTY.ARRAY>,<{}PROPERTY.REFERENCE>");
            }
        }
        return e;
    }

    /** Reads QUALIFIER. */
    private QualifierElement readQualifier() throws XMLStreamException {
        QualifierElement e = new QualifierElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "TYPE" -> e.type = v;
                    case "PROPAGATED" -> e.propagated = v;
                    case "OVERRIDABLE" -> e.overridable = v;
                    case "TOSUBCLASS" -> e.toSubclass = v;
                    case "TOINSTANCE" -> e.toInstance = v;
                    case "TRANSLATABLE" -> e.translatable = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "VALUE" -> e.value = readValue();
                case "VALUE.ARRAY" -> e.value = readValueArray();
                default -> throw unexpected("<{}VALUE>,<{}VALUE.ARRAY>");
            }
        }
        return e;
    }

    /** Reads PROPERTY. */
    private PropertyElement readProperty() throws XMLStreamException {
        PropertyElement e = new PropertyElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "TYPE" -> e.type = v;
                    case "CLASSORIGIN" -> e.classOrigin = v;
                    case "PROPAGATED" -> e.propagated = v;
                    case "EmbeddedObject" -> e.embeddedObject = v;
                    case "EMBEDDEDOBJECT" -> e.embeddedObjectUpper = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                case "VALUE" -> e.value = readValue();
                default -> throw unexpected("<{}QUALIFIER>,<{}VALUE>");
            }
        }
        return e;
    }

    /** Reads PROPERTY.ARRAY. */
    private PropertyArrayElement readPropertyArray() throws XMLStreamException {
        PropertyArrayElement e = new PropertyArrayElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "TYPE" -> e.type = v;
                    case "ARRAYSIZE" -> e.arraySize = v;
                    case "CLASSORIGIN" -> e.classOrigin = v;
                    case "PROPAGATED" -> e.propagated = v;
                    case "EmbeddedObject" -> e.embeddedObject = v;
                    case "EMBEDDEDOBJECT" -> e.embeddedObjectUpper = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                case "VALUE.ARRAY" -> e.value = readValueArray();
                default -> throw unexpected("<{}QUALIFIER>,<{}VALUE.ARRAY>");
            }
        }
        return e;
    }

    /** Reads PROPERTY.REFERENCE. */
    private PropertyReferenceElement readPropertyReference() throws XMLStreamException {
        PropertyReferenceElement e = new PropertyReferenceElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "REFERENCECLASS" -> e.referenceClass = v;
                    case "CLASSORIGIN" -> e.classOrigin = v;
                    case "PROPAGATED" -> e.propagated = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                case "VALUE.REFERENCE" -> e.value = readValueReference();
                default -> throw unexpected("<{}QUALIFIER>,<{}VALUE.REFERENCE>");
            }
        }
        return e;
    }

    /** Reads METHOD. */
    private MethodElement readMethod() throws XMLStreamException {
        MethodElement e = new MethodElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "TYPE" -> e.type = v;
                    case "CLASSORIGIN" -> e.classOrigin = v;
                    case "PROPAGATED" -> e.propagated = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                case "PARAMETER" -> e.parameters.add(readParameter());
                case "PARAMETER.REFERENCE" -> e.parameters.add(readParameterReference());
                case "PARAMETER.ARRAY" -> e.parameters.add(readParameterArray());
                case "PARAMETER.REFARRAY" -> e.parameters.add(readParameterRefArray());
                default -> throw unexpected("<{}QUALIFIER>,<{}PARAMETER>,<{}PARAMETER.REFERENCE>,<{}PARAMETER.ARRAY>,<{}PARAMETER.REFARRAY>");
            }
        }
        return e;
    }

    /** Reads PARAMETER. */
    private ParameterElement readParameter() throws XMLStreamException {
        ParameterElement e = new ParameterElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "TYPE" -> e.type = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                default -> throw unexpected("<{}QUALIFIER>");
            }
        }
        return e;
    }

    /** Reads PARAMETER.REFERENCE. */
    private ParameterReferenceElement readParameterReference() throws XMLStreamException {
        ParameterReferenceElement e = new ParameterReferenceElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "REFERENCECLASS" -> e.referenceClass = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                default -> throw unexpected("<{}QUALIFIER>");
            }
        }
        return e;
    }

    /** Reads PARAMETER.ARRAY. */
    private ParameterArrayElement readParameterArray() throws XMLStreamException {
        ParameterArrayElement e = new ParameterArrayElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "TYPE" -> e.type = v;
                    case "ARRAYSIZE" -> e.arraySize = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                default -> throw unexpected("<{}QUALIFIER>");
            }
        }
        return e;
    }

    /** Reads PARAMETER.REFARRAY. */
    private ParameterRefArrayElement readParameterRefArray() throws XMLStreamException {
        ParameterRefArrayElement e = new ParameterRefArrayElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "REFERENCECLASS" -> e.referenceClass = v;
                    case "ARRAYSIZE" -> e.arraySize = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "QUALIFIER" -> e.qualifiers.add(readQualifier());
                default -> throw unexpected("<{}QUALIFIER>");
            }
        }
        return e;
    }

    /** Reads QUALIFIER.DECLARATION. */
    private QualifierDeclarationElement readQualifierDeclaration() throws XMLStreamException {
        QualifierDeclarationElement e = new QualifierDeclarationElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "NAME" -> e.name = v;
                    case "TYPE" -> e.type = v;
                    case "ISARRAY" -> e.isArray = v;
                    case "ARRAYSIZE" -> e.arraySize = v;
                    case "OVERRIDABLE" -> e.overridable = v;
                    case "TOSUBCLASS" -> e.toSubclass = v;
                    case "TOINSTANCE" -> e.toInstance = v;
                    case "TRANSLATABLE" -> e.translatable = v;
                }
            }
        }
        while (child()) {
            switch (r.getLocalName()) {
                case "SCOPE" -> e.scope = readScope();
                case "VALUE" -> e.value = readValue();
                case "VALUE.ARRAY" -> e.value = readValueArray();
                default -> throw unexpected("<{}SCOPE>,<{}VALUE>,<{}VALUE.ARRAY>");
            }
        }
        return e;
    }

    /** Reads SCOPE. */
    private ScopeElement readScope() throws XMLStreamException {
        ScopeElement e = new ScopeElement();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = attribute(i);
            if (v != null) {
                switch (r.getAttributeLocalName(i)) {
                    case "CLASS" -> e.classScope = v;
                    case "ASSOCIATION" -> e.associationScope = v;
                    case "REFERENCE" -> e.referenceScope = v;
                    case "PROPERTY" -> e.propertyScope = v;
                    case "METHOD" -> e.methodScope = v;
                    case "PARAMETER" -> e.parameterScope = v;
                    case "INDICATION" -> e.indicationScope = v;
                }
            }
        }
        empty();
        return e;
    }

    /** Reads ENUMERATIONCONTEXT. */
    private EnumerationContextElement readEnumerationContext() throws XMLStreamException {
        EnumerationContextElement e = new EnumerationContextElement();
        e.text = text();
        return e;
    }
}
