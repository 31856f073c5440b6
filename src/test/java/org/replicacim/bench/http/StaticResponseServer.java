package org.replicacim.bench.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The physical limit for the load benchmark: plain Jetty on a free loopback port answering each POST with stored
 * bytes (chosen by the request's CIMMethod header), after reading the request body. {@code DIR/NAME.body} holds the
 * answer body and {@code DIR/NAME.headers} the header lines to send with it (as the CIM server sent them).
 */
public final class StaticResponseServer {
    private record Answer(List<String[]> headers, ByteBuffer body) { }

    private StaticResponseServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, Answer> answers = new HashMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".body")).toList()) {
                String name = f.getFileName().toString().replace(".body", "");
                List<String[]> headers = Files.readAllLines(dir.resolve(name + ".headers"), StandardCharsets.UTF_8)
                        .stream().filter(l -> l.contains(":"))
                        .map(l -> new String[] {l.substring(0, l.indexOf(':')).trim(), l.substring(l.indexOf(':') + 1)
                                .trim()}).toList();
                answers.put(name, new Answer(headers, ByteBuffer.wrap(Files.readAllBytes(f)).asReadOnlyBuffer()));
            }
        }
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Answer a = answers.get(request.getHeaders().get("CIMMethod"));
                if (a == null) {
                    return false;
                }
                Content.Source.consumeAll(request, Callback.from(() -> {
                    response.setStatus(200);
                    HttpFields.Mutable h = response.getHeaders();
                    for (String[] kv : a.headers()) {
                        h.put(kv[0], kv[1]);
                    }
                    h.put(HttpHeader.CONTENT_LENGTH, a.body().remaining());
                    response.write(true, a.body().slice(), callback);
                }, callback::failed));
                return true;
            }
        });
        server.start();
        System.out.println("static answers " + answers.keySet() + " on http://127.0.0.1:" + connector.getLocalPort()
                + "/cimom");
        server.join();
    }
}
