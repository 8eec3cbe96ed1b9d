package io.github.wxminiauth.security.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.web.WxRequestLimits;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Reads the small JSON (or, for login, form) bodies of the starter's endpoints, strictly: a body
 * that is too large, not UTF-8, not JSON, not an object, has duplicated keys or fields of the
 * wrong type is rejected as {@code invalid_request}. At most {@value #MAX_BODY_BYTES} + 1 bytes
 * of a body are ever read, whatever it declares or streams, and a body must arrive within
 * {@link WxRequestLimits#bodyTimeout()}.
 */
final class WxRequestReader {

	/** Set on a request whose body was read to its end. */
	static final String BODY_READ_ATTRIBUTE = WxRequestReader.class.getName() + ".BODY_READ";

	/** Longest accepted code: WeChat's codes are 32 characters; 128 leaves room. */
	static final int MAX_CODE_LENGTH = 128;

	/** Longest accepted body; the bodies here are a few hundred bytes at most. */
	static final int MAX_BODY_BYTES = 8 * 1024;

	private final ObjectReader reader;

	/** Fixed at construction, or looked up in the application context on first use. */
	private volatile @Nullable WxRequestLimits limits;

	/**
	 * Creates a reader whose limits are the application's {@link WxRequestLimits} bean (the
	 * {@code wxmini.endpoints.*} properties), looked up on first use through the request's
	 * servlet context, or the defaults when there is none.
	 * @param jsonMapper parses the JSON bodies
	 */
	WxRequestReader(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.reader = jsonMapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	/**
	 * Creates a reader with the given limits.
	 * @param jsonMapper parses the JSON bodies
	 * @param limits the limits of the request bodies
	 */
	WxRequestReader(JsonMapper jsonMapper, WxRequestLimits limits) {
		this(jsonMapper);
		Assert.notNull(limits, "limits must not be null");
		this.limits = limits;
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
			// Decoded strictly first: Jackson lets some malformed UTF-8 (overlong forms) through.
			node = this.reader.readTree(decodeUtf8(body));
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
	 * Reads an {@code application/x-www-form-urlencoded} body (UTF-8) itself rather than through
	 * {@code getParameter}, so that it is bounded like a JSON body and malformed escapes,
	 * invalid UTF-8 and duplicated names are rejected instead of silently repaired.
	 * @param request the request
	 * @return the fields by name
	 * @throws WxAuthenticationException with {@code invalid_request} when the body is unacceptable
	 */
	Map<String, String> readForm(HttpServletRequest request) throws IOException {
		byte[] body = readBody(request);
		Map<String, String> fields = new LinkedHashMap<>();
		int start = 0;
		for (int i = 0; i <= body.length; i++) {
			if (i == body.length || body[i] == '&') {
				if (i > start) {
					putField(fields, body, start, i);
				}
				start = i + 1;
			}
		}
		return fields;
	}

	private static void putField(Map<String, String> fields, byte[] body, int start, int end) {
		int equals = start;
		while (equals < end && body[equals] != '=') {
			equals++;
		}
		String name = formDecode(body, start, equals);
		String value = (equals < end) ? formDecode(body, equals + 1, end) : "";
		if (fields.putIfAbsent(name, value) != null) {
			throw invalid("The form field '" + printable(name) + "' is duplicated");
		}
	}

	private static String formDecode(byte[] body, int start, int end) {
		ByteArrayOutputStream decoded = new ByteArrayOutputStream(end - start);
		for (int i = start; i < end; i++) {
			byte b = body[i];
			if (b == '+') {
				decoded.write(' ');
			}
			else if (b == '%') {
				if (i + 2 >= end) {
					throw invalid("The form body has a malformed percent escape");
				}
				int high = Character.digit(body[i + 1], 16);
				int low = Character.digit(body[i + 2], 16);
				if (high < 0 || low < 0) {
					throw invalid("The form body has a malformed percent escape");
				}
				decoded.write((high << 4) + low);
				i += 2;
			}
			else {
				decoded.write(b);
			}
		}
		return decodeUtf8(decoded.toByteArray());
	}

	private static String printable(String name) {
		return (name.length() <= 32 && name.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) ? name : "?";
	}

	private static String decodeUtf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw invalid("The request body is not valid UTF-8");
		}
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
		if (hasControlCharacters(value)) {
			throw invalid("'" + name + "' contains control characters");
		}
		return value;
	}

	/**
	 * Whether the value holds a control character, a line or paragraph separator or a
	 * surrogate: nothing a code or token of WeChat or of ours contains, and what log forging and
	 * header injection are made of.
	 * @param value the value
	 * @return {@code true} if such a character is present
	 */
	static boolean hasControlCharacters(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
				return true;
			}
		}
		return false;
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

	private byte[] readBody(HttpServletRequest request) throws IOException {
		// Refuse oversized bodies before reading them, and never buffer more than the limit.
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			throw abandoned(request, "The request body is too large");
		}
		long declared = request.getContentLengthLong();
		long deadline = System.nanoTime() + limits(request).bodyTimeout().toNanos();
		ByteArrayOutputStream body = new ByteArrayOutputStream((declared > 0) ? (int) declared : 256);
		byte[] buffer = new byte[1024];
		try (InputStream in = request.getInputStream()) {
			int read;
			// Each read returns what has arrived, so the deadline is checked as the bytes come in
			// (one byte every few seconds never trips a read timeout); the 400 makes the server
			// close the connection rather than drain the rest of the body.
			while ((read = in.read(buffer, 0, Math.min(buffer.length, MAX_BODY_BYTES + 1 - body.size()))) != -1) {
				body.write(buffer, 0, read);
				if (body.size() > MAX_BODY_BYTES) {
					throw abandoned(request, "The request body is too large");
				}
				if (body.size() != declared && System.nanoTime() - deadline > 0) {
					throw abandoned(request, "The request body did not arrive in time");
				}
			}
		}
		request.setAttribute(BODY_READ_ATTRIBUTE, Boolean.TRUE);
		return body.toByteArray();
	}

	/**
	 * Whether the request came with a body that no one read to its end. Answered early, such a
	 * request would let the server drain the rest of the body at the client's pace.
	 */
	static boolean hasUnreadBody(HttpServletRequest request) {
		if (request.getAttribute(BODY_READ_ATTRIBUTE) != null) {
			return false;
		}
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static WxAuthenticationException abandoned(HttpServletRequest request, String detail) {
		request.setAttribute(WxRequestLimits.BODY_ABANDONED_ATTRIBUTE, Boolean.TRUE);
		return invalid(detail);
	}

	private WxRequestLimits limits(HttpServletRequest request) {
		WxRequestLimits limits = this.limits;
		if (limits == null) {
			WebApplicationContext context = WebApplicationContextUtils
				.findWebApplicationContext(request.getServletContext());
			limits = (context != null)
					? context.getBeanProvider(WxRequestLimits.class).getIfUnique(WxRequestLimits::defaults)
					: WxRequestLimits.defaults();
			this.limits = limits;
		}
		return limits;
	}

	static WxAuthenticationException invalid(String detail) {
		return new WxAuthenticationException(WxAuthErrors.invalidRequest(detail));
	}

}
