package ${package}.greeting;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * The example resource's value, validated on the way in: every refusal is a {@link ProblemException} (400)
 * naming the field, which the platform router turns into a problem+json response. Stored as a JSON document
 * ({@link #document()}), so that members without this class can hold it.
 */
record Greeting(String salutation, String name) {

  static final int MAX_NAME_LENGTH = 64;
  static final int MAX_SALUTATION_LENGTH = 40;
  /** Starts with a letter; then letters, spaces, apostrophes, dots and hyphens ("Ada", "Jean-Luc O'Neill"). */
  private static final Pattern NAME = Pattern.compile("\\p{L}[\\p{L}\\p{M} .'-]{0," + (MAX_NAME_LENGTH - 1) + "}");

  /** From a request body {@code {"name": "Ada", "salutation": "Hi"}}; the salutation is optional. */
  static Greeting fromJson(JsonObject body, String defaultSalutation) {
    Object name = body.getValue("name");
    if (name == null) {
      throw ProblemException.badRequest("'name' is required");
    }
    if (!(name instanceof String text)) {
      throw ProblemException.badRequest("'name' must be a string");
    }
    Object salutation = body.getValue("salutation", defaultSalutation);
    if (!(salutation instanceof String word) || word.isBlank() || word.length() > MAX_SALUTATION_LENGTH) {
      throw ProblemException.badRequest("'salutation' must be a non-blank string of at most "
          + MAX_SALUTATION_LENGTH + " characters");
    }
    return new Greeting(word.trim(), validName(text));
  }

  /** A name from a path parameter, checked as a body's: it is the key of the map and of the table. */
  static String validName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw ProblemException.badRequest("'name' must be 1-" + MAX_NAME_LENGTH
          + " letters, spaces, apostrophes, dots or hyphens, starting with a letter");
    }
    return name;
  }

  /** What the map and the table hold: {@code {"name": "Ada", "salutation": "Hi"}}. */
  String document() {
    return new JsonObject().put("name", name).put("salutation", salutation).encode();
  }

  /** A stored document; it was validated when it was written. */
  static Greeting fromDocument(String document) {
    JsonObject json = new JsonObject(document);
    return new Greeting(json.getString("salutation"), json.getString("name"));
  }

  /** What a client gets: {@code {"greeting": "Hi, Ada!", "name": "Ada", "salutation": "Hi"}}. */
  JsonObject toJson() {
    return new JsonObject()
        .put("greeting", salutation + ", " + name + "!")
        .put("name", name)
        .put("salutation", salutation);
  }
}
