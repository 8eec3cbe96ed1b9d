package io.github.wxminiauth.security.web.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.github.wxminiauth.security.WxAuthError;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.web.WxRequestLimits;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class WxProblemWriterTests {

	private final JsonMapper jsonMapper = JsonMapper.shared();

	private final WxProblemWriter writer = new WxProblemWriter(this.jsonMapper);

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/wx/login");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void anErrorIsAnRfc9457ProblemWithTheContractsMembers() throws Exception {
		this.writer.writeProblem(this.request, this.response,
				WxAuthErrors.fromWeChat(new WxInvalidCodeException("jscode2session", 40029,
						"invalid code")));

		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json;charset=UTF-8");
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		JsonNode body = body();
		assertThat(body.get("type").asString()).isEqualTo("about:blank");
		assertThat(body.get("title").asString()).isEqualTo("Unauthorized");
		assertThat(body.get("status").asInt()).isEqualTo(401);
		assertThat(body.get("detail").asString()).isNotBlank();
		assertThat(body.get("error").asString()).isEqualTo("invalid_code");
		assertThat(body.get("wx_errcode").asInt()).isEqualTo(40029);
		assertThat(this.response.getHeader("WWW-Authenticate")).isNull();
	}

	@Test
	void anErrorOfOursHasNoWxErrcodeMember() throws Exception {
		this.writer.writeProblem(this.request, this.response, WxAuthErrors.invalidRequest("'code' is required"));
		assertThat(body().has("wx_errcode")).isFalse();
		assertThat(body().get("detail").asString()).isEqualTo("'code' is required");
	}

	@Test
	void noCredentialsGetABareBearerChallengeAndABadTokenOneWithItsError() throws Exception {
		this.writer.writeProblem(this.request, this.response, WxAuthErrors.unauthorized());
		assertThat(this.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");

		MockHttpServletResponse invalid = new MockHttpServletResponse();
		this.writer.writeProblem(this.request, invalid, WxAuthErrors.invalidToken("expired"));
		assertThat(invalid.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
	}

	@Test
	void retryAfterIsInWholeSecondsAndNeverZero() throws Exception {
		this.writer.writeProblem(this.request, this.response, WxAuthErrors.rateLimited(Duration.ofSeconds(42), null));
		assertThat(this.response.getStatus()).isEqualTo(429);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("42");

		MockHttpServletResponse soon = new MockHttpServletResponse();
		this.writer.writeProblem(this.request, soon, WxAuthErrors.rateLimited(Duration.ofMillis(200), null));
		assertThat(soon.getHeader("Retry-After")).isEqualTo("1");
	}

	@Test
	void anAnswerGivenBeforeTheBodyWasReadClosesTheConnection() throws Exception {
		this.request.setContent("{\"code\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
		this.writer.writeProblem(this.request, this.response, WxAuthErrors.unauthorized());
		assertThat(this.response.getHeader("Connection")).isEqualTo("close");
		assertThat(this.request.getAttribute(WxRequestLimits.BODY_ABANDONED_ATTRIBUTE)).isEqualTo(Boolean.TRUE);

		MockHttpServletRequest withoutBody = new MockHttpServletRequest("GET", "/api/me");
		MockHttpServletResponse kept = new MockHttpServletResponse();
		this.writer.writeProblem(withoutBody, kept, WxAuthErrors.unauthorized());
		assertThat(kept.getHeader("Connection")).isNull();
	}

	@Test
	void whatWasBufferedBeforeTheErrorIsDiscardedAndACommittedResponseIsLeftAlone() throws Exception {
		this.response.getOutputStream().write("half an answer".getBytes(StandardCharsets.UTF_8));
		this.writer.writeProblem(this.request, this.response, WxAuthErrors.accessDenied());
		assertThat(this.response.getContentAsString()).doesNotContain("half an answer").contains("access_denied");

		MockHttpServletResponse committed = new MockHttpServletResponse();
		committed.setStatus(200);
		committed.getWriter().write("sent");
		committed.flushBuffer();
		this.writer.writeProblem(this.request, committed, WxAuthErrors.accessDenied());
		assertThat(committed.getStatus()).isEqualTo(200);
		assertThat(committed.getContentAsString()).isEqualTo("sent");
	}

	@Test
	void theApplicationsErrorWriterShapesTheBodyButNotTheStatusOrHeaders() throws Exception {
		WxProblemWriter custom = new WxProblemWriter(this.jsonMapper, (request, response, error) -> {
			response.setContentType("application/json");
			response.getWriter().write("{\"code\":\"" + error.code() + "\"}");
		});
		custom.writeProblem(this.request, this.response, WxAuthErrors.invalidToken("expired"));
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(this.response.getContentAsString()).isEqualTo("{\"code\":\"invalid_token\"}");
	}

	@Test
	void aSuccessIsUncachedJson() throws Exception {
		this.writer.writeJson(this.response, Map.of("access_token", "a.b.c"));
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(body().get("access_token").asString()).isEqualTo("a.b.c");
	}

	@Test
	void everyStatusOfTheContractHasItsReasonPhraseAsTitle() throws Exception {
		WxAuthError error = new WxAuthError(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "no", null, null);
		this.writer.writeProblem(this.request, this.response, error);
		assertThat(body().get("title").asString()).isEqualTo("Method Not Allowed");
	}

	private JsonNode body() throws Exception {
		return this.jsonMapper.readTree(this.response.getContentAsByteArray());
	}

}
