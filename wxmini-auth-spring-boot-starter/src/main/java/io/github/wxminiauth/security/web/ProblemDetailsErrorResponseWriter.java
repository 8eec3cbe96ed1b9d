package io.github.wxminiauth.security.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.security.WxAuthError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * Writes errors as RFC 9457 problems, the contract's default shape.
 */
final class ProblemDetailsErrorResponseWriter implements WxErrorResponseWriter {

	private static final String PROBLEM_JSON_UTF8 = MediaType.APPLICATION_PROBLEM_JSON_VALUE + ";charset=UTF-8";

	private final JsonMapper jsonMapper;

	ProblemDetailsErrorResponseWriter(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void write(HttpServletRequest request, HttpServletResponse response, WxAuthError error)
			throws IOException {
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

}
