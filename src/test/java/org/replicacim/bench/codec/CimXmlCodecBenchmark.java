package org.replicacim.bench.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.codec.CimXmlResponseReader;
import org.replicacim.codec.CimXmlResponseWriter;
import org.replicacim.codec.DecodedResponse;
import org.replicacim.codec.Limits;
import org.replicacim.message.ReturnKind;

/**
 * Parse and write throughput of a 10,000-instance EnumerateInstances response, against a plain StAX scan of the same
 * bytes. Throughput is in documents per second; MB/s = documents/s × {@link #documentBytes} / 10^6 (printed at setup).
 *
 * <p>Run: {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * && java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main CimXmlCodecBenchmark
 * -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CimXmlCodecBenchmark {
    static final int INSTANCES = 10_000;

    List<CimInstance> instances;
    byte[] document;
    /** Size of the response document in bytes. */
    public static int documentBytes;
    XMLInputFactory stax;

    /** Discards bytes (stands in for the socket). */
    static final class NullStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    static CimInstance volume(int n) {
        String id = "vol-" + n;
        ObjectPath p = ObjectPath.builder("RCIM_StorageVolume").namespace("root/cimv2").host("array1.example.com")
                .key("CreationClassName", "RCIM_StorageVolume").key("DeviceID", id)
                .key("SystemCreationClassName", "RCIM_ComputerSystem").key("SystemName", "array1").build();
        return CimInstance.builder("RCIM_StorageVolume").path(p)
                .property("CreationClassName", CimValue.string("RCIM_StorageVolume"))
                .property("DeviceID", CimValue.string(id))
                .property("SystemCreationClassName", CimValue.string("RCIM_ComputerSystem"))
                .property("SystemName", CimValue.string("array1"))
                .property("ElementName", CimValue.string("db-data volume " + n + " & co"))
                .property("BlockSize", CimValue.uint64(512))
                .property("NumberOfBlocks", CimValue.uint64(2_097_152L + n))
                .property("ConsumableBlocks", CimValue.uint64(2_097_152L))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("HealthState", CimValue.uint16(5))
                .property("Primordial", CimValue.bool(false))
                .property("IsBasedOnUnderlyingRedundancy", CimValue.bool(true))
                .property("InstallDate", CimValue.datetime(CimDateTime.parse("20251123141502.250000+060")))
                .property("Caption", CimValue.nullValue(CimType.STRING, false))
                .build();
    }

    static void write(List<CimInstance> instances, OutputStream out) {
        CimXmlResponseWriter w = new CimXmlResponseWriter(out);
        w.begin("1001");
        w.beginIMethodResponse("EnumerateInstances");
        w.beginReturnValue();
        for (CimInstance i : instances) {
            w.write(ReturnKind.NAMED_INSTANCE, i);
        }
        w.endReturnValue();
        w.endIMethodResponse();
        w.end();
    }

    @Setup
    public void setup() {
        instances = new ArrayList<>(INSTANCES);
        for (int n = 0; n < INSTANCES; n++) {
            instances.add(volume(n));
        }
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        write(instances, bo);
        document = bo.toByteArray();
        documentBytes = document.length;
        stax = XMLInputFactory.newDefaultFactory();
        stax.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        System.out.println("\ndocument: " + INSTANCES + " instances, " + documentBytes + " bytes");
    }

    /** Decode the whole response into model objects. */
    @Benchmark
    public DecodedResponse parse() throws Exception {
        return new CimXmlResponseReader().read(new ByteArrayInputStream(document), Limits.CLIENT);
    }

    /** Write the whole response from model objects. */
    @Benchmark
    public long write() {
        NullStream out = new NullStream();
        write(instances, out);
        return out.count;
    }

    /** Baseline: a plain StAX pass over the same bytes, touching every event. */
    @Benchmark
    public void staxScan(Blackhole bh) throws Exception {
        XMLStreamReader r = stax.createXMLStreamReader(new ByteArrayInputStream(document));
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                bh.consume(r.getLocalName());
                bh.consume(r.getAttributeCount());
            } else if (ev == XMLStreamConstants.CHARACTERS) {
                bh.consume(r.getTextLength());
            }
        }
        r.close();
    }
}
