package org.xnornet.deploy;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;

/**
 * Fabric8's CRUD mock API server with server-side apply's create: Spark 4.2's submission client creates the driver's
 * service and config maps with a forced apply (PATCH, {@code application/apply-patch+yaml}), which a real API server
 * answers by creating what does not exist yet, and Fabric8 7.6.1's mock by 404. A missing object is created from the
 * applied body instead; every other request is the CRUD dispatcher's.
 */
final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String body = request.getUtf8Body();
        MockResponse response = super.handlePatch(new RecordedRequest(request.getHttpVersion(), request.method(),
                request.getPath(), request.getHeaders(), new Buffer(body.getBytes(StandardCharsets.UTF_8))));
        String type = request.getHeader("Content-Type");
        if (response.code() != HttpURLConnection.HTTP_NOT_FOUND || type == null
                || !type.startsWith("application/apply-patch")) {
            return response;
        }
        String path = request.getPath();
        String collection = path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?'));
        collection = collection.substring(0, collection.lastIndexOf('/'));
        try {
            String json = K8sSchemas.JSON.writeValueAsString(K8sSchemas.YAML.readTree(body));
            return handleCreate(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection,
                    request.getHeaders(), new Buffer(json.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException("applied body of " + path, e);
        }
    }
}
