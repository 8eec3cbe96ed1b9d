package io.github.wxminiauth.sample.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Error answers of the sample's endpoints, in the shape of the starter's errors.
 */
public final class Problems {

	private Problems() {
	}

	/**
	 * An error answer.
	 * @param status its status
	 * @param error the machine code, as in the starter's error table ({@code invalid_request},
	 * {@code not_found} …)
	 * @param detail what was wrong, for a person
	 * @return the answer, {@code application/problem+json}
	 */
	public static ResponseEntity<Map<String, Object>> of(HttpStatus status, String error, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("error", error);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * A 400 {@code invalid_request}.
	 * @param detail what was wrong
	 * @return the answer
	 */
	public static ResponseEntity<Map<String, Object>> invalidRequest(String detail) {
		return of(HttpStatus.BAD_REQUEST, "invalid_request", detail);
	}

	/**
	 * Says which members of a request body the endpoint does not know, if any. Boot's JSON mapper
	 * ignores unknown members (its default, which the sample keeps for everything else), so a
	 * request record collects them with {@code @JsonAnySetter} and its endpoint refuses them: a
	 * misspelt {@code "app_secert"} is an error, not a silently missing field.
	 * @param unknown the members the record did not know, {@code null} or empty for none
	 * @return the detail of a 400, or {@code null} when every member is known
	 */
	public static @Nullable String unknownMembers(@Nullable Map<String, ?> unknown) {
		if (unknown == null || unknown.isEmpty()) {
			return null;
		}
		String names = unknown.keySet().stream().map((name) -> "'" + name + "'").collect(Collectors.joining(", "));
		return ((unknown.size() == 1) ? "Unknown member " : "Unknown members ") + names;
	}

}
