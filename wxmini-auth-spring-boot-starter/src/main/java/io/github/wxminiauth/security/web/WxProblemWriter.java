package io.github.wxminiauth.security.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.security.WxAuthError;
import io.github.wxminiauth.security.WxAuthErrors;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * Writes JSON answers: RFC 9457 problems for errors and plain JSON objects for successes, through
 * the application's JSON mapper.
 */
final class WxProblemWriter {

	private static final String PROBLEM_JSON_UTF8 = MediaType.APPLICATION_PROBLEM_JSON_VALUE + ";charset=UTF-8";

	private static final String JSON_UTF8 = MediaType.APPLICATION_JSON_VALUE + ";charset=UTF-8";

	private final JsonMapper jsonMapper;

	WxProblemWriter(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.jsonMapper = jsonMapper;
	}

	void writeProblem(HttpServletResponse response, WxAuthError error) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(error.status().value());
		String challenge = challenge(error);
		if (challenge != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		if (error.retryAfter() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(PROBLEM_JSON_UTF8);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", error.status().getReasonPhrase());
		body.put("status", error.status().value());
		body.put("detail", error.detail());
		body.put("error", error.code());
		if (error.wxErrcode() != null) {
			body.put("wx_errcode", error.wxErrcode());
		}
		this.jsonMapper.writeValue(response.getOutputStream(), body);
	}

	void writeJson(HttpServletResponse response, Map<String, ?> body) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		// Tokens must not be cached by anything between the mini program and us.
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(JSON_UTF8);
		this.jsonMapper.writeValue(response.getOutputStream(), body);
	}

	private static String challenge(WxAuthError error) {
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
