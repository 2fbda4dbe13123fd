package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonDiff;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRUD store with the API server's admission of custom resources in front of its writes. Every
 * write reaches the store as a create (POST), an update (PUT) or a JSON patch: the adapter turns
 * merge patches and server-side apply into those. So this is the one place where the object that
 * would be stored is known: it goes through the installed CRD's {@link CrdAdmission}, and is then
 * stored pruned and defaulted, or refused with 422 Invalid and the API server's message.
 *
 * <p>Status subresource writes are stored as sent, and a write to the object leaves its status
 * alone: the schema checks of the API server matter for what people write, the spec.
 */
final class AdmittingStore extends KubernetesCrudDispatcher {
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/";

  private final ObjectMapper json;

  /** Compiled per CRD version and CRD resourceVersion: a changed CRD is compiled again. */
  private final Map<String, CrdAdmission> compiled = new ConcurrentHashMap<>();

  AdmittingStore(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    return admitted(request, false, super::handleCreate);
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    return admitted(request, false, super::handleUpdate);
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    return admitted(request, true, super::handlePatch);
  }

  /** A custom resource's REST path: group, version, plural, name; subresource when there is one. */
  record Target(String group, String version, String plural, String name, String subresource) {
    static Target of(String fullPath) {
      int q = fullPath.indexOf('?');
      String[] parts =
          (q < 0 ? fullPath : fullPath.substring(0, q)).replaceAll("^/|/$", "").split("/");
      if (parts.length < 4 || !parts[0].equals("apis")) {
        return null;
      }
      int at = parts[3].equals("namespaces") && parts.length >= 6 ? 5 : 3;
      return new Target(
          parts[1],
          parts[2],
          parts[at],
          parts.length > at + 1 ? parts[at + 1] : null,
          parts.length > at + 2 ? parts[at + 2] : null);
    }
  }

  /** The store's own handling of the write. */
  private interface Write {
    MockResponse to(RecordedRequest request);
  }

  /**
   * @param patch the body is a JSON patch of the stored object (else the whole object)
   */
  private MockResponse admitted(RecordedRequest request, boolean patch, Write write) {
    Target target = Target.of(request.getPath());
    if (target == null || target.subresource() != null) {
      return write.to(request);
    }
    CrdAdmission admission = admissionFor(target);
    if (admission == null) {
      return write.to(request);
    }
    ObjectNode before = null;
    ObjectNode object;
    try {
      JsonNode body = json.readTree(request.getBody().readUtf8());
      if (patch) {
        MockResponse current = handleGet(request.getPath());
        if (current.code() != 200) {
          return write.to(request);
        }
        before = (ObjectNode) json.readTree(current.getBody().readUtf8());
        object = (ObjectNode) JsonPatch.apply(body, before);
      } else {
        object = (ObjectNode) body;
      }
    } catch (Exception e) {
      return write.to(request); // not JSON, or a patch that does not apply: the store answers
    }
    // the status is the operator's, written through /status: not what admission is about here
    JsonNode status = object.remove("status");
    CrdAdmission.Result result = admission.admit(object);
    if (!result.accepted()) {
      return invalid(admission, target, object, result);
    }
    ObjectNode admitted = result.object();
    if (status != null) {
      admitted.set("status", status);
    }
    String body =
        before == null ? admitted.toString() : JsonDiff.asJson(before, admitted).toString();
    MockResponse response =
        write.to(
            ApiServerAdapter.copy(
                request,
                request.method(),
                request.getPath(),
                patch ? "application/json-patch+json" : "application/json",
                body));
    // as an API server does by default (fieldValidation=Warn); kubectl prints "Warning: ..."
    for (String field : result.pruned()) {
      response.addHeader("Warning", "299 - \"unknown field \\\"" + field + "\\\"\"");
    }
    return response;
  }

  private CrdAdmission admissionFor(Target target) {
    MockResponse found = handleGet(CRDS + target.plural() + "." + target.group());
    if (found.code() != 200) {
      return null;
    }
    try {
      JsonNode crd = json.readTree(found.getBody().readUtf8());
      String key =
          target.plural()
              + "."
              + target.group()
              + "/"
              + target.version()
              + "@"
              + crd.path("metadata").path("resourceVersion").asText();
      return compiled.computeIfAbsent(key, k -> new CrdAdmission(crd, target.version()));
    } catch (Exception e) {
      return null; // no schema for this version: stored as sent, as before admission existed
    }
  }

  /** 422, with the message and causes the API server gives. */
  private MockResponse invalid(
      CrdAdmission admission, Target target, ObjectNode object, CrdAdmission.Result result) {
    String name =
        object.path("metadata").path("name").asText(target.name() == null ? "" : target.name());
    ObjectNode status =
        json.createObjectNode()
            .put("kind", "Status")
            .put("apiVersion", "v1")
            .put("status", "Failure")
            .put(
                "message",
                admission.qualifiedKind()
                    + " \""
                    + name
                    + "\" is invalid: "
                    + CrdAdmission.join(result.causes()))
            .put("reason", "Invalid")
            .put("code", 422);
    status.putObject("metadata");
    ObjectNode details =
        status
            .putObject("details")
            .put("name", name)
            .put("group", admission.group())
            .put("kind", admission.kind());
    ArrayNode causes = details.putArray("causes");
    for (CrdAdmission.Cause cause : result.causes()) {
      ObjectNode c =
          causes.addObject().put("reason", cause.reason()).put("message", cause.message());
      if (!cause.field().isEmpty()) {
        c.put("field", cause.field());
      }
    }
    return new MockResponse().setResponseCode(422).setBody(status.toString());
  }
}
