package org.replicacim.codec;

import java.io.OutputStream;
import java.util.Objects;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.codec.dtd.ErrorElement;
import org.replicacim.message.MethodResult;
import org.replicacim.message.PullStatus;
import org.replicacim.message.ReturnKind;

/**
 * Server side: streams one CIM-XML response onto an OutputStream, object by object, in the emit profile of protocol
 * reference §2.9 (exact declaration, no self-closing elements, no comments, escaped CR and control characters).
 * Not thread-safe; one writer per response.
 *
 * <p>Order of calls: {@link #begin}; then either {@link #beginIMethodResponse}, optionally {@link #beginReturnValue},
 * any number of {@link #write}, {@link #endReturnValue}, optionally {@link #writePullStatus}, {@link #endIMethodResponse};
 * or {@link #writeMethodResponse}; or an error ({@link #writeError} right after beginIMethodResponse,
 * {@link #writeIMethodError}, {@link #writeMethodError}); finally {@link #end}.
 *
 * <p>Errors after a partial write: output is buffered and pushed to the stream every {@code flushEvery} objects (and
 * whenever 32 KiB have accumulated, between objects). An object that fails to encode throws and leaves nothing of itself
 * in the output. While {@link #committed()} is false nothing has reached the stream: the HTTP layer
 * may drop this writer and start a fresh one with an ERROR. Once committed, an ERROR can no longer replace the
 * response; {@link #canWriteError()} tells whether the current position still allows an ERROR element (only directly
 * inside IMETHODRESPONSE); otherwise the HTTP layer ends the chunked body and reports the failure in the
 * CIMStatusCode/CIMStatusCodeDescription trailers (§1.9), after calling {@link #abandon()}.
 */
public final class CimXmlResponseWriter {

    /**
     * Writer options: the host written in INSTANCEPATH/CLASSPATH when a path has none, whether CIM_Error instances
     * go inside ERROR (wbemcli cannot parse them, so off by default), and how many objects between flushes.
     */
    public record Options(String host, boolean includeErrorInstances, int flushEvery) {
        /** localhost, no CIM_Error instances, flush every 1000 objects. */
        public static final Options DEFAULT = new Options("localhost", false, 1000);

        /** Validates the options. */
        public Options {
            Objects.requireNonNull(host, "host");
            if (flushEvery <= 0) {
                throw new IllegalArgumentException("flushEvery must be positive");
            }
        }

        /** A copy with another host. */
        public Options withHost(String h) {
            return new Options(h, includeErrorInstances, flushEvery);
        }

        /** A copy that includes (or not) CIM_Error instances in ERROR. */
        public Options withErrorInstances(boolean include) {
            return new Options(host, include, flushEvery);
        }
    }

    private enum State { NEW, MESSAGE, IMETHOD, RETURN, AFTER_RETURN, ERROR_WRITTEN, RESPONSE_DONE, ENDED, ABANDONED }

    private final CimXmlOutput out;
    private final Options options;
    private final ModelWriter model;
    private State state = State.NEW;
    private long objects;
    private int sinceFlush;

    /** A writer with the default options. */
    public CimXmlResponseWriter(OutputStream stream) {
        this(stream, Options.DEFAULT);
    }

    /** A writer with the given options. */
    public CimXmlResponseWriter(OutputStream stream, Options options) {
        this.out = new CimXmlOutput(Objects.requireNonNull(stream, "stream"));
        this.options = Objects.requireNonNull(options, "options");
        this.model = new ModelWriter(out, options.host());
    }

    private void expect(State... allowed) {
        for (State s : allowed) {
            if (state == s) {
                return;
            }
        }
        throw new IllegalStateException("response writer is in state " + state);
    }

    /** Writes the declaration and opens CIM, MESSAGE (echoing the request's ID) and SIMPLERSP. */
    public void begin(String messageId) {
        expect(State.NEW);
        out.raw(CimXmlOutput.DECLARATION);
        out.writeStartElement("CIM");
        out.writeAttribute("CIMVERSION", Envelope.CIM_VERSION);
        out.writeAttribute("DTDVERSION", Envelope.DTD_VERSION);
        out.writeStartElement("MESSAGE");
        out.writeAttribute("ID", Objects.requireNonNull(messageId, "messageId"));
        out.writeAttribute("PROTOCOLVERSION", Envelope.PROTOCOL_VERSION);
        out.writeStartElement("SIMPLERSP");
        state = State.MESSAGE;
    }

    /** Opens IMETHODRESPONSE; the name must be the one the client sent. */
    public void beginIMethodResponse(String name) {
        expect(State.MESSAGE);
        out.writeStartElement("IMETHODRESPONSE");
        out.writeAttribute("NAME", Objects.requireNonNull(name, "name"));
        state = State.IMETHOD;
    }

    /** Opens IRETURNVALUE (written with an explicit end tag even when empty). */
    public void beginReturnValue() {
        expect(State.IMETHOD);
        out.writeStartElement("IRETURNVALUE");
        state = State.RETURN;
    }

