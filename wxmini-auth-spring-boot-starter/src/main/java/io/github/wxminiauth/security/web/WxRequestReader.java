package io.github.wxminiauth.security.web;

import java.io.IOException;
import java.io.InputStream;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * Reads the small JSON (or, for login, form) bodies of the starter's endpoints, strictly: a body
 * that is too large, not JSON, not an object, has duplicated keys or fields of the wrong type is
 * rejected as {@code invalid_request}.
 */
final class WxRequestReader {

	/** Longest accepted code: WeChat's codes are 32 characters; 128 leaves room. */
	static final int MAX_CODE_LENGTH = 128;

	/** Longest accepted body; the bodies here are a few hundred bytes at most. */
	static final int MAX_BODY_BYTES = 8 * 1024;

	private final ObjectReader reader;

	WxRequestReader(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.reader = jsonMapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	/**
	 * Reads the body as a JSON object.
	 * @param request the request
	 * @return the object
	 * @throws WxAuthenticationException with {@code invalid_request} when the body is unacceptable
	 */
	JsonNode readJsonObject(HttpServletRequest request) throws IOException {
		if (!isJson(request)) {
			throw invalid("The request body must be application/json");
		}
		byte[] body = readBody(request);
		if (body.length == 0) {
			throw invalid("The request body is missing");
		}
		JsonNode node;
		try {
			node = this.reader.readTree(body);
		}
		catch (JacksonException ex) {
			throw invalid("The request body is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw invalid("The request body must be a JSON object");
		}
		return node;
	}

	/**
	 * Returns an optional string member.
	 * @param object the JSON object
	 * @param name the member name
	 * @return the string or {@code null} when absent or JSON {@code null}
	 */
	static @Nullable String optionalString(JsonNode object, String name) {
		JsonNode value = object.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid("'" + name + "' must be a string");
		}
		return value.stringValue();
	}

	/**
	 * Returns a required, well-formed code-like string member: present, not blank, at most
	 * {@value #MAX_CODE_LENGTH} characters and free of control characters.
	 * @param value the value to check
	 * @param name the member name, for the message
	 * @return the value
	 */
	static String requireCode(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw invalid("'" + name + "' is required");
		}
		if (value.length() > MAX_CODE_LENGTH) {
			throw invalid("'" + name + "' is longer than " + MAX_CODE_LENGTH + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
				throw invalid("'" + name + "' contains control characters");
			}
		}
		return value;
	}

	static boolean isJson(HttpServletRequest request) {
		MediaType type = mediaType(request);
		return type != null && (MediaType.APPLICATION_JSON.includes(type) || type.getSubtype().endsWith("+json"));
	}

	static boolean isForm(HttpServletRequest request) {
		MediaType type = mediaType(request);
		return type != null && MediaType.APPLICATION_FORM_URLENCODED.includes(type);
	}

	private static @Nullable MediaType mediaType(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return null;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] readBody(HttpServletRequest request) throws IOException {
		// Refuse oversized bodies before reading them, and never buffer more than the limit.
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			throw invalid("The request body is too large");
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				throw invalid("The request body is too large");
			}
			return body;
		}
	}

	static WxAuthenticationException invalid(String detail) {
		return new WxAuthenticationException(WxAuthErrors.invalidRequest(detail));
	}

}
