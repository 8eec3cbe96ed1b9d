package io.github.wxminiauth.security.web.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.web.WxRequestLimits;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz tests of the login request parsing, as {@link WxMiniAuthenticationFilter}
 * does it for JSON and form bodies: whatever the content type and body, the result is either a
 * well-formed code (or form) or an {@code invalid_request} error (400), never another exception.
 */
class WxRequestReaderFuzzTests {

	private static final String[] CONTENT_TYPES = { "application/json", "application/json;charset=UTF-8",
			"application/problem+json", "text/plain", "application/x-www-form-urlencoded" };

	private final WxRequestReader reader = new WxRequestReader(JsonMapper.builder().build(),
			WxRequestLimits.defaults());

	@FuzzTest(maxDuration = "30s")
	void loginBodyGivesAValidCodeOrInvalidRequest(FuzzedDataProvider data) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/wx/login");
		request.setContentType(data.consumeBoolean() ? data.pickValue(CONTENT_TYPES) : data.consumeString(64));
		request.setContent(data.consumeRemainingAsBytes());
		String code;
		try {
			JsonNode body = this.reader.readJsonObject(request);
			code = WxRequestReader.requireCode(WxRequestReader.optionalString(body, "code"), "code");
			WxRequestReader.optionalString(body, "app_id");
		}
		catch (WxAuthenticationException ex) {
			assertThat(ex.getError().code()).isEqualTo(WxAuthErrors.INVALID_REQUEST);
			assertThat(ex.getError().status().value()).isEqualTo(400);
			return;
		}
		assertThat(code).isNotBlank().hasSizeLessThanOrEqualTo(WxRequestReader.MAX_CODE_LENGTH);
		assertThat(code.chars()).noneMatch((c) -> Character.isISOControl(c) || Character.isSurrogate((char) c.intValue()));
	}

	/**
	 * The form parser: a body is either refused as {@code invalid_request} or read into fields
	 * that, encoded again, read back the same (nothing is silently repaired or lost).
	 */
	@FuzzTest(maxDuration = "30s")
	void formBodyGivesFieldsThatReadBackTheSameOrInvalidRequest(FuzzedDataProvider data) throws Exception {
		Map<String, String> fields;
		try {
			fields = this.reader.readForm(form(data.consumeRemainingAsBytes()));
		}
		catch (WxAuthenticationException ex) {
			assertThat(ex.getError().code()).isEqualTo(WxAuthErrors.INVALID_REQUEST);
			assertThat(ex.getError().status().value()).isEqualTo(400);
			return;
		}
		String encoded = fields.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		Map<String, String> again;
		try {
			again = this.reader.readForm(form(encoded.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (WxAuthenticationException ex) {
			// Only a form re-encoded beyond the size limit may be refused the second time.
			assertThat(encoded.length()).isGreaterThan(WxRequestReader.MAX_BODY_BYTES);
			return;
		}
		assertThat(again).containsExactlyEntriesOf(fields);
	}

	private static MockHttpServletRequest form(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/wx/login");
		request.setContentType("application/x-www-form-urlencoded");
		request.setContent(body);
		return request;
	}

}
