package io.github.wxminiauth.test.wechat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A request to the simulated WeChat API, as an HTTP server adapter hands it to
 * {@link WeChatSimulator#handle(WeChatRequest)}.
 * <p>
 * Its {@link #toString()} names only the method and path: the query and body carry the AppSecret,
 * access tokens and codes.
 *
 * @since 0.2.0
 */
public final class WeChatRequest {

	private final String method;

	private final String path;

	private final Map<String, String> query;

	private final String body;

	private WeChatRequest(String method, String path, Map<String, String> query, String body) {
		this.method = method;
		this.path = path;
		this.query = query;
		this.body = body;
	}

	/**
	 * Creates a request.
	 * @param method the HTTP method, e.g. {@code GET}
	 * @param path the path relative to the API base URL, e.g. {@code /sns/jscode2session}
	 * @param rawQuery the query string as sent, still percent-encoded, or {@code null}
	 * @param body the body as text, or {@code null} for none
	 * @return the request
	 */
	public static WeChatRequest of(String method, String path, @Nullable String rawQuery, @Nullable String body) {
		Assert.hasText(method, "method must not be empty");
		Assert.notNull(path, "path must not be null");
		return new WeChatRequest(method, path, parseQuery(rawQuery), (body != null) ? body : "");
	}

	private static Map<String, String> parseQuery(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return Map.of();
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			// The first occurrence wins, as in the servlet API's getParameter
			parameters.putIfAbsent(name, value);
		}
		return Collections.unmodifiableMap(parameters);
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// A malformed escape is passed on as sent: WeChat would simply not recognise the value
			return value;
		}
	}

	public String method() {
		return this.method;
	}

	public String path() {
		return this.path;
	}

	/**
	 * Returns a query parameter.
	 * @param name the parameter name
	 * @return its first value, or {@code null} when absent
	 */
	public @Nullable String queryParameter(String name) {
		return this.query.get(name);
	}

	/**
	 * Returns the body as text.
	 * @return the body, empty when none was sent
	 */
	public String body() {
		return this.body;
	}

	@Override
	public String toString() {
		return "WeChatRequest[" + this.method + " " + this.path + "]";
	}

}
