package io.github.wxminiauth.security.web.internal;

import java.io.IOException;
import java.util.Map;

import io.github.wxminiauth.security.WxAuthError;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.web.WxErrorResponseWriter;
import io.github.wxminiauth.security.web.WxRequestLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * Writes the answers of the starter's endpoints and filters: errors with their status and
 * headers, the body through the {@link WxErrorResponseWriter}; successes as plain JSON objects
 * through the application's JSON mapper. One instance is shared by all of a chain's filters.
 *
 * @since 0.2.0
 */
public final class WxProblemWriter {

	private static final String JSON_UTF8 = MediaType.APPLICATION_JSON_VALUE + ";charset=UTF-8";

	private final JsonMapper jsonMapper;

	private final WxErrorResponseWriter errorWriter;

	/**
	 * Creates a writer of RFC 9457 problems.
	 * @param jsonMapper writes the JSON
	 */
	public WxProblemWriter(JsonMapper jsonMapper) {
		this(jsonMapper, WxErrorResponseWriter.problemDetails(jsonMapper));
	}

	/**
	 * Creates a writer whose error bodies the application shapes.
	 * @param jsonMapper writes successful answers
	 * @param errorWriter writes error bodies
	 */
	public WxProblemWriter(JsonMapper jsonMapper, WxErrorResponseWriter errorWriter) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		Assert.notNull(errorWriter, "errorWriter must not be null");
		this.jsonMapper = jsonMapper;
		this.errorWriter = errorWriter;
	}

	JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	void writeProblem(HttpServletRequest request, HttpServletResponse response, WxAuthError error)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		if (WxRequestReader.hasUnreadBody(request)) {
			// Answered before its body was read (no token, over a rate limit): the connection is
			// closed rather than the body drained at the pace of a client that may be trickling it.
			request.setAttribute(WxRequestLimits.BODY_ABANDONED_ATTRIBUTE, Boolean.TRUE);
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
		response.setStatus(error.status().value());
		String challenge = challenge(error);
		if (challenge != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		if (error.retryAfter() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.errorWriter.write(request, response, error);
	}

	void writeJson(HttpServletResponse response, Map<String, ?> body) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		// Tokens must not be cached by anything between the mini program and us.
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(JSON_UTF8);
		this.jsonMapper.writeValue(response.getOutputStream(), body);
	}

	private static @Nullable String challenge(WxAuthError error) {
		// RFC 6750 section 3.1: no error attribute when the request carried no credentials.
		if (WxAuthErrors.UNAUTHORIZED.equals(error.code())) {
			return "Bearer";
		}
		if (WxAuthErrors.INVALID_TOKEN.equals(error.code())) {
			return "Bearer error=\"invalid_token\"";
		}
		return null;
	}

}