    /**
     * Writes one returned object in the form of its kind: CLASS ← CimClass; CLASS_NAME ← CimName; INSTANCE ←
     * CimInstance; NAMED_INSTANCE and INSTANCE_WITH_PATH ← CimInstance with a path; INSTANCE_NAME, INSTANCE_PATH,
     * OBJECT_PATH ← ObjectPath; OBJECT_WITH_PATH ← CimInstance with a path or ClassWithPath; QUALIFIER_DECLARATION ←
     * QualifierDeclaration; VALUE ← CimValue (nothing for NULL).
     */
    public void write(ReturnKind kind, Object object) {
        expect(State.RETURN);
        out.beginObject();
        try {
            model.returned(kind, object);
        } catch (RuntimeException e) {
            out.discardObject(); // nothing of a failed object stays: the output is as before the call
            throw e;
        }
        out.commitObject();
        objects++;
        if (++sinceFlush >= options.flushEvery()) {
            sinceFlush = 0;
            out.flush();
        }
    }

    /** Closes IRETURNVALUE. */
    public void endReturnValue() {
        expect(State.RETURN);
        out.writeEndElement();
        state = State.AFTER_RETURN;
    }

    /** Writes the EndOfSequence and EnumerationContext output parameters of an Open or Pull response. */
    public void writePullStatus(PullStatus status) {
        expect(State.IMETHOD, State.AFTER_RETURN);
        model.paramValue("EndOfSequence", "boolean", status.endOfSequence() ? "TRUE" : "FALSE");
        model.paramValue("EnumerationContext", "string", status.enumerationContext());
        state = State.AFTER_RETURN;
    }

    /** Writes the QueryResultClass output parameter of OpenQueryInstances. */
    public void writeQueryResultClass(CimClass resultClass) {
        expect(State.IMETHOD, State.AFTER_RETURN);
        model.classParamValue("QueryResultClass", resultClass);
        state = State.AFTER_RETURN;
    }

    /** Closes IMETHODRESPONSE. */
    public void endIMethodResponse() {
        expect(State.IMETHOD, State.AFTER_RETURN, State.ERROR_WRITTEN);
        out.writeEndElement();
        state = State.RESPONSE_DONE;
    }

    /** Writes a whole METHODRESPONSE: RETURNVALUE with PARAMTYPE, then the non-NULL output parameters. */
    public void writeMethodResponse(String name, MethodResult result) {
        expect(State.MESSAGE);
        model.methodResponse(Objects.requireNonNull(name, "name"), result);
        state = State.RESPONSE_DONE;
    }

    /** Whether an ERROR element may be written now (directly inside IMETHODRESPONSE, before IRETURNVALUE). */
    public boolean canWriteError() {
        return state == State.IMETHOD;
    }

    /** Writes ERROR inside the open IMETHODRESPONSE. */
    public void writeError(CimException e) {
        expect(State.IMETHOD);
        model.error(e, options.includeErrorInstances());
        state = State.ERROR_WRITTEN;
    }

    /** Writes a whole IMETHODRESPONSE holding only ERROR. */
    public void writeIMethodError(String name, CimException e) {
        beginIMethodResponse(name);
        writeError(e);
        endIMethodResponse();
    }

    /** Writes a whole METHODRESPONSE holding only ERROR. */
    public void writeMethodError(String name, CimException e) {
        expect(State.MESSAGE);
        model.methodError(Objects.requireNonNull(name, "name"), e, options.includeErrorInstances());
        state = State.RESPONSE_DONE;
    }

    /** ERROR as a JAXB element, for the export writer (which still marshals whole messages). */
    static ErrorElement error(CimException e, ModelEncoder enc, boolean withInstances) {
        ErrorElement err = new ErrorElement();
        err.code = Integer.toString(e.status().code());
        err.description = ModelWriter.errorDescription(e);
        if (withInstances) {
            for (CimInstance i : e.errors()) {
                err.instances.add(enc.instance(i));
            }
        }
        return err;
    }

    /** Closes SIMPLERSP, MESSAGE and CIM and flushes everything to the stream. */
    public void end() {
        expect(State.RESPONSE_DONE);
        out.writeEndDocument();
        out.flush();
        state = State.ENDED;
        out.release();
    }

    /** Pushes everything written so far to the stream and flushes it. */
    public void flush() {
        out.flush();
    }

    /** Marks the response as broken off: nothing more is written (the HTTP layer reports the error in trailers). */
    public void abandon() {
        if (state != State.ABANDONED && state != State.ENDED) {
            out.release();
        }
        state = State.ABANDONED;
    }

    /** Whether any byte has reached the stream (after which an ERROR cannot replace the response). */
    public boolean committed() {
        return out.bytesFlushed() > 0;
    }

    /** The number of objects written with {@link #write}. */
    public long objectsWritten() {
        return objects;
    }
}
