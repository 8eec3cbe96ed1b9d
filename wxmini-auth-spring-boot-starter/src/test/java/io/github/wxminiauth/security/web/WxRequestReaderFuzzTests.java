package io.github.wxminiauth.security.web;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz test of the login request parsing, as {@link WxMiniAuthenticationFilter}
 * does it for JSON bodies: whatever the content type and body, the result is either a
 * well-formed code or an {@code invalid_request} error (400), never another exception.
 */
class WxRequestReaderFuzzTests {

	private static final String[] CONTENT_TYPES = { "application/json", "application/json;charset=UTF-8",
			"application/problem+json", "text/plain", "application/x-www-form-urlencoded" };

	private final WxRequestReader reader = new WxRequestReader(JsonMapper.builder().build());

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

}
